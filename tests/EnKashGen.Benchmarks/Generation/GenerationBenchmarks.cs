using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using EnKashGen.Benchmarks.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using NSwag.CodeGeneration.CSharp;

namespace EnKashGen.Benchmarks.Generation;

/// <summary>
/// Generation from one OpenAPI document, in-process and warm, with the same text for every contender: EnKashGen's full
/// generator run on a fresh driver, EnKashGen's incremental pass after an unrelated C# edit, NSwag's load + generate (the
/// baseline), and, as a reference line, Microsoft.OpenApi 3.x parsing the text alone.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Generation")]
public class GenerationBenchmarks
{
    private string _text = string.Empty;
    private string _format = string.Empty;
    private GeneratorHost _host = null!;
    private GeneratorDriver _warmDriver = null!;
    private SyntaxTree _edit = null!;

    public static IEnumerable<string> Specs() => BenchPaths.SelectedSpecs();

    [ParamsSource(nameof(Specs))]
    public string Spec { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchPaths.ReadSpec(Spec);
        _format = BenchPaths.IsYaml(Spec) ? "yaml" : "json";
        _host = new GeneratorHost(BenchPaths.SpecPath(Spec), _text);
        // The incremental case starts from a driver that has already generated for this compilation.
        _warmDriver = _host.CreateDriver().RunGenerators(_host.Compilation);
        GeneratorHost.CheckRun(_warmDriver, Spec);
        _edit = CSharpSyntaxTree.ParseText("namespace App { public sealed class Edited { public int Value { get; set; } } }", _host.ParseOptions, path: "Edited.cs");
        if (MicrosoftOpenApiParse().Document is null)
        {
            throw new InvalidOperationException(Spec + ": Microsoft.OpenApi read no document");
        }
        if (NSwagLoadGenerate().Length == 0)
        {
            throw new InvalidOperationException(Spec + ": NSwag generated nothing");
        }
    }

    /// <summary>
    /// Microsoft.OpenApi 3.x reading the text as a user of the library would: <c>OpenApiDocument.Parse</c> with the YAML
    /// reader registered and default settings (reference resolution and the default validation rules, as EnKashGen reads).
    /// </summary>
    [Benchmark(Description = "Microsoft.OpenApi parse (reference)")]
    public ReadResult MicrosoftOpenApiParse() => ParseWithMicrosoftOpenApi(_text, _format);

    /// <summary>EnKashGen's whole generator pipeline (read + model + emit) on a driver with no cached state.</summary>
    [Benchmark(Description = "EnKashGen full run (fresh driver)")]
    public GeneratorDriver EnKashGenFull() => _host.CreateDriver().RunGenerators(_host.Compilation);

    /// <summary>A generator pass after an unrelated C# edit: the spec steps are cached, so nothing is parsed or emitted.</summary>
    [Benchmark(Description = "EnKashGen incremental (C# edit)")]
    public GeneratorDriver EnKashGenIncremental() => _warmDriver.RunGenerators(_host.Compilation.AddSyntaxTrees(_edit));

    /// <summary>NSwag: load the document (JSON, or YAML through NSwag.Core.Yaml) and generate a C# client with default settings.</summary>
    [Benchmark(Baseline = true, Description = "NSwag load + generate")]
    public string NSwagLoadGenerate() => NSwagGeneration.Generate(Spec, _text, new CSharpClientGeneratorSettings());

    internal static ReadResult ParseWithMicrosoftOpenApi(string text, string format)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        return Microsoft.OpenApi.OpenApiDocument.Parse(text, format, settings);
    }
}
