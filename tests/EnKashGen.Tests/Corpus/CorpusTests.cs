using System;
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

    [Fact]
    public void OpenApi_3_1_document_gets_one_unsupported_version_diagnostic_at_the_openapi_line()
    {
        var path = Path.Combine(TestPaths.Corpus, "adyen-balanceplatform-v2-3.1.0.json");
        var result = CorpusRunner.Run(path);
        output.WriteLine(CorpusRunner.Describe(result));

        Assert.Empty(result.Exceptions);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("EKG003", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("3.1", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("not supported", diagnostic.GetMessage(), StringComparison.Ordinal);

        var line = File.ReadAllLines(path).Select((text, index) => (text, index)).First(l => l.text.Contains("\"openapi\"", StringComparison.Ordinal)).index;
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line);

        // No client is generated, and what is generated (nothing from the spec) still compiles.
        Assert.Equal(0, result.Types);
        Assert.Equal(0, result.Operations);
        Assert.Empty(result.CompileErrors);
        Assert.Empty(result.CompileWarnings);
    }

    /// <summary>Generates and compiles one document, adds it to the report, and checks the promises of the corpus.</summary>
    internal static void AssertCompilesCleanly(string path, ITestOutputHelper output)
    {
        var result = CorpusRunner.Run(path);
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
            Assert.True(d.Location.Kind == LocationKind.ExternalFile && d.Location.GetLineSpan().Path == path, "not located in the spec: " + d);
        }
        Assert.True(result.Operations > 0, "no operations generated");
    }
}
