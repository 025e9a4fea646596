using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>
/// Every EKG severity is the user's. A consumer whose spec is tests/EnKashGen.Tests/Corpus/Documents/vendor-defects.yaml
/// (defects the generator works around, each listed with its line in the document's header table) builds with those
/// warnings; a global analyzer config (<c>is_global = true</c>) and the MSBuild properties raise, lower and silence
/// them, and so does an .editorconfig section that matches the spec file: the compiler applies a section's severities only
/// to the files it compiles, and EKG diagnostics are located in a spec file (an AdditionalFiles item), so the generator
/// applies the section's severities itself. Each build writes a SARIF log, which has every diagnostic with its level (info ones too).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class DiagnosticSeverityTests
{
    private const string SpecFile = "vendor-defects.yaml";
    private static readonly Regex Row = new(@"^#\s+(D\d+)\s+(\d+)\s+(EKG\d{3})\s+(warning|info)\s+", RegexOptions.CultureInvariant);

    private readonly PackedPackage _package;

    public DiagnosticSeverityTests(PackedPackage package)
    {
        _package = package;
        _package.EnsurePacked();
    }

    private string SpecSource => Path.Combine(_package.RepoRoot, "tests", "EnKashGen.Tests", "Corpus", "Documents", SpecFile);

    /// <summary>The header table of the spec: the 1-based line, the diagnostic and its default level of each defect.</summary>
    private IReadOnlyList<(int Line, string Id, string Level)> Defects =>
        File.ReadLines(SpecSource).Select(l => Row.Match(l)).Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value, m.Groups[4].Value == "info" ? "note" : "warning"))
            .ToList();

    [Fact]
    public void By_default_the_build_succeeds_with_each_defect_at_the_line_the_table_lists()
    {
        var app = Consumer("SeverityDefault");
        var build = Build(app);

        Assert.True(build.Result.ExitCode == 0, build.Result.ToString());
        Assert.Equal(12, Defects.Count);
        foreach (var (line, id, level) in Defects)
        {
            Assert.True(build.Reported.Contains((id, level, line)), $"{id} ({level}) expected at line {line}; reported:\n{build}");
        }
        // Nothing else of warning level: each defect is one warning, located where the table says.
        Assert.Equal(
            Defects.Where(d => d.Level == "warning").Select(d => (d.Id, d.Level, d.Line)).OrderBy(d => d),
            build.Reported.Where(d => d.Level is "warning" or "error").OrderBy(d => d));
        Assert.Contains(" warning EKG004: ", build.Result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_editorconfig_section_that_matches_the_spec_raises_lowers_and_silences_them()
    {
        var app = Consumer("SeverityEditorConfig");
        app.Write(".editorconfig", """
            root = true

            [*]
            enkashgen_diagnostic.EKG004.severity = error
            dotnet_diagnostic.CS0219.severity = error

            [*.yaml]
            enkashgen_diagnostic.EKG005.severity = warning
            # The compiler's own key reaches C# files only: it leaves EKG013 as it is.
            dotnet_diagnostic.EKG013.severity = none

            [specs/vendor-defects.yaml]
            enkashgen_diagnostic.EKG006.severity = none
            enkashgen_diagnostic.EKG008.severity = suggestion

            [*.json]
            enkashgen_diagnostic.EKG007.severity = error
            """);
        // A C# warning, which the same file raises: proof that the .editorconfig reaches the compiler.
        app.Write("Unused.cs", """
            static class Unused
            {
                static void Local()
                {
                    int never = 1;
                }
            }
            """);
        var build = Build(app);

        Assert.Contains(("CS0219", "error", 0), build.Reported);

        Assert.True(build.Result.ExitCode != 0, "EKG004 raised to an error must fail the build. " + build.Result);
        Assert.Contains(" error EKG004: ", build.Result.Output, StringComparison.Ordinal);
        foreach (var (line, id, level) in Defects)
        {
            var expected = id switch
            {
                "EKG004" => "error",
                "EKG005" => "warning",
                "EKG008" => "note",
                // What no matching section sets keeps its default level ([*.json] does not match the spec).
                _ => level,
            };
            if (id == "EKG006")
            {
                Assert.DoesNotContain(build.Reported, d => d.Id == id);
            }
            else
            {
                Assert.True(build.Reported.Contains((id, expected, line)), $"{id} ({expected}) expected at line {line}; reported:\n{build}");
            }
        }
    }

    [Fact]
    public void A_globalconfig_raises_lowers_and_silences_them()
    {
        var app = Consumer("SeverityGlobalConfig", examplesByProperty: true);
        app.Write(".globalconfig", """
            is_global = true
            dotnet_diagnostic.EKG004.severity = error
            dotnet_diagnostic.EKG005.severity = warning
            dotnet_diagnostic.EKG006.severity = none
            dotnet_diagnostic.EKG008.severity = suggestion
            """);
        var build = Build(app);

        Assert.True(build.Result.ExitCode != 0, "EKG004 raised to an error must fail the build. " + build.Result);
        Assert.Contains(" error EKG004: ", build.Result.Output, StringComparison.Ordinal);
        foreach (var (line, id, _) in Defects)
        {
            var expected = id switch
            {
                "EKG004" => "error",
                "EKG005" => "warning",
                "EKG008" => "note",
                _ => "warning",
            };
            if (id == "EKG006")
            {
                Assert.DoesNotContain(build.Reported, d => d.Id == id);
            }
            else
            {
                Assert.True(build.Reported.Contains((id, expected, line)), $"{id} ({expected}) expected at line {line}; reported:\n{build}");
            }
        }
    }

    [Fact]
    public void A_global_config_file_listed_in_the_project_and_the_MSBuild_properties_let_a_warnings_as_errors_project_build_cleanly()
    {
        // Warnings are errors, and the team decides which defects of its spec it accepts.
        var app = Consumer("SeverityWarningsAsErrors", warningsAsErrors: true, extraContent: """
            <ItemGroup>
              <GlobalAnalyzerConfigFiles Include="build/spec-defects.globalconfig" />
            </ItemGroup>
            <PropertyGroup>
              <NoWarn>$(NoWarn);EKG013</NoWarn>
            </PropertyGroup>
            """);
        app.Write("build/spec-defects.globalconfig", """
            is_global = true
            dotnet_diagnostic.EKG004.severity = suggestion
            dotnet_diagnostic.EKG006.severity = suggestion
            dotnet_diagnostic.EKG008.severity = none
            """);
        var build = Build(app);

        build.Result.ShouldSucceedCleanly();
        Assert.DoesNotContain(build.Reported, d => d.Level is "warning" or "error");
        Assert.Contains(build.Reported, d => d.Id == "EKG004" && d.Level == "note");
        Assert.DoesNotContain(build.Reported, d => d.Id is "EKG008" or "EKG013");
    }

    /// <param name="examplesByProperty">Asks for the example check (D10) with the project property instead of the spec's metadata.</param>
    private ConsumerProject Consumer(string name, bool warningsAsErrors = false, string extraContent = "", bool examplesByProperty = false)
    {
        var app = ConsumerProject.Create(
            _package,
            name,
            extraProperties: $"""
                <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
                <ErrorLog>diagnostics.sarif,version=2.1</ErrorLog>
                {(examplesByProperty ? "<EnKashGenCheckExamples>true</EnKashGenCheckExamples>" : string.Empty)}
                """,
            extraContent: $"""
                <ItemGroup>
                  <EnKashSpec Include="specs/vendor-defects.yaml" Namespace="Widgets" ClientName="WidgetsClient" {(examplesByProperty ? string.Empty : "CheckExamples=\"true\"")} />
                </ItemGroup>
                """ + "\n" + extraContent);
        app.AddEnKashGenPackage();
        app.Write("specs/" + SpecFile, File.ReadAllText(SpecSource));
        // The client is used, so a build that succeeds has compiled it.
        app.Write("Program.cs", "System.Console.WriteLine(typeof(Widgets.WidgetsClient).FullName);\n");
        return app;
    }

    private static BuildDiagnostics Build(ConsumerProject app)
    {
        var result = app.Dotnet("build", "-nologo", "-nodeReuse:false");
        var reported = new HashSet<(string Id, string Level, int Line)>();
        var log = Path.Combine(app.Directory, "diagnostics.sarif");
        Assert.True(File.Exists(log), "no SARIF log was written. " + result);
        using var sarif = JsonDocument.Parse(File.ReadAllText(log));
        foreach (var run in sarif.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var r in run.GetProperty("results").EnumerateArray())
            {
                // A diagnostic suppressed in source (a pragma in generated code) never reaches the user.
                if (r.TryGetProperty("suppressions", out _))
                {
                    continue;
                }

                var id = r.GetProperty("ruleId").GetString()!;
                var level = r.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
                var line = 0;
                if (id.StartsWith("EKG", StringComparison.Ordinal))
                {
                    // Every EKG diagnostic is located in the spec, at a line.
                    var physical = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                    Assert.EndsWith("/specs/" + SpecFile, physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!, StringComparison.Ordinal);
                    line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                }
                reported.Add((id, level, line));
            }
        }
        return new BuildDiagnostics(result, reported);
    }

    private sealed record BuildDiagnostics(CommandResult Result, HashSet<(string Id, string Level, int Line)> Reported)
    {
        public override string ToString() => string.Join("\n", Reported.OrderBy(d => d).Select(d => $"  {d.Id} {d.Level} line {d.Line}"));
    }
}
