using System;
using System.IO.Compression;
using System.Linq;
using EnKashGen.PackageTests.HostCompatibility;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.PackageTests;

/// <summary>
/// Whether what the package ships in analyzers/dotnet/cs loads in the oldest supported compiler hosts, judged from metadata
/// alone: a command-line build on the current SDK cannot show it, because that host supplies nearly everything (see
/// docs/compiler-hosts.md). The rules are <see cref="AnalyzerFolderCheck"/>'s, tested on their own in AnalyzerFolderCheckTests.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class AnalyzerFolderTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public AnalyzerFolderTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.EnsurePacked();
    }

    [Fact]
    public void Every_shipped_analyzer_assembly_loads_in_the_oldest_compiler_hosts_and_none_is_dead_weight()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var shipped = zip.Entries
            .Where(e => e.FullName.StartsWith(AnalyzerFolder, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(e =>
            {
                using var stream = e.Open();
                return AssemblyMetadata.Read(e.FullName[AnalyzerFolder.Length..], stream);
            })
            .ToList();
        _output.WriteLine(AssemblyMetadata.Describe(shipped));
        // The check needs something to judge: the generator and at least one library it bundles.
        Assert.True(shipped.Count >= 2, "analyzers/dotnet/cs holds " + string.Join(", ", shipped.Select(a => a.FileName)));

        var problems = AnalyzerFolderCheck.Check(
            shipped,
            "EnKashGen",
            HostCompatibilityLists.LoadHostSupplied(_package.RepoRoot),
            HostCompatibilityLists.LoadNeverLoaded(_package.RepoRoot));

        Assert.True(problems.Count == 0,
            $"{problems.Count} problem(s) with analyzers/dotnet/cs (docs/compiler-hosts.md says what each host supplies):\n" + string.Join("\n", problems));
    }
}
