using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>Locates the EnKash spec and the shared OpenAPI corpus from wherever BenchmarkDotNet runs the benchmarks.</summary>
public static class BenchPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>
    /// Every input of the generation benchmarks, smallest first: the EnKash spec, every corpus document, and the deep
    /// inline composition document written by <see cref="DeepCompositionSpec"/>.
    /// </summary>
    public static readonly string[] AllSpecs =
    {
        "oai-petstore-3.0.yaml",
        "swagger-petstore-3.0.yaml",
        "enkash-cards.yaml",
        "adyen-balanceplatform-v1-3.0.3.json",
        DeepCompositionSpec.FileName,
        "adyen-balanceplatform-v2-3.1.0.json",
        "box-openapi.json",
        "stripe-spec3-2023-08-16.yaml",
        "github-api.github.com.json",
    };

    public static string RepoRoot => Root.Value;

    /// <summary>
    /// ENKASHGEN_CORPUS, or shared/openapi-corpus in the nearest folder above the repository that has one (beside the
    /// main checkout, and two levels up from a worktree under wt/).
    /// </summary>
    public static string Corpus => CorpusFolder.Value;

    private static readonly Lazy<string> CorpusFolder = new(() =>
    {
        if (Environment.GetEnvironmentVariable("ENKASHGEN_CORPUS") is { Length: > 0 } dir)
        {
            return dir;
        }
        for (var parent = new DirectoryInfo(RepoRoot).Parent; parent is not null; parent = parent.Parent)
        {
            var candidate = Path.Combine(parent.FullName, "shared", "openapi-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "openapi-corpus"));
    });

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

    /// <summary>The documents the targets are stated on: the corpus documents of 1 MB or more.</summary>
    public static bool IsLargeCorpusDocument(string name) =>
        name != "enkash-cards.yaml" && name != DeepCompositionSpec.FileName && File.Exists(SpecPath(name)) && new FileInfo(SpecPath(name)).Length >= 1_000_000;

    public static string SpecPath(string name) => name switch
    {
        "enkash-cards.yaml" => Path.Combine(RepoRoot, "specs", name),
        DeepCompositionSpec.FileName => DeepCompositionPath.Value,
        _ => Path.Combine(Corpus, name),
    };

    /// <summary>The deep composition document, written once into the artifacts folder (ignored by git), the same text every run.</summary>
    private static readonly Lazy<string> DeepCompositionPath = new(() =>
    {
        var path = Path.Combine(RepoRoot, "BenchmarkDotNet.Artifacts", "specs", DeepCompositionSpec.FileName);
        var text = DeepCompositionSpec.Text();
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        return path;
    });

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
