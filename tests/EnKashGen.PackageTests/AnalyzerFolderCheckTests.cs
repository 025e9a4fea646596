using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EnKashGen.PackageTests.HostCompatibility;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>
/// The rules of <see cref="AnalyzerFolderCheck"/> on invented analyzer folders, so each failure the package test guards
/// against can be seen to fail. No package is packed here.
/// </summary>
public sealed class AnalyzerFolderCheckTests
{
    private const string Generator = "EnKashGen";

    private static readonly IReadOnlyDictionary<string, Version> Hosts = Map(
        ("netstandard", "2.0.0.0"), ("mscorlib", "4.0.0.0"), ("Microsoft.CodeAnalysis", "4.8.0.0"),
        ("System.Collections.Immutable", "7.0.0.0"), ("System.Memory", "4.0.1.2"), ("System.Buffers", "4.0.3.0"));

    [Fact]
    public void A_generator_whose_references_are_shipped_or_host_supplied_passes()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("netstandard", "2.0.0.0"), ("Microsoft.CodeAnalysis", "4.8.0.0"), ("System.Collections.Immutable", "7.0.0.0"), ("Reader", "3.0.0.0")),
            Assembly("Reader", "3.0.0.0", ("netstandard", "2.0.0.0"), ("mscorlib", "4.0.0.0"), ("System.Memory", "4.0.1.2")),
        };

        Assert.Empty(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));
    }

    [Fact]
    public void A_reference_that_is_neither_shipped_nor_host_supplied_is_reported_with_referencer_name_and_version()
    {
        var folder = new[] { Assembly(Generator, "0.1.0.0", ("netstandard", "2.0.0.0"), ("Reader", "3.0.0.0")) };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.MissingReference, problem.Kind);
        Assert.Equal("EnKashGen.dll references Reader 3.0.0.0, but it is neither shipped in analyzers/dotnet/cs nor supplied by every oldest compiler host", problem.Message);
    }

    [Fact]
    public void A_shipped_copy_older_than_the_reference_does_not_satisfy_it()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("Reader", "3.1.0.0")),
            Assembly("Reader", "3.0.0.0", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.MissingReference, problem.Kind);
        Assert.Equal("EnKashGen.dll references Reader 3.1.0.0, but the package ships only 3.0.0.0 (Reader.dll)", problem.Message);
    }

    [Theory]
    [InlineData("Microsoft.CodeAnalysis", "4.14.0.0", "4.8.0.0")]
    [InlineData("netstandard", "2.1.0.0", "2.0.0.0")]
    [InlineData("System.Memory", "4.0.2.0", "4.0.1.2")]
    public void A_reference_newer_than_the_oldest_hosts_supply_is_reported(string name, string referenced, string supplied)
    {
        var folder = new[] { Assembly(Generator, "0.1.0.0", (name, referenced)) };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.MissingReference, problem.Kind);
        Assert.Equal($"EnKashGen.dll references {name} {referenced}, but the oldest hosts supply only {supplied}", problem.Message);
    }

    [Fact]
    public void Names_are_compared_the_way_the_runtime_compares_them_ignoring_case()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("NETStandard", "2.0.0.0"), ("reader", "3.0.0.0")),
            Assembly("Reader", "3.0.0.0", ("netstandard", "2.0.0.0")),
        };

        Assert.Empty(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));
    }

    [Fact]
    public void A_shipped_assembly_nothing_references_is_dead_weight()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("netstandard", "2.0.0.0")),
            Assembly("Leftover", "1.0.0.0", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.UnusedAssembly, problem.Kind);
        Assert.Equal("Leftover.dll is shipped but no shipped assembly references Leftover", problem.Message);
    }

    [Fact]
    public void A_shipped_copy_that_every_host_already_supplies_at_the_same_version_is_reported()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("System.Memory", "4.0.1.2")),
            Assembly("System.Memory", "4.0.1.2", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.HostAlreadySupplies, problem.Kind);
        Assert.StartsWith("System.Memory.dll (System.Memory 4.0.1.2) is shipped, but every oldest compiler host already supplies System.Memory 4.0.1.2", problem.Message);
    }

    [Fact]
    public void A_shipped_copy_older_than_what_the_hosts_supply_is_reported_even_when_referenced()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("System.Buffers", "4.0.2.0")),
            Assembly("System.Buffers", "4.0.2.0", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.HostAlreadySupplies, problem.Kind);
        Assert.Contains("already supplies System.Buffers 4.0.3.0", problem.Message);
    }

    [Fact]
    public void A_newer_shipped_copy_is_dead_weight_when_every_reference_is_satisfied_by_the_hosts()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("System.Memory", "4.0.1.2")),
            Assembly("System.Memory", "4.0.2.0", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.UnusedAssembly, problem.Kind);
        Assert.Equal("System.Memory.dll is shipped but every reference to it (EnKashGen.dll -> 4.0.1.2) is satisfied by the hosts' System.Memory 4.0.1.2, so the shipped copy never loads", problem.Message);
    }

    [Fact]
    public void A_newer_shipped_copy_beside_references_the_host_satisfies_loads_a_second_copy()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("Reader", "3.0.0.0"), ("Json", "8.0.0.0")),
            Assembly("Reader", "3.0.0.0", ("System.Memory", "4.0.2.0"), ("Json", "8.0.0.0")),
            Assembly("Json", "8.0.0.0", ("System.Memory", "4.0.1.2")),
            Assembly("System.Memory", "4.0.2.0", ("netstandard", "2.0.0.0")),
        };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));

        Assert.Equal(AnalyzerFolderProblemKind.TwoCopiesLoad, problem.Kind);
        Assert.StartsWith(
            "System.Memory: the oldest hosts supply 4.0.1.2, so Json.dll -> 4.0.1.2 bind the host's copy while Reader.dll -> 4.0.2.0 bind the shipped System.Memory.dll 4.0.2.0",
            problem.Message);
    }

    [Fact]
    public void The_generator_itself_need_not_be_referenced_but_must_be_there()
    {
        var withoutGenerator = new[] { Assembly("Reader", "3.0.0.0", ("netstandard", "2.0.0.0")) };

        var problems = AnalyzerFolderCheck.Check(withoutGenerator, Generator, Hosts, []);

        Assert.Contains(problems, p => p.Kind == AnalyzerFolderProblemKind.GeneratorMissing && p.Message.StartsWith("the generator assembly EnKashGen is not among the shipped assemblies (Reader.dll)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Kind == AnalyzerFolderProblemKind.UnusedAssembly);
    }

    [Fact]
    public void Two_files_of_one_assembly_are_reported()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("Reader", "3.0.0.0")),
            Assembly("Reader", "3.0.0.0") with { FileName = "Reader.dll" },
            Assembly("Reader", "3.0.0.0") with { FileName = "Reader.Copy.dll" },
        };

        var problems = AnalyzerFolderCheck.Check(folder, Generator, Hosts, []);

        Assert.Contains(problems, p => p.Kind == AnalyzerFolderProblemKind.DuplicateAssembly && p.Message.StartsWith("Reader.Copy.dll and Reader.dll are both assembly Reader", StringComparison.Ordinal));
    }

    [Fact]
    public void A_never_loaded_reference_excuses_exactly_that_reference_of_that_assembly()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("Reader", "3.0.0.0"), ("System.Memory", "4.0.2.0")),
            Assembly("Reader", "3.0.0.0", ("System.Memory", "4.0.2.0")),
        };
        var excused = new[] { new NeverLoadedReference("Reader", new AssemblyReference("System.Memory", new Version(4, 0, 2, 0)), "only a JSON writer uses it") };

        var problem = Assert.Single(AnalyzerFolderCheck.Check(folder, Generator, Hosts, excused));

        // The same reference from the generator is not excused.
        Assert.Equal(AnalyzerFolderProblemKind.MissingReference, problem.Kind);
        Assert.StartsWith("EnKashGen.dll references System.Memory 4.0.2.0", problem.Message);
    }

    [Fact]
    public void A_never_loaded_reference_for_another_version_excuses_nothing_and_is_reported_as_stale()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("Reader", "3.0.0.0")),
            Assembly("Reader", "3.0.0.0", ("System.Memory", "4.0.2.0")),
        };
        var excused = new[] { new NeverLoadedReference("Reader", new AssemblyReference("System.Memory", new Version(4, 0, 3, 0)), "only a JSON writer uses it") };

        var problems = AnalyzerFolderCheck.Check(folder, Generator, Hosts, excused);

        Assert.Equal(
            new[] { AnalyzerFolderProblemKind.MissingReference, AnalyzerFolderProblemKind.StaleNeverLoadedReference },
            problems.Select(p => p.Kind).Order());
        Assert.Contains(problems, p => p.Message == "the never-loaded reference Reader -> System.Memory 4.0.3.0 matches no reference of a shipped assembly any more; remove it");
    }

    [Fact]
    public void Satellite_resource_assemblies_are_not_dead_weight()
    {
        var folder = new[]
        {
            Assembly(Generator, "0.1.0.0", ("netstandard", "2.0.0.0")),
            Assembly("EnKashGen.resources", "0.1.0.0", ("netstandard", "2.0.0.0")) with { FileName = "de/EnKashGen.resources.dll" },
        };

        Assert.Empty(AnalyzerFolderCheck.Check(folder, Generator, Hosts, []));
    }

    /// <summary>
    /// The references of Microsoft.OpenApi 3.11.0 + Microsoft.OpenApi.YamlReader 3.11.0 and their netstandard2.0 closure, as
    /// their metadata records them, judged against the checked-in host list: the bundle docs/compiler-hosts.md concludes
    /// passes (with its one never-loaded reference), and each way of getting it wrong fails.
    /// </summary>
    [Fact]
    public void The_concluded_Microsoft_OpenApi_3_11_bundle_passes_against_the_host_list_and_each_deviation_fails()
    {
        var root = PackedPackage.FindRepoRoot();
        var hosts = HostCompatibilityLists.LoadHostSupplied(root);
        var systemMemoryForJsonWriter = new NeverLoadedReference(
            "Microsoft.OpenApi", new AssemblyReference("System.Memory", new Version(4, 0, 2, 0)), "only OpenApiSchemaJsonConverter.Write uses it");
        var generator = Assembly(Generator, "0.1.0.0", ("netstandard", "2.0.0.0"), ("Microsoft.CodeAnalysis", "4.8.0.0"), ("System.Collections.Immutable", "7.0.0.0"),
            ("Microsoft.OpenApi", "3.11.0.0"), ("Microsoft.OpenApi.YamlReader", "3.11.0.0"), ("System.Text.Json", "8.0.0.0"));
        var openApi = Assembly("Microsoft.OpenApi", "3.11.0.0", ("netstandard", "2.0.0.0"), ("System.Text.Json", "8.0.0.0"), ("System.Memory", "4.0.2.0"), ("System.Buffers", "4.0.2.0"));
        var yamlReader = Assembly("Microsoft.OpenApi.YamlReader", "3.11.0.0", ("netstandard", "2.0.0.0"), ("Microsoft.OpenApi", "3.11.0.0"), ("System.Text.Json", "8.0.0.0"), ("SharpYaml", "2.0.0.0"));
        var sharpYaml = Assembly("SharpYaml", "2.0.0.0", ("netstandard", "2.0.0.0"));
        var json = Assembly("System.Text.Json", "8.0.0.0", ("netstandard", "2.0.0.0"), ("System.Memory", "4.0.1.2"), ("System.Text.Encodings.Web", "8.0.0.0"),
            ("System.Numerics.Vectors", "4.1.3.0"), ("System.Threading.Tasks.Extensions", "4.2.0.1"), ("Microsoft.Bcl.AsyncInterfaces", "8.0.0.0"),
            ("System.Buffers", "4.0.2.0"), ("System.Runtime.CompilerServices.Unsafe", "6.0.0.0"));
        var encodingsWeb = Assembly("System.Text.Encodings.Web", "8.0.0.0", ("netstandard", "2.0.0.0"), ("System.Memory", "4.0.1.2"),
            ("System.Runtime.CompilerServices.Unsafe", "6.0.0.0"), ("System.Buffers", "4.0.2.0"));
        var asyncInterfaces = Assembly("Microsoft.Bcl.AsyncInterfaces", "8.0.0.0", ("netstandard", "2.0.0.0"), ("System.Threading.Tasks.Extensions", "4.2.0.1"));
        var concluded = new[] { generator, openApi, yamlReader, sharpYaml, json, encodingsWeb, asyncInterfaces };

        Assert.Empty(AnalyzerFolderCheck.Check(concluded, Generator, hosts, [systemMemoryForJsonWriter]));

        // The .NET Framework hosts have no System.Text.Json 8 (csc.exe none, Visual Studio 17.8 only 7.0.0.3).
        var withoutJson = AnalyzerFolderCheck.Check(concluded.Where(a => a != json).ToList(), Generator, hosts, [systemMemoryForJsonWriter]);
        Assert.Equal(3, withoutJson.Count(p => p.Kind == AnalyzerFolderProblemKind.MissingReference && p.Message.Contains("references System.Text.Json 8.0.0.0", StringComparison.Ordinal)));
        Assert.Contains(withoutJson, p => p.Kind == AnalyzerFolderProblemKind.UnusedAssembly && p.Message.StartsWith("System.Text.Encodings.Web.dll", StringComparison.Ordinal));

        // Without the review, Microsoft.OpenApi's System.Memory 4.0.2.0 is missing on .NET Framework hosts.
        var unreviewed = Assert.Single(AnalyzerFolderCheck.Check(concluded, Generator, hosts, []));
        Assert.Equal("Microsoft.OpenApi.dll references System.Memory 4.0.2.0, but the oldest hosts supply only 4.0.1.2", unreviewed.Message);

        // Shipping System.Memory 4.6.x for it would load a second System.Memory beside the host's, which System.Text.Json binds.
        var systemMemory46 = Assembly("System.Memory", "4.0.2.0", ("netstandard", "2.0.0.0"), ("System.Numerics.Vectors", "4.1.3.0"),
            ("System.Runtime.CompilerServices.Unsafe", "6.0.0.0"), ("System.Buffers", "4.0.2.0"));
        var twoCopies = Assert.Single(AnalyzerFolderCheck.Check([.. concluded, systemMemory46], Generator, hosts, []));
        Assert.Equal(AnalyzerFolderProblemKind.TwoCopiesLoad, twoCopies.Kind);

        // The rest of the NuGet closure is host-supplied: bundling it is reported file by file.
        var restOfClosure = new[]
        {
            Assembly("System.Memory", "4.0.1.2", ("netstandard", "2.0.0.0"), ("System.Numerics.Vectors", "4.1.3.0"), ("System.Runtime.CompilerServices.Unsafe", "4.0.4.1"), ("System.Buffers", "4.0.2.0")),
            Assembly("System.Buffers", "4.0.3.0", ("netstandard", "2.0.0.0")),
            Assembly("System.Numerics.Vectors", "4.1.3.0", ("netstandard", "2.0.0.0")),
            Assembly("System.Runtime.CompilerServices.Unsafe", "6.0.0.0", ("netstandard", "2.0.0.0")),
            Assembly("System.Threading.Tasks.Extensions", "4.2.0.1", ("netstandard", "2.0.0.0"), ("System.Runtime.CompilerServices.Unsafe", "4.0.4.1")),
        };
        var wholeClosure = AnalyzerFolderCheck.Check([.. concluded, .. restOfClosure], Generator, hosts, [systemMemoryForJsonWriter]);
        Assert.Equal(
            new[] { "System.Buffers.dll", "System.Memory.dll", "System.Numerics.Vectors.dll", "System.Runtime.CompilerServices.Unsafe.dll", "System.Threading.Tasks.Extensions.dll" },
            wholeClosure.Where(p => p.Kind == AnalyzerFolderProblemKind.HostAlreadySupplies).Select(p => p.Message.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.All(wholeClosure, p => Assert.Equal(AnalyzerFolderProblemKind.HostAlreadySupplies, p.Kind));
    }

    [Fact]
    public void The_checked_in_host_list_parses_and_names_the_compiler_floor_of_Directory_Packages_props()
    {
        var root = PackedPackage.FindRepoRoot();
        var hosts = HostCompatibilityLists.LoadHostSupplied(root);
        var props = File.ReadAllText(Path.Combine(root, "Directory.Packages.props"));
        var floor = Regex.Match(props, "<PackageVersion Include=\"Microsoft.CodeAnalysis.CSharp\" Version=\"([0-9.]+)\"").Groups[1].Value;
        var floorVersion = Version.Parse(floor);
        var roslyn = new Version(floorVersion.Major, floorVersion.Minor, 0, 0);

        // The generator compiles against the oldest supported Roslyn; the host list must describe those same hosts.
        Assert.Equal(roslyn, hosts["Microsoft.CodeAnalysis"]);
        Assert.Equal(roslyn, hosts["Microsoft.CodeAnalysis.CSharp"]);
        Assert.Equal(new Version(2, 0, 0, 0), hosts["netstandard"]);
        Assert.Equal(new Version(4, 0, 0, 0), hosts["mscorlib"]);
        // Not every oldest host has these, so they are not listed (docs/compiler-hosts.md).
        Assert.DoesNotContain("System.Text.Json", hosts.Keys);
        Assert.DoesNotContain("Microsoft.Bcl.AsyncInterfaces", hosts.Keys);
        Assert.DoesNotContain("System.Text.Encodings.Web", hosts.Keys);
        // The reviewed exceptions beside it parse too (a malformed line throws FormatException with its line number).
        _ = HostCompatibilityLists.LoadNeverLoaded(root);
    }

    [Theory]
    [InlineData("System.Memory 4.0.1", "hosts.txt(2): expected 'AssemblyName 1.2.3.4', found 'System.Memory 4.0.1'")]
    [InlineData("System.Memory 4.0.1.2\n\nSystem.memory 4.0.1.2", "hosts.txt(4): System.memory is listed twice")]
    public void A_malformed_host_list_says_which_line_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => HostCompatibilityLists.ParseHostSupplied("# header\n" + text, "hosts.txt"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_never_loaded_reference_without_a_reason_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => HostCompatibilityLists.ParseNeverLoaded("Microsoft.OpenApi -> System.Memory 4.0.2.0", "never.txt"));

        Assert.StartsWith("never.txt(1): expected 'ReferencingAssembly -> AssemblyName 1.2.3.4 # why it never loads'", error.Message);
    }

    [Fact]
    public void Never_loaded_references_and_host_lines_with_comments_parse()
    {
        var excused = Assert.Single(HostCompatibilityLists.ParseNeverLoaded("# header\nMicrosoft.OpenApi -> System.Memory 4.0.2.0  # only the JSON writer\n", "never.txt"));
        var hosts = HostCompatibilityLists.ParseHostSupplied("System.Memory 4.0.1.2 # next to csc.exe\n", "hosts.txt");

        Assert.Equal(new NeverLoadedReference("Microsoft.OpenApi", new AssemblyReference("System.Memory", new Version(4, 0, 2, 0)), "only the JSON writer"), excused);
        Assert.Equal(new Version(4, 0, 1, 2), hosts["SYSTEM.MEMORY"]);
    }

    [Fact]
    public void Metadata_of_a_real_assembly_gives_its_name_version_and_references()
    {
        var location = typeof(FactAttribute).Assembly.Location;

        var read = AssemblyMetadata.Read(Path.GetFileName(location), ImmutableArray.Create(File.ReadAllBytes(location)));

        Assert.Equal("xunit.core", read.Name);
        Assert.Equal(typeof(FactAttribute).Assembly.GetName().Version, read.Version);
        Assert.Contains(read.References, r => r.Name == "xunit.abstractions");
    }

    [Fact]
    public void A_file_without_metadata_is_named_in_the_error()
    {
        var error = Assert.Throws<BadImageFormatException>(() => AssemblyMetadata.Read("native.dll", new MemoryStream(new byte[] { 0x4D, 0x5A, 0, 0 })));

        Assert.Contains("native.dll", error.Message);
    }

    private static ShippedAssembly Assembly(string name, string version, params (string Name, string Version)[] references) =>
        new(name + ".dll", name, Version.Parse(version), references.Select(r => new AssemblyReference(r.Name, Version.Parse(r.Version))).ToList());

    private static IReadOnlyDictionary<string, Version> Map(params (string Name, string Version)[] entries) =>
        entries.ToDictionary(e => e.Name, e => Version.Parse(e.Version), StringComparer.OrdinalIgnoreCase);
}
