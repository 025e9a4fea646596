using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using EnKashGen.Emit;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EnKashGen.Tests.Infrastructure;

/// <summary>
/// The whole runtime, every optional part included (a compilation gets the parts its specs use), compiled once here
/// and referenced, so a test that generates many specs compiles only each spec's own files.
/// </summary>
public static class GeneratedRuntime
{

    private static readonly Lazy<ImmutableArray<MetadataReference>> Compiled = new(Build);

    /// <summary>The platform's references and the compiled runtime.</summary>
    public static ImmutableArray<MetadataReference> References => Compiled.Value;

    /// <summary>What the consumer's build would use: nullable on, every warning an error.</summary>
    public static CSharpCompilationOptions Options => new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Suppress });

    public static bool IsRuntime(string hintName) => hintName.StartsWith("EnKashGen.Runtime.", StringComparison.Ordinal);

    /// <summary>Errors and warnings of the spec's generated files compiled against the runtime.</summary>
    public static IReadOnlyList<Diagnostic> Compile(IEnumerable<SyntaxTree> specTrees) =>
        CSharpCompilation.Create("Spec", specTrees, References, Options).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    private static ImmutableArray<MetadataReference> Build()
    {
        var trees = RuntimeEmitter.Emit(hasLogging: false, "public", surfaceReferenced: false, loggerSinkReferenced: false, RuntimeFeature.All)
            .Select(file => CSharpSyntaxTree.ParseText(file.Source, GeneratorHarness.ParseOptions(), file.HintName))
            .ToList();
        Assert.NotEmpty(trees);
        // The runtime's plumbing is internal; the specs compiled against it see it as the generated code of one assembly would.
        trees.Add(CSharpSyntaxTree.ParseText(
            "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Spec\")]\n" +
            "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Mutant\")]"));
        var runtime = CSharpCompilation.Create("EnKashGen.TestRuntime", trees, GeneratorHarness.References, Options);
        using var image = new MemoryStream();
        var emitted = runtime.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Take(10)));
        return GeneratorHarness.References.Add(MetadataReference.CreateFromImage(image.ToArray()));
    }
}
