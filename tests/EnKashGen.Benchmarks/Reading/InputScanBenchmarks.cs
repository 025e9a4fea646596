using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using EnKashGen.Benchmarks.Infrastructure;
using EnKashGen.Reading;

namespace EnKashGen.Benchmarks.Reading;

/// <summary>
/// The input limits scan that runs over a spec's text before any reader sees it. Target: well under 10% of a
/// Microsoft.OpenApi 3.x parse of the same document (roughly 100 ms for Box, 300 ms for Stripe, 400 ms for GitHub),
/// i.e. a few milliseconds per MB. Select it with --filter '*InputScan*'.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Reading")]
public class InputScanBenchmarks
{
    private string _text = string.Empty;

    public static IEnumerable<string> Specs() => new[] { "box-openapi.json", "stripe-spec3-2023-08-16.yaml", "github-api.github.com.json" };

    [ParamsSource(nameof(Specs))]
    public string Spec { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchPaths.ReadSpec(Spec);
        if (InputScanner.Check(_text, InputLimits.Default) is { } violation)
        {
            throw new InvalidOperationException(Spec + " exceeds the input limits: " + violation);
        }
    }

    /// <summary>The whole scan of a document that is within every limit (the common case: nothing stops it early).</summary>
    [Benchmark(Description = "InputScanner.Check")]
    public bool Check() => InputScanner.Check(_text, InputLimits.Default).HasValue;
}
