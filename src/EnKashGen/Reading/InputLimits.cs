namespace EnKashGen.Reading
{
    // Placeholder with the agreed shape; the scanner itself lands from the `limits` branch.
    internal sealed record InputLimits(int MaxLength, int MaxDepth, int MaxMembers, int MaxStringLength, int MaxNodes, int MaxAliasExpansion)
    {
        public static readonly InputLimits Default = new InputLimits(64 * 1024 * 1024, 64, 50_000, 1024 * 1024, 5_000_000, 10_000);
    }

    internal readonly struct LimitViolation
    {
        public LimitViolation(string message, int line, int column)
        {
            Message = message;
            Line = line;
            Column = column;
        }

        public string Message { get; }
        public int Line { get; }
        public int Column { get; }
    }

    internal static class InputScanner
    {
        public static LimitViolation? Check(string text, InputLimits limits) => text.Length > limits.MaxLength ? new LimitViolation("too long", 0, 0) : null;
    }
}
