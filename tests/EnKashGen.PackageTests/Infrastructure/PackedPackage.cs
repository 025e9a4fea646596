using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace EnKashGen.PackageTests.Infrastructure;

/// <summary>
/// Packs src/EnKashGen once per test run into a temporary feed, with a unique prerelease version, and lays out the
/// temporary folder the consumer projects live in. The sandbox packages (src/EnKashGen.Sandbox and
/// src/EnKashGen.Sandbox.Tool) are packed into the same feed with the same version on first use only, so runs that test
/// only the generator do not pay for them:
/// <code>
/// enkashgen-package-tests-*/
///   feed/                      EnKashGen[.Sandbox[.Tool]].&lt;version&gt;.nupkg, the only extra package source
///   pack-artifacts/            obj/ and bin/ of the pack (the repository's own obj/ and bin/ stay untouched)
///   nuget-packages/            private NUGET_PACKAGES of the consumers (nothing reaches the global package cache)
///   consumers/nuget.config     adds feed/ to the user's sources (no clear: the configured mirror stays reachable)
///   consumers/&lt;scenario&gt;/      one fresh project per scenario
/// </code>
/// Everything is deleted at the end unless ENKASHGEN_KEEP_TEST_FOLDERS=1.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        RepoRoot = FindRepoRoot();
        Root = Path.Combine(Path.GetTempPath(), "enkashgen-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        PackagesFolder = Directory.CreateDirectory(Path.Combine(Root, "nuget-packages")).FullName;
        ConsumersRoot = Directory.CreateDirectory(Path.Combine(Root, "consumers")).FullName;
        Version = $"{BaseVersion(RepoRoot)}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        var watch = Stopwatch.StartNew();
        PackResult = Pack(Path.Combine(RepoRoot, "src", "EnKashGen", "EnKashGen.csproj"));
        PackDuration = watch.Elapsed;
        NupkgPath = Path.Combine(Feed, $"EnKashGen.{Version}.nupkg");
        SandboxNupkgPath = Path.Combine(Feed, $"EnKashGen.Sandbox.{Version}.nupkg");
        SandboxToolNupkgPath = Path.Combine(Feed, $"EnKashGen.Sandbox.Tool.{Version}.nupkg");
        // The tool first: it builds the library too, so packing the library afterwards only packs.
        _sandboxPack = new Lazy<CommandResult[]>(() => new[]
        {
            Pack(Path.Combine(RepoRoot, "src", "EnKashGen.Sandbox.Tool", "EnKashGen.Sandbox.Tool.csproj")),
            Pack(Path.Combine(RepoRoot, "src", "EnKashGen.Sandbox", "EnKashGen.Sandbox.csproj")),
        });

        File.WriteAllText(Path.Combine(ConsumersRoot, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="enkashgen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        // Stops MSBuild's upward search, so nothing above the temporary folder shapes the consumer projects.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(ConsumersRoot, name), "<Project />\n");
        }
    }

    public string RepoRoot { get; }

    public string Root { get; }

    public string Feed { get; }

    public string PackagesFolder { get; }

    public string ConsumersRoot { get; }

    /// <summary>The unique prerelease version the package was packed with (e.g. 0.1.0-test.20250101120000.4242).</summary>
    public string Version { get; }

    public string NupkgPath { get; }

    public string SandboxNupkgPath { get; }

    public string SandboxToolNupkgPath { get; }

    private readonly Lazy<CommandResult[]> _sandboxPack;

    internal CommandResult PackResult { get; }

    public TimeSpan PackDuration { get; }

    /// <summary>The environment of every consumer command: private package folder and HTTP cache.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackagesFolder,
        ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "nuget-http-cache"),
    };

    /// <summary>Fails the calling test with the pack output unless the package was produced cleanly.</summary>
    public void EnsurePacked()
    {
        PackResult.ShouldSucceedCleanly();
        Assert.True(File.Exists(NupkgPath), $"{NupkgPath} was not produced. " + PackResult);
    }

    /// <summary>Packs the two sandbox packages into the feed (once), failing the calling test unless both were produced cleanly.</summary>
    public void EnsureSandboxPacked()
    {
        EnsurePacked();
        foreach (var result in _sandboxPack.Value)
        {
            result.ShouldSucceedCleanly();
        }
        Assert.True(File.Exists(SandboxToolNupkgPath), $"{SandboxToolNupkgPath} was not produced. " + _sandboxPack.Value[0]);
        Assert.True(File.Exists(SandboxNupkgPath), $"{SandboxNupkgPath} was not produced. " + _sandboxPack.Value[1]);
    }

    /// <summary>Creates an empty folder for one consumer project under <c>consumers/</c>.</summary>
    public string NewProjectDirectory(string name) => Directory.CreateDirectory(Path.Combine(ConsumersRoot, name)).FullName;

    /// <summary>Release pack into the feed with the test version; obj/ and bin/ go to pack-artifacts/, never the repository's.</summary>
    private CommandResult Pack(string project) => DotNetCli.Run(RepoRoot, new Dictionary<string, string?>(),
        "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "pack-artifacts"),
        "-p:EnKashGenVersion=" + Version, "-nologo", "-nodeReuse:false");

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("ENKASHGEN_KEEP_TEST_FOLDERS") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A straggling build server may still hold a file; the OS cleans the temp folder eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnKashGen.sln")))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException("EnKashGen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>EnKashGenVersion from Directory.Build.props (the single version source) without its prerelease part.</summary>
    internal static string BaseVersion(string repoRoot)
    {
        var props = File.ReadAllText(Path.Combine(repoRoot, "Directory.Build.props"));
        var match = Regex.Match(props, "<EnKashGenVersion>([^<]+)</EnKashGenVersion>");
        Assert.True(match.Success, "Directory.Build.props defines no EnKashGenVersion");
        return match.Groups[1].Value.Trim().Split('-', '+')[0];
    }
}

/// <summary>All package tests share one packed package and run one after the other (each builds projects).</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Packed EnKashGen package";
}
