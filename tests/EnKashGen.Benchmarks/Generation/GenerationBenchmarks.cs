using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using EnKashGen.Benchmarks.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi.Readers;
using NSwag.CodeGeneration.CSharp;

namespace EnKashGen.Benchmarks.Generation;

/// <summary>
/// Generation from one OpenAPI document, in-process and warm, with the same text for every contender:
/// the parse floor (Microsoft.OpenApi.Readers alone), EnKashGen's full generator run on a fresh driver, EnKashGen's
/// incremental pass after an unrelated C# edit, and NSwag's load + generate.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Generation")]
public class GenerationBenchmarks
{
    private static readonly OpenApiReaderSettings ReaderSettings = new()
    {
        // The same settings as EnKashGen's SpecReader.
        ReferenceResolution = ReferenceResolutionSetting.ResolveLocalReferences,
        LoadExternalRefs = false,
    };

    private string _text = string.Empty;
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
        _host = new GeneratorHost(BenchPaths.SpecPath(Spec), _text);
        // The incremental case starts from a driver that has already generated for this compilation.
        _warmDriver = _host.CreateDriver().RunGenerators(_host.Compilation);
        GeneratorHost.CheckRun(_warmDriver, Spec);
        _edit = CSharpSyntaxTree.ParseText("namespace App { public sealed class Edited { public int Value { get; set; } } }", _host.ParseOptions, path: "Edited.cs");
        var nswag = NSwagLoadGenerate();
        if (nswag.Length == 0)
        {
            throw new InvalidOperationException(Spec + ": NSwag generated nothing");
        }
    }

    /// <summary>Microsoft.OpenApi.Readers parsing the document and nothing else: the floor any reader-based generator stands on.</summary>
    [Benchmark(Baseline = true, Description = "Parse floor (OpenApiStringReader.Read)")]
    public object ParseFloor()
    {
        var document = new OpenApiStringReader(ReaderSettings).Read(_text, out var diagnostic);
        return document ?? (object)diagnostic;
    }

    /// <summary>EnKashGen's whole generator pipeline (read + model + emit) on a driver with no cached state.</summary>
    [Benchmark(Description = "EnKashGen full run (fresh driver)")]
    public GeneratorDriver EnKashGenFull() => _host.CreateDriver().RunGenerators(_host.Compilation);

    /// <summary>A generator pass after an unrelated C# edit: the spec steps are cached, so nothing is parsed or emitted.</summary>
    [Benchmark(Description = "EnKashGen incremental (C# edit)")]
    public GeneratorDriver EnKashGenIncremental() => _warmDriver.RunGenerators(_host.Compilation.AddSyntaxTrees(_edit));

    /// <summary>NSwag: load the document (JSON, or YAML through NSwag.Core.Yaml) and generate a C# client with default settings.</summary>
    [Benchmark(Description = "NSwag load + generate")]
    public string NSwagLoadGenerate()
    {
        var document = BenchPaths.IsYaml(Spec)
            ? global::NSwag.OpenApiYamlDocument.FromYamlAsync(_text).GetAwaiter().GetResult()
            : global::NSwag.OpenApiDocument.FromJsonAsync(_text).GetAwaiter().GetResult();
        return new CSharpClientGenerator(document, new CSharpClientGeneratorSettings()).GenerateFile();
    }
}
