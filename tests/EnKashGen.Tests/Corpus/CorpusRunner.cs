using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EnKashGen.Tests.Corpus;

/// <summary>What generating and compiling one corpus document produced.</summary>
public sealed record CorpusResult(
    string Document,
    long Bytes,
    int Operations,
    int Models,
    int Enums,
    int Unions,
    Polymorphism Polymorphism,
    TimeSpan GenerationTime,
    TimeSpan CompileTime,
    IReadOnlyList<Diagnostic> CompileErrors,
    IReadOnlyList<Diagnostic> CompileWarnings,
    IReadOnlyList<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<Exception> Exceptions,
    GenerationResult Generation)
{
    public int Types => Models + Enums + Unions;

    /// <summary>"EKG005 x12, EKG007 x3" (sorted by id), or "none".</summary>
    public string DiagnosticSummary => GeneratorDiagnostics.Count == 0
        ? "none"
        : string.Join(", ", GeneratorDiagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " x" + g.Count().ToString(CultureInfo.InvariantCulture)));

    public string Row() => "| " + Document
        + " | " + Operations.ToString(CultureInfo.InvariantCulture)
        + " | " + Types.ToString(CultureInfo.InvariantCulture) + " (" + Models.ToString(CultureInfo.InvariantCulture) + "/" + Enums.ToString(CultureInfo.InvariantCulture) + "/" + Unions.ToString(CultureInfo.InvariantCulture) + ")"
        + " | " + Polymorphism.Hierarchies.ToString(CultureInfo.InvariantCulture) + " (" + Polymorphism.DerivedTypes.ToString(CultureInfo.InvariantCulture) + ")"
        + " | " + Polymorphism.DiscriminatedUnions.ToString(CultureInfo.InvariantCulture)
        + " | " + Ms(GenerationTime)
        + " | " + Ms(CompileTime)
        + " | " + CompileErrors.Count.ToString(CultureInfo.InvariantCulture)
        + " | " + CompileWarnings.Count.ToString(CultureInfo.InvariantCulture)
        + " | " + DiagnosticSummary + " |";

    public static string TableHeader =>
        "| document | operations | types (models/enums/unions) | hierarchies (derived types) | discriminated unions | generation ms | compile ms | compile errors | compile warnings | generator diagnostics |\n"
        + "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|";

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}

/// <summary>How much of a document is polymorphic: class hierarchies, the classes derived in them, discriminated unions.</summary>
public sealed record Polymorphism(int Hierarchies, int DerivedTypes, int DiscriminatedUnions);

/// <summary>Generates and compiles one document of the corpus, and keeps a markdown report of every document run.</summary>
public static class CorpusRunner
{
    private static readonly object ReportLock = new();
    private static readonly Dictionary<string, string> Rows = new(StringComparer.Ordinal);
    private static readonly Lazy<bool> Warm = new(() =>
    {
        // JIT the generator and the reader once, so the first document's time is not mostly start-up.
        GeneratorHarness.Run(Path.Combine(TestPaths.Corpus, "oai-petstore-3.0.yaml"), File.ReadAllText(Path.Combine(TestPaths.Corpus, "oai-petstore-3.0.yaml")));
        return true;
    });

    /// <summary>Where the report is written: corpus-report.md in the test output folder.</summary>
    public static string ReportPath => Path.Combine(AppContext.BaseDirectory, "corpus-report.md");

    public static CorpusResult Run(string path) => Run(new[] { new SpecFile(path, File.ReadAllText(path)) });

    /// <summary>
    /// Generates and compiles one spec given as all of its files: the root (a spec) and, for a multi-file spec, its
    /// parts (<see cref="SpecFile.Part"/>). The report names it <paramref name="document"/>, or the root's file name.
    /// </summary>
    public static CorpusResult Run(IReadOnlyList<SpecFile> files, string? document = null)
    {
        _ = Warm.Value;
        var root = files.First(f => f.IsSpec);
        var compilation = GeneratorHarness.CreateCompilation(Array.Empty<string>());
        // Documentation comments are checked too, as in a project that generates a documentation file.
        var driver = GeneratorHarness.CreateDriver(files, parseOptions: GeneratorHarness.ParseOptions().WithDocumentationMode(DocumentationMode.Diagnose));

        var stopwatch = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation, CancellationToken.None);
        var run = driver.GetRunResult();
        var generation = stopwatch.Elapsed;

        var sources = run.Results.SelectMany(r => r.GeneratedSources).ToList();
        var exceptions = run.Results.Select(r => r.Exception).Where(e => e is not null).Cast<Exception>().ToList();
        var output = compilation.AddSyntaxTrees(sources.Select(s => s.SyntaxTree));

        stopwatch.Restart();
        var compileDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var compile = stopwatch.Elapsed;

        var result = new CorpusResult(
            document ?? Path.GetFileName(root.Path),
            files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Text)),
            CountOperations(sources),
            CountTypes(sources, ".Models."),
            CountTypes(sources, ".Enums."),
            CountTypes(sources, ".Unions."),
            CountPolymorphism(sources),
            generation,
            compile,
            compileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError).ToList(),
            compileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning || d.IsWarningAsError).ToList(),
            run.Diagnostics.ToList(),
            exceptions,
            new GenerationResult(sources.ToImmutableArrayOrEmpty(), run.Diagnostics, exceptions.ToImmutableArrayOrEmpty(), output, run.Diagnostics));
        Record(result);
        return result;
    }

    /// <summary>
    /// The types declared in the files of one kind: a large spec writes many types to a file, so files are not types.
    /// Every generated type (and nothing nested in it) carries the GeneratedCode attribute at the start of a line.
    /// </summary>
    private static int CountTypes(IEnumerable<GeneratedSourceResult> sources, string kind) =>
        sources.Where(s => s.HintName.Contains(kind, StringComparison.Ordinal))
            .Sum(s => s.SourceText.Lines.Count(l => s.SourceText.ToString(l.Span).StartsWith("[global::System.CodeDom.Compiler.GeneratedCode(", StringComparison.Ordinal)));

    /// <summary>
    /// Class hierarchies (a model class that others derive from and that derives from none) with their derived classes
    /// (the types of values whose discriminator the spec does not list are not counted), and unions read by a discriminator.
    /// </summary>
    public static Polymorphism CountPolymorphism(IEnumerable<GeneratedSourceResult> sources)
    {
        var bases = new Dictionary<string, string?>(StringComparer.Ordinal);
        var discriminated = 0;
        foreach (var source in sources)
        {
            var root = source.SyntaxTree.GetRoot();
            if (source.HintName.Contains(".Models.", StringComparison.Ordinal))
            {
                foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax))
                {
                    var listed = type.BaseList?.Types.Select(t => t.Type.ToString()).ToList() ?? new List<string>();
                    if (listed.Any(t => t.EndsWith(".IUnknownVariant", StringComparison.Ordinal)))
                    {
                        continue;
                    }
                    var first = listed.FirstOrDefault();
                    bases[type.Identifier.ValueText] = first?.Substring(first.LastIndexOf('.') + 1);
                }
            }
            else if (source.HintName.Contains(".Unions.", StringComparison.Ordinal))
            {
                // The union's codec names its discriminator (or null) as the first argument of its base constructor.
                discriminated += root.DescendantNodes().OfType<ConstructorInitializerSyntax>()
                    .Count(i => i.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression));
            }
        }
        var derived = bases.Where(b => b.Value is not null && bases.ContainsKey(b.Value)).ToList();
        var roots = derived.Select(d => d.Value!).Distinct(StringComparer.Ordinal).Count(b => bases[b] is null || !bases.ContainsKey(bases[b]!));
        return new Polymorphism(roots, derived.Count, discriminated);
    }

    /// <summary>A multi-line account of one result for the test log.</summary>
    public static string Describe(CorpusResult result, int max = 40)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CorpusResult.TableHeader);
        sb.AppendLine(result.Row());
        foreach (var d in result.GeneratorDiagnostics.Take(max))
        {
            sb.AppendLine("generator: " + d);
        }
        foreach (var d in result.CompileErrors.Concat(result.CompileWarnings).Take(max))
        {
            sb.AppendLine("compiler: " + d);
        }
        foreach (var e in result.Exceptions)
        {
            sb.AppendLine("exception: " + e);
        }
        return sb.ToString();
    }

    /// <summary>Public methods ending in Async on the client and its tag groups: one per operation.</summary>
    private static int CountOperations(IEnumerable<GeneratedSourceResult> sources)
    {
        var count = 0;
        foreach (var source in sources.Where(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)))
        {
            count += source.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Count(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal) && m.Parent is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PublicKeyword));
        }
        return count;
    }

    private static void Record(CorpusResult result)
    {
        lock (ReportLock)
        {
            Rows[result.Document] = result.Row();
            var sb = new StringBuilder();
            sb.AppendLine("# EnKashGen corpus report");
            sb.AppendLine();
            sb.AppendLine("Generated by tests/EnKashGen.Tests/Corpus (" + DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture) + ", " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " cores).");
            sb.AppendLine();
            sb.AppendLine(CorpusResult.TableHeader);
            foreach (var row in Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                sb.AppendLine(row.Value);
            }
            File.WriteAllText(ReportPath, sb.ToString());
        }
    }

    private static System.Collections.Immutable.ImmutableArray<T> ToImmutableArrayOrEmpty<T>(this IEnumerable<T> items) => System.Collections.Immutable.ImmutableArray.CreateRange(items);
}
