using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Seeded mutants of five specs: specs/enkash-cards.yaml, the same spec as JSON, a JSON document of the public corpus
/// cut down to a few operations (Adyen's balance platform, OpenAPI 3.0.3), the OpenAPI 3.1 document of
/// Corpus/Documents, and the multi-file spec of Corpus/Documents/multi-file (each mutant changes its root or one of
/// its parts). For every mutant the generator never throws (no exception, no EKG010, no compiler diagnostic about the
/// generator), every warning and error is located in one of the spec's files, and the client compiles cleanly or the
/// spec has an EKG error that explains why not. Knobs (environment variables): ENKASHGEN_FUZZ_MUTANTS (mutants per
/// spec, default 16, stopping early after ENKASHGEN_FUZZ_SECONDS per spec, default 60, unless a count is given),
/// ENKASHGEN_FUZZ_SEED (default 20261124), ENKASHGEN_FUZZ_FIRST (index of the first mutant, default 0, to rerun one
/// failure), ENKASHGEN_FUZZ_FULL_COMPILE=1 (bind all generated files of each mutant, not only those that changed).
/// Failing mutants are written to fuzz-failures/ and a summary per spec to fuzz-report-{spec}.md in the test output folder.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultMutants = 16;
    private const int DefaultSeed = 20261124;
    private const int DefaultSeconds = 60;
    private const int MinimumMutants = 5;

    private static readonly string[] Names = { "enkash-yaml", "enkash-json", "adyen-json", "openapi-3.1", "multi-file" };

    public static TheoryData<string> Specs => new(Names);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Mutants_never_break_the_generator_and_compile_or_are_explained(string spec)
    {
        var count = Setting("ENKASHGEN_FUZZ_MUTANTS", DefaultMutants);
        var seed = Setting("ENKASHGEN_FUZZ_SEED", DefaultSeed);
        var first = Setting("ENKASHGEN_FUZZ_FIRST", 0);
        // The default run is a fixed set of mutants (a few seconds per spec), so what it checks does not depend on how
        // busy the machine is; the time budget only bounds a machine that is very slow. An explicit mutant count runs
        // in full unless ENKASHGEN_FUZZ_SECONDS is set too (0: no limit).
        var explicitCount = Environment.GetEnvironmentVariable("ENKASHGEN_FUZZ_MUTANTS") is not null;
        var budget = TimeSpan.FromSeconds(Setting("ENKASHGEN_FUZZ_SECONDS", explicitCount ? 0 : DefaultSeconds));
        var run = new FuzzRun(FuzzSubject.Named(spec));
        var stopwatch = Stopwatch.StartNew();
        var done = 0;
        while (done < count && (budget == TimeSpan.Zero || stopwatch.Elapsed < budget))
        {
            run.Check(seed, first + done);
            done++;
        }
        stopwatch.Stop();

        var report = run.Report(seed, first, done, stopwatch.Elapsed) + (done < count ? FormattableString.Invariant($"\nStopped after {done} of {count} mutants: the time budget of {budget.TotalSeconds:F0} s (ENKASHGEN_FUZZ_SECONDS) was used up.\n") : string.Empty);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fuzz-report-" + spec + ".md"), report);
        output.WriteLine(report);
        Assert.True(run.Failures.Count == 0, run.Failures.Count + " mutants failed:\n" + string.Join("\n\n", run.Failures.Take(10)));
        Assert.True(done >= Math.Min(count, MinimumMutants), "only " + done + " mutants ran within the time budget");
    }

    [Fact]
    public void Each_spec_gets_tree_and_text_mutants_and_a_multi_file_spec_has_every_file_mutated()
    {
        // The subjects are what they claim to be, so a mutator that stopped mutating some of them would show here.
        static bool IsJson(string text) => text.TrimStart().StartsWith('{');
        foreach (var name in Names)
        {
            var subject = FuzzSubject.Named(name);
            var changes = Enumerable.Range(0, 40)
                .Select(i => subject.Mutate(DefaultSeed, i).Files)
                .SelectMany(files => files.Select((f, k) => (Index: k, Mutant: f, Original: subject.Files[k])).Where(x => x.Mutant.Text != x.Original.Text))
                .ToList();
            Assert.Equal(Enumerable.Range(0, subject.Files.Count), changes.Select(c => c.Index).Distinct().Order());
            Assert.Contains(changes, c => IsJson(c.Mutant.Text) && c.Mutant.Text.Contains('\n', StringComparison.Ordinal));
            Assert.Contains(changes, c => IsJson(c.Mutant.Text) && !c.Mutant.Text.Contains('\n', StringComparison.Ordinal));
            Assert.Contains(changes, c => IsJson(c.Mutant.Text) == IsJson(c.Original.Text) && c.Mutant.Text.Split('\n').Length != c.Original.Text.Split('\n').Length);
        }
        Assert.StartsWith("3.1", (string)JsonNode.Parse(new SpecMutator(FuzzSubject.Named("openapi-3.1").Files[0].Text).BaseJson)!["openapi"]!, StringComparison.Ordinal);
        Assert.True(IsJson(FuzzSubject.Named("enkash-json").Files[0].Text));
        var multiFile = FuzzSubject.Named("multi-file").Files;
        Assert.True(multiFile.Count >= 5 && multiFile.Count(f => f.IsSpec) == 1 && multiFile.Any(f => IsJson(f.Text)));
        var adyen = JsonNode.Parse(FuzzSubject.Named("adyen-json").Files[0].Text)!;
        Assert.Equal(FuzzSubject.AdyenPaths, ((JsonObject)adyen["paths"]!).Count);
        Assert.InRange(((JsonObject)adyen["components"]!["schemas"]!).Count, 5, 59);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

/// <summary>A spec to mutate: its files (one spec, maybe parts) and a mutator for each.</summary>
internal sealed class FuzzSubject
{
    /// <summary>Operations kept of the corpus document: enough to use most of its schemas, few enough to compile in a blink.</summary>
    public const int AdyenPaths = 6;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<SpecMutator> _mutators;

    private FuzzSubject(string name, IReadOnlyList<SpecFile> files, Func<string, IReadOnlyList<string>>? references = null)
    {
        Name = name;
        Files = files;
        _mutators = files.Select(f => new SpecMutator(f.Text, references?.Invoke(f.Path))).ToList();
    }

    public string Name { get; }

    public IReadOnlyList<SpecFile> Files { get; }

    public static FuzzSubject Named(string name)
    {
        switch (name)
        {
            case "enkash-yaml":
                return Single(name, "/specs/enkash-cards-mutant.yaml", File.ReadAllText(TestPaths.EnKashSpec));
            case "enkash-json":
                return Single(name, "/specs/enkash-cards-mutant.json", JsonNode.Parse(new SpecMutator(File.ReadAllText(TestPaths.EnKashSpec)).BaseJson)!.ToJsonString(Indented));
            case "adyen-json":
                return Single(name, "/specs/adyen-mutant.json", CutDown(File.ReadAllText(Path.Combine(TestPaths.Corpus, "adyen-balanceplatform-v1-3.0.3.json")), AdyenPaths));
            case "openapi-3.1":
                return Single(name, "/specs/openapi-3.1-mutant.yaml", File.ReadAllText(Path.Combine(TestPaths.CorpusDocuments, "openapi-3.1.yaml")));
            case "multi-file":
                return MultiFile(name);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    /// <summary>
    /// Mutant <paramref name="index"/>: one file changed (the spec, for a one-file spec). A one-file spec's path follows
    /// the mutant's text (a tree mutant is JSON); a part keeps its path, since the other files refer to it by name.
    /// </summary>
    public (IReadOnlyList<SpecFile> Files, List<string> Log) Mutate(int seed, int index)
    {
        var which = Files.Count == 1 ? 0 : new Random(unchecked(seed * 31 + index)).Next(Files.Count);
        var (text, extension, log) = _mutators[which].Mutate(seed, index);
        var files = Files.ToList();
        var original = files[which];
        var path = Files.Count == 1 ? Path.ChangeExtension(original.Path, extension) : original.Path;
        files[which] = original with { Path = path, Text = text };
        log.Insert(0, Path.GetFileName(original.Path) + ":");
        return (files, log);
    }

    private static FuzzSubject Single(string name, string path, string text) => new(name, new[] { new SpecFile(path, text) });

    /// <summary>The multi-file spec under /specs/multi-file/, as the build declares it: the root a spec, every other file a part.</summary>
    private static FuzzSubject MultiFile(string name)
    {
        var folder = Path.Combine(TestPaths.CorpusDocuments, "multi-file");
        var files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(p => Path.GetFileName(p) == "openapi.yaml" ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal)
            .Select(p => (Relative: Path.GetRelativePath(folder, p).Replace('\\', '/'), Text: File.ReadAllText(p)))
            .ToList();
        var specFiles = files.Select(f => f.Relative == "openapi.yaml"
            ? new SpecFile("/specs/multi-file/openapi.yaml", f.Text)
            : SpecFile.Part("/specs/multi-file/" + f.Relative, f.Text)).ToList();
        // Each file may refer to the top-level members of every file (itself included), relative to itself.
        IReadOnlyList<string> References(string from)
        {
            var directory = Path.GetDirectoryName(from)!.Replace('\\', '/');
            return specFiles.SelectMany(target =>
            {
                var relative = Path.GetRelativePath(directory, target.Path).Replace('\\', '/');
                var keys = target.IsSpec ? new[] { "components/schemas/Pet", "components/parameters/PetId" } : TopLevelKeys(target.Text);
                return keys.Select(k => relative + "#/" + k).Append(relative);
            }).ToList();
        }
        return new FuzzSubject(name, specFiles, References);
    }

    private static IEnumerable<string> TopLevelKeys(string text) =>
        (JsonNode.Parse(new SpecMutator(text).BaseJson) as JsonObject)?.Select(p => p.Key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)).ToList() ?? new List<string>();

    /// <summary>
    /// The first <paramref name="paths"/> path items of a document and the components they lead to (references
    /// followed transitively), indented: the document's own constructs at a size a mutant compiles quickly.
    /// </summary>
    private static string CutDown(string json, int paths)
    {
        var doc = JsonNode.Parse(json)!.AsObject();
        var allPaths = (JsonObject)doc["paths"]!;
        var kept = new JsonObject();
        foreach (var pair in allPaths.Take(paths).ToList())
        {
            kept[pair.Key] = pair.Value!.DeepClone();
        }
        doc["paths"] = kept;
        var components = (JsonObject)doc["components"]!;
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Stack<JsonNode>();
        frontier.Push(kept);
        if (components["securitySchemes"] is { } schemes)
        {
            frontier.Push(schemes);
        }
        while (frontier.Count > 0)
        {
            switch (frontier.Pop())
            {
                case JsonObject obj:
                    foreach (var member in obj)
                    {
                        if (member.Key == "$ref" && member.Value is JsonValue value && value.TryGetValue<string>(out var reference)
                            && reference.StartsWith("#/components/", StringComparison.Ordinal) && reached.Add(reference)
                            && reference.Split('/') is { Length: 4 } segments && components[segments[2]]?[segments[3]] is { } target)
                        {
                            frontier.Push(target);
                        }
                        else if (member.Value is not null)
                        {
                            frontier.Push(member.Value);
                        }
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            frontier.Push(item);
                        }
                    }
                    break;
            }
        }
        foreach (var section in components.ToList())
        {
            if (section.Key == "securitySchemes" || section.Value is not JsonObject entries)
            {
                continue;
            }
            foreach (var entry in entries.ToList())
            {
                if (!reached.Contains("#/components/" + section.Key + "/" + entry.Key))
                {
                    entries.Remove(entry.Key);
                }
            }
        }
        return doc.ToJsonString(Indented);
    }
}

/// <summary>Generates and (when the output is new) compiles mutants, keeping counts and the failures.</summary>
internal sealed class FuzzRun
{
    private readonly FuzzSubject _subject;
    private readonly ImmutableArray<MetadataReference> _references = GeneratedRuntime.References;
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

    public FuzzRun(FuzzSubject subject)
    {
        _subject = subject;
        // The shared runtime is the same for every mutant: compiled once and referenced, so each mutant compiles only its own files.
        var baseline = GeneratorHarness.Run(subject.Files);
        Assert.True(baseline.Exceptions.IsEmpty, string.Join("\n", baseline.Exceptions));
        var baselineTrees = baseline.Sources.Where(s => !IsRuntime(s.HintName)).Select(s => s.SyntaxTree).ToList();
        Assert.NotEmpty(baselineTrees);
        var baselineErrors = Compile(baselineTrees);
        Assert.True(baselineErrors.Count == 0, string.Join("\n", baselineErrors.Take(10)));
        _baselineCodes = baselineTrees.ToDictionary(t => t.FilePath, Code, StringComparer.Ordinal);
    }

    public List<string> Failures { get; } = new();

    public int Total { get; private set; }

    /// <summary>ENKASHGEN_FUZZ_FULL_COMPILE=1: bind every file of every mutant, not only the files that changed.</summary>
    public static bool FullCompile => Environment.GetEnvironmentVariable("ENKASHGEN_FUZZ_FULL_COMPILE") == "1";

    private static CSharpCompilationOptions Options => GeneratedRuntime.Options;

    public void Check(int seed, int index)
    {
        Total++;
        var (files, log) = _subject.Mutate(seed, index);
        var paths = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver(files);
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
            if (d.Location.Kind != LocationKind.ExternalFile || !paths.Contains(d.Location.GetLineSpan().Path))
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
            var name = _subject.Name + "-" + seed.ToString(CultureInfo.InvariantCulture) + "-" + index.ToString(CultureInfo.InvariantCulture);
            var dir = Path.Combine(AppContext.BaseDirectory, "fuzz-failures", name);
            Directory.CreateDirectory(dir);
            foreach (var file in files)
            {
                // Mutants may hold lone surrogates, which UTF-8 cannot encode: they are written as U+FFFD.
                File.WriteAllText(Path.Combine(dir, file.Path.TrimStart('/').Replace('/', '_')), file.Text, new UTF8Encoding(false, false));
            }
            var description = name + " (" + string.Join("; ", log) + ")\n" + string.Join("\n", problems) + "\ngenerator: " + string.Join("\n  ", diagnostics.Take(8));
            File.WriteAllText(Path.Combine(dir, "failure.txt"), description);
            Failures.Add(description);
        }
    }

    public string Report(int seed, int first, int count, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# EnKashGen fuzz report");
        sb.AppendLine();
        sb.AppendLine(FormattableString.Invariant($"seed {seed}, mutants {first}..{first + count - 1} of {_subject.Name}, {elapsed.TotalSeconds:F1} s (generation {_generation.TotalSeconds:F1} s, {_compilations} compilations{(FullCompile ? " of all files" : " of changed files")} {_compile.TotalSeconds:F1} s)"));
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

    private static bool IsRuntime(string hintName) => GeneratedRuntime.IsRuntime(hintName);
}
