using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using EnKashGen.Benchmarks.Infrastructure;
using EnKashGen.Diagnostics;
using EnKashGen.Emit;
using EnKashGen.Mapping;
using EnKashGen.Model;
using EnKashGen.Reading;
using Microsoft.OpenApi.Reader;

namespace EnKashGen.Benchmarks.Generation;

/// <summary>
/// Stopwatch breakdown of one generator run into its phases, for profiling. The phases are the generator's own internal
/// entry points (visible to this assembly), called in the order SpecReader calls them: the text to a JSON node
/// (DocumentParser), Microsoft.OpenApi reading that node (OpenApiJsonReader), ModelBuilder, then ApiEmitter; beside them
/// SpecReader.Read as a whole, the whole driver run, and Microsoft.OpenApi parsing the text alone as a reference.
/// </summary>
public static class PhaseBreakdown
{
    /// <summary>What the compilations of <see cref="GeneratorHost"/> offer: C# latest, DateOnly, no Microsoft.Extensions.</summary>
    private static readonly EmitContext Context = new(SupportsRequiredMembers: true, SupportsUtf8Literals: true, HasDateOnly: true, HasHttpClientFactory: false, HasConfiguration: false, HasLogging: false);

    private static readonly Uri BaseUri = new("https://openapi.net/");

    public sealed record Phase(string Name, double BestMs, double BestCpuMs, double AllocatedMb);

    public sealed record SpecBreakdown(string Spec, long Bytes, int Runs, IReadOnlyList<Phase> Phases, int Diagnostics, int Files, long GeneratedChars);

    public static IReadOnlyList<SpecBreakdown> Run(IEnumerable<string> specs, TextWriter log)
    {
        var results = new List<SpecBreakdown>();
        foreach (var spec in specs)
        {
            var text = BenchPaths.ReadSpec(spec);
            var path = BenchPaths.SpecPath(spec);
            var format = BenchPaths.IsYaml(spec) ? "yaml" : "json";
            var runs = text.Length > 1_000_000 ? 7 : text.Length > 100_000 ? 15 : 40;
            log.WriteLine($"breakdown: {spec} ({text.Length:N0} chars, {runs} runs)");
            var input = new SpecInput(path, text, null, null, "public");
            var parts = EquatableArray<SpecFileText>.Empty;
            var host = new GeneratorHost(path, text);

            // Warm everything once (JIT, static caches), and keep what the later phases need.
            var result = SpecReader.Read(input, parts);
            var model = result.Model ?? throw new InvalidOperationException(spec + ": no model\n" + string.Join("\n", result.Diagnostics.Take(5)));
            var driver = host.CreateDriver().RunGenerators(host.Compilation);
            GeneratorHost.CheckRun(driver, spec);
            var (files, chars) = GeneratorHost.Output(driver);

            var phases = new List<Phase>
            {
                Measure("Microsoft.OpenApi parse (reference)", runs, () => GenerationBenchmarks.ParseWithMicrosoftOpenApi(text, format)),
                Measure("DocumentParser.Parse (text to JSON node)", runs, () => Parse(text)),
                MeasureOnFresh("OpenApiJsonReader.Read (node to document)", runs, () => Prepared(text), node => new OpenApiJsonReader().Read(node, BaseUri, new OpenApiReaderSettings())),
                MeasureOnFresh("ModelBuilder.Build", runs, () => Builder(text, path), builder => builder.Build()),
                Measure("SpecReader.Read (all reading + ModelBuilder)", runs, () => SpecReader.Read(input, parts)),
                Measure("ApiEmitter.Emit", runs, () => ApiEmitter.Emit(model, Context)),
                Measure("Driver run (fresh driver, all outputs)", runs, () => host.CreateDriver().RunGenerators(host.Compilation)),
            };
            results.Add(new SpecBreakdown(spec, new FileInfo(path).Length, runs, phases, result.Diagnostics.Count, files, chars));
        }
        return results;
    }

    /// <summary>
    /// The generation target in CPU time: EnKashGen's whole driver run against NSwag's load + generate, best thread CPU
    /// time of a few runs each after one warm-up, for a machine too busy for BenchmarkDotNet's wall-clock medians.
    /// </summary>
    public static string VersusNSwag(IEnumerable<string> specs, TextWriter log)
    {
        var md = new StringBuilder();
        md.AppendLine("| spec | size | runs | EnKashGen driver run | NSwag load + generate | NSwag / EnKashGen | target |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|---|");
        foreach (var spec in specs)
        {
            var text = BenchPaths.ReadSpec(spec);
            var path = BenchPaths.SpecPath(spec);
            var runs = text.Length > 1_000_000 ? 3 : text.Length > 100_000 ? 7 : 15;
            log.WriteLine($"versus NSwag: {spec} ({text.Length:N0} chars, {runs} runs)");
            var host = new GeneratorHost(path, text);
            GeneratorHost.CheckRun(host.CreateDriver().RunGenerators(host.Compilation), spec);
            NSwagGeneration.Generate(spec, text, new NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings());
            var driver = Measure("driver", runs, () => host.CreateDriver().RunGenerators(host.Compilation));
            var nswag = Measure("NSwag", runs, () => NSwagGeneration.Generate(spec, text, new NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings()));
            var bytes = new FileInfo(path).Length;
            var ratio = nswag.BestCpuMs / driver.BestCpuMs;
            var target = BenchPaths.IsLargeCorpusDocument(spec) ? (ratio >= 1.5 ? "≥ 1.5x: met" : "≥ 1.5x: MISSED")
                : spec == "enkash-cards.yaml" ? (driver.BestCpuMs < 10 ? "< 10 ms: met" : "< 10 ms: MISSED") : "";
            md.AppendLine($"| {spec} | {bytes / 1024.0:N0} KB | {runs} | {N(driver.BestCpuMs)} ms ({N(driver.BestMs)}) / {N(driver.AllocatedMb)} MB | {N(nswag.BestCpuMs)} ms ({N(nswag.BestMs)}) / {N(nswag.AllocatedMb)} MB | {ratio:0.00} | {target} |");
        }
        md.AppendLine();
        md.AppendLine("Best thread CPU time (best wall time in parentheses) / median managed MB allocated per run.");
        return md.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<SpecBreakdown> results)
    {
        var md = new StringBuilder();
        md.AppendLine("| spec | size | Microsoft.OpenApi parse (reference) | DocumentParser.Parse | OpenApiJsonReader.Read | ModelBuilder.Build | SpecReader.Read | ApiEmitter.Emit | driver run | SpecReader − parse − read − model | driver − SpecReader − emit | diagnostics | files | generated chars |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            double P(int i) => r.Phases[i].BestCpuMs;
            string C(int i) => $"{N(P(i))} ms ({N(r.Phases[i].BestMs)}) / {N(r.Phases[i].AllocatedMb)} MB";
            md.AppendLine($"| {r.Spec} | {r.Bytes / 1024.0:N0} KB | {C(0)} | {C(1)} | {C(2)} | {C(3)} | {C(4)} | {C(5)} | {C(6)} | {N(P(4) - P(1) - P(2) - P(3))} ms | {N(P(6) - P(4) - P(5))} ms | {r.Diagnostics} | {r.Files} | {r.GeneratedChars:N0} |");
        }
        md.AppendLine();
        md.AppendLine("Each cell: best thread CPU time of the runs (wall-clock best in parentheses) / managed MB allocated per run (median).");
        md.AppendLine("CPU time of the measuring thread is used because it is the least disturbed by other load on a busy machine; it leaves");
        md.AppendLine("out work on other threads (background GC). OpenApiJsonReader.Read and ModelBuilder.Build get a fresh node or document");
        md.AppendLine("each run, made outside the timed part. \"SpecReader − parse − read − model\" is the rest of reading (version check,");
        md.AppendLine("nullable marking, reader diagnostics, locating them); \"driver − SpecReader − emit\" is Roslyn's driver plus the rest of");
        md.AppendLine("the pipeline (input text, runtime sources, AddSource). Generated chars: every source the driver adds, runtime included.");
        return md.ToString();
    }

    private static JsonNode Parse(string text) =>
        DocumentParser.Parse(text, null, InputLimits.Default, new DiagnosticBag()) ?? throw new InvalidOperationException("the spec did not parse");

    /// <summary>The node as SpecReader hands it to the reader: parsed, with nullable schemas marked.</summary>
    private static JsonNode Prepared(string text)
    {
        var node = Parse(text);
        var (_, version) = SpecPreparation.Version((JsonObject)node);
        SpecPreparation.MarkNullable(node, version is null || version.StartsWith("2", StringComparison.Ordinal) || version.StartsWith("3.0", StringComparison.Ordinal));
        return node;
    }

    private static ModelBuilder Builder(string text, string path)
    {
        var node = Prepared(text);
        var document = new OpenApiJsonReader().Read(node, BaseUri, new OpenApiReaderSettings()).Document ?? throw new InvalidOperationException("no document");
        return new ModelBuilder(document, "Bench", "BenchClient", "public", Path.GetFileName(path), new DiagnosticBag(), SpecOrigins.None, node);
    }

    private static string N(double value) => Math.Abs(value) < 10 ? value.ToString("N2") : Math.Abs(value) < 100 ? value.ToString("N1") : value.ToString("N0");

    private static Phase Measure(string name, int runs, Func<object?> action) => MeasureOnFresh<object?>(name, runs, () => null, _ => action());

    /// <summary>Times <paramref name="action"/> on a new state from <paramref name="prepare"/> each run; preparing is not timed.</summary>
    private static Phase MeasureOnFresh<T>(string name, int runs, Func<T> prepare, Func<T, object?> action)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        var allocations = new List<double>();
        GC.KeepAlive(action(prepare()));
        for (var i = 0; i < runs; i++)
        {
            var state = prepare();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu.Milliseconds();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(action(state));
            watch.Stop();
            cpu.Add(ThreadCpu.Milliseconds() - cpuBefore);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            times.Add(watch.Elapsed.TotalMilliseconds);
            GC.KeepAlive(state);
        }
        return new Phase(name, times.Min(), cpu.Min(), Median(allocations) / 1048576.0);
    }

    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID; elsewhere the process's CPU time).</summary>
    private static class ThreadCpu
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clockId, out Timespec time);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        public static double Milliseconds()
        {
            if (OperatingSystem.IsLinux() && clock_gettime(3, out var t) == 0)
            {
                return t.Seconds * 1000.0 + t.Nanoseconds / 1e6;
            }
            return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
