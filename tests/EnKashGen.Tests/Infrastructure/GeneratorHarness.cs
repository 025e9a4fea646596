using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace EnKashGen.Tests.Infrastructure;

/// <summary>
/// A spec as the generator sees it: an AdditionalFiles item with its metadata. <paramref name="IsPart"/> marks a
/// file of a multi-file spec (<c>EnKashGenSpecPart="true"</c>, what <c>&lt;EnKashSpecPart&gt;</c> maps to): the
/// generator reads it only as the target of a spec's <c>$ref</c>s. <paramref name="Metadata"/> holds further
/// AdditionalFiles metadata by name (<c>EnKashGenIncludeTags</c>), as the compiler hands it on.
/// </summary>
public sealed record SpecFile(string Path, string Text, string? Namespace = null, string? ClientName = null, bool IsSpec = true, bool IsPart = false, IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>A part of a multi-file spec: not a spec of its own.</summary>
    public static SpecFile Part(string path, string text) => new(path, text, IsSpec: false, IsPart: true);

    /// <summary>This file with one more AdditionalFiles metadata value (<c>With("EnKashGenIncludeTags", "pets")</c>).</summary>
    public SpecFile With(string name, string value)
    {
        var metadata = new Dictionary<string, string>(Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [name] = value };
        return this with { Metadata = metadata };
    }
}

/// <summary>Runs the generator in-process the way the compiler does, and compiles what it emits.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(() =>
    {
        var tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("EnKashGen", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    /// <summary>The running .NET runtime's assemblies (and the test's own dependencies, such as Microsoft.Extensions.*).</summary>
    public static ImmutableArray<MetadataReference> References => PlatformReferences.Value;

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new CSharpParseOptions(version);

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, LanguageVersion version = LanguageVersion.Latest, IEnumerable<MetadataReference>? references = null) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions(version), path: "Source" + i + ".cs")),
            references ?? References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Suppress }));

    /// <param name="parseOptions">Parse options of the generated files; <see cref="DocumentationMode.Diagnose"/> checks their XML documentation as a project with GenerateDocumentationFile does.</param>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, LanguageVersion version = LanguageVersion.Latest, bool trackSteps = false, IReadOnlyDictionary<string, string>? globalOptions = null, CSharpParseOptions? parseOptions = null)
        => CreateDriver(specs, out _, version, trackSteps, globalOptions, parseOptions);

    /// <summary>Also hands out the AdditionalText objects, so a test can replace one (a spec edit).</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<SpecFile> specs, out ImmutableArray<AdditionalText> texts, LanguageVersion version = LanguageVersion.Latest, bool trackSteps = false, IReadOnlyDictionary<string, string>? globalOptions = null, CSharpParseOptions? parseOptions = null)
    {
        var files = specs.ToList();
        texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        return CSharpGeneratorDriver.Create(
            new[] { new EnKashGenerator().AsSourceGenerator() },
            texts,
            parseOptions ?? ParseOptions(version),
            Options(files, globalOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    /// <summary>
    /// The item metadata of <paramref name="files"/> as the compiler hands it to generators. A test that adds or
    /// removes a file passes the new set to <see cref="GeneratorDriver.WithUpdatedAnalyzerConfigOptions"/>, as a
    /// build does when the project's items change.
    /// </summary>
    public static AnalyzerConfigOptionsProvider Options(IEnumerable<SpecFile> files, IReadOnlyDictionary<string, string>? globalOptions = null) =>
        new TestOptionsProvider(files, globalOptions ?? new Dictionary<string, string>());

    /// <summary>Generates from <paramref name="specs"/> and compiles the result together with <paramref name="extraSources"/>.</summary>
    public static GenerationResult Run(IEnumerable<SpecFile> specs, LanguageVersion version = LanguageVersion.Latest, IEnumerable<string>? extraSources = null, IEnumerable<MetadataReference>? references = null, IReadOnlyDictionary<string, string>? globalOptions = null)
    {
        var compilation = CreateCompilation(extraSources ?? Array.Empty<string>(), version, references);
        var driver = CreateDriver(specs, version, globalOptions: globalOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, CancellationToken.None);
        var run = driver.GetRunResult();
        return new GenerationResult(
            run.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray(),
            run.Diagnostics,
            run.Results.Select(r => r.Exception).Where(e => e is not null).Cast<Exception>().ToImmutableArray(),
            output,
            generatorDiagnostics);
    }

    public static GenerationResult Run(string path, string text, string? ns = null, string? client = null, LanguageVersion version = LanguageVersion.Latest) =>
        Run(new[] { new SpecFile(path, text, ns, client) }, version);

    public static AdditionalText Text(string path, string text) => new InMemoryAdditionalText(path, text);

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, SpecFile> _byPath;
        private readonly DictionaryOptions _global;

        public TestOptionsProvider(IEnumerable<SpecFile> files, IReadOnlyDictionary<string, string> global)
        {
            _byPath = files.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.First());
            _global = new DictionaryOptions(global.ToDictionary(p => p.Key, p => p.Value));
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            if (!_byPath.TryGetValue(textFile.Path, out var file))
            {
                return DictionaryOptions.Empty;
            }
            var values = new Dictionary<string, string>();
            if (file.IsSpec)
            {
                values["build_metadata.AdditionalFiles.EnKashGenSpec"] = "true";
            }
            if (file.IsPart)
            {
                values["build_metadata.AdditionalFiles.EnKashGenSpecPart"] = "true";
            }
            if (file.Namespace is not null)
            {
                values["build_metadata.AdditionalFiles.EnKashGenNamespace"] = file.Namespace;
            }
            if (file.ClientName is not null)
            {
                values["build_metadata.AdditionalFiles.EnKashGenClientName"] = file.ClientName;
            }
            foreach (var pair in file.Metadata ?? new Dictionary<string, string>())
            {
                values["build_metadata.AdditionalFiles." + pair.Key] = pair.Value;
            }
            return new DictionaryOptions(values);
        }
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value)
        {
            var found = _values.TryGetValue(key, out var v);
            value = v ?? string.Empty;
            return found;
        }
    }
}

public sealed record GenerationResult(
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Exception> Exceptions,
    Compilation Compilation,
    ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>Errors and warnings of the consumer compilation (warnings are errors there).</summary>
    public ImmutableArray<Diagnostic> CompileDiagnostics =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public string Describe(int max = 30) => string.Join("\n", CompileDiagnostics.Take(max).Select(d => d.ToString()))
        + (Exceptions.IsEmpty ? string.Empty : "\nEXCEPTIONS: " + string.Join("\n", Exceptions));
}
