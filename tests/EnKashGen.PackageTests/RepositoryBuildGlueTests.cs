using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>
/// The projects of this repository import src/EnKashGen/build/*.props|targets through Directory.Build.targets, the same
/// files the package carries. The package's default spec must not reach them: they declare their specs themselves.
/// </summary>
public sealed class RepositoryBuildGlueTests
{
    [Fact]
    public void In_repo_projects_get_only_the_specs_they_declare_never_the_default_spec()
    {
        var root = PackedPackage.FindRepoRoot();
        var solution = File.ReadAllText(Path.Combine(root, "EnKashGen.sln"));
        var projects = Regex.Matches(solution, "\"([^\"]+\\.csproj)\"")
            .Select(m => Path.Combine(root, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar)))
            .Where(p => Path.GetFileNameWithoutExtension(p) != "EnKashGen")
            .ToList();
        Assert.NotEmpty(projects);

        foreach (var project in projects)
        {
            // Runs only the two item-mapping targets (no restore, no build), then lists the resulting items.
            var result = DotNetCli.Run(root, new Dictionary<string, string?>(),
                "msbuild", project, "-nologo", "-nodeReuse:false", "-t:EnKashGenAddSpecs;EnKashGenAddDefaultSpec",
                "-getItem:AdditionalFiles", "-getItem:EnKashSpec");
            Assert.True(result.ExitCode == 0, result.ToString());
            using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{')..]);
            var items = json.RootElement.GetProperty("Items");
            var enKashSpecs = items.GetProperty("EnKashSpec").GetArrayLength();
            var specs = items.GetProperty("AdditionalFiles").EnumerateArray()
                .Where(i => i.TryGetProperty("EnKashGenSpec", out var flag) && string.Equals(flag.GetString()?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                .ToList();

            Assert.DoesNotContain(specs, i => i.GetProperty("FullPath").GetString()!.Replace('\\', '/').EndsWith("/build/specs/enkash-cards.yaml", StringComparison.Ordinal));
            // Specs added by EnKashGen.targets are exactly the project's EnKashSpec items, nothing more.
            var addedByTargets = specs.Count(i => i.GetProperty("DefiningProjectFullPath").GetString()!.EndsWith("EnKashGen.targets", StringComparison.Ordinal));
            Assert.True(enKashSpecs == addedByTargets, $"{Path.GetFileName(project)}: {addedByTargets} spec(s) added by EnKashGen.targets for {enKashSpecs} EnKashSpec item(s).\n{result.Output}");
        }
    }
}
