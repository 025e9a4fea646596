using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// The build glue of multi-file specs (src/EnKashGen/build): <c>&lt;EnKashSpecPart Include="api/**/*.yaml" /&gt;</c>
/// reaches the generator as AdditionalFiles marked EnKashGenSpecPart, which is what the harness's
/// <see cref="Infrastructure.SpecFile.Part"/> gives. Checked on the editorconfig MSBuild writes for the compiler, in a
/// throwaway project (no restore, no compile).
/// </summary>
public sealed class SpecPartDeclarationTests(ITestOutputHelper output)
{
    [Fact]
    public void Spec_parts_are_additional_files_marked_as_parts_and_the_spec_stays_a_spec()
    {
        var dir = Path.Combine(Path.GetTempPath(), "enkashgen-parts-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var file in new[] { "api/openapi.yaml", "api/paths/pets.yaml", "api/schemas/pet.yaml", "api/schemas/owner.json", "api/notes.txt" })
            {
                var path = Path.Combine(dir, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "x: 1\n");
            }
            var build = Path.Combine(TestPaths.RepoRoot, "src", "EnKashGen", "build");
            File.WriteAllText(Path.Combine(dir, "parts.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{Path.Combine(build, "EnKashGen.props")}" />
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <EnKashSpec Include="api/openapi.yaml" Namespace="Acme.Pets" />
                    <EnKashSpecPart Include="api/**/*.yaml;api/**/*.json" />
                  </ItemGroup>
                  <Import Project="{Path.Combine(build, "EnKashGen.targets")}" />
                </Project>
                """);

            var sections = EditorConfig(dir, output);

            var spec = sections[Path.Combine(dir, "api", "openapi.yaml")];
            Assert.Equal("true", spec.GetValueOrDefault("build_metadata.AdditionalFiles.EnKashGenSpec"));
            Assert.Equal("Acme.Pets", spec.GetValueOrDefault("build_metadata.AdditionalFiles.EnKashGenNamespace"));
            Assert.NotEqual("true", spec.GetValueOrDefault("build_metadata.AdditionalFiles.EnKashGenSpecPart"));

            foreach (var part in new[] { "api/paths/pets.yaml", "api/schemas/pet.yaml", "api/schemas/owner.json" })
            {
                var metadata = sections[Path.Combine(dir, part)];
                Assert.Equal("true", metadata.GetValueOrDefault("build_metadata.AdditionalFiles.EnKashGenSpecPart"));
                Assert.NotEqual("true", metadata.GetValueOrDefault("build_metadata.AdditionalFiles.EnKashGenSpec"));
            }
            Assert.False(sections.ContainsKey(Path.Combine(dir, "api", "notes.txt")), "a file no pattern matches is not passed to the compiler");
            // The spec matched by the parts' pattern too is passed to the compiler once.
            Assert.Equal(4, sections.Count);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Runs MSBuild's GenerateMSBuildEditorConfigFile on the project in <paramref name="dir"/> and parses its file sections.</summary>
    private static Dictionary<string, Dictionary<string, string>> EditorConfig(string dir, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", "parts.csproj", "-t:GenerateMSBuildEditorConfigFile", "-nologo", "-nodeReuse:false", "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet msbuild did not finish in 3 minutes");
        }
        output.WriteLine(stdout.Result + stderr.Result);
        Assert.True(process.ExitCode == 0, "dotnet msbuild failed:\n" + stdout.Result + stderr.Result);

        var file = Directory.EnumerateFiles(Path.Combine(dir, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single();
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections.Add(line[1..^1], current);
            }
            else if (current is not null && line.IndexOf(" = ", StringComparison.Ordinal) is var eq and > 0)
            {
                current[line[..eq]] = line[(eq + 3)..];
            }
        }
        return sections;
    }
}
