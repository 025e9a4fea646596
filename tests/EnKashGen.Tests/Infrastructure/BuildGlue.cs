using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Infrastructure;

/// <summary>
/// The item metadata a real build hands to the generator: MSBuild writes it to the generated .editorconfig
/// (GenerateMSBuildEditorConfigFile, which runs the glue's targets first), and the compiler reads that file with
/// Roslyn's own parser. Both steps run here, in a throwaway project (no restore, no compile).
/// </summary>
public static class BuildGlue
{
    /// <summary>The folder of EnKashGen.props and EnKashGen.targets in this repository.</summary>
    public static string BuildFolder => Path.Combine(TestPaths.RepoRoot, "src", "EnKashGen", "build");

    /// <summary>Runs GenerateMSBuildEditorConfigFile on <paramref name="project"/> and returns the options the compiler would read.</summary>
    public static AnalyzerConfigSet EditorConfig(string project, ITestOutputHelper output)
    {
        var dir = Path.GetDirectoryName(project)!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", Path.GetFileName(project), "-t:GenerateMSBuildEditorConfigFile", "-nologo", "-nodeReuse:false", "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false" })
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
        output.WriteLine(File.ReadAllText(file));
        return AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(File.ReadAllText(file), file)));
    }

    /// <summary>The options of <paramref name="set"/> as the compiler hands them to generators, per additional file.</summary>
    public static AnalyzerConfigOptionsProvider Options(AnalyzerConfigSet set) => new SetOptionsProvider(set);

    private sealed class SetOptionsProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new DictionaryOptions(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);
    }

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            var found = values.TryGetValue(key, out var v);
            value = v ?? string.Empty;
            return found;
        }
    }
}
