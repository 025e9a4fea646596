using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>What `dotnet pack` puts into EnKashGen.Sandbox.&lt;version&gt;.nupkg and EnKashGen.Sandbox.Tool.&lt;version&gt;.nupkg.</summary>
[Collection(PackageCollection.Name)]
public sealed class SandboxPackageLayoutTests
{
    private readonly PackedPackage _package;

    public SandboxPackageLayoutTests(PackedPackage package)
    {
        _package = package;
        _package.EnsureSandboxPacked();
    }

    [Fact]
    public void Sandbox_library_holds_its_assembly_and_docs_only_and_gets_ASP_NET_Core_as_a_framework_reference()
    {
        using var zip = ZipFile.OpenRead(_package.SandboxNupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).Where(e => !IsPackagingEntry(e)).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "EnKashGen.Sandbox.nuspec", "PACKAGE.md", "lib/net10.0/EnKashGen.Sandbox.dll", "lib/net10.0/EnKashGen.Sandbox.xml" }, entries);
        var metadata = Metadata(zip, "EnKashGen.Sandbox.nuspec");
        var ns = metadata.GetDefaultNamespace();
        Assert.Equal(new[] { "Microsoft.AspNetCore.App" }, metadata.Descendants(ns + "frameworkReference").Select(r => r.Attribute("name")!.Value));
        // Neither the generator nor anything else: the generator is a build-time analyzer of the sandbox project only.
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.NotEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Contains("SandboxServer.StartAsync", Read(zip, "PACKAGE.md"));
    }

    [Fact]
    public void Sandbox_library_makes_only_the_sandbox_namespace_public_so_that_a_generated_client_beside_it_never_clashes()
    {
        using var zip = ZipFile.OpenRead(_package.SandboxNupkgPath);
        using var assembly = new MemoryStream();
        using (var entry = zip.GetEntry("lib/net10.0/EnKashGen.Sandbox.dll")!.Open())
        {
            entry.CopyTo(assembly);
        }
        assembly.Position = 0;
        using var pe = new PEReader(assembly);
        var reader = pe.GetMetadataReader();

        var types = reader.TypeDefinitions.Select(reader.GetTypeDefinition).ToList();
        var publicTypes = types.Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            .Select(t => reader.GetString(t.Namespace) + "." + reader.GetString(t.Name)).Order(StringComparer.Ordinal).ToList();
        var generated = types.Count(t => reader.GetString(t.Namespace) is "EnKashGen.Runtime" or "EnKashGen.Sandbox.Wire");

        Assert.Contains("EnKashGen.Sandbox.SandboxServer", publicTypes);
        Assert.Contains("EnKashGen.Sandbox.LoadDeduplication", publicTypes);
        Assert.Contains("EnKashGen.Sandbox.SandboxFault", publicTypes);
        Assert.All(publicTypes, name => Assert.StartsWith("EnKashGen.Sandbox.", name));
        Assert.DoesNotContain(publicTypes, name => name.StartsWith("EnKashGen.Sandbox.Wire.", StringComparison.Ordinal));
        // The generated wire models and runtime are there, only internal.
        Assert.True(generated > 50, $"only {generated} generated types found");
    }

    [Fact]
    public void Sandbox_tool_is_a_dotnet_tool_named_enkash_sandbox_that_carries_the_sandbox_but_not_the_generator()
    {
        using var zip = ZipFile.OpenRead(_package.SandboxToolNupkgPath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        const string tools = "tools/net10.0/any/";

        var settings = XDocument.Parse(Read(zip, tools + "DotnetToolSettings.xml"));
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal("enkash-sandbox", command.Attribute("Name")?.Value);
        Assert.Equal("EnKashGen.Sandbox.Tool.dll", command.Attribute("EntryPoint")?.Value);
        Assert.Contains(tools + "EnKashGen.Sandbox.Tool.dll", entries);
        Assert.Contains(tools + "EnKashGen.Sandbox.dll", entries);
        Assert.Contains(tools + "sandbox.settings.json", entries);
        var assemblies = entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "EnKashGen.Sandbox.Tool.dll", "EnKashGen.Sandbox.dll" }, assemblies);
        using var runtimeConfig = JsonDocument.Parse(Read(zip, tools + "EnKashGen.Sandbox.Tool.runtimeconfig.json"));
        var frameworks = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Microsoft.AspNetCore.App", "Microsoft.NETCore.App" }, frameworks);

        var metadata = Metadata(zip, "EnKashGen.Sandbox.Tool.nuspec");
        var ns = metadata.GetDefaultNamespace();
        Assert.Equal("DotnetTool", metadata.Descendants(ns + "packageType").Single().Attribute("name")!.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.Contains("enkash-sandbox --port", Read(zip, "PACKAGE.md"));
    }

    [Theory]
    [InlineData("EnKashGen.Sandbox")]
    [InlineData("EnKashGen.Sandbox.Tool")]
    public void Nuspec_declares_the_version_license_readme_repository_and_a_description(string id)
    {
        using var zip = ZipFile.OpenRead(id == "EnKashGen.Sandbox" ? _package.SandboxNupkgPath : _package.SandboxToolNupkgPath);
        var metadata = Metadata(zip, id + ".nuspec");
        var ns = metadata.GetDefaultNamespace();
        string? Value(string name) => metadata.Element(ns + name)?.Value;

        Assert.Equal(id, Value("id"));
        // The version passed as EnKashGenVersion (the single version source) is the package version.
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("PACKAGE.md", Value("readme"));
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        Assert.Contains("EnKash", Value("description"));
    }

    private static bool IsPackagingEntry(string name) =>
        name.StartsWith("_rels/", StringComparison.Ordinal) || name.StartsWith("package/", StringComparison.Ordinal) || name == "[Content_Types].xml";

    private static XElement Metadata(ZipArchive zip, string nuspec)
    {
        var document = XDocument.Parse(Read(zip, nuspec));
        return document.Root!.Element(document.Root.GetDefaultNamespace() + "metadata")!;
    }

    private static string Read(ZipArchive zip, string entryName)
    {
        var entry = zip.GetEntry(entryName);
        Assert.True(entry is not null, $"{entryName} is not in the package");
        using var reader = new StreamReader(entry!.Open());
        return reader.ReadToEnd();
    }
}
