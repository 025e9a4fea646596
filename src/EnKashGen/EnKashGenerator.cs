using System;
using System.Collections.Generic;
using System.Linq;
using EnKashGen.Diagnostics;
using EnKashGen.Emit;
using EnKashGen.Model;
using EnKashGen.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EnKashGen
{
    /// <summary>
    /// Generates a typed client from each OpenAPI document in AdditionalFiles marked <c>EnKashGenSpec="true"</c>.
    /// This class only wires the pipeline: Spec/ reads, Model/ holds, Emit/ writes.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class EnKashGenerator : IIncrementalGenerator
    {
        public const string ReadSpecStep = "EnKashGen.ReadSpec";
        public const string SpecInputStep = "EnKashGen.SpecInput";
        public const string SpecPartsStep = "EnKashGen.SpecParts";
        public const string EmitContextStep = "EnKashGen.EmitContext";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var specInputs = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, cancellationToken) => ToInput(pair.Left, pair.Right, cancellationToken))
                .Where(static input => input is not null)
                .Select(static (input, _) => input!)
                .WithTrackingName(SpecInputStep);

            // Files a spec may $ref; only these are ever read besides the specs themselves.
            var parts = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Select(static (pair, cancellationToken) => ToPart(pair.Left, pair.Right, cancellationToken))
                .Where(static part => part is not null)
                .Select(static (part, _) => part!)
                .Collect()
                .Select(static (all, _) => all.ToEquatableArray())
                .WithTrackingName(SpecPartsStep);

            // Parsing runs only when a spec's text or metadata, or a part, changes: nothing from the compilation reaches it.
            var specs = specInputs
                .Combine(parts)
                .Select(static (pair, _) => SpecReader.Read(pair.Left, pair.Right))
                .WithTrackingName(ReadSpecStep);

            var emitContext = context.ParseOptionsProvider
                .Combine(context.CompilationProvider)
                .Select(static (pair, _) => ToEmitContext(pair.Left, pair.Right))
                .WithTrackingName(EmitContextStep);

            context.RegisterSourceOutput(specs, static (spc, result) =>
            {
                foreach (var diagnostic in result.Diagnostics)
                {
                    if (!diagnostic.Suppressed)
                    {
                        spc.ReportDiagnostic(ToDiagnostic(diagnostic));
                    }
                }
            });

            context.RegisterSourceOutput(specs.Combine(emitContext), static (spc, pair) => EmitSpec(spc, pair.Left, pair.Right));

            var runtimeInput = emitContext.Combine(context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.EnKashGenAccessibility", out var value) && string.Equals(value, "internal", StringComparison.OrdinalIgnoreCase) ? "internal" : "public"));
            // What the runtime depends on of the specs: whether there is one, and the runtime parts their clients use
            // (worked out per spec, so a change to one spec walks only that spec's model).
            var runtimeNeeds = specs
                .Select(static (result, _) => result.Model is { } model ? RuntimeFeatures.Of(model) : RuntimeFeature.None)
                .Collect()
                .Select(static (all, _) => (Any: !all.IsDefaultOrEmpty, Features: Union(all)));
            context.RegisterSourceOutput(runtimeNeeds.Combine(runtimeInput), static (spc, pair) =>
            {
                // The shared runtime is emitted once per compilation, and only when some spec is present.
                if (!pair.Left.Any)
                {
                    return;
                }
                foreach (var (hint, source) in RuntimeEmitter.Emit(pair.Right.Left.HasLogging, pair.Right.Right, pair.Right.Left.RuntimeReferenced, pair.Right.Left.LoggerSinkReferenced, pair.Left.Features))
                {
                    spc.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
                }
            });
        }

        private static RuntimeFeature Union(System.Collections.Immutable.ImmutableArray<RuntimeFeature> features)
        {
            var all = RuntimeFeature.None;
            foreach (var feature in features)
            {
                all |= feature;
            }
            return all;
        }

        private static SpecInput? ToInput(AdditionalText file, AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken cancellationToken)
        {
            var options = provider.GetOptions(file);
            if (!options.TryGetValue("build_metadata.AdditionalFiles.EnKashGenSpec", out var flag) || !IsTrue(flag))
            {
                return null;
            }
            options.TryGetValue("build_metadata.AdditionalFiles.EnKashGenNamespace", out var ns);
            options.TryGetValue("build_metadata.AdditionalFiles.EnKashGenClientName", out var clientName);
            var accessibility = "public";
            if ((options.TryGetValue("build_metadata.AdditionalFiles.EnKashGenAccessibility", out var a) && string.Equals(a, "internal", StringComparison.OrdinalIgnoreCase))
                || (provider.GlobalOptions.TryGetValue("build_property.EnKashGenAccessibility", out var g) && string.Equals(g, "internal", StringComparison.OrdinalIgnoreCase)))
            {
                accessibility = "internal";
            }
            var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
            var filters = new SpecFilters(
                Metadata(options, "EnKashGenIncludeTags"),
                Metadata(options, "EnKashGenExcludeTags"),
                Metadata(options, "EnKashGenIncludePaths"),
                Metadata(options, "EnKashGenExcludePaths"),
                Metadata(options, "EnKashGenIncludeOperations"),
                Metadata(options, "EnKashGenExcludeOperations"));
            var severities = new List<SeverityOverride>();
            foreach (var id in DiagnosticCatalogue.Ids)
            {
                // The compiler keeps dotnet_diagnostic.* keys of a section to itself (it applies them to C# files only),
                // so a section that matches a spec sets EKG severities with a key of EnKashGen's own.
                if (options.TryGetValue("enkashgen_diagnostic." + id + ".severity", out var severity) && !string.IsNullOrWhiteSpace(severity))
                {
                    severities.Add(new SeverityOverride(id, severity.Trim().ToLowerInvariant()));
                }
            }
            var checkExamples = Metadata(options, "EnKashGenCheckExamples") is { } own
                ? IsTrue(own)
                : provider.GlobalOptions.TryGetValue("build_property.EnKashGenCheckExamples", out var project) && IsTrue(project);
            return new SpecInput(file.Path, text, string.IsNullOrWhiteSpace(ns) ? null : ns, string.IsNullOrWhiteSpace(clientName) ? null : clientName, accessibility, filters.IsEmpty ? null : filters, severities.ToEquatableArray(), checkExamples);
        }

        private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        private static string? Metadata(AnalyzerConfigOptions options, string name) =>
            options.TryGetValue("build_metadata.AdditionalFiles." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

        private static SpecFileText? ToPart(AdditionalText file, AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken cancellationToken)
        {
            var options = provider.GetOptions(file);
            if (!options.TryGetValue("build_metadata.AdditionalFiles.EnKashGenSpecPart", out var flag) || !IsTrue(flag))
            {
                return null;
            }
            return new SpecFileText(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty);
        }

        private static EmitContext ToEmitContext(ParseOptions parseOptions, Compilation compilation)
        {
            var version = parseOptions is CSharpParseOptions cs ? cs.LanguageVersion : LanguageVersion.Default;
            return new EmitContext(
                SupportsRequiredMembers: version >= LanguageVersion.CSharp11,
                SupportsUtf8Literals: version >= LanguageVersion.CSharp11,
                HasDateOnly: compilation.GetTypeByMetadataName("System.DateOnly") is not null,
                HasHttpClientFactory: compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions") is not null
                    && compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptions`1") is not null
                    && compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions") is not null,
                HasConfiguration: compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration") is not null,
                HasLogging: compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger") is not null
                    && compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions") is not null,
                RuntimeReferenced: IsReferencedPublicType(compilation, "EnKashGen.Runtime.ApiException"),
                LoggerSinkReferenced: IsReferencedPublicType(compilation, "EnKashGen.Runtime.LoggerApiLogSink"),
                HasHttpResilience: compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions") is not null
                    && compilation.GetTypeByMetadataName("Polly.HttpResilienceContextExtensions") is not null);
        }

        /// <summary>Whether a referenced assembly (not this compilation) declares the type publicly.</summary>
        private static bool IsReferencedPublicType(Compilation compilation, string metadataName)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            return type is not null && type.DeclaredAccessibility == Accessibility.Public
                && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly);
        }

        private static void EmitSpec(SourceProductionContext spc, SpecResult result, EmitContext emitContext)
        {
            if (result.Model is null)
            {
                return;
            }
            List<(string HintName, string Source)> files;
            try
            {
                files = ApiEmitter.Emit(result.Model, emitContext);
            }
            catch (Exception ex)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.EmittingFailed, Location.None, result.Model.SpecFileName, ex.GetType().Name, ex.Message));
                return;
            }
            foreach (var (hint, source) in files)
            {
                try
                {
                    spc.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
                }
                catch (ArgumentException)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalogue.DuplicateClient, Location.None, result.Model.SpecFileName, result.Model.Namespace + "." + result.Model.ClientName));
                    return;
                }
            }
        }

        internal static Diagnostic ToDiagnostic(DiagnosticInfo info)
        {
            var location = Location.None;
            if (info.Location is { } l)
            {
                var span = new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn));
                location = Location.Create(l.FilePath, new TextSpan(0, 0), span);
            }
            var arguments = info.Arguments.Select(a => (object)a).ToArray();
            return info.Severity is { } severity
                ? Diagnostic.Create(info.Descriptor, location, severity, additionalLocations: null, properties: null, arguments)
                : Diagnostic.Create(info.Descriptor, location, arguments);
        }
    }
}
