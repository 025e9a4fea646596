using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>
/// Turns the BenchmarkDotNet summaries of one run into the figures the project's performance targets are stated in:
/// ratios of medians (robust on a busy machine) and allocated bytes per operation.
/// </summary>
public static class TargetReport
{
    private sealed record Row(string Class, string Method, string? Spec, bool? Encrypted, double MedianNs, double MeanNs, double MinNs, long? Allocated);

    private static string? _startLoad;
    private static DateTime _started = DateTime.UtcNow;

    /// <summary>Notes the start of a run: its time and the machine's load then.</summary>
    public static void RecordStart()
    {
        _started = DateTime.UtcNow;
        _startLoad = LoadAverage();
    }

    public static string Write(IEnumerable<Summary> summaries, string mode, string? breakdownMarkdown)
    {
        var rows = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new Row(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Spec")?.Value as string,
                r.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Encrypted")?.Value as bool?,
                r.ResultStatistics!.Median,
                r.ResultStatistics.Mean,
                r.ResultStatistics.Min,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();

        var host = summaries.FirstOrDefault()?.HostEnvironmentInfo;
        var md = new StringBuilder();
        md.AppendLine($"# EnKashGen benchmark targets ({mode} mode)");
        md.AppendLine();
        md.AppendLine($"- Date: {_started.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}-{DateTime.UtcNow.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC, commit {Build.ConsumerBuildBenchmark.Commit()}");
        if (host is not null)
        {
            md.AppendLine($"- Machine: {host.CpuInfo.Value?.ProcessorName ?? "unknown CPU"}, {Environment.ProcessorCount} logical cores, {host.OsVersion.Value}");
            md.AppendLine($"- Runtime: .NET {Environment.Version}, BenchmarkDotNet {host.BenchmarkDotNetVersion}");
        }
        md.AppendLine($"- Load average at the start of the run: {_startLoad ?? "n/a"}, at the end: {LoadAverage()} (a busy machine makes absolute times noisy; compare ratios)");
        md.AppendLine("- Ratios are of medians, with the ratio of the fastest iterations in parentheses (the least disturbed by other load);");
        md.AppendLine("  verdicts use the medians. Allocations are per operation (MemoryDiagnoser).");
        md.AppendLine();

        AppendGeneration(md, rows.Where(r => r.Class == "GenerationBenchmarks").ToList());
        AppendSerialization(md, rows.Where(r => r.Class == "SerializationBenchmarks").ToList());
        AppendClient(md, rows.Where(r => r.Class == "ClientCallBenchmarks").ToList());
        AppendInputScan(md, rows.Where(r => r.Class == "InputScanBenchmarks").ToList());
        if (breakdownMarkdown is not null)
        {
            md.AppendLine("## Where the generator's time goes (stopwatch breakdown)");
            md.AppendLine();
            md.AppendLine(breakdownMarkdown);
        }
        return md.ToString();
    }

    private static void AppendGeneration(StringBuilder md, List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        md.AppendLine("## Generation");
        md.AppendLine();
        md.AppendLine("Targets: NSwag / EnKashGen >= 1.5 on every corpus document of 1 MB or more; the EnKash spec generating in under 10 ms.");
        md.AppendLine("Microsoft.OpenApi parse is a reference line (Microsoft.OpenApi 3.x reading the same text alone), not a target.");
        md.AppendLine();
        md.AppendLine("| spec | size | Microsoft.OpenApi parse (reference) | EnKashGen full | EnKashGen incremental | NSwag load+generate | NSwag / EnKashGen | EnKashGen / parse | alloc parse | alloc EnKashGen | alloc NSwag | alloc incremental | target |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var spec in BenchPaths.AllSpecs)
        {
            var parse = rows.FirstOrDefault(r => r.Spec == spec && r.Method == "MicrosoftOpenApiParse");
            var full = rows.FirstOrDefault(r => r.Spec == spec && r.Method == "EnKashGenFull");
            var incremental = rows.FirstOrDefault(r => r.Spec == spec && r.Method == "EnKashGenIncremental");
            var nswag = rows.FirstOrDefault(r => r.Spec == spec && r.Method == "NSwagLoadGenerate");
            if (parse is null && full is null && nswag is null)
            {
                continue;
            }
            var size = File.Exists(BenchPaths.SpecPath(spec)) ? new FileInfo(BenchPaths.SpecPath(spec)).Length : 0;
            var vsNswag = Ratio(nswag, full);
            string verdict;
            if (spec == "enkash-cards.yaml")
            {
                verdict = full is null ? "–" : full.MedianNs < 10e6 ? "< 10 ms: met" : "< 10 ms: MISSED";
            }
            else if (BenchPaths.IsLargeCorpusDocument(spec) && vsNswag is not null)
            {
                verdict = vsNswag >= 1.5 ? "1.5x NSwag: met" : "1.5x NSwag: MISSED";
            }
            else
            {
                verdict = "";
            }
            md.AppendLine($"| {spec} | {size / 1024.0:N0} KB | {Time(parse)} | {Time(full)} | {Time(incremental)} | {Time(nswag)} | {Fmt(vsNswag)} ({Fmt(MinRatio(nswag, full))}) | {Fmt(Ratio(full, parse))} | {Bytes(parse)} | {Bytes(full)} | {Bytes(nswag)} | {Bytes(incremental)} | {verdict} |");
        }
        md.AppendLine();
    }

    private static void AppendSerialization(StringBuilder md, List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        md.AppendLine("## Serialization of the createCard card (the gift-card example's payload)");
        md.AppendLine();
        md.AppendLine("Target: generated serialization no slower than System.Text.Json source generation (time ratio <= 1.00) and allocating no more.");
        md.AppendLine();
        md.AppendLine("| direction | contender | median | allocated | time vs STJ source-gen | alloc vs STJ source-gen | target |");
        md.AppendLine("|---|---|--:|--:|--:|--:|---|");
        foreach (var direction in new[] { "Deserialize", "Serialize" })
        {
            var baseline = rows.FirstOrDefault(r => r.Method == direction + "_Stj_SourceGen");
            foreach (var (method, label) in new[] { ("_Generated_TypeInfo", "EnKashGen via JsonSerializer + generated resolver"), ("_Generated_Codec", "EnKashGen generated codec (direct)"), ("_Stj_Reflection", "STJ reflection, hand-written model"), ("_Stj_SourceGen", "STJ source generation, hand-written model") })
            {
                var row = rows.FirstOrDefault(r => r.Method == direction + method);
                if (row is null)
                {
                    continue;
                }
                var time = Ratio(row, baseline);
                var alloc = row.Allocated is { } a && baseline?.Allocated is { } b && b > 0 ? a / (double)b : (double?)null;
                var target = method.StartsWith("_Generated", StringComparison.Ordinal)
                    ? (time <= 1.0 ? "time: met" : "time: MISSED") + ", " + (row.Allocated <= baseline?.Allocated ? "alloc: met" : "alloc: MISSED")
                    : "";
                md.AppendLine($"| {direction} | {label} | {Time(row)} | {Bytes(row)} | {Fmt(time)} ({Fmt(MinRatio(row, baseline))}) | {Fmt(alloc)} | {target} |");
            }
        }
        md.AppendLine();
    }

    private static void AppendClient(StringBuilder md, List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        md.AppendLine("## One createCard call (in-memory handler, token cached)");
        md.AppendLine();
        md.AppendLine("Target: the generated client within 1.1x of the hand-written HttpClient + System.Text.Json call.");
        md.AppendLine();
        md.AppendLine("| encryption | EnKashGen client | hand-written | ratio | alloc EnKashGen | alloc hand-written | alloc ratio | target |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|---|");
        foreach (var encrypted in new[] { false, true })
        {
            var generated = rows.FirstOrDefault(r => r.Method == "Generated" && r.Encrypted == encrypted);
            var hand = rows.FirstOrDefault(r => r.Method == "HandWritten" && r.Encrypted == encrypted);
            if (generated is null || hand is null)
            {
                continue;
            }
            var ratio = Ratio(generated, hand);
            var alloc = generated.Allocated is { } a && hand.Allocated is { } b && b > 0 ? a / (double)b : (double?)null;
            md.AppendLine($"| {(encrypted ? "on" : "off")} | {Time(generated)} | {Time(hand)} | {Fmt(ratio)} ({Fmt(MinRatio(generated, hand))}) | {Bytes(generated)} | {Bytes(hand)} | {Fmt(alloc)} | {(ratio <= 1.1 ? "met" : "MISSED")} |");
        }
        md.AppendLine();
        string? credentials;
        try
        {
            credentials = Runtime.ClientCallBenchmarks.CredentialCheck();
        }
        catch (Exception ex)
        {
            credentials = "the credential check failed: " + ex.Message;
        }
        if (credentials is not null)
        {
            md.AppendLine("**Not comparable as it stands:** " + credentials + ".");
            md.AppendLine();
        }
    }

    private static void AppendInputScan(StringBuilder md, List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        md.AppendLine("## Input limits scan (InputScanner.Check)");
        md.AppendLine();
        md.AppendLine("Target: well under 10% of a Microsoft.OpenApi 3.x parse of the same document (roughly Box 100 ms, Stripe 300 ms, GitHub 400 ms), i.e. a few ms per MB.");
        md.AppendLine();
        md.AppendLine("| spec | size | median | fastest | per MB | allocated |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            var size = row.Spec is { } spec && File.Exists(BenchPaths.SpecPath(spec)) ? new FileInfo(BenchPaths.SpecPath(spec)).Length : 0;
            var perMb = size > 0 ? (row.MedianNs / 1e6 / (size / 1048576.0)).ToString("0.00", CultureInfo.InvariantCulture) + " ms" : "–";
            md.AppendLine($"| {row.Spec} | {size / 1024.0:N0} KB | {Time(row)} | {(row.MinNs / 1e6).ToString("N1", CultureInfo.InvariantCulture)} ms | {perMb} | {Bytes(row)} |");
        }
        md.AppendLine();
    }

    private static double? Ratio(Row? a, Row? b) => a is null || b is null || b.MedianNs <= 0 ? null : a.MedianNs / b.MedianNs;

    private static double? MinRatio(Row? a, Row? b) => a is null || b is null || b.MinNs <= 0 ? null : a.MinNs / b.MinNs;

    private static string Fmt(double? value) => value is null ? "–" : value.Value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(Row? row)
    {
        if (row is null)
        {
            return "–";
        }
        var ns = row.MedianNs;
        return ns >= 1e6 ? (ns / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " ms"
            : ns >= 1e3 ? (ns / 1e3).ToString("N2", CultureInfo.InvariantCulture) + " µs"
            : ns.ToString("N0", CultureInfo.InvariantCulture) + " ns";
    }

    private static string Bytes(Row? row)
    {
        if (row?.Allocated is not { } bytes)
        {
            return "–";
        }
        return bytes >= 1 << 20 ? (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MB"
            : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
