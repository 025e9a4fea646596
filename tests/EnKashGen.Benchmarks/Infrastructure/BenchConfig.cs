using System.IO;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>The two modes: a short check (few iterations) and the full run.</summary>
public static class BenchConfig
{
    /// <param name="shortMode">Few iterations (a quick check) instead of the full run.</param>
    /// <param name="microseconds">For the runtime benchmarks: an operation takes microseconds, so even the short check can
    /// afford enough iterations for a median that one busy moment on the machine does not decide.</param>
    public static IConfig Create(bool shortMode, bool microseconds = false)
    {
        var job = shortMode
            // Quick check: one process per benchmark, 2 warm-ups, 3 measured iterations (15 for microsecond benchmarks).
            ? Job.Default.WithId("Short").WithLaunchCount(1).WithWarmupCount(microseconds ? 3 : 2).WithIterationCount(microseconds ? 15 : 3)
            // Full: BenchmarkDotNet decides the counts within bounds that keep a multi-second benchmark (NSwag on
            // GitHub's 13 MB document) to a few minutes.
            : Job.Default.WithId("Full").WithLaunchCount(1).WithMinWarmupCount(3).WithMaxWarmupCount(10).WithMinIterationCount(10).WithMaxIterationCount(30);

        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
            .WithArtifactsPath(ArtifactsPath);
    }

    /// <summary>BenchmarkDotNet.Artifacts at the repository root (ignored by git).</summary>
    public static string ArtifactsPath => Path.Combine(BenchPaths.RepoRoot, "BenchmarkDotNet.Artifacts");
}
