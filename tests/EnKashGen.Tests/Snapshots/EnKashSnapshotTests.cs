using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EnKashGen.Tests.Snapshots;

/// <summary>
/// Pins the generated output for specs/enkash-cards.yaml. The checked-in files under Snapshots/EnKash are the
/// expected output; set ENKASHGEN_UPDATE_SNAPSHOTS=1 to rewrite them, then review the diff like code.
/// </summary>
public class EnKashSnapshotTests
{
    private const string SpecPath = "/project/specs/enkash-cards.yaml";
    private const string Namespace = "Acme.EnKash";
    private const string ClientName = "EnKashCardsClient";

    private static string SnapshotDirectory => Path.Combine(TestPaths.TestsProject, "Snapshots", "EnKash");

    [Fact]
    public async Task Generated_output_matches_the_checked_in_snapshots()
    {
        var spec = File.ReadAllText(TestPaths.EnKashSpec);
        if (Environment.GetEnvironmentVariable("ENKASHGEN_UPDATE_SNAPSHOTS") == "1")
        {
            RewriteSnapshots(spec);
        }

        var snapshots = Directory.GetFiles(SnapshotDirectory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.True(snapshots.Count > 40, "Expected the snapshot folder to hold the generated files; run with ENKASHGEN_UPDATE_SNAPSHOTS=1 once.");

        var test = new CSharpSourceGeneratorTest<EnKashGenerator, DefaultVerifier>
        {
            // The running runtime's assemblies stand in for reference packages, so nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestState =
            {
                Sources = { "// the consumer's own code\nnamespace Consumer { internal static class Program { } }\n" },
                AdditionalFiles = { (SpecPath, spec) },
                AnalyzerConfigFiles =
                {
                    ("/.globalconfig", $"is_global = true\n\n[{SpecPath}]\nbuild_metadata.AdditionalFiles.EnKashGenSpec = true\nbuild_metadata.AdditionalFiles.EnKashGenNamespace = {Namespace}\nbuild_metadata.AdditionalFiles.EnKashGenClientName = {ClientName}\n"),
                },
            },
        };
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        foreach (var file in snapshots)
        {
            test.TestState.GeneratedSources.Add((typeof(EnKashGenerator), Path.GetFileNameWithoutExtension(file) + ".cs", SourceText.From(File.ReadAllText(file), Encoding.UTF8)));
        }
        await test.RunAsync();
    }

    private static void RewriteSnapshots(string spec)
    {
        var result = GeneratorHarness.Run(new[] { new SpecFile(SpecPath, spec, Namespace, ClientName) });
        Directory.CreateDirectory(SnapshotDirectory);
        foreach (var old in Directory.GetFiles(SnapshotDirectory, "*.cs"))
        {
            File.Delete(old);
        }
        foreach (var source in result.Sources)
        {
            File.WriteAllText(Path.Combine(SnapshotDirectory, source.HintName), source.SourceText.ToString());
        }
    }
}
