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

namespace EnKashGen.Benchmarks.Generation;

/// <summary>
/// Drives EnKashGen the way the compiler does: the spec as an AdditionalText with EnKashGenSpec metadata, a consumer
/// compilation that references the shared framework, and a CSharpGeneratorDriver.
/// </summary>
public sealed class GeneratorHost
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(dir, "*.dll")
            .Where(IsManagedAssembly)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    private readonly ImmutableArray<AdditionalText> _texts;
    private readonly AnalyzerConfigOptionsProvider _options;

    /// <param name="namespace">EnKashGenNamespace, when the spec item sets one (the type names in the output depend on it).</param>
    /// <param name="clientName">EnKashGenClientName, likewise.</param>
    public GeneratorHost(string specPath, string specText, string? @namespace = null, string? clientName = null)
    {
        _texts = ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(specPath, specText));
        _options = new SpecOptionsProvider(specPath, @namespace, clientName);
        ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        Compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText("namespace App { public static class Program { public static void Main() { } } }", ParseOptions, path: "Program.cs") },
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public CSharpParseOptions ParseOptions { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary>A new driver with no state: the first build after opening a project, or a command-line build.</summary>
    public GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new EnKashGenerator().AsSourceGenerator() },
            _texts,
            ParseOptions,
            _options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>Fails loudly when a run produced no client (so a benchmark never times a failure path).</summary>
    public static int CheckRun(GeneratorDriver driver, string spec)
    {
        var run = driver.GetRunResult();
        var result = run.Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException($"{spec}: the generator threw", result.Exception);
        }
        var sources = result.GeneratedSources;
        if (!sources.Any(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)))
        {
            var errors = string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5));
            throw new InvalidOperationException($"{spec}: no client was generated\n{errors}");
        }
        return sources.Length;
    }

    /// <summary>The number of sources a run added to the compilation and their characters (what the compiler then has to compile).</summary>
    public static (int Files, long Chars) Output(GeneratorDriver driver)
    {
        var sources = driver.GetRunResult().Results.Single().GeneratedSources;
        return (sources.Length, sources.Sum(s => (long)s.SourceText.Length));
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

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

    private sealed class SpecOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly string _specPath;
        private readonly DictionaryOptions _spec;

        public SpecOptionsProvider(string specPath, string? @namespace, string? clientName)
        {
            _specPath = specPath;
            var values = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.EnKashGenSpec"] = "true" };
            if (@namespace is not null)
            {
                values["build_metadata.AdditionalFiles.EnKashGenNamespace"] = @namespace;
            }
            if (clientName is not null)
            {
                values["build_metadata.AdditionalFiles.EnKashGenClientName"] = clientName;
            }
            _spec = new DictionaryOptions(values);
        }

        public override AnalyzerConfigOptions GlobalOptions => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            textFile.Path == _specPath ? _spec : DictionaryOptions.Empty;
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
