using Microsoft.CodeAnalysis;

namespace EnKashGen.Model
{
    /// <summary>A position in a spec file. Lines and columns are zero-based, as Roslyn's <c>LinePosition</c>.</summary>
    internal sealed record LocationInfo(string FilePath, int StartLine, int StartColumn, int EndLine, int EndColumn);

    /// <summary>
    /// A diagnostic kept as plain data inside the pipeline (a descriptor of the catalogue and the text of its
    /// arguments); it becomes a Roslyn <c>Diagnostic</c> only when reported.
    /// </summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments, LocationInfo? Location, DiagnosticSeverity? Severity = null, bool Suppressed = false)
    {
        /// <summary>The diagnostic with the severity an .editorconfig section sets for its id (<c>none</c> suppresses it).</summary>
        public DiagnosticInfo WithSeverity(string? setting) => setting switch
        {
            "error" => this with { Severity = DiagnosticSeverity.Error },
            "warning" => this with { Severity = DiagnosticSeverity.Warning },
            "suggestion" => this with { Severity = DiagnosticSeverity.Info },
            "silent" => this with { Severity = DiagnosticSeverity.Hidden },
            "none" => this with { Suppressed = true },
            _ => this,
        };

        public string Id => Descriptor.Id;
    }
}
