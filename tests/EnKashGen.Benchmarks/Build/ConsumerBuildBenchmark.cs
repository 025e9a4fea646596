using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using EnKashGen.Benchmarks.Generation;
using EnKashGen.Benchmarks.Infrastructure;

namespace EnKashGen.Benchmarks.Build;

/// <summary>
/// What a consumer pays: <c>dotnet build --no-incremental</c> of a net10.0 project (Nullable, TreatWarningsAsErrors) whose
/// client comes from EnKashGen (ProjectReference as analyzer + the repository's build glue, the spec as EnKashSpec) against
/// the same project with NSwag's System.Text.Json client for the same document generated once into a checked-in .cs
/// file. Paired, interleaved runs (ABBA order) after a warm-up; wall time and the peak resident memory of the build's
/// process tree; plus the characters each generator adds to the compilation.
/// </summary>
public static class ConsumerBuildBenchmark
{
    /// <summary>The documents built by default: the EnKash spec, the deep inline composition document, Box, Stripe, GitHub.</summary>
    public static readonly string[] BuiltSpecs =
    {
        "enkash-cards.yaml",
        DeepCompositionSpec.FileName,
        "box-openapi.json",
        "stripe-spec3-2023-08-16.yaml",
        "github-api.github.com.json",
    };

    /// <summary>The namespace and client name of both variants (they appear in every fully qualified type name).</summary>
    private const string Namespace = "Bench.Api";

    private const string ClientName = "BenchClient";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Caps on the rounds of documents whose builds are long (the pair of warm-up builds takes more than the time given),
    /// so that a run over every document stays within about an hour and a half on two busy cores; --exact-rounds lifts them.
    /// </summary>
    private static readonly (TimeSpan Pair, int Rounds)[] RoundCaps = { (TimeSpan.FromMinutes(8), 2), (TimeSpan.FromMinutes(2), 3) };

    public sealed record Variant(string Name, string Directory, bool WarningsAsErrors, string Status)
    {
        /// <summary>Further build arguments of this variant's timed builds.</summary>
        public string[] Extra { get; init; } = Array.Empty<string>();
    }

    public sealed record Sample(string Spec, string Variant, int Round, int Position, double Seconds, long PeakRssBytes, int ExitCode, int Warnings, int Errors);

    public sealed record SpecResult(
        string Spec,
        long Bytes,
        int Rounds,
        Variant EnKashGen,
        Variant NSwag,
        IReadOnlyList<Sample> Samples,
        long EnKashGenBuildChars,
        int EnKashGenBuildFiles,
        long NSwagChars);

    public sealed record SizeRow(string Spec, long Bytes, int EnKashGenFiles, long EnKashGenChars, long NSwagChars, string? NSwagError);

    public sealed record Options(int Rounds, bool ExactRounds, bool Keep, IReadOnlyList<string> Specs);

    public static Options ParseOptions(List<string> args)
    {
        var rounds = 5;
        var index = args.IndexOf("--rounds");
        if (index >= 0 && index + 1 < args.Count)
        {
            rounds = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
            args.RemoveRange(index, 2);
        }
        var exact = args.RemoveAll(a => a == "--exact-rounds") > 0;
        var keep = Environment.GetEnvironmentVariable("ENKASHGEN_KEEP_BUILD_FOLDERS") == "1";
        var filter = Environment.GetEnvironmentVariable("ENKASHGEN_BENCH_SPECS");
        var specs = string.IsNullOrWhiteSpace(filter)
            ? BuiltSpecs
            : BenchPaths.AllSpecs.Where(s => filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(p => s.Contains(p, StringComparison.OrdinalIgnoreCase))).ToArray();
        return new Options(Math.Max(1, rounds), exact, keep, specs);
    }

    public static string Run(Options options, TextWriter log)
    {
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        var root = Path.Combine(Path.GetTempPath(), "enkashgen-build-bench-" + started.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        // Nothing above the temporary folder shapes the consumer projects.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(root, name), "<Project />\n");
        }
        log.WriteLine($"build benchmark: {root}, {options.Rounds} rounds, load average {loadBefore}");

        // The generator as a package user gets it: built once, in Release; the timed builds never rebuild it.
        var generator = Path.Combine(BenchPaths.RepoRoot, "src", "EnKashGen", "EnKashGen.csproj");
        Check(DotNetProcess.Run(BenchPaths.RepoRoot, BuildTimeout, "build", generator, "-c", "Release", "-nologo", "-tl:off", "-v:q", "-nodeReuse:false"), "building the generator");

        var sizes = Sizes(log);
        var emptyDirectory = WriteProject(root, "empty", null, spec: null, warningsAsErrors: true);
        Restore(emptyDirectory);
        var empty = new List<Sample>();
        var results = new List<SpecResult>();
        var failures = new List<string>();
        try
        {
            Build(emptyDirectory, warningsAsErrors: true);
            foreach (var spec in options.Specs)
            {
                try
                {
                    results.Add(RunSpec(root, spec, options.Rounds, options.ExactRounds, log));
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
                {
                    log.WriteLine($"{spec}: not measured: {e.Message}");
                    failures.Add($"{spec}: not measured: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                }
                // The fixed cost of a build (MSBuild evaluation, the compiler's start, references), between documents.
                var run = Build(emptyDirectory, warningsAsErrors: true);
                empty.Add(ToSample("(empty project)", "empty", empty.Count + 1, 0, run));
                // Written after every document, so a long run that is stopped still leaves what it measured.
                WriteResults(Report(results, failures, sizes, empty, started, loadBefore, LoadAverage()), results, empty);
            }
        }
        finally
        {
            if (!options.Keep)
            {
                TryDelete(root);
            }
        }
        var report = Report(results, failures, sizes, empty, started, loadBefore, LoadAverage());
        WriteResults(report, results, empty);
        return report;
    }

    private static SpecResult RunSpec(string root, string spec, int rounds, bool exactRounds, TextWriter log)
    {
        var text = BenchPaths.ReadSpec(spec);
        var stem = Path.GetFileNameWithoutExtension(spec);
        log.WriteLine($"{spec}: generating the NSwag client");
        var nswagCode = NSwagGeneration.Generate(spec, text, NSwagGeneration.SystemTextJsonSettings(Namespace));

        var enkashDirectory = WriteProject(root, stem + "-enkashgen", null, spec, warningsAsErrors: true);
        var nswagDirectory = WriteProject(root, stem + "-nswag", nswagCode, spec: null, warningsAsErrors: true);
        Restore(enkashDirectory);
        Restore(nswagDirectory);

        // Warm-up: each variant once (file cache, JIT of nothing: each build is a new process). EnKashGen's also writes
        // the generated sources to disk, to count what it added to the compilation.
        log.WriteLine($"{spec}: warm-up builds");
        var generated = Path.Combine(root, stem + "-generated");
        var emitGenerated = new[] { "-p:EmitCompilerGeneratedFiles=true", "-p:CompilerGeneratedFilesOutputPath=" + generated };
        var warmEnKash = Build(enkashDirectory, true, emitGenerated);
        var enkashExtra = Array.Empty<string>();
        var enkashNote = "";
        var specWarnings = warmEnKash.Messages("error").Select(l => System.Text.RegularExpressions.Regex.Match(l, @"error (EKG\d+)").Groups[1].Value).Distinct().ToList();
        if (warmEnKash.ExitCode != 0 && specWarnings.Count > 0 && specWarnings.All(id => id.Length > 0))
        {
            // Only EnKashGen's warnings about the document itself failed the build (TreatWarningsAsErrors): a consumer
            // keeps them as warnings, the generated code still has to compile without any.
            enkashNote = Status(warmEnKash, warningsAsErrors: true) + $"; with <WarningsNotAsErrors>{string.Join(";", specWarnings)}</WarningsNotAsErrors> it ";
            enkashExtra = new[] { "-p:WarningsNotAsErrors=" + string.Join("%3B", specWarnings) };
            TryDelete(generated);
            warmEnKash = Build(enkashDirectory, true, emitGenerated.Concat(enkashExtra).ToArray());
        }
        var generatedFiles = Directory.Exists(generated) ? Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories) : Array.Empty<string>();
        var enkashChars = generatedFiles.Sum(f => (long)File.ReadAllText(f).Length);
        var enkash = new Variant("EnKashGen", enkashDirectory, true, enkashNote + Status(warmEnKash, warningsAsErrors: true)) { Extra = enkashExtra };
        if (generatedFiles.Length == 0)
        {
            enkash = enkash with { Status = "no generated sources: " + enkash.Status };
        }
        TryDelete(generated);

        var warmNSwag = Build(nswagDirectory, true);
        var nswag = new Variant("NSwag", nswagDirectory, true, Status(warmNSwag, warningsAsErrors: true));
        if (warmNSwag.ExitCode != 0)
        {
            // Measured as a consumer would have to build NSwag's output: warnings allowed, and the mechanical fixes they
            // would make before checking the file in. Where errors remain, the compiler stops after reporting them (no
            // assembly is written), and the report says so.
            var notes = new List<string> { nswag.Status };
            WriteProject(root, stem + "-nswag", nswagCode, spec: null, warningsAsErrors: false);
            warmNSwag = Build(nswagDirectory, false);
            notes.Add("with TreatWarningsAsErrors=false it " + Status(warmNSwag, warningsAsErrors: false));
            var syntaxErrors = warmNSwag.Messages("error").Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"error CS1\d{3}:"));
            if (warmNSwag.ExitCode != 0 && syntaxErrors && !BenchPaths.IsYaml(spec) && NSwagFixes.OperationIdsAsIdentifiers(text, out var fixedText, out var renamed))
            {
                nswagCode = NSwagGeneration.Generate(spec, fixedText, NSwagGeneration.SystemTextJsonSettings(Namespace));
                WriteProject(root, stem + "-nswag", nswagCode, spec: null, warningsAsErrors: false);
                warmNSwag = Build(nswagDirectory, false);
                notes.Add($"generated again from a copy of the document whose {renamed} operationIds that are not C# identifiers ('#', '-') have '_' instead: it " + Status(warmNSwag, warningsAsErrors: false));
            }
            // Each pass makes one kind of mechanical fix to the errors the last build reported (the compiler stops at the
            // first stage that has errors, so later kinds only show once earlier ones are fixed).
            for (var pass = 0; pass < 6 && warmNSwag.ExitCode != 0; pass++)
            {
                var errors = warmNSwag.Messages("error");
                string fixedCode, what;
                if (NSwagFixes.RenameDuplicateMembers(nswagCode, errors, out fixedCode, out var duplicates))
                {
                    what = $"{duplicates} duplicate members (CS0102) renamed in the file";
                }
                else if (NSwagFixes.RemoveSealedBases(nswagCode, errors, out fixedCode, out var bases))
                {
                    what = $"the base class of {bases} classes that derive from a sealed type (CS0509, `class X : string`) removed";
                }
                else if (NSwagFixes.MissingTypesAsObject(nswagCode, errors, out fixedCode, out var missing))
                {
                    what = $"{missing} references to types NSwag did not generate (CS0246) written as `object`";
                }
                else
                {
                    break;
                }
                nswagCode = fixedCode;
                WriteProject(root, stem + "-nswag", nswagCode, spec: null, warningsAsErrors: false);
                warmNSwag = Build(nswagDirectory, false);
                notes.Add(what + ": it " + Status(warmNSwag, warningsAsErrors: false));
            }
            nswag = new Variant("NSwag", nswagDirectory, false, string.Join("; ", notes));
        }
        log.WriteLine($"{spec}: EnKashGen {warmEnKash.Elapsed.TotalSeconds:0.0}s ({enkash.Status}), NSwag {warmNSwag.Elapsed.TotalSeconds:0.0}s ({nswag.Status})");

        foreach (var (pair, cap) in exactRounds ? Array.Empty<(TimeSpan, int)>() : RoundCaps)
        {
            if (warmEnKash.Elapsed + warmNSwag.Elapsed > pair)
            {
                rounds = Math.Min(rounds, cap);
                break;
            }
        }
        var samples = new List<Sample>();
        for (var round = 1; round <= rounds; round++)
        {
            // ABBA: the variant that goes first alternates, so a drift in the machine's load hits both alike.
            var order = round % 2 == 1 ? new[] { enkash, nswag } : new[] { nswag, enkash };
            for (var position = 0; position < order.Length; position++)
            {
                var variant = order[position];
                var run = Build(variant.Directory, variant.WarningsAsErrors, variant.Extra);
                var sample = ToSample(spec, variant.Name, round, position, run);
                samples.Add(sample);
                log.WriteLine($"{spec}: round {round} {variant.Name} {sample.Seconds:0.00}s, peak {sample.PeakRssBytes / 1048576.0:N0} MB, exit {sample.ExitCode}, load {LoadAverage()}");
            }
        }
        return new SpecResult(spec, new FileInfo(BenchPaths.SpecPath(spec)).Length, rounds, enkash, nswag, samples, enkashChars, generatedFiles.Length, nswagCode.Length);
    }

    /// <summary>What each generator adds to the compilation, for every document: EnKashGen through the driver in-process.</summary>
    private static List<SizeRow> Sizes(TextWriter log)
    {
        var rows = new List<SizeRow>();
        foreach (var spec in BenchPaths.AllSpecs)
        {
            var text = BenchPaths.ReadSpec(spec);
            var host = new GeneratorHost(BenchPaths.SpecPath(spec), text, Namespace, ClientName);
            var driver = host.CreateDriver().RunGenerators(host.Compilation);
            GeneratorHost.CheckRun(driver, spec);
            var (files, chars) = GeneratorHost.Output(driver);
            long nswag = 0;
            string? error = null;
            try
            {
                nswag = NSwagGeneration.Generate(spec, text, NSwagGeneration.SystemTextJsonSettings(Namespace)).Length;
            }
            catch (Exception e)
            {
                error = e.GetType().Name + ": " + e.Message;
            }
            log.WriteLine($"sizes: {spec}: EnKashGen {chars:N0} chars in {files} files, NSwag {nswag:N0}");
            rows.Add(new SizeRow(spec, new FileInfo(BenchPaths.SpecPath(spec)).Length, files, chars, nswag, error));
        }
        return rows;
    }

    private static string WriteProject(string root, string name, string? nswagCode, string? spec, bool warningsAsErrors)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        var source = Path.Combine(BenchPaths.RepoRoot, "src", "EnKashGen");
        var items = "";
        if (spec is not null)
        {
            Directory.CreateDirectory(Path.Combine(directory, "specs"));
            File.Copy(BenchPaths.SpecPath(spec), Path.Combine(directory, "specs", spec), overwrite: true);
            items = $"""

                  <ItemGroup>
                    <ProjectReference Include="{source}/EnKashGen.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <EnKashSpec Include="specs/{spec}" Namespace="{Namespace}" ClientName="{ClientName}" />
                  </ItemGroup>
                  <Import Project="{source}/build/EnKashGen.props" />
                  <Import Project="{source}/build/EnKashGen.targets" />
                """;
        }
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
              </PropertyGroup>{items}
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "Console.WriteLine(\"built\");\n");
        if (nswagCode is not null)
        {
            File.WriteAllText(Path.Combine(directory, "NSwagClient.cs"), nswagCode);
        }
        return directory;
    }

    private static void Restore(string directory) =>
        Check(DotNetProcess.Run(directory, BuildTimeout, "restore", "App.csproj", "-nologo", "-tl:off", "-v:q", "-nodeReuse:false"), "restoring " + directory);

    /// <summary>
    /// The timed command: a full rebuild of the consumer alone (the generator is not rebuilt), already restored, with no
    /// compiler server (the compiler runs as a child process of the build, started fresh each time).
    /// </summary>
    private static CommandRun Build(string directory, bool warningsAsErrors, params string[] extra)
    {
        var arguments = new List<string>
        {
            "build", "App.csproj", "--no-restore", "--no-incremental", "--no-dependencies", "-c", "Release",
            "-nologo", "-tl:off", "-v:m", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "-p:TreatWarningsAsErrors=" + (warningsAsErrors ? "true" : "false"),
        };
        arguments.AddRange(extra);
        return DotNetProcess.Run(directory, BuildTimeout, arguments.ToArray());
    }

    private static Sample ToSample(string spec, string variant, int round, int position, CommandRun run) =>
        new(spec, variant, round, position, run.Elapsed.TotalSeconds, run.PeakTreeRssBytes, run.ExitCode, run.Messages("warning").Count, run.Messages("error").Count);

    private static string Status(CommandRun run, bool warningsAsErrors)
    {
        var errors = run.Messages("error");
        var warnings = run.Messages("warning");
        if (run.ExitCode == 0)
        {
            return warnings.Count == 0 ? "compiles cleanly" : $"compiles with {warnings.Count} warnings ({run.MessageIds("warning")})";
        }
        return $"does not compile{(warningsAsErrors ? " with warnings as errors" : "")}: {errors.Count} errors ({run.MessageIds("error")}), first: {errors.FirstOrDefault()?.Split(": error ").LastOrDefault() ?? "(none listed)"}";
    }

    private static void Check(CommandRun run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({run.CommandLine}, exit {run.ExitCode}):\n{run.Output}");
        }
    }

    private static string Report(List<SpecResult> results, List<string> failures, List<SizeRow> sizes, List<Sample> empty, DateTime started, string loadBefore, string loadAfter)
    {
        var md = new StringBuilder();
        md.AppendLine("# EnKashGen consumer build benchmark");
        md.AppendLine();
        md.AppendLine($"- Run: {started:yyyy-MM-dd HH:mm}-{DateTime.UtcNow:HH:mm} UTC, commit {Commit()}");
        md.AppendLine($"- Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET SDK {Sdk()}; load average {loadBefore} at the start, {loadAfter} at the end");
        md.AppendLine("- Each build: `dotnet build --no-restore --no-incremental --no-dependencies -c Release -p:UseSharedCompilation=false -nodeReuse:false`,");
        md.AppendLine("  restored beforehand; wall time of the command; peak memory = the largest sum of resident memory of the build's process");
        md.AppendLine($"  tree (the CLI with MSBuild, the compiler), sampled from /proc every {DotNetProcess.SampleInterval.TotalMilliseconds:0} ms.");
        md.AppendLine("- Paired rounds in ABBA order after one warm-up build of each variant; the ratio is the median of the per-round ratios");
        md.AppendLine("  (EnKashGen / NSwag), with the lowest and highest per-round ratio beside it.");
        md.AppendLine();
        md.AppendLine("## Consumer build");
        md.AppendLine();
        md.AppendLine("Target: EnKashGen's consumer build at most 1.5x NSwag's (the ratio of wall time) on every document.");
        md.AppendLine();
        md.AppendLine("| spec | size | rounds | EnKashGen build (median) | NSwag build (median) | EnKashGen / NSwag | range | EnKashGen peak memory | NSwag peak memory | generated chars EnKashGen / NSwag | target |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var r in results)
        {
            var a = r.Samples.Where(s => s.Variant == "EnKashGen").ToList();
            var b = r.Samples.Where(s => s.Variant == "NSwag").ToList();
            var ratios = Enumerable.Range(1, r.Rounds)
                .Select(round => a.Single(s => s.Round == round).Seconds / b.Single(s => s.Round == round).Seconds)
                .ToList();
            var ratio = Median(ratios);
            md.AppendLine($"| {r.Spec} | {Kb(r.Bytes)} | {r.Rounds} | {Median(a.Select(s => s.Seconds).ToList()):0.00} s | {Median(b.Select(s => s.Seconds).ToList()):0.00} s | **{ratio:0.00}** | {ratios.Min():0.00}-{ratios.Max():0.00} | {Mb(Median(a.Select(s => (double)s.PeakRssBytes).ToList()))} | {Mb(Median(b.Select(s => (double)s.PeakRssBytes).ToList()))} | {r.EnKashGenBuildChars:N0} / {r.NSwagChars:N0} ({r.EnKashGenBuildChars / (double)Math.Max(1, r.NSwagChars):0.00}) | {(ratio <= 1.5 ? "met" : "MISSED")} |");
        }
        if (empty.Count > 0)
        {
            md.AppendLine($"| (empty project: no spec, nothing generated) | | {empty.Count} | {Median(empty.Select(s => s.Seconds).ToList()):0.00} s | | | {empty.Min(s => s.Seconds):0.00}-{empty.Max(s => s.Seconds):0.00} s | {Mb(Median(empty.Select(s => (double)s.PeakRssBytes).ToList()))} | | | |");
        }
        md.AppendLine();
        md.AppendLine("How each variant compiles (warm-up build; the timed builds use the same settings):");
        md.AppendLine();
        foreach (var r in results)
        {
            md.AppendLine($"- {r.Spec}: EnKashGen ({r.EnKashGenBuildFiles} generated files): {r.EnKashGen.Status}. NSwag: {r.NSwag.Status}{(r.NSwag.WarningsAsErrors ? "" : " (timed with TreatWarningsAsErrors=false)")}.");
        }
        foreach (var failure in failures)
        {
            md.AppendLine("- " + failure);
        }
        md.AppendLine();
        md.AppendLine("## Generated code");
        md.AppendLine();
        md.AppendLine("Characters each generator adds to a consumer's compilation: EnKashGen's every generated source (runtime included),");
        md.AppendLine("from a driver run in-process on a compilation like the consumer's (C# latest, the shared framework); NSwag's one");
        md.AppendLine("System.Text.Json client file (`CSharpClientGeneratorSettings`, `JsonLibrary = SystemTextJson`, otherwise NSwag's defaults).");
        md.AppendLine("Target: the EnKash spec's output at most 1.5x NSwag's.");
        md.AppendLine();
        md.AppendLine("| spec | size | EnKashGen files | EnKashGen chars | NSwag chars | EnKashGen / NSwag | target |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|---|");
        foreach (var s in sizes)
        {
            var ratio = s.NSwagChars > 0 ? s.EnKashGenChars / (double)s.NSwagChars : double.NaN;
            var target = s.Spec == "enkash-cards.yaml" ? (ratio <= 1.5 ? "met" : "MISSED") : "";
            md.AppendLine($"| {s.Spec} | {Kb(s.Bytes)} | {s.EnKashGenFiles} | {s.EnKashGenChars:N0} | {(s.NSwagError is null ? s.NSwagChars.ToString("N0", CultureInfo.InvariantCulture) : "NSwag failed: " + s.NSwagError)} | {(double.IsNaN(ratio) ? "–" : "**" + ratio.ToString("0.00", CultureInfo.InvariantCulture) + "**")} | {target} |");
        }
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>BenchmarkDotNet.Artifacts/results/EnKashGen-build.md and every timed build in EnKashGen-build-runs.csv.</summary>
    private static void WriteResults(string report, List<SpecResult> results, List<Sample> empty)
    {
        var csv = new StringBuilder("spec,variant,round,position,seconds,peak_rss_bytes,exit_code,warnings,errors\n");
        foreach (var s in results.SelectMany(r => r.Samples).Concat(empty))
        {
            csv.AppendLine(string.Join(",", s.Spec, s.Variant, s.Round, s.Position, s.Seconds.ToString("0.000", CultureInfo.InvariantCulture), s.PeakRssBytes, s.ExitCode, s.Warnings, s.Errors));
        }
        var folder = Path.Combine(BenchConfig.ArtifactsPath, "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "EnKashGen-build-runs.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "EnKashGen-build.md"), report);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static string Kb(long bytes) => bytes >= 1_000_000 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    private static string Mb(double bytes) => double.IsNaN(bytes) ? "–" : (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    public static string LoadAverage()
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

    /// <summary>The commit measured, and whether the generator's sources differ from it.</summary>
    public static string Commit() => Git("rev-parse --short HEAD") + (Git("status --porcelain -- src") is { Length: > 0 } ? " (src/ has uncommitted changes)" : "");

    private static string Git(string arguments)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = BenchPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Sdk()
    {
        var run = DotNetProcess.Run(BenchPaths.RepoRoot, TimeSpan.FromMinutes(1), "--version");
        return run.Output.Trim();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
