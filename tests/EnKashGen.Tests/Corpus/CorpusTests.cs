using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Every public OpenAPI document in ../shared/openapi-corpus generates a client that compiles with zero errors and
/// zero compiler warnings; what the generator cannot express is reported as its own EKG diagnostics, each located in
/// the spec. Each run adds a row to corpus-report.md in the test output folder. Stripe and GitHub are in
/// <see cref="LargeCorpusTests"/>.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    [InlineData("box-openapi.json")]
    public void Small_document_generates_a_client_that_compiles_cleanly(string file) => AssertCompilesCleanly(Path.Combine(TestPaths.Corpus, file), output);

    [Fact]
    public void EnKash_spec_generates_a_client_that_compiles_cleanly() => AssertCompilesCleanly(TestPaths.EnKashSpec, output);

    /// <summary>The corpus's OpenAPI 3.1 document (Adyen's own, 233 schemas) is there to prove 3.1 support.</summary>
    [Fact]
    public void OpenApi_3_1_document_generates_a_client_that_compiles_cleanly() =>
        AssertCompilesCleanly(Path.Combine(TestPaths.Corpus, "adyen-balanceplatform-v2-3.1.0.json"), output);

    /// <summary>Generates and compiles one document, adds it to the report, and checks the promises of the corpus.</summary>
    internal static CorpusResult AssertCompilesCleanly(string path, ITestOutputHelper output) =>
        AssertCompilesCleanly(CorpusRunner.Run(path), new[] { path }, output);

    /// <summary>
    /// Checks the promises of the corpus on a result: the generator did not throw or fail, reported no error, the
    /// client compiles with no error and no warning, and every diagnostic is the generator's own, located in one of
    /// <paramref name="specPaths"/> (the spec's files: its root and, for a multi-file spec, its parts).
    /// </summary>
    internal static CorpusResult AssertCompilesCleanly(CorpusResult result, IReadOnlyCollection<string> specPaths, ITestOutputHelper output)
    {
        output.WriteLine(CorpusRunner.Describe(result));
        output.WriteLine("report: " + CorpusRunner.ReportPath);

        Assert.Empty(result.Exceptions);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "EKG010");
        // The harness compiles with warnings as errors, so a generator warning arrives as an error: judge by the descriptor.
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.True(result.CompileErrors.Count == 0, result.CompileErrors.Count + " compile errors:\n" + string.Join("\n", result.CompileErrors.Take(40)));
        Assert.True(result.CompileWarnings.Count == 0, result.CompileWarnings.Count + " compiler warnings:\n" + string.Join("\n", result.CompileWarnings.Take(40)));
        foreach (var d in result.GeneratorDiagnostics)
        {
            // The generator's own diagnostics only, each pointing into the spec.
            Assert.StartsWith("EKG", d.Id, StringComparison.Ordinal);
            Assert.True(d.Location.Kind == LocationKind.ExternalFile && specPaths.Contains(d.Location.GetLineSpan().Path), "not located in the spec: " + d);
        }
        Assert.True(result.Operations > 0, "no operations generated");
        return result;
    }
}
