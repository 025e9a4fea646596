using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Seeded mutants of specs/enkash-cards.yaml: the generator never throws (no exception, no EKG010, no compiler
/// diagnostic about the generator), and each mutant's client compiles cleanly or the spec has an EKG error that
/// explains why not. Knobs (environment variables): ENKASHGEN_FUZZ_MUTANTS (default 300, stopping early after
/// ENKASHGEN_FUZZ_SECONDS, default 120, unless a count is given), ENKASHGEN_FUZZ_SEED (default 20261124),
/// ENKASHGEN_FUZZ_FIRST (index of the first mutant, default 0, to rerun one failure),
/// ENKASHGEN_FUZZ_FULL_COMPILE=1 (bind all generated files of each mutant, not only those that changed). Failing
/// mutants are written to fuzz-failures/ and a summary to fuzz-report.md in the test output folder.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultMutants = 300;
    private const int DefaultSeed = 20261124;
    private const int DefaultSeconds = 120;
    private const int MinimumMutants = 25;

    [Fact]
    public void Mutants_of_the_EnKash_spec_never_break_the_generator_and_compile_or_are_explained()
    {
        var count = Setting("ENKASHGEN_FUZZ_MUTANTS", DefaultMutants);
        var seed = Setting("ENKASHGEN_FUZZ_SEED", DefaultSeed);
        var first = Setting("ENKASHGEN_FUZZ_FIRST", 0);
        // The default run also stops after two minutes, so its share of a busy CI machine stays bounded; an explicit
        // mutant count runs in full unless ENKASHGEN_FUZZ_SECONDS is set too (0: no limit).
        var explicitCount = Environment.GetEnvironmentVariable("ENKASHGEN_FUZZ_MUTANTS") is not null;
        var budget = TimeSpan.FromSeconds(Setting("ENKASHGEN_FUZZ_SECONDS", explicitCount ? 0 : DefaultSeconds));
        var run = new FuzzRun(File.ReadAllText(TestPaths.EnKashSpec));
        var stopwatch = Stopwatch.StartNew();
        var done = 0;
        while (done < count && (budget == TimeSpan.Zero || stopwatch.Elapsed < budget))
        {
            run.Check(seed, first + done);
            done++;
        }
        stopwatch.Stop();

        var report = run.Report(seed, first, done, stopwatch.Elapsed) + (done < count ? FormattableString.Invariant($"\nStopped after {done} of {count} mutants: the time budget of {budget.TotalSeconds:F0} s (ENKASHGEN_FUZZ_SECONDS) was used up.\n") : string.Empty);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fuzz-report.md"), report);
        output.WriteLine(report);
        Assert.True(run.Failures.Count == 0, run.Failures.Count + " mutants failed:\n" + string.Join("\n\n", run.Failures.Take(10)));
        Assert.True(done >= Math.Min(count, MinimumMutants), "only " + done + " mutants ran within the time budget");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

/// <summary>Generates and (when the output is new) compiles mutants, keeping counts and the failures.</summary>
internal sealed class FuzzRun
{
    private const string SpecPath = "/specs/enkash-cards-mutant";
    private readonly SpecMutator _mutator;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly Compilation _empty = GeneratorHarness.CreateCompilation(Array.Empty<string>());
    private readonly Dictionary<string, IReadOnlyList<Diagnostic>> _compiled = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _baselineCodes;
    private readonly SortedDictionary<string, int> _diagnosticCounts = new(StringComparer.Ordinal);
    private int _parsedNot;
    private int _clean;
    private int _explained;
    private int _withErrors;
    private int _compilations;
    private TimeSpan _generation;
    private TimeSpan _compile;

    public FuzzRun(string yaml)
    {
        _mutator = new SpecMutator(yaml);
        // The shared runtime is the same for every mutant: compiled once and referenced, so each mutant compiles only its own files.
        var baseline = GeneratorHarness.Run(SpecPath + ".yaml", yaml);
        var runtimeTrees = baseline.Sources.Where(s => IsRuntime(s.HintName)).Select(s => s.SyntaxTree);
        // The runtime's plumbing is internal; the mutants see it as the generated code of one assembly would.
        var friend = CSharpSyntaxTree.ParseText("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Mutant\")]");
        var runtime = CSharpCompilation.Create("EnKashGen.FuzzRuntime", runtimeTrees.Append(friend), GeneratorHarness.References, Options);
        using var image = new MemoryStream();
        var emitted = runtime.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Take(10)));
        _references = GeneratorHarness.References.Add(MetadataReference.CreateFromImage(image.ToArray()));
        var baselineTrees = baseline.Sources.Where(s => !IsRuntime(s.HintName)).Select(s => s.SyntaxTree).ToList();
        var baselineErrors = Compile(baselineTrees);
        Assert.True(baselineErrors.Count == 0, string.Join("\n", baselineErrors.Take(10)));
        _baselineCodes = baselineTrees.ToDictionary(t => t.FilePath, Code, StringComparer.Ordinal);
    }

    public List<string> Failures { get; } = new();

    public int Total { get; private set; }

    /// <summary>ENKASHGEN_FUZZ_FULL_COMPILE=1: bind every file of every mutant, not only the files that changed.</summary>
    public static bool FullCompile => Environment.GetEnvironmentVariable("ENKASHGEN_FUZZ_FULL_COMPILE") == "1";

    private static CSharpCompilationOptions Options => new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Suppress });

    public void Check(int seed, int index)
    {
        Total++;
        var (text, extension, log) = _mutator.Mutate(seed, index);
        var path = SpecPath + extension;

        var stopwatch = Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver(new[] { new SpecFile(path, text) });
        driver = driver.RunGenerators(_empty, CancellationToken.None);
        var result = driver.GetRunResult();
        _generation += stopwatch.Elapsed;

        var diagnostics = result.Diagnostics;
        foreach (var d in diagnostics)
        {
            _diagnosticCounts[d.Id] = _diagnosticCounts.TryGetValue(d.Id, out var n) ? n + 1 : 1;
        }
        var problems = new List<string>();
        foreach (var exception in result.Results.Select(r => r.Exception).Where(e => e is not null))
        {
            problems.Add("generator threw: " + exception);
        }
        foreach (var d in diagnostics.Where(d => d.Id == "EKG010" || !d.Id.StartsWith("EKG", StringComparison.Ordinal)))
        {
            problems.Add("generator failure: " + d);
        }
        foreach (var d in diagnostics.Where(d => d.DefaultSeverity >= DiagnosticSeverity.Warning && d.Id is not ("EKG009" or "EKG010")))
        {
            if (d.Location.Kind != LocationKind.ExternalFile || d.Location.GetLineSpan().Path != path)
            {
                problems.Add("not located in the spec: " + d);
            }
        }

        var hasError = diagnostics.Any(d => d.Id.StartsWith("EKG", StringComparison.Ordinal) && d.DefaultSeverity == DiagnosticSeverity.Error);
        if (hasError)
        {
            _withErrors++;
        }
        var trees = result.Results.SelectMany(r => r.GeneratedSources).Where(s => !IsRuntime(s.HintName)).Select(s => s.SyntaxTree).ToList();
        if (trees.Count == 0)
        {
            _parsedNot++;
            if (!hasError)
            {
                problems.Add("no client and no error diagnostic");
            }
        }
        else
        {
            stopwatch.Restart();
            var errors = Compile(trees);
            _compile += stopwatch.Elapsed;
            if (errors.Count == 0)
            {
                _clean++;
            }
            else if (hasError)
            {
                _explained++;
            }
            else
            {
                problems.Add("does not compile, and no EKG error explains it:\n  " + string.Join("\n  ", errors.Take(10)));
            }
        }

        if (problems.Count > 0)
        {
            var name = "mutant-" + seed.ToString(CultureInfo.InvariantCulture) + "-" + index.ToString(CultureInfo.InvariantCulture);
            var dir = Path.Combine(AppContext.BaseDirectory, "fuzz-failures");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + extension), text);
            var description = name + " (" + string.Join("; ", log) + ")\n" + string.Join("\n", problems) + "\ngenerator: " + string.Join("\n  ", diagnostics.Take(8));
            File.WriteAllText(Path.Combine(dir, name + ".txt"), description);
            Failures.Add(description);
        }
    }

    public string Report(int seed, int first, int count, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# EnKashGen fuzz report");
        sb.AppendLine();
        sb.AppendLine(FormattableString.Invariant($"seed {seed}, mutants {first}..{first + count - 1} of specs/enkash-cards.yaml, {elapsed.TotalSeconds:F1} s (generation {_generation.TotalSeconds:F1} s, {_compilations} compilations{(FullCompile ? " of all files" : " of changed files")} {_compile.TotalSeconds:F1} s)"));
        sb.AppendLine();
        sb.AppendLine("| outcome | mutants |");
        sb.AppendLine("|---|--:|");
        sb.AppendLine(FormattableString.Invariant($"| client generated, compiles with no diagnostic | {_clean} |"));
        sb.AppendLine(FormattableString.Invariant($"| client generated, compile errors explained by an EKG error | {_explained} |"));
        sb.AppendLine(FormattableString.Invariant($"| no client (document not usable), EKG error reported | {_parsedNot} |"));
        sb.AppendLine(FormattableString.Invariant($"| mutants with at least one EKG error | {_withErrors} |"));
        sb.AppendLine(FormattableString.Invariant($"| failures (crash, unexplained, unlocated) | {Failures.Count} |"));
        sb.AppendLine();
        sb.AppendLine("Diagnostics reported: " + string.Join(", ", _diagnosticCounts.Select(p => p.Key + " x" + p.Value.ToString(CultureInfo.InvariantCulture))));
        return sb.ToString();
    }

    private IReadOnlyList<Diagnostic> Compile(List<SyntaxTree> trees)
    {
        // Keyed by the code without comments: mutants that differ only in documentation compile alike.
        var codes = trees.Select(t => (Tree: t, Code: Code(t))).ToList();
        var key = Hash(string.Join("\u0000", codes.Select(c => c.Tree.FilePath + "\u0000" + c.Code)));
        if (_compiled.TryGetValue(key, out var known))
        {
            return known;
        }
        _compilations++;
        var compilation = CSharpCompilation.Create("Mutant", trees, _references, Options);
        List<Diagnostic> errors;
        if (_baselineCodes is null || FullCompile)
        {
            errors = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        }
        else
        {
            // Declarations of every file; method bodies of the client-level files (client, options, validators,
            // resolver), which use the members of many types, and of the type files whose code differs from the
            // unmutated spec's: a type's file names the kinds of the types it uses, so an unchanged one binds as before.
            errors = compilation.GetDeclarationDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            foreach (var (tree, code) in codes)
            {
                var typeFile = tree.FilePath.Contains(".Models.", StringComparison.Ordinal) || tree.FilePath.Contains(".Enums.", StringComparison.Ordinal) || tree.FilePath.Contains(".Unions.", StringComparison.Ordinal);
                if (!typeFile || !_baselineCodes.TryGetValue(tree.FilePath, out var baselineCode) || baselineCode != code)
                {
                    errors.AddRange(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
                }
            }
            errors = errors.Distinct().ToList();
        }
        _compiled[key] = errors;
        return errors;
    }

    private static string Code(SyntaxTree tree)
    {
        var code = new StringBuilder();
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            code.Append(token.Text).Append(' ');
        }
        return Hash(code.ToString());
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool IsRuntime(string hintName) => hintName.StartsWith("EnKashGen.Runtime.", StringComparison.Ordinal);
}
