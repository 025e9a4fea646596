using System;
using System.Linq;
using System.Text;
using EnKashGen.Tests.Infrastructure;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>How generated types are spread over files: one per type for ordinary specs, grouped for very large ones.</summary>
public sealed class FileLayoutTests
{
    /// <summary>A spec with <paramref name="objects"/> object schemas and as many string enums.</summary>
    private static string Spec(int objects)
    {
        var sb = new StringBuilder("openapi: 3.0.3\ninfo: {title: Layout, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
        for (var i = 0; i < objects; i++)
        {
            sb.Append("    Thing").Append(i).Append(":\n      type: object\n      properties:\n");
            sb.Append("        id: {type: string}\n        kind: {$ref: '#/components/schemas/Kind").Append(i).Append("'}\n");
            sb.Append("    Kind").Append(i).Append(": {type: string, enum: [a, b]}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void Up_to_300_types_each_type_has_its_own_file()
    {
        var g = ConstructHarness.Generate(Spec(150));
        var models = g.SpecSources.Where(s => s.HintName.Contains(".Models.", StringComparison.Ordinal)).ToList();

        Assert.Equal(150, models.Count);
        Assert.Contains(models, s => s.HintName == "Constructs.ConstructsClient.Models.Thing149.g.cs");
        Assert.Equal(150, g.DeclaredTypeNames("Enums").Count);
    }

    [Fact]
    public void More_than_300_types_are_written_100_to_a_file_and_every_type_is_declared_once()
    {
        var g = ConstructHarness.Generate(Spec(151));
        var models = g.SpecSources.Where(s => s.HintName.Contains(".Models.", StringComparison.Ordinal)).Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var enums = g.SpecSources.Where(s => s.HintName.Contains(".Enums.", StringComparison.Ordinal)).Select(s => s.HintName).ToList();

        Assert.Equal(new[] { "Constructs.ConstructsClient.Models.Part001.g.cs", "Constructs.ConstructsClient.Models.Part002.g.cs" }, models);
        Assert.Equal(2, enums.Count);
        var expected = Enumerable.Range(0, 151).Select(i => "Thing" + i).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, g.DeclaredTypeNames("Models"));
        Assert.Equal(151, g.DeclaredTypeNames("Enums").Count);

        // Grouped files compile as cleanly as single ones (Generate fails on any compiler diagnostic); each holds
        // one namespace declaration and its share of the types.
        Assert.True(g.Result.CompileDiagnostics.IsEmpty);
        Assert.Equal(51, g.Source("Models.Part002").Split('\n').Count(l => l.StartsWith("public sealed partial class Thing", StringComparison.Ordinal)));
        Assert.Single(g.Source("Models.Part001").Split('\n'), l => l.StartsWith("namespace ", StringComparison.Ordinal));
    }
}
