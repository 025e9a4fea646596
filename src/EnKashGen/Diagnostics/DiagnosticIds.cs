namespace EnKashGen.Diagnostics
{
    /// <summary>The stable ids of every diagnostic EnKashGen reports (catalogued in AnalyzerReleases.*.md).</summary>
    internal static class DiagnosticIds
    {
        public const string EmptySpec = "EKG001";
        public const string SyntaxError = "EKG002";
        public const string UnsupportedVersion = "EKG003";
        public const string InvalidDocument = "EKG004";
        public const string SpecWarning = "EKG005";
        public const string UnresolvedReference = "EKG006";
        public const string Renamed = "EKG007";
        public const string UnsupportedConstruct = "EKG008";
        public const string DuplicateClient = "EKG009";
        public const string InternalError = "EKG010";
        public const string InvalidPattern = "EKG011";
        public const string InvalidExtension = "EKG012";
        public const string RuleViolation = "EKG013";
        public const string InputLimit = "EKG014";
        public const string ExternalReference = "EKG015";
        public const string UnreadableDocument = "EKG016";
        public const string FilterHasNoEffect = "EKG017";
        public const string TokenFlowNotUsable = "EKG024";
        public const string ReplayExtensionNotUsable = "EKG025";
    }
}
