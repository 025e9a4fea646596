using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Corpus/Documents/vendor-defects.yaml: the defects vendors ship, each one a generator can work around. The build
/// succeeds (no generator error), each defect is one diagnostic at the line the document's table gives (never line 0
/// or the document's start when the reader knows where), and the client is generated around it.
/// </summary>
public sealed class VendorDefectTests(ITestOutputHelper output)
{
    private const string File = "vendor-defects.yaml";
    private static readonly string SpecPath = Path.Combine(TestPaths.CorpusDocuments, File);
    // Examples are checked against their schemas only when the spec asks for it (D10 needs it).
    private static readonly Lazy<GeneratedApi> Output = new(() => GeneratedApi.FromDocument(File, "Widgets", "WidgetsClient", checkExamples: true));
    private static readonly Regex Row = new(@"^#\s+(D\d+)\s+(\d+)\s+(EKG\d{3})\s+(warning|info)\s+(.+)$", RegexOptions.CultureInvariant);

    private static GeneratedApi Api => Output.Value;

    /// <summary>The defect table at the top of the document: id, 1-based line, diagnostic id, severity, what it is.</summary>
    public static IReadOnlyList<(string Id, int Line, string Diagnostic, DiagnosticSeverity Severity, string What)> Defects =>
        System.IO.File.ReadLines(SpecPath)
            .Select(l => Row.Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value,
                m.Groups[4].Value == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info, m.Groups[5].Value))
            .ToList();

    public static IEnumerable<object[]> DefectIds => Defects.Select(d => new object[] { d.Id });

    [Fact]
    public void The_table_lists_every_marked_defect_at_its_line()
    {
        var lines = System.IO.File.ReadAllLines(SpecPath);
        var marked = lines.Select((l, i) => (l, i)).Where(x => !x.l.StartsWith('#') && Regex.IsMatch(x.l, @"# D\d+$")).ToDictionary(x => x.l.Substring(x.l.LastIndexOf("# D", StringComparison.Ordinal) + 2), x => x.i + 1);
        Assert.Equal(12, Defects.Count);
        Assert.Equal(marked.OrderBy(m => m.Key, StringComparer.Ordinal), Defects.ToDictionary(d => d.Id, d => d.Line).OrderBy(m => m.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void The_build_succeeds_and_the_client_compiles_cleanly()
    {
        CorpusTests.AssertCompilesCleanly(Api.Result, new[] { SpecPath }, output);
        Assert.DoesNotContain(Api.Result.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        // Nothing but the defects is reported.
        SpecDiagnostics.NoWarningsBut(Api.Result, Defects.Select(d => (d.Diagnostic, new SpecLine(SpecPath, d.Line - 1))).ToArray());
    }

    [Theory]
    [MemberData(nameof(DefectIds))]
    public void Each_defect_is_one_diagnostic_at_its_line(string id)
    {
        var defect = Defects.Single(d => d.Id == id);
        output.WriteLine(defect.Id + ": " + defect.What);
        var diagnostic = SpecDiagnostics.Single(Api.Result, defect.Diagnostic, new SpecLine(SpecPath, defect.Line - 1), defect.Severity);
        output.WriteLine(diagnostic.ToString());
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Examples_are_checked_against_their_schemas_only_when_the_spec_asks_for_it()
    {
        var d10 = Defects.Single(d => d.Id == "D10");
        Assert.Equal("EKG005", d10.Diagnostic);
        var plain = GeneratedApi.FromDocument(File, "Widgets", "WidgetsClient").Result;
        Assert.DoesNotContain(plain.GeneratorDiagnostics, d => d.Id == "EKG005" && d.Location.GetLineSpan().StartLinePosition.Line == d10.Line - 1);
        // Every other defect is still reported, each where the table says.
        foreach (var defect in Defects.Where(d => d.Id != "D10"))
        {
            SpecDiagnostics.Single(plain, defect.Diagnostic, new SpecLine(SpecPath, defect.Line - 1), defect.Severity);
        }
        Assert.Contains(Api.Result.GeneratorDiagnostics, d => d.Id == "EKG005" && d.Location.GetLineSpan().StartLinePosition.Line == d10.Line - 1);
    }

    [Fact]
    public void A_dangling_reference_is_reported_once_as_EKG006()
    {
        // The reader's own reference check would say it a second time (an EKG005 note at the same line).
        var d7 = Defects.Single(d => d.Id == "D7");
        Assert.DoesNotContain(Api.Result.GeneratorDiagnostics, d => d.Id != "EKG006" && d.Location.GetLineSpan().StartLinePosition.Line == d7.Line - 1);
        SpecDiagnostics.Single(Api.Result, "EKG006", new SpecLine(SpecPath, d7.Line - 1), DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Unknown_keywords_and_typos_are_named_in_their_diagnostic()
    {
        foreach (var (id, word) in new[] { ("D1", "propertyNames"), ("D2", "$recursiveRef"), ("D3", "unevaluatedProperties"), ("D4", "descripton"), ("D5", "requried"), ("D6", "operationid"), ("D7", "WidgetOwner") })
        {
            var defect = Defects.Single(d => d.Id == id);
            var diagnostic = SpecDiagnostics.Single(Api.Result, defect.Diagnostic, new SpecLine(SpecPath, defect.Line - 1), defect.Severity);
            Assert.Contains(word, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_client_is_generated_around_each_defect()
    {
        var widget = Api.Properties("Widget");
        Assert.Equal("string?", widget["Name"]);
        Assert.Equal("int?", widget["Size"]);                                                                          // D8, D10
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, string>?", widget["Labels"]);      // D1
        Assert.Equal("global::System.Text.Json.JsonElement?", widget["Owner"]);                                          // D7
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::System.Text.Json.JsonElement>?", widget["Children"]); // D2
        Assert.Equal("string?", Api.PropertyType(Api.PropertyType("Widget", "Settings").TrimEnd('?').Replace("global::Widgets.", string.Empty, StringComparison.Ordinal), "Colour")); // D3

        // D6: the operation without a (well-spelled) operationId is there, named from its method and path.
        var byId = Api.Operations.Where(m => GeneratedApi.Parameters(m).SequenceEqual(new[] { ("widgetId", "string") }) && GeneratedApi.ResultType(m) == "global::Widgets.Widget").ToList();
        Assert.Single(byId);

        // D11: both operations named listWidgets are generated.
        Assert.Equal(2, Api.Operations.Count(m => m.Name.StartsWith("ListWidgets", StringComparison.Ordinal)));

        // D12: the undeclared placeholder is a required string parameter.
        Assert.Equal(new[] { ("partId", "string"), ("widgetId", "string") }, GeneratedApi.Parameters(Api.Operation("GetWidgetPartAsync")).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray());
        Assert.Equal(5, Api.Operations.Count);
    }
}
