using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EnKashGen.Emit;
using EnKashGen.Model;
using EnKashGen.Reading;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EnKashGen.Tests.Compiling;

/// <summary>
/// The runtime's optional parts (RuntimeFeature): each is emitted exactly when a spec needs it, every combination the
/// generator can emit compiles, and the sources, the feature list and src/EnKashGen.Runtime agree.
/// </summary>
public class RuntimeFeatureTests
{
    /// <summary>One spec that needs every part of the runtime.</summary>
    private const string EverythingSpec = """
        openapi: 3.0.3
        info: { title: Everything, version: '1' }
        paths:
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
                - { name: filter, in: query, style: deepObject, explode: true, schema: { $ref: '#/components/schemas/Filter' } }
                - { name: X-Trace, in: header, schema: { type: string } }
              responses:
                '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
                '204': { description: nothing }
            delete:
              operationId: deleteThing
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '204': { description: deleted } }
          /things/{id}/label:
            get:
              operationId: getLabel
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok, content: { text/plain: { schema: { type: string } } } } }
          /things/{id}/note:
            get:
              operationId: getNote
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok, content: { application/json: { schema: { type: string, nullable: true } } } } }
          /things/{id}/image:
            get:
              operationId: getImage
              parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
              responses: { '200': { description: ok, content: { application/octet-stream: { schema: { type: string, format: binary } } } } }
        components:
          schemas:
            Filter:
              type: object
              properties: { name: { type: string } }
            Thing:
              type: object
              required: [cleared]
              properties:
                count: { type: integer, format: int32 }
                total: { type: integer, format: int64 }
                ratio: { type: number, format: float }
                score: { type: number, format: double }
                price: { type: number }
                at: { type: string, format: date-time }
                day: { type: string, format: date }
                key: { type: string, format: uuid }
                blob: { type: string, format: byte }
                tags: { type: array, items: { type: string } }
                notes: { type: array, items: { type: string, nullable: true } }
                codes: { type: array, items: { type: string, maxLength: 3 } }
                level: { type: integer, enum: [1, 2, 3] }
                cleared: { type: string, nullable: true }
                labels: { type: object, additionalProperties: { type: string } }
                either: { oneOf: [ { type: string }, { type: integer } ] }
                pet: { $ref: '#/components/schemas/Pet' }
            Pet:
              type: object
              required: [kind]
              properties: { kind: { type: string } }
              discriminator: { propertyName: kind, mapping: { cat: '#/components/schemas/Cat' } }
            Cat:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - type: object
                  properties: { lives: { type: integer, format: int32 } }
        """;

    private static RuntimeFeature FeaturesOf(string text) =>
        RuntimeFeatures.Of(SpecReader.Read(new SpecInput("/specs/spec.yaml", text, null, null, "public"), EquatableArray<SpecFileText>.Empty).Model!);

    [Fact]
    public void A_spec_that_uses_every_construct_needs_every_part_and_its_client_compiles()
    {
        Assert.Equal(RuntimeFeature.All, FeaturesOf(EverythingSpec));
        var result = GeneratorHarness.Run("/specs/everything.yaml", EverythingSpec);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
    }

    [Fact]
    public void The_EnKash_spec_needs_only_the_parts_its_client_uses()
    {
        // Its members are text, booleans, decimals and one int64; it has lists but no maps, dates, unions or hierarchies;
        // every operation answers an enveloped JSON payload; its three query parameters are text.
        Assert.Equal(
            RuntimeFeature.Int64 | RuntimeFeature.Decimal | RuntimeFeature.Lists,
            FeaturesOf(File.ReadAllText(TestPaths.EnKashSpec)));
    }

    [Theory]
    [InlineData("{ type: integer, format: int32 }", "Int32")]
    [InlineData("{ type: integer, format: int64 }", "Int64")]
    [InlineData("{ type: number, format: float }", "Single")]
    [InlineData("{ type: number, format: double }", "Double")]
    [InlineData("{ type: number }", "Decimal")]
    [InlineData("{ type: string, format: date-time }", "DateTimeOffset")]
    [InlineData("{ type: string, format: date }", "DateOnly")]
    [InlineData("{ type: string, format: uuid }", "Guid")]
    [InlineData("{ type: string, format: byte }", "Bytes")]
    [InlineData("{ type: array, items: { type: string } }", "Lists")]
    [InlineData("{ type: object, additionalProperties: { type: string } }", "Maps")]
    [InlineData("{ type: array, items: { type: string, nullable: true } }", "Lists, NullableItems")]
    [InlineData("{ type: array, items: { type: array, items: { type: string, format: uuid } } }", "Lists, Guid")]
    [InlineData("{ type: array, items: { type: string, maxLength: 3 } }", "Lists, ItemRules")]
    [InlineData("{ type: array, items: { type: string, enum: [a, b] } }", "Lists, ItemRules")]
    [InlineData("{ type: object, additionalProperties: { type: string, pattern: '^a' } }", "Maps, ItemRules")]
    [InlineData("{ type: integer, enum: [1, 2] }", "IntegerEnums")]
    [InlineData("{ oneOf: [ { type: string }, { type: boolean } ] }", "Unions")]
    [InlineData("{ type: string }", "None")]
    public void A_member_type_needs_its_part_and_its_client_compiles_with_only_that(string schema, string parts)
    {
        var spec = "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /t:\n    get:\n      operationId: getT\n"
            + "      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/T' } } } } }\n"
            + "components:\n  schemas:\n    T:\n      type: object\n      properties:\n        value: " + schema + "\n";

        Assert.Equal((RuntimeFeature)Enum.Parse(typeof(RuntimeFeature), parts), FeaturesOf(spec));
        var result = GeneratorHarness.Run("/specs/t.yaml", spec);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
    }

    [Fact]
    public void Every_feature_symbol_of_the_sources_is_a_feature_and_the_runtime_project_defines_them_all()
    {
        var sources = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "EnKashGen", "Runtime"), "*.cs", SearchOption.AllDirectories);
        var used = sources.SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\bENKASHGEN_[A-Z0-9_]+").Select(m => m.Value)).ToHashSet();
        Assert.Subset(RuntimeFeatures.Symbols.Keys.ToHashSet(), used);
        Assert.Superset(RuntimeFeatures.Symbols.Keys.ToHashSet(), used);

        var project = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "EnKashGen.Runtime", "EnKashGen.Runtime.csproj"));
        var defined = Regex.Match(project, "<DefineConstants>\\$\\(DefineConstants\\);([^<]*)</DefineConstants>").Groups[1].Value.Split(';').ToHashSet();
        Assert.Equal(RuntimeFeatures.Symbols.Keys.OrderBy(s => s, StringComparer.Ordinal), defined.OrderBy(s => s, StringComparer.Ordinal));
    }

    public static IEnumerable<object[]> Subsets()
    {
        yield return new object[] { (int)RuntimeFeature.None };
        foreach (var feature in RuntimeFeatures.Symbols.Values.OrderBy(f => f))
        {
            yield return new object[] { (int)feature };
            yield return new object[] { (int)(RuntimeFeature.All & ~feature) };
        }
    }

    /// <summary>No part refers to another that can be left out: the runtime compiles with none, each alone, and all but each.</summary>
    [Theory]
    [MemberData(nameof(Subsets))]
    public void The_runtime_compiles_with_any_one_part_in_or_out(int parts)
    {
        var features = (RuntimeFeature)parts;
        var trees = RuntimeEmitter.Emit(hasLogging: false, "public", surfaceReferenced: false, loggerSinkReferenced: false, features)
            .Select(file => CSharpSyntaxTree.ParseText(file.Source, GeneratorHarness.ParseOptions(LanguageVersion.CSharp10), file.HintName));
        var diagnostics = CSharpCompilation.Create("Runtime", trees, GeneratorHarness.References, GeneratedRuntime.Options).GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(diagnostics.Count == 0, features + ":\n" + string.Join("\n", diagnostics.Take(10)));
    }

    [Fact]
    public void Feature_blocks_are_resolved_other_directives_stay_and_no_stray_blank_line_is_left()
    {
        const string source = "class C\n{\n    void A() { }\n\n    // a comment between blank lines\n\n    #if ENKASHGEN_MAPS\n    void Maps() { }\n    #endif\n\n"
            + "    #if ENKASHGEN_LISTS && ENKASHGEN_NULLABLE_ITEMS\n    void NullableLists() { }\n    #else\n    void NoNullableLists() { }\n    #endif\n\n"
            + "#if NET9_0_OR_GREATER\n    void Net9() { }\n#endif\n\n    #if ENKASHGEN_GUID || ENKASHGEN_BYTES\n    void GuidOrBytes() { }\n    #endif\n}\n";

        var none = RuntimeEmitter.Prepare(source, RuntimeFeature.None);
        Assert.Equal("class C\n{\n    void A() { }\n\n    void NoNullableLists() { }\n\n#if NET9_0_OR_GREATER\n    void Net9() { }\n#endif\n}\n", none);

        var some = RuntimeEmitter.Prepare(source, RuntimeFeature.Maps | RuntimeFeature.Lists | RuntimeFeature.NullableItems | RuntimeFeature.Bytes);
        Assert.Equal(
            "class C\n{\n    void A() { }\n\n    void Maps() { }\n\n    void NullableLists() { }\n\n#if NET9_0_OR_GREATER\n    void Net9() { }\n#endif\n\n    void GuidOrBytes() { }\n}\n",
            some);

        // Only the lists: the && block falls to its #else.
        Assert.Contains("NoNullableLists", RuntimeEmitter.Prepare(source, RuntimeFeature.Lists));
        Assert.Equal("ENKASHGEN_NULLABLE_ITEMS", RuntimeFeatures.Symbol(RuntimeFeature.NullableItems));
        Assert.Equal("ENKASHGEN_DATE_TIME_OFFSET", RuntimeFeatures.Symbol(RuntimeFeature.DateTimeOffset));
    }

    [Fact]
    public void The_runtime_sources_kept_for_reuse_stay_bounded_however_many_feature_sets_a_host_sees()
    {
        for (var i = 0; i < 40; i++)
        {
            RuntimeEmitter.Emit(hasLogging: false, "public", surfaceReferenced: false, loggerSinkReferenced: false, (RuntimeFeature)(i * 97 % (int)RuntimeFeature.All));
        }
        // Other tests emit at the same time, each adding at most a set's files after the check.
        Assert.InRange(RuntimeEmitter.CachedCount, 1, RuntimeEmitter.CachedSources + 64);
    }

    [Fact]
    public void Two_specs_get_the_parts_either_needs()
    {
        var dates = "openapi: 3.0.3\ninfo: { title: A, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: { at: { type: string, format: date-time } }\n";
        var maps = "openapi: 3.0.3\ninfo: { title: B, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    B:\n      type: object\n      properties: { m: { type: object, additionalProperties: { type: integer, format: int32 } } }\n";
        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/a.yaml", dates, "A", "AClient"), new SpecFile("/specs/b.yaml", maps, "B", "BClient") });
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        var codecs = result.Sources.Single(s => s.HintName == RuntimeEmitter.InternalFile).SourceText.ToString();
        Assert.Contains("DateTimeOffsetCodec", codecs);
        Assert.Contains("MapCodec", codecs);
        Assert.Contains("Int32Codec", codecs);
        Assert.DoesNotContain("GuidCodec", codecs);
        Assert.DoesNotContain("ListCodec", codecs);
        Assert.DoesNotContain("ENKASHGEN_", string.Concat(result.Sources.Select(s => s.SourceText.ToString())));
    }
}
