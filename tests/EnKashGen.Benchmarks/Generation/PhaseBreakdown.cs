using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using EnKashGen.Benchmarks.Infrastructure;
using Microsoft.OpenApi.Readers;

namespace EnKashGen.Benchmarks.Generation;

/// <summary>
/// Stopwatch breakdown of one generator run into its phases, for profiling: the OpenAPI reader alone, SpecReader.Read
/// (reader + diagnostics + ModelBuilder), ModelBuilder.Build alone, ApiEmitter.Emit alone, and the whole driver run.
/// The generator's phases are internal, so they are reached by reflection (the call cost is negligible at these sizes).
/// </summary>
public static class PhaseBreakdown
{
    private static readonly Assembly Generator = typeof(EnKashGenerator).Assembly;
    private static readonly Type SpecInputType = Generator.GetType("EnKashGen.Model.SpecInput", throwOnError: true)!;
    private static readonly Type EmitContextType = Generator.GetType("EnKashGen.Model.EmitContext", throwOnError: true)!;
    private static readonly Type PendingType = Generator.GetType("EnKashGen.Spec.PendingDiagnostic", throwOnError: true)!;
    private static readonly Type ModelBuilderType = Generator.GetType("EnKashGen.Spec.ModelBuilder", throwOnError: true)!;
    private static readonly MethodInfo ReadMethod = Generator.GetType("EnKashGen.Spec.SpecReader", throwOnError: true)!.GetMethod("Read", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo EmitMethod = Generator.GetType("EnKashGen.Emit.ApiEmitter", throwOnError: true)!.GetMethod("Emit", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;

    public sealed record Phase(string Name, double BestMs, double BestCpuMs, double AllocatedMb);

    public sealed record SpecBreakdown(string Spec, long Bytes, int Runs, IReadOnlyList<Phase> Phases, int Diagnostics, int Files, long GeneratedChars, long NSwagChars);

    public static IReadOnlyList<SpecBreakdown> Run(IEnumerable<string> specs, TextWriter log)
    {
        var results = new List<SpecBreakdown>();
        foreach (var spec in specs)
        {
            var text = BenchPaths.ReadSpec(spec);
            var path = BenchPaths.SpecPath(spec);
            var runs = text.Length > 1_000_000 ? 7 : text.Length > 100_000 ? 15 : 40;
            log.WriteLine($"breakdown: {spec} ({text.Length:N0} chars, {runs} runs)");
            var input = Activator.CreateInstance(SpecInputType, path, text, null, null, "public")!;
            var context = Activator.CreateInstance(EmitContextType, true, true, true, false, false, false)!;
            var host = new GeneratorHost(path, text);
            var settings = new OpenApiReaderSettings { ReferenceResolution = ReferenceResolutionSetting.ResolveLocalReferences, LoadExternalRefs = false };

            // Warm everything once (JIT, static caches), and keep what the later phases need.
            var result = ReadMethod.Invoke(null, new[] { input })!;
            var model = result.GetType().GetProperty("Model")!.GetValue(result) ?? throw new InvalidOperationException(spec + ": no model");
            var diagnostics = ((IEnumerable)result.GetType().GetProperty("Diagnostics")!.GetValue(result)!).Cast<object>().Count();
            var files = (IList)EmitMethod.Invoke(null, new[] { model, context })!;
            var chars = files.Cast<object>().Sum(f => (long)((string)f.GetType().GetField("Item2")!.GetValue(f)!).Length);
            GeneratorHost.CheckRun(host.CreateDriver().RunGenerators(host.Compilation), spec);

            var phases = new List<Phase>
            {
                Measure("OpenAPI reader (floor)", runs, () => new OpenApiStringReader(settings).Read(text, out _)),
                Measure("SpecReader.Read (reader + diagnostics + model)", runs, () => ReadMethod.Invoke(null, new[] { input })),
                MeasureModelBuilder(text, settings, path, runs),
                Measure("ApiEmitter.Emit", runs, () => EmitMethod.Invoke(null, new[] { model, context })),
                Measure("Driver run (fresh driver, all outputs)", runs, () => host.CreateDriver().RunGenerators(host.Compilation)),
            };
            // For scale: how much code NSwag writes for the same document (default settings, one file).
            var nswag = new GenerationBenchmarks { Spec = spec };
            nswag.Setup();
            var nswagChars = (long)nswag.NSwagLoadGenerate().Length;
            results.Add(new SpecBreakdown(spec, new FileInfo(path).Length, runs, phases, diagnostics, files.Count, chars, nswagChars));
        }
        return results;
    }

    public static string ToMarkdown(IReadOnlyList<SpecBreakdown> results)
    {
        var md = new StringBuilder();
        md.AppendLine("| spec | size | reader (floor) | SpecReader.Read | ModelBuilder.Build | ApiEmitter.Emit | driver run | reading (SpecReader − model) | reading / floor | driver − read − emit | diagnostics | files | generated chars | NSwag chars |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            double P(int i) => r.Phases[i].BestCpuMs;
            string C(int i) => $"{N(P(i))} ms ({N(r.Phases[i].BestMs)}) / {N(r.Phases[i].AllocatedMb)} MB";
            md.AppendLine($"| {r.Spec} | {r.Bytes / 1024.0:N0} KB | {C(0)} | {C(1)} | {C(2)} | {C(3)} | {C(4)} | {N(P(1) - P(2))} ms | {(P(1) - P(2)) / P(0):N2} | {N(P(4) - P(1) - P(3))} ms | {r.Diagnostics} | {r.Files} | {r.GeneratedChars:N0} | {r.NSwagChars:N0} |");
        }
        md.AppendLine();
        md.AppendLine("Each cell: best thread CPU time of the runs (wall-clock best in parentheses) / managed MB allocated per run. CPU time of");
        md.AppendLine("the measuring thread is used because it is the least disturbed by other load on a busy machine; it leaves out work on");
        md.AppendLine("other threads (background GC). \"reading\" is what SpecReader spends besides ModelBuilder: the text to the");
        md.AppendLine("OpenAPI object model (the fast path, or the reader when the fast path refuses), validation and locating diagnostics;");
        md.AppendLine("\"reading / floor\" compares it with Microsoft.OpenApi.Readers alone. \"driver − read − emit\" is");
        md.AppendLine("Roslyn's driver plus the rest of the pipeline (input text, runtime sources, AddSource).");
        return md.ToString();
    }

    private static string N(double value) => Math.Abs(value) < 10 ? value.ToString("N2") : Math.Abs(value) < 100 ? value.ToString("N1") : value.ToString("N0");

    /// <summary>new ModelBuilder(document, namespace, client, accessibility, file name, diagnostics[, locator]), whichever the generator has.</summary>
    private static object CreateModelBuilder(object document, string path, string text, object diagnostics)
    {
        var constructor = ModelBuilderType.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        var strings = new Queue<string>(new[] { "Bench", "BenchClient", "public", Path.GetFileName(path) });
        var args = constructor.GetParameters().Select(p =>
            p.ParameterType.IsInstanceOfType(document) ? document
            : p.ParameterType == typeof(string) ? strings.Dequeue()
            : p.ParameterType.IsInstanceOfType(diagnostics) ? diagnostics
            : p.ParameterType.Name == "PointerLocator" ? Activator.CreateInstance(p.ParameterType, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, new object[] { path, text }, null)
            : p.HasDefaultValue ? p.DefaultValue : throw new NotSupportedException("ModelBuilder parameter " + p.Name)).ToArray();
        return constructor.Invoke(args);
    }

    private static Phase MeasureModelBuilder(string text, OpenApiReaderSettings settings, string path, int runs)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        var allocations = new List<long>();
        var listType = typeof(List<>).MakeGenericType(PendingType);
        for (var i = 0; i < runs; i++)
        {
            // A fresh document each run (not timed): the builder must not see state left by an earlier run.
            var document = new OpenApiStringReader(settings).Read(text, out _);
            var builder = CreateModelBuilder(document, path, text, Activator.CreateInstance(listType)!);
            var build = ModelBuilderType.GetMethod("Build")!;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu.Milliseconds();
            var watch = Stopwatch.StartNew();
            build.Invoke(builder, null);
            watch.Stop();
            cpu.Add(ThreadCpu.Milliseconds() - cpuBefore);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return new Phase("ModelBuilder.Build", times.Min(), cpu.Min(), Median(allocations.Select(a => (double)a).ToList()) / 1048576.0);
    }

    private static Phase Measure(string name, int runs, Func<object?> action)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        var allocations = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpu.Milliseconds();
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(action());
            watch.Stop();
            cpu.Add(ThreadCpu.Milliseconds() - cpuBefore);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            times.Add(watch.Elapsed.TotalMilliseconds);
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
