using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace EnKashGen.Diagnostics
{
    /// <summary>
    /// A diagnostic whose place is known as a JSON pointer into one file of the spec, or as a line and column there;
    /// it is turned into a location once, at the end of reading, so that clean specs never pay for locating.
    /// </summary>
    internal readonly struct PendingDiagnostic
    {
        public PendingDiagnostic(DiagnosticDescriptor descriptor, string[] arguments, string? file, string? pointer, int line, int column)
        {
            Descriptor = descriptor;
            Arguments = arguments;
            File = file;
            Pointer = pointer;
            Line = line;
            Column = column;
        }

        public DiagnosticDescriptor Descriptor { get; }

        /// <summary>The values of the descriptor's message format, as text.</summary>
        public string[] Arguments { get; }

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

        public void AtPointer(DiagnosticDescriptor descriptor, string? pointer, string? file, params object?[] arguments) =>
            Add(new PendingDiagnostic(descriptor, Texts(arguments), file, pointer, -1, -1));

        public void AtLine(DiagnosticDescriptor descriptor, int line, int column, string? file, params object?[] arguments) =>
            Add(new PendingDiagnostic(descriptor, Texts(arguments), file, null, line, column));

        /// <summary>A diagnostic without a place in the spec: reported at its first line.</summary>
        public void AtStart(DiagnosticDescriptor descriptor, string? file, params object?[] arguments) =>
            Add(new PendingDiagnostic(descriptor, Texts(arguments), file, null, 0, 0));

        /// <summary>Arguments become text here, in the invariant culture, so that pipeline values stay equatable and a message never depends on the build machine's culture.</summary>
        internal static string[] Texts(object?[] arguments)
        {
            var texts = new string[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                texts[i] = arguments[i] switch
                {
                    null => string.Empty,
                    string s => s,
                    System.IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString() ?? string.Empty,
                };
            }
            return texts;
        }

        private void Add(PendingDiagnostic diagnostic)
        {
            if (diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                HasErrors = true;
            }
            _items.Add(diagnostic);
        }
    }
}
