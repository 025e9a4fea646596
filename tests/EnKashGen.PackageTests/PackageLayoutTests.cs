using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.PackageTests;

/// <summary>What `dotnet pack src/EnKashGen` puts into EnKashGen.&lt;version&gt;.nupkg.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public PackageLayoutTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.EnsurePacked();
    }

    [Fact]
    public void Generator_and_its_reader_dependencies_are_analyzers_and_nothing_is_a_library()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(
            new[]
            {
                "analyzers/dotnet/cs/EnKashGen.dll",
                "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
                "analyzers/dotnet/cs/Microsoft.OpenApi.YamlReader.dll",
                "analyzers/dotnet/cs/Microsoft.OpenApi.dll",
                "analyzers/dotnet/cs/SharpYaml.dll",
                "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
                "analyzers/dotnet/cs/System.Text.Json.dll",
            },
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal) || e.StartsWith("content", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_files_are_the_same_for_direct_and_transitive_consumers_and_carry_the_default_spec()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var source = Path.Combine(_package.RepoRoot, "src", "EnKashGen", "build");

        foreach (var name in new[] { "EnKashGen.props", "EnKashGen.targets" })
        {
            var expected = File.ReadAllText(Path.Combine(source, name));
            Assert.Equal(expected, Read(zip, "build/" + name));
            Assert.Equal(expected, Read(zip, "buildTransitive/" + name));
        }
        Assert.Equal(File.ReadAllText(Path.Combine(_package.RepoRoot, "specs", "enkash-cards.yaml")), Read(zip, "build/specs/enkash-cards.yaml"));
    }

    [Fact]
    public void Nuspec_declares_the_version_a_development_dependency_license_readme_and_repository()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var nuspec = XDocument.Parse(Read(zip, "EnKashGen.nuspec"));
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        string? Value(string name) => metadata.Element(ns + name)?.Value;

        _output.WriteLine($"Packed {Path.GetFileName(_package.NupkgPath)} in {_package.PackDuration.TotalSeconds:0.0}s");
        Assert.Equal("EnKashGen", Value("id"));
        // The version passed as EnKashGenVersion (the single version source) is the package version.
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("PACKAGE.md", Value("readme"));
        Assert.Contains("## Use it in your project", Read(zip, "PACKAGE.md"));
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        // All references are private and bundled: users get no transitive dependencies.
        Assert.Null(metadata.Element(ns + "dependencies"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
    }

    private static string Read(ZipArchive zip, string entryName)
    {
        var entry = zip.GetEntry(entryName);
        Assert.True(entry is not null, $"{entryName} is not in the package");
        using var reader = new StreamReader(entry!.Open());
        return reader.ReadToEnd();
    }
}
