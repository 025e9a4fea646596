using System.Collections.Generic;

namespace EnKashGen.Diagnostics
{
    /// <summary>
    /// A diagnostic whose place is known as a JSON pointer into one file of the spec, or as a line and column there;
    /// it is turned into a location once, at the end of reading, so that clean specs never pay for locating.
    /// </summary>
    internal readonly struct PendingDiagnostic
    {
        public PendingDiagnostic(string id, string message, string? file, string? pointer, int line, int column)
        {
            Id = id;
            Message = message;
            File = file;
            Pointer = pointer;
            Line = line;
            Column = column;
        }

        public string Id { get; }
        public string Message { get; }

        /// <summary>The spec file the place is in; null for the root document.</summary>
        public string? File { get; }

        /// <summary>A JSON pointer (<c>#/paths/~1pets/get</c>) when the place is known that way.</summary>
        public string? Pointer { get; }

        /// <summary>Zero-based line, or -1 when <see cref="Pointer"/> gives the place (or nothing does).</summary>
        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>Collects the diagnostics of reading and mapping one spec.</summary>
    internal sealed class DiagnosticBag
    {
        private readonly List<PendingDiagnostic> _items = new List<PendingDiagnostic>();

        public IReadOnlyList<PendingDiagnostic> Items => _items;

        public bool HasErrors { get; private set; }

        public void AtPointer(string id, string message, string? pointer, string? file = null) =>
            Add(new PendingDiagnostic(id, message, file, pointer, -1, -1));

        public void AtLine(string id, string message, int line, int column, string? file = null) =>
            Add(new PendingDiagnostic(id, message, file, null, line, column));

        /// <summary>A diagnostic without a place in the spec: reported at its first line.</summary>
        public void AtStart(string id, string message, string? file = null) =>
            Add(new PendingDiagnostic(id, message, file, null, 0, 0));

        private void Add(PendingDiagnostic diagnostic)
        {
            if (DiagnosticDescriptors.Get(diagnostic.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            {
                HasErrors = true;
            }
            _items.Add(diagnostic);
        }
    }
}
