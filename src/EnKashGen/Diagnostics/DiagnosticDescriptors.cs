using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace EnKashGen.Diagnostics
{
    /// <summary>The catalogue of EnKashGen diagnostics (also listed in AnalyzerReleases.Shipped.md).</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "EnKashGen";

        // Each descriptor is created with constant arguments so that the release-tracking analyzer (RS2000-RS2008)
        // checks it against AnalyzerReleases.Shipped.md / AnalyzerReleases.Unshipped.md.
        private static readonly DiagnosticDescriptor EmptySpec = new DiagnosticDescriptor(DiagnosticIds.EmptySpec, "Spec file is empty", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor SyntaxError = new DiagnosticDescriptor(DiagnosticIds.SyntaxError, "Spec is not valid YAML or JSON", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor UnsupportedVersion = new DiagnosticDescriptor(DiagnosticIds.UnsupportedVersion, "OpenAPI version not supported", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor InvalidDocument = new DiagnosticDescriptor(DiagnosticIds.InvalidDocument, "Spec breaks the OpenAPI format", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor SpecWarning = new DiagnosticDescriptor(DiagnosticIds.SpecWarning, "OpenAPI reader warning", "{0}", Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor UnresolvedReference = new DiagnosticDescriptor(DiagnosticIds.UnresolvedReference, "Reference does not resolve", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor Renamed = new DiagnosticDescriptor(DiagnosticIds.Renamed, "Name changed to stay unique", "{0}", Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor UnsupportedConstruct = new DiagnosticDescriptor(DiagnosticIds.UnsupportedConstruct, "OpenAPI construct not supported", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor DuplicateClient = new DiagnosticDescriptor(DiagnosticIds.DuplicateClient, "Two specs generate the same client", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(DiagnosticIds.InternalError, "EnKashGen failed on this spec", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor InvalidPattern = new DiagnosticDescriptor(DiagnosticIds.InvalidPattern, "Pattern is not a valid regular expression", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor InvalidExtension = new DiagnosticDescriptor(DiagnosticIds.InvalidExtension, "Vendor extension value is not valid", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor RuleViolation = new DiagnosticDescriptor(DiagnosticIds.RuleViolation, "Spec breaks an OpenAPI rule", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor InputLimit = new DiagnosticDescriptor(DiagnosticIds.InputLimit, "Spec exceeds a size or nesting limit", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor ExternalReference = new DiagnosticDescriptor(DiagnosticIds.ExternalReference, "Reference to a file that is not a declared spec part", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor UnreadableDocument = new DiagnosticDescriptor(DiagnosticIds.UnreadableDocument, "Spec cannot be read as an OpenAPI document", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        private static readonly DiagnosticDescriptor FilterHasNoEffect = new DiagnosticDescriptor(DiagnosticIds.FilterHasNoEffect, "Operation filter matches nothing or cannot be read", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor TokenFlowNotUsable = new DiagnosticDescriptor(DiagnosticIds.TokenFlowNotUsable, "Token operation cannot be used by the client", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor ReplayExtensionNotUsable = new DiagnosticDescriptor(DiagnosticIds.ReplayExtensionNotUsable, "Replay-safety extension cannot be used", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>
        {
            [DiagnosticIds.EmptySpec] = EmptySpec,
            [DiagnosticIds.SyntaxError] = SyntaxError,
            [DiagnosticIds.UnsupportedVersion] = UnsupportedVersion,
            [DiagnosticIds.InvalidDocument] = InvalidDocument,
            [DiagnosticIds.SpecWarning] = SpecWarning,
            [DiagnosticIds.UnresolvedReference] = UnresolvedReference,
            [DiagnosticIds.Renamed] = Renamed,
            [DiagnosticIds.UnsupportedConstruct] = UnsupportedConstruct,
            [DiagnosticIds.DuplicateClient] = DuplicateClient,
            [DiagnosticIds.InternalError] = InternalError,
            [DiagnosticIds.InvalidPattern] = InvalidPattern,
            [DiagnosticIds.InvalidExtension] = InvalidExtension,
            [DiagnosticIds.RuleViolation] = RuleViolation,
            [DiagnosticIds.InputLimit] = InputLimit,
            [DiagnosticIds.ExternalReference] = ExternalReference,
            [DiagnosticIds.UnreadableDocument] = UnreadableDocument,
            [DiagnosticIds.FilterHasNoEffect] = FilterHasNoEffect,
            [DiagnosticIds.TokenFlowNotUsable] = TokenFlowNotUsable,
            [DiagnosticIds.ReplayExtensionNotUsable] = ReplayExtensionNotUsable,
        };

        public static DiagnosticDescriptor Get(string id) => ById.TryGetValue(id, out var d) ? d : ById[DiagnosticIds.InternalError];
    }
}
