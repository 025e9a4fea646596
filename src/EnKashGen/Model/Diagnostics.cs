namespace EnKashGen.Model
{
    /// <summary>A position in a spec file. Lines and columns are zero-based, as Roslyn's <c>LinePosition</c>.</summary>
    internal sealed record LocationInfo(string FilePath, int StartLine, int StartColumn, int EndLine, int EndColumn);

    /// <summary>
    /// A diagnostic kept as plain data inside the pipeline; it becomes a Roslyn <c>Diagnostic</c> only when reported.
    /// </summary>
    internal sealed record DiagnosticInfo(string Id, string Message, LocationInfo? Location);
}
