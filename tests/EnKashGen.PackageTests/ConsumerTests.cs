using System.Collections.Generic;
using System.IO;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>
/// Builds fresh projects against the packed EnKashGen, exactly as the README's "Use it in your project" section tells users to, and runs
/// a call through the generated client. A generator whose bundled dependencies fail to load shows up here as CS8785 or
/// CS8032 (checked), or as missing types (the build fails).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    private readonly PackedPackage _package;

    public ConsumerTests(PackedPackage package)
    {
        _package = package;
        _package.EnsurePacked();
    }

    [Fact]
    public void Zero_config_package_reference_generates_the_EnKash_card_client_and_calls_it()
    {
        var app = ConsumerProject.Create(_package, "ZeroConfig");
        app.AddEnKashGenPackage();
        // DevelopmentDependency: `dotnet add package` makes the reference private, so it never flows to dependants.
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", app.Read("App.csproj"));
        app.Write("Program.cs", Sources.ZeroConfigProgram);

        app.Build();
        var output = app.Run();

        // A load the caller sent without a reference gets a fresh one before it is sent (32 hexadecimal digits).
        Assert.Matches("""sent: \{"amount":250\.00,"transactionType":"CR","uniqueReferenceNumber":"[0-9A-F]{32}","enKashCardId":"EKC-1001"\}""", output);
        Assert.Contains("loaded EKC-1001: balance 250", output);
    }

    [Fact]
    public void Spec_added_as_AdditionalFiles_replaces_the_default_spec()
    {
        var app = ConsumerProject.Create(_package, "AdditionalFilesSpec", extraContent: """
            <ItemGroup>
              <AdditionalFiles Include="specs/pets.yaml" EnKashGenSpec="true" EnKashGenNamespace="Acme.Pets" EnKashGenClientName="PetsClient" EnKashGenAccessibility="internal" />
            </ItemGroup>
            """);
        app.AddEnKashGenPackage();
        app.Write("specs/pets.yaml", Sources.PetsSpec);
        app.Write("Program.cs", Sources.PetsProgram);

        app.Build();
        var output = app.Run();

        Assert.Contains("pet 7: Rex, tag dog", output);
        Assert.Contains("default EnKash client generated: False", output);
        Assert.Contains("PetsClient is public: False", output);
    }

    [Fact]
    public void Editing_an_EnKashSpec_spec_regenerates_the_client_on_the_next_build()
    {
        var app = ConsumerProject.Create(_package, "Regenerate", extraContent: """
            <ItemGroup>
              <EnKashSpec Include="specs/pets.yaml" Namespace="Acme.Pets" ClientName="PetsClient" />
            </ItemGroup>
            """);
        app.AddEnKashGenPackage();
        app.Write("specs/pets.yaml", Sources.PetsSpec);
        app.Write("Program.cs", Sources.PetsProgram);
        app.Build();
        var before = app.Run();
        Assert.Contains("pet 7: Rex, tag dog", before);
        Assert.Contains("default EnKash client generated: False", before);

        // Add `nickname` to Pet and remove `tag`; the program now uses the new property. No clean, just build again.
        app.Write("specs/pets.yaml", Sources.PetsSpecEdited);
        app.Write("Program.cs", Sources.PetsProgramEdited);
        app.Build();
        var after = app.Run();

        Assert.Contains("PetsClient is public: True", before);
        Assert.Contains("pet 7: Rex, nickname Rexy", after);
        Assert.Contains("Pet.Tag still generated: False", after);
    }

    [Fact]
    public void EnKashGenDefaultSpec_false_turns_the_default_spec_off()
    {
        var app = ConsumerProject.Create(_package, "NoDefaultSpec", extraProperties: "<EnKashGenDefaultSpec>false</EnKashGenDefaultSpec>");
        app.AddEnKashGenPackage();
        app.Write("Program.cs", Sources.NoDefaultSpecProgram);

        app.Build();

        Assert.Contains("generated types: 0", app.Run());
    }

    [Fact]
    public void ProjectReference_to_the_generator_source_with_the_build_files_imported_generates_the_client()
    {
        var source = Path.Combine(_package.RepoRoot, "src", "EnKashGen");
        // The global package cache (which already holds the generator's own dependencies) is used here: no EnKashGen
        // package is involved, so nothing of ours lands in it.
        var app = ConsumerProject.Create(_package, "FromSource", extraContent: $"""
            <ItemGroup>
              <ProjectReference Include="{source}/EnKashGen.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              <EnKashSpec Include="specs/pets.yaml" Namespace="Acme.Pets" ClientName="PetsClient" />
            </ItemGroup>
            <Import Project="{source}/build/EnKashGen.props" />
            <Import Project="{source}/build/EnKashGen.targets" />
            """, environment: new Dictionary<string, string?>());
        app.Write("specs/pets.yaml", Sources.PetsSpec);
        app.Write("Program.cs", Sources.PetsProgram);

        // Same configuration, version and artifacts folder as the pack, so the generator itself is already built and
        // the repository's own bin/ and obj/ stay untouched.
        app.Build("-c", "Release", "--artifacts-path", Path.Combine(_package.Root, "pack-artifacts"), "-p:EnKashGenVersion=" + _package.Version);
        var output = app.Run("-c", "Release", "--artifacts-path", Path.Combine(_package.Root, "pack-artifacts"));

        Assert.Contains("pet 7: Rex, tag dog", output);
        Assert.Contains("default EnKash client generated: False", output);
    }

    /// <summary>
    /// Native AOT through the README's source form: the consumer's PublishAot reaches the generator project through the
    /// ProjectReference (it used to fail there with NETSDK1207), the ILC trimming and AOT analysis of the whole program
    /// (generated client and runtime included) reports no IL2xxx/IL3xxx warning, and the native executable runs the card call.
    /// </summary>
    [Fact]
    public void PublishAot_of_the_source_form_compiles_the_EnKash_client_natively_without_trimming_or_AOT_warnings()
    {
        var source = Path.Combine(_package.RepoRoot, "src", "EnKashGen");
        var spec = Path.Combine(_package.RepoRoot, "specs", "enkash-cards.yaml");
        // IsAotCompatible turns the compiler's trimming and AOT analyzers on as well, beside the ILC analysis of the publish.
        var app = ConsumerProject.Create(_package, "AotFromSource", extraProperties: "<IsAotCompatible>true</IsAotCompatible>", extraContent: $"""
            <ItemGroup>
              <ProjectReference Include="{source}/EnKashGen.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              <EnKashSpec Include="{spec}" Namespace="EnKash.Cards" ClientName="EnKashCardsClient" />
            </ItemGroup>
            <Import Project="{source}/build/EnKashGen.props" />
            <Import Project="{source}/build/EnKashGen.targets" />
            """, environment: new Dictionary<string, string?>());
        app.Write("Program.cs", Sources.ZeroConfigProgram);

        PublishAotAndRun(app, Path.Combine(_package.Root, "pack-artifacts"), "-p:EnKashGenVersion=" + _package.Version);
    }

    /// <summary>
    /// The package form, as most users have it: the zero-configuration client passes the same analysis and runs natively.
    /// </summary>
    [Fact]
    public void PublishAot_of_the_package_consumer_compiles_the_EnKash_client_natively_without_trimming_or_AOT_warnings()
    {
        var app = ConsumerProject.Create(_package, "AotFromPackage", extraProperties: "<IsAotCompatible>true</IsAotCompatible>");
        app.AddEnKashGenPackage();
        app.Write("Program.cs", Sources.ZeroConfigProgram);

        // Beside the project, not inside it, where the SDK would take the artifacts' sources for the project's own.
        PublishAotAndRun(app, app.Directory + "-artifacts");
    }

    private static void PublishAotAndRun(ConsumerProject app, string artifacts, params string[] extraArguments)
    {
        var arguments = new List<string> { "publish", "-nologo", "-nodeReuse:false", "-c", "Release", "-p:PublishAot=true", "--artifacts-path", artifacts };
        arguments.AddRange(extraArguments);
        var publish = app.Dotnet(arguments.ToArray()).ShouldSucceedCleanly();
        Assert.DoesNotContain("NETSDK1207", publish.Output);
        Assert.DoesNotMatch(@"\bIL[23]\d{3}\b", publish.Output);
        var folder = Path.Combine(artifacts, "publish", "App", "release");
        var native = Path.Combine(folder, System.OperatingSystem.IsWindows() ? "App.exe" : "App");
        Assert.True(File.Exists(native), "no native executable in " + folder + ". " + publish);
        // A native AOT publish has no IL assembly of the program next to the executable.
        Assert.False(File.Exists(Path.Combine(folder, "App.dll")), "App.dll was published: the publish was not ahead-of-time. " + publish);
        var run = DotNetCli.RunProgram(folder, native);
        Assert.True(run.ExitCode == 0, "The native program failed. " + run);
        Assert.Matches("""sent: \{"amount":250\.00,"transactionType":"CR","uniqueReferenceNumber":"[0-9A-F]{32}","enKashCardId":"EKC-1001"\}""", run.Output);
        Assert.Contains("loaded EKC-1001: balance 250", run.Output);
    }
}
