using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using EnKashGen.Benchmarks.Build;
using EnKashGen.Benchmarks.Generation;
using EnKashGen.Benchmarks.Infrastructure;

namespace EnKashGen.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/EnKashGen.Benchmarks -- [--short|--full] [--breakdown] [--no-bdn] [BenchmarkDotNet options]
///   --short      few iterations (a quick check); --full (default) lets BenchmarkDotNet decide within bounds
///   --breakdown  also time the generator's phases with a stopwatch (parse, reader, ModelBuilder, ApiEmitter, driver)
///   --no-bdn     run only the breakdown
///   --build [--rounds N]   only the consumer build benchmark (N paired rounds, default 5; 3 for documents whose builds are long)
///   --write-deep-spec PATH write the deep inline composition document to PATH and stop
///   --dump-generated DIR   write every selected document's EnKashGen sources and NSwag file under DIR and stop
///   --versus-nswag         EnKashGen's driver run against NSwag's load + generate in thread CPU time, and stop
///   --compile-profile DIR  compile the .cs files under DIR in-process and print parse/declaration/body/emit times per file
/// Without --filter every benchmark runs. ENKASHGEN_BENCH_SPECS=github,stripe limits the inputs.
/// The summary of targets goes to BenchmarkDotNet.Artifacts/results/EnKashGen-targets-{mode}.md (EnKashGen-build.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        TargetReport.RecordStart();
        var rest = new List<string>(args);
        var deepSpec = rest.IndexOf("--write-deep-spec");
        if (deepSpec >= 0 && deepSpec + 1 < rest.Count)
        {
            File.WriteAllText(rest[deepSpec + 1], DeepCompositionSpec.Text());
            return 0;
        }
        var dump = rest.IndexOf("--dump-generated");
        if (dump >= 0 && dump + 1 < rest.Count)
        {
            GeneratedDump.Write(rest[dump + 1], Console.Out);
            return 0;
        }
        if (Take(rest, "--versus-nswag"))
        {
            var table = PhaseBreakdown.VersusNSwag(BenchPaths.SelectedSpecs(), Console.Out);
            Console.WriteLine(table);
            return 0;
        }
        var profile = rest.IndexOf("--compile-profile");
        if (profile >= 0 && profile + 1 < rest.Count)
        {
            CompileProfile.Run(rest[profile + 1], Console.Out);
            return 0;
        }
        if (Take(rest, "--build"))
        {
            var buildReport = ConsumerBuildBenchmark.Run(ConsumerBuildBenchmark.ParseOptions(rest), Console.Out);
            Console.WriteLine();
            Console.WriteLine(buildReport);
            Console.WriteLine("Written to " + Path.Combine(BenchConfig.ArtifactsPath, "results", "EnKashGen-build.md"));
            return 0;
        }
        var shortMode = Take(rest, "--short");
        Take(rest, "--full");
        var breakdown = Take(rest, "--breakdown");
        var noBdn = Take(rest, "--no-bdn");
        var mode = shortMode ? "short" : "full";
        if (!rest.Contains("--filter") && !rest.Contains("-f") && !rest.Contains("--list"))
        {
            rest.Add("--filter");
            rest.Add("*");
        }

        string? breakdownMarkdown = null;
        if (breakdown || noBdn)
        {
            breakdownMarkdown = PhaseBreakdown.ToMarkdown(PhaseBreakdown.Run(BenchPaths.SelectedSpecs(), Console.Out));
            Console.WriteLine(breakdownMarkdown);
        }

        var summaries = new List<BenchmarkDotNet.Reports.Summary>();
        if (!noBdn)
        {
            var generation = new[] { typeof(GenerationBenchmarks) };
            var runtime = typeof(Program).Assembly.GetTypes().Where(t => t.IsPublic && t.Name.EndsWith("Benchmarks", StringComparison.Ordinal) && !generation.Contains(t)).ToArray();
            summaries.AddRange(BenchmarkSwitcher.FromTypes(generation).Run(rest.ToArray(), BenchConfig.Create(shortMode)));
            summaries.AddRange(BenchmarkSwitcher.FromTypes(runtime).Run(rest.ToArray(), BenchConfig.Create(shortMode, microseconds: true)));
        }

        var report = TargetReport.Write(summaries, mode, breakdownMarkdown);
        var results = Path.Combine(BenchConfig.ArtifactsPath, "results");
        Directory.CreateDirectory(results);
        var file = Path.Combine(results, noBdn ? "EnKashGen-breakdown.md" : $"EnKashGen-targets-{mode}.md");
        File.WriteAllText(file, report);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine("Written to " + file);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static bool Take(List<string> args, string flag)
    {
        var found = args.RemoveAll(a => string.Equals(a, flag, StringComparison.OrdinalIgnoreCase)) > 0;
        return found;
    }
}
