using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>Locates the EnKash spec and the shared OpenAPI corpus from wherever BenchmarkDotNet runs the benchmarks.</summary>
public static class BenchPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Every OpenAPI 3.0 input of the generation benchmarks, smallest first. Adyen v2 is OpenAPI 3.1 and rejected by design.</summary>
    public static readonly string[] AllSpecs =
    {
        "oai-petstore-3.0.yaml",
        "swagger-petstore-3.0.yaml",
        "enkash-cards.yaml",
        "adyen-balanceplatform-v1-3.0.3.json",
        "box-openapi.json",
        "stripe-spec3-2023-08-16.yaml",
        "github-api.github.com.json",
    };

    public static string RepoRoot => Root.Value;

    /// <summary>The corpus beside the repository (../shared/openapi-corpus), or ENKASHGEN_CORPUS.</summary>
    public static string Corpus =>
        Environment.GetEnvironmentVariable("ENKASHGEN_CORPUS") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "openapi-corpus"));

    /// <summary>The specs to measure: all of them, or the comma-separated names (or name fragments) in ENKASHGEN_BENCH_SPECS.</summary>
    public static IEnumerable<string> SelectedSpecs()
    {
        var filter = Environment.GetEnvironmentVariable("ENKASHGEN_BENCH_SPECS");
        if (string.IsNullOrWhiteSpace(filter))
        {
            return AllSpecs;
        }
        var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return AllSpecs.Where(s => parts.Any(p => s.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    public static string SpecPath(string name) =>
        name == "enkash-cards.yaml" ? Path.Combine(RepoRoot, "specs", name) : Path.Combine(Corpus, name);

    public static string ReadSpec(string name)
    {
        var path = SpecPath(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Benchmark input '{name}' not found at {path}; set ENKASHGEN_CORPUS to the openapi-corpus folder.", path);
        }
        return File.ReadAllText(path);
    }

    public static bool IsYaml(string name) => name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EnKashGen.sln")))
                {
                    return dir.FullName;
                }
                dir = dir.Parent;
            }
        }
        throw new InvalidOperationException("EnKashGen.sln not found above " + AppContext.BaseDirectory);
    }
}
