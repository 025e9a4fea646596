using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using EnKashGen.Model;
using EnKashGen.Reading;
using EnKashGen.Tests.Corpus;
using EnKashGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Filtering;

/// <summary>
/// A filter on GitHub (13 MB, 1,223 operations, about 6,900 types unfiltered): the client holds the operations of one
/// tag and the schemas they reach, compiles cleanly, and is a small fraction of the whole. Unfiltered generation is
/// timed in the corpus report by <see cref="LargeCorpusTests"/>; this one compares against the unfiltered model only,
/// without compiling it.
/// </summary>
[Trait("Category", "Long")]
public sealed class FilteredLargeCorpusTests(ITestOutputHelper output)
{
    private static string GitHub => Path.Combine(TestPaths.Corpus, "github-api.github.com.json");

    [Fact]
    public void GitHub_with_IncludeTags_licenses_generates_only_the_license_operations_and_the_schemas_they_reach()
    {
        var text = File.ReadAllText(GitHub);
        var spec = new SpecFile(GitHub, text).With("EnKashGenIncludeTags", "licenses");
        var result = CorpusTests.AssertCompilesCleanly(CorpusRunner.Run(new[] { spec }, "github-api.github.com.json (IncludeTags=licenses)"), new[] { GitHub }, output);

        // What the document says: the operations tagged 'licenses', and the component schemas their success responses
        // and parameters lead to through $ref.
        Assert.Equal(LicenseOperations(text), result.Operations);
        var types = OperationFilterTests.Types(result.Generation).Keys.ToList();
        output.WriteLine("generated types: " + string.Join(", ", types));
        foreach (var expected in new[] { "License", "LicenseContent", "LicenseSimple" })
        {
            Assert.Contains(expected, types);
        }
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "EKG017");

        var unfiltered = SpecReader.Read(new SpecInput(GitHub, text, null, null, "public"), EquatableArray<SpecFileText>.Empty).Model!;
        var all = new HashSet<string>(unfiltered.Models.Select(m => m.Name).Concat(unfiltered.Enums.Select(e => e.Name)).Concat(unfiltered.Unions.Select(u => u.Name)), StringComparer.Ordinal);
        output.WriteLine($"types: {types.Count} filtered, {all.Count} unfiltered; operations: {result.Operations} filtered, {unfiltered.Operations.Count} unfiltered");
        // Every type keeps the name it has without the filter, except an inline type of the same shape as an inline
        // type met earlier in the whole document: without the filter it shares that one's name (see
        // docs/openapi-support.md, Schemas), with the filter it is met first and keeps its own.
        var filtered = SpecReader.Read(new SpecInput(GitHub, text, null, null, "public", new SpecFilters("licenses", null, null, null, null, null)), EquatableArray<SpecFileText>.Empty).Model!;
        static string Shape(ObjectType m) => string.Join(";", m.Properties.Select(p => p.JsonName + ":" + p.Type.Kind + (p.Required ? "!" : string.Empty) + (p.Type.Nullable ? "?" : string.Empty)));
        var unfilteredShapes = new HashSet<string>(unfiltered.Models.Select(Shape), StringComparer.Ordinal);
        Assert.All(types, t => Assert.True(
            all.Contains(t) || (filtered.Models.SingleOrDefault(m => m.Name == t) is { } model && unfilteredShapes.Contains(Shape(model))),
            t + " is neither a type of the unfiltered client nor of the shape of one"));
        Assert.Contains("License", all);
        Assert.Contains("LicenseContent", all);
        Assert.True(types.Count * 100 < all.Count, $"{types.Count} types of {all.Count} is not a small fraction");
        Assert.True(all.Count > 2000, "the unfiltered GitHub client has thousands of types");
    }

    private static int LicenseOperations(string text)
    {
        var count = 0;
        foreach (var path in JsonNode.Parse(text)!["paths"]!.AsObject())
        {
            foreach (var operation in path.Value!.AsObject())
            {
                if (operation.Value is JsonObject op && op["tags"] is JsonArray tags && tags.Any(t => (string?)t == "licenses"))
                {
                    count++;
                }
            }
        }
        return count;
    }
}
