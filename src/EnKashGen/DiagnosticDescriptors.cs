using System.Collections.Generic;
using EnKashGen.Spec;
using Microsoft.CodeAnalysis;

namespace EnKashGen
{
    /// <summary>The catalogue of EnKashGen diagnostics (also listed in AnalyzerReleases.Shipped.md).</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "EnKashGen";

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>
        {
            [DiagnosticIds.EmptySpec] = Make(DiagnosticIds.EmptySpec, "Spec file is empty", DiagnosticSeverity.Error),
            [DiagnosticIds.SyntaxError] = Make(DiagnosticIds.SyntaxError, "Spec is not valid YAML or JSON", DiagnosticSeverity.Error),
            [DiagnosticIds.UnsupportedVersion] = Make(DiagnosticIds.UnsupportedVersion, "OpenAPI version not supported", DiagnosticSeverity.Error),
            [DiagnosticIds.InvalidDocument] = Make(DiagnosticIds.InvalidDocument, "Spec is not a valid OpenAPI document", DiagnosticSeverity.Error),
            [DiagnosticIds.SpecWarning] = Make(DiagnosticIds.SpecWarning, "OpenAPI reader warning", DiagnosticSeverity.Info),
            [DiagnosticIds.UnresolvedReference] = Make(DiagnosticIds.UnresolvedReference, "Reference does not resolve", DiagnosticSeverity.Error),
            [DiagnosticIds.Renamed] = Make(DiagnosticIds.Renamed, "Name changed to stay unique", DiagnosticSeverity.Info),
            [DiagnosticIds.UnsupportedConstruct] = Make(DiagnosticIds.UnsupportedConstruct, "OpenAPI construct not supported", DiagnosticSeverity.Warning),
            [DiagnosticIds.DuplicateClient] = Make(DiagnosticIds.DuplicateClient, "Two specs generate the same client", DiagnosticSeverity.Error),
            [DiagnosticIds.InternalError] = Make(DiagnosticIds.InternalError, "EnKashGen failed on this spec", DiagnosticSeverity.Error),
            [DiagnosticIds.InvalidPattern] = Make(DiagnosticIds.InvalidPattern, "Pattern is not a valid regular expression", DiagnosticSeverity.Warning),
            [DiagnosticIds.InvalidExtension] = Make(DiagnosticIds.InvalidExtension, "Vendor extension value is not valid", DiagnosticSeverity.Warning),
        };

        public static DiagnosticDescriptor Get(string id) => ById.TryGetValue(id, out var d) ? d : ById[DiagnosticIds.InternalError];

        private static DiagnosticDescriptor Make(string id, string title, DiagnosticSeverity severity) =>
            new DiagnosticDescriptor(id, title, "{0}", Category, severity, isEnabledByDefault: true, helpLinkUri: null);
    }
}
