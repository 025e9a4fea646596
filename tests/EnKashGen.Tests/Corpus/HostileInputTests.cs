using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using EnKashGen.Reading;
using EnKashGen.Tests.Constructs;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Documents built to take the compiler down: nesting a million levels deep, YAML alias bombs, reference cycles of
/// every shape, copies of parts that grow exponentially, 20 MB strings, objects of 100,000 members. Each runs through
/// the real generator driver. None may throw, crash or report through the compiler (CS8785, AD0001, EKG010); each ends
/// in an EKG diagnostic at the place in the spec that caused it; inputs over a limit are an EKG014 error and generate
/// nothing, and cycles the generator can work around are warnings and still generate a client that compiles cleanly.
/// The sizes are those of real attacks, not of real specs; every input is stopped long before it costs much.
/// </summary>
public sealed class HostileInputTests
{
    private const string Root = "/specs/hostile/openapi";
    private const string YamlHead = "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths: {}\n";
    private const string JsonHead = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Hostile\",\"version\":\"1\"},\"paths\":{},";

    /// <summary>A document with one operation that returns <c>A</c>, and the component schemas given (YAML, indented for <c>schemas:</c>).</summary>
    private static string WithSchemas(string schemas, string version = "3.0.3") =>
        "openapi: " + version + "\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/A'\ncomponents:\n  schemas:\n"
        + schemas;

    // ---- Nesting -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Json_objects_nested_deeply_stop_at_the_65th_level(int levels)
    {
        var prefix = JsonHead + "\"x-deep\":";
        var text = prefix + Repeat("{\"a\":", levels) + "1" + Repeat("}", levels) + "}";
        // The root is level 1, so the 64th nested object is level 65.
        Limit(Run(Json(text)), 0, prefix.Length + (5 * 63), "more than 64 levels deep");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Json_arrays_nested_deeply_stop_at_the_65th_level(int levels)
    {
        var prefix = JsonHead + "\"x-deep\":";
        Limit(Run(Json(prefix + Repeat("[", levels) + Repeat("]", levels) + "}")), 0, prefix.Length + 63, "more than 64 levels deep");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Yaml_flow_sequences_nested_deeply_stop_at_the_65th_level(int levels) =>
        Limit(Run(Yaml(YamlHead + "x-deep: " + Repeat("[", levels) + Repeat("]", levels) + "\n")), 5, 8 + 63, "more than 64 levels deep");

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Yaml_flow_mappings_nested_deeply_stop_at_the_65th_level(int levels) =>
        Limit(Run(Yaml(YamlHead + "x-deep: " + Repeat("{a: ", levels) + "b" + Repeat("}", levels) + "\n")), 5, 8 + (4 * 63), "more than 64 levels deep");

    [Fact]
    public void Yaml_block_mappings_nested_deeply_stop_at_the_65th_key()
    {
        // Key k (from 1) is indented k spaces and is level k + 1: "x-deep" is level 1.
        var text = new StringBuilder(YamlHead).Append("x-deep:\n");
        for (var k = 1; k <= 2_000; k++)
        {
            text.Append(' ', k).Append("a:\n");
        }
        text.Append(' ', 2_001).Append("b\n");
        Limit(Run(Yaml(text.ToString())), 5 + 64, 64, "more than 64 levels deep");
    }

    [Fact]
    public void Yaml_block_sequences_nested_deeply_stop_at_the_65th_dash()
    {
        var lines = new StringBuilder(YamlHead).Append("x-deep:\n");
        for (var k = 0; k < 2_000; k++)
        {
            lines.Append(' ', k).Append("-\n");
        }
        Limit(Run(Yaml(lines.ToString())), 6 + 63, 63, "more than 64 levels deep");

        // The compact form: a million dashes on one line.
        Limit(Run(Yaml(YamlHead + "x-deep:\n" + Repeat("- ", 1_000_000) + "x\n")), 6, 2 * 63, "more than 64 levels deep");
    }

    // ---- YAML aliases --------------------------------------------------------------------------------------------

    [Fact]
    public void Alias_bomb_stops_at_the_alias_that_exceeds_the_budget()
    {
        // Ten levels of ten aliases of the level below: 10^10 nodes once expanded, from 500 bytes.
        var text = new StringBuilder(YamlHead).Append("x-a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            text.Append("x-").Append(Letter(level)).Append(": &").Append(Letter(level)).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*" + Letter(level - 1), 10))).Append("]\n");
        }
        // Levels 1 and 2 re-create 110 + 1,110 nodes, and each alias of level 3 another 1,111: the budget of 10,000
        // runs out at the 8th alias of level 3 (line 9).
        Limit(Run(Yaml(text.ToString())), 8, "x-d: &d [".Length + (7 * "*c, ".Length), "aliases expand to more than 10,000 nodes");
    }

    [Fact]
    public void Alias_bomb_written_backwards_is_stopped_too()
    {
        // Aliases written before their anchors, as SharpYaml resolves them (to the anchor defined later).
        var text = new StringBuilder(YamlHead);
        for (var level = 9; level >= 1; level--)
        {
            text.Append("x-").Append(Letter(level)).Append(": &").Append(Letter(level)).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*" + Letter(level - 1), 10))).Append("]\n");
        }
        text.Append("x-a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        var result = Run(Yaml(text.ToString()));
        var d = Limit(result, 5, -1, "aliases expand to more than 10,000 nodes");
        Assert.Equal("x-j: &j [".Length, d.Location.GetLineSpan().StartLinePosition.Character);
    }

    [Theory]
    [InlineData("x-a: &a [1, *a]\n", 5, 12)]
    [InlineData("x-a: &a\n  b: *a\n", 6, 5)]
    [InlineData("x-a: &a\n  - &b\n    - *a\n", 7, 6)]
    public void Alias_inside_its_own_anchored_node_is_an_endless_expansion(string yaml, int line, int column) =>
        Limit(Run(Yaml(YamlHead + yaml)), line, column, "expands without end");

    [Fact]
    public void Aliases_that_share_a_block_generate_a_client()
    {
        var result = Run(Yaml("""
            openapi: 3.0.3
            info: {title: Hostile, version: '1'}
            paths:
              /a:
                get:
                  operationId: getA
                  parameters:
                    - &page {name: page, in: query, schema: {type: integer}}
                  responses: &ok {'204': {description: ok}}
              /b:
                get:
                  operationId: getB
                  parameters: [*page]
                  responses: *ok
            """));
        result.AssertCompilesWithoutWarnings();
        Assert.Contains(result.SpecSources, s => s.SourceText.ToString().Contains("GetBAsync(long? page", StringComparison.Ordinal));
    }

    // ---- Reference cycles ----------------------------------------------------------------------------------------

    [Fact]
    public void A_schema_that_is_a_reference_to_itself_is_untyped_with_a_warning()
    {
        var text = WithSchemas("    A:\n      $ref: '#/components/schemas/A' # mark: self\n");
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "self"), "cycle");
        result.AssertCompilesWithoutWarnings();
        Assert.Contains("global::System.Text.Json.JsonElement", result.Client, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemas_that_are_references_to_each_other_are_untyped_with_a_warning_at_each()
    {
        var text = WithSchemas("    A:\n      $ref: '#/components/schemas/B' # mark: a\n    B:\n      $ref: '#/components/schemas/A' # mark: b\n");
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "a"), "'#/components/schemas/A' -> '#/components/schemas/B' -> '#/components/schemas/A'");
        result.Warning("EKG006", Marked(text, "b"), "cycle");
        result.AssertOnlyWarnings(("EKG006", Marked(text, "a")), ("EKG006", Marked(text, "b")));
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Schemas_that_include_each_other_through_allOf_get_the_members_of_both_with_a_warning()
    {
        var text = WithSchemas("""
                A:
                  type: object
                  properties: {first: {type: string}}
                  allOf:
                    - $ref: '#/components/schemas/B' # mark: a
                B:
                  type: object
                  properties: {second: {type: integer}}
                  allOf:
                    - $ref: '#/components/schemas/A' # mark: b
            """);
        var result = Run(Yaml(text));
        result.Warning("EKG008", Marked(text, "a"), "allOf");
        result.Warning("EKG008", Marked(text, "b"), "allOf");
        result.AssertOnlyWarnings(("EKG008", Marked(text, "a")), ("EKG008", Marked(text, "b")));
        result.AssertCompilesWithoutWarnings();
        var g = result.Loaded();
        Assert.Equal(new[] { "AdditionalProperties", "First", "Second" }, g.Properties("A").Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "AdditionalProperties", "First", "Second" }, g.Properties("B").Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("oneOf")]
    [InlineData("anyOf")]
    public void Unions_that_are_alternatives_of_each_other_are_read_without_end_no_more(string keyword)
    {
        // A's reader tried B, whose reader tried A, ..., without reading anything: a stack overflow on any value.
        var text = WithSchemas($"""
                A:
                  {keyword}:
                    - $ref: '#/components/schemas/B'
                    - type: string
                B:
                  {keyword}:
                    - $ref: '#/components/schemas/A' # mark: back
                    - type: integer
            """);
        var result = Run(Yaml(text));
        result.Warning("EKG008", Marked(text, "back"), "never end");
        result.AssertOnlyWarnings(("EKG008", Marked(text, "back")));
        result.AssertCompilesWithoutWarnings();
        var g = result.Loaded();
        foreach (var json in new[] { "true", "\"text\"", "12", "{\"x\":1}", "[1]", "null" })
        {
            var value = g.Deserialize("A", json);
            Assert.True(json == "null" ? value is null : value is not null, json);
            if (value is not null)
            {
                Assert.Equal(json.Replace(" ", string.Empty, StringComparison.Ordinal), g.Serialize(value));
            }
        }
    }

    [Fact]
    public void A_union_that_is_its_own_alternative_is_read_without_end_no_more()
    {
        var text = WithSchemas("""
                A:
                  oneOf:
                    - $ref: '#/components/schemas/A' # mark: self
                    - type: string
                    - type: integer
            """);
        var result = Run(Yaml(text));
        result.Warning("EKG008", Marked(text, "self"), "'A' itself");
        result.AssertCompilesWithoutWarnings();
        Assert.NotNull(result.Loaded().Deserialize("A", "false"));
    }

    [Fact]
    public void Single_alternative_unions_that_contain_each_other_are_untyped_with_a_warning()
    {
        var text = WithSchemas("    A:\n      anyOf:\n        - $ref: '#/components/schemas/B'\n    B: # mark: b\n      anyOf:\n        - $ref: '#/components/schemas/A'\n");
        var result = Run(Yaml(text));
        result.Warning("EKG008", Marked(text, "b"), "contains itself");
        result.AssertCompilesWithoutWarnings();
    }

    [Theory]
    [InlineData("type: array\n      items")]
    [InlineData("type: object\n      additionalProperties")]
    public void A_schema_that_contains_only_itself_through_items_or_additionalProperties_is_untyped_inside_with_a_warning(string container)
    {
        var text = WithSchemas("    A: # mark: a\n      " + container + ":\n        $ref: '#/components/schemas/A'\n");
        var result = Run(Yaml(text));
        result.Warning("EKG008", Marked(text, "a"), "contains itself");
        result.AssertOnlyWarnings(("EKG008", Marked(text, "a")));
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void A_discriminator_whose_mapping_points_into_a_reference_cycle_still_generates_the_union()
    {
        // The reader's own discriminator check threw on the cycle, and the whole document was lost at line 1.
        var text = WithSchemas("""
                A:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - $ref: '#/components/schemas/Dog'
                  discriminator:
                    propertyName: kind
                    mapping:
                      cat: '#/components/schemas/Cat'
                      dog: '#/components/schemas/Dog'
                Cat:
                  type: object
                  required: [kind]
                  properties:
                    kind: {type: string}
                    lives: {type: integer}
                Dog:
                  $ref: '#/components/schemas/Loop' # mark: dog
                Loop:
                  $ref: '#/components/schemas/Dog' # mark: loop
            """);
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "dog"), "cycle");
        result.Warning("EKG006", Marked(text, "loop"), "cycle");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "EKG016");
        result.AssertCompilesWithoutWarnings();
        var cat = result.Loaded().Deserialize("A", "{\"kind\":\"cat\",\"lives\":9}")!;
        Assert.Equal(9L, Generated.Get(Generated.Get(cat, "Cat")!, "Lives"));
    }

    [Theory]
    [InlineData("responses", "    get:\n      operationId: getA\n      responses:\n        '200':\n          $ref: '#/components/responses/R1' # mark: use\n", "R", "'#/components/responses/R1' -> '#/components/responses/R2'")]
    [InlineData("parameters", "    get:\n      operationId: getA\n      parameters:\n        - $ref: '#/components/parameters/R1' # mark: use\n      responses:\n        '204':\n          description: ok\n", "R", "parameter")]
    [InlineData("requestBodies", "    post:\n      operationId: postA\n      requestBody:\n        $ref: '#/components/requestBodies/R1' # mark: use\n      responses:\n        '204':\n          description: ok\n", "R", "request body")]
    public void Components_other_than_schemas_that_are_references_to_each_other_are_left_out_with_a_warning(string section, string operation, string prefix, string message)
    {
        // The reader threw on the first property the mapper asked of such a reference (EKG010 at line 1).
        var text = "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n" + operation
            + "components:\n  " + section + ":\n    " + prefix + "1:\n      $ref: '#/components/" + section + "/" + prefix + "2' # mark: one\n    " + prefix + "2:\n      $ref: '#/components/" + section + "/" + prefix + "1' # mark: two\n";
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "one"), message);
        result.Warning("EKG006", Marked(text, "two"), "cycle");
        result.Warning("EKG006", Marked(text, "use"), "does not resolve");
        result.AssertOnlyWarnings(("EKG006", Marked(text, "one")), ("EKG006", Marked(text, "two")), ("EKG006", Marked(text, "use")));
        result.AssertCompilesWithoutWarnings();
        Assert.Single(result.Operations);
    }

    [Fact]
    public void A_header_that_is_a_reference_to_itself_is_reported_not_dropped_silently()
    {
        var text = "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204':\n          description: ok\n          headers:\n            X-Rate:\n              $ref: '#/components/headers/H'\ncomponents:\n  headers:\n    H:\n      $ref: '#/components/headers/H' # mark: self\n";
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "self"), "header");
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Path_items_that_are_references_to_each_other_are_left_out_with_a_warning()
    {
        var text = "openapi: 3.1.0\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    $ref: '#/components/pathItems/A' # mark: use\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '204':\n          description: ok\ncomponents:\n  pathItems:\n    A:\n      $ref: '#/components/pathItems/B' # mark: a\n    B:\n      $ref: '#/components/pathItems/A' # mark: b\n";
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "a"), "path item");
        result.Warning("EKG006", Marked(text, "b"), "path item");
        result.Warning("EKG006", Marked(text, "use"), "does not resolve");
        result.AssertCompilesWithoutWarnings();
        Assert.Equal(new[] { "GetBAsync" }, result.Operations);
    }

    [Fact]
    public void Swagger_definitions_that_are_references_to_each_other_are_reported_at_their_lines()
    {
        // Swagger 2.0 places were named as OpenAPI 3 names them and reported at the document's first line.
        var text = "swagger: '2.0'\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          schema:\n            $ref: '#/definitions/A'\ndefinitions:\n  A:\n    $ref: '#/definitions/B' # mark: a\n  B:\n    $ref: '#/definitions/A' # mark: b\n  Pet:\n    type: object\n    discriminator: kind # mark: discriminator\n    properties:\n      kind: {type: string}\n";
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "a"), "'#/definitions/A' -> '#/definitions/B'");
        result.Warning("EKG006", Marked(text, "b"), "cycle");
        // A rule the reader checks on the OpenAPI 3 form of the document, located in the Swagger text.
        Assert.Contains(result.Diagnostics, d => d.Id == "EKG013" && d.Location.GetLineSpan().StartLinePosition.Line == Marked(text, "discriminator"));
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void A_schema_reference_into_itself_is_a_cycle_reported_where_it_is_written()
    {
        var text = WithSchemas("    A:\n      type: object\n      properties:\n        x:\n          $ref: '#/components/schemas/A/properties/x' # mark: x\n");
        var result = Run(Yaml(text));
        result.Warning("EKG006", Marked(text, "x"), "'#/components/schemas/A/properties/x'");
        result.AssertOnlyWarnings(("EKG006", Marked(text, "x")));
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void A_schema_that_refers_to_itself_through_a_property_is_legitimate_recursion_and_works()
    {
        var text = WithSchemas("    A:\n      type: object\n      properties:\n        name: {type: string}\n        next:\n          $ref: '#/components/schemas/A'\n");
        var result = Run(Yaml(text));
        Assert.Empty(result.Diagnostics);
        result.AssertCompilesWithoutWarnings();
        var g = result.Loaded();
        var value = g.Deserialize("A", "{\"name\":\"a\",\"next\":{\"name\":\"b\",\"next\":{\"name\":\"c\"}}}")!;
        Assert.Equal("c", Generated.Get(Generated.Get(Generated.Get(value, "Next")!, "Next")!, "Name"));
        Assert.Equal("{\"name\":\"a\",\"next\":{\"name\":\"b\",\"next\":{\"name\":\"c\"}}}", g.Serialize(value));
    }

    // ---- Reference cycles across files ---------------------------------------------------------------------------

    [Fact]
    public void A_part_that_refers_back_to_the_root_in_a_cycle_is_reported_in_the_part()
    {
        var root = WithSchemas("    A:\n      $ref: 'part.yaml#/B'\n");
        const string Part = "B:\n  $ref: 'openapi.yaml#/components/schemas/A' # mark: back\n";
        var result = Run(Spec(Root + ".yaml", root), SpecFile.Part("/specs/hostile/part.yaml", Part));
        result.Warning("EKG006", new SpecLine("/specs/hostile/part.yaml", Marked(Part, "back")), "cycle");
        result.AssertCompilesWithoutWarnings();
    }

    [Theory]
    [InlineData("3.0.3")]
    [InlineData("3.1.0")]
    public void Path_items_of_two_parts_that_refer_to_each_other_are_reported_where_the_cycle_closes(string version)
    {
        var root = "openapi: " + version + "\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    $ref: 'one.yaml#/item'\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '204':\n          description: ok\n";
        const string One = "item:\n  $ref: 'two.yaml#/item' # mark: one\n";
        const string Two = "item:\n  $ref: 'one.yaml#/item' # mark: two\n";
        var result = Run(Spec(Root + ".yaml", root), SpecFile.Part("/specs/hostile/one.yaml", One), SpecFile.Part("/specs/hostile/two.yaml", Two));
        // 3.0 has no path item components: each reference copies its target in, and the copy that repeats one is cut.
        // 3.1 makes both components, references to each other, and the cycle is cut there.
        result.Warning("EKG006", new SpecLine("/specs/hostile/two.yaml", Marked(Two, "two")), "cycle");
        if (version == "3.1.0")
        {
            result.Warning("EKG006", new SpecLine("/specs/hostile/one.yaml", Marked(One, "one")), "cycle");
        }
        result.AssertCompilesWithoutWarnings();
        Assert.Equal(new[] { "GetBAsync" }, result.Operations);
    }

    [Fact]
    public void Copies_that_repeat_themselves_through_operations_and_callbacks_are_cut_at_the_first_repeat()
    {
        // Each copy of the path item holds eight operations, whose callbacks hold two copies of the path item: 16^n
        // copies at depth n, which took more than 20 GB before the repeat was noticed.
        var result = Run(Spec(Root + ".yaml", "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    $ref: 'part.yaml#/item0'\n"), SpecFile.Part("/specs/hostile/part.yaml", FanOut(levels: 1, cyclic: true)));
        var text = FanOut(levels: 1, cyclic: true);
        result.Warning("EKG006", new SpecLine("/specs/hostile/part.yaml", Marked(text, "a0")), "'part.yaml#/item0' -> 'part.yaml#/op0' -> 'part.yaml#/callbacks0' -> 'part.yaml#/item0'");
        result.Warning("EKG006", new SpecLine("/specs/hostile/part.yaml", Marked(text, "b0")), "cycle");
        result.AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void Copies_that_grow_exponentially_without_a_cycle_stop_when_repeated_copies_exceed_their_budget()
    {
        // Twelve distinct levels of the same shape: 16^11 path items once copied, from a part of 6 KB.
        var part = FanOut(levels: 12, cyclic: false);
        var result = Run(Spec(Root + ".yaml", "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n  /a:\n    $ref: 'part.yaml#/item0'\n"), SpecFile.Part("/specs/hostile/part.yaml", part));
        var d = Assert.Single(result.Diagnostics, d => d.Id == "EKG014");
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Contains("again and again, more than 500,000 nodes", d.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("/specs/hostile/part.yaml", d.Location.GetLineSpan().Path);
        Assert.True(d.Location.GetLineSpan().StartLinePosition.Line > 0, d.ToString());
        Assert.Empty(result.SpecSources);
    }

    // ---- Size ----------------------------------------------------------------------------------------------------

    [Fact]
    public void A_20_MB_json_string_stops_at_its_opening_quote()
    {
        var prefix = JsonHead + "\"x-text\":";
        Limit(Run(Json(prefix + "\"" + new string('x', 20_000_000) + "\"}")), 0, prefix.Length, "longer than 1,048,576 characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("'")]
    [InlineData("\"")]
    public void A_20_MB_yaml_scalar_stops_at_its_start(string quote) =>
        Limit(Run(Yaml(YamlHead + "x-text: " + quote + new string('x', 20_000_000) + quote + "\n")), 5, 8, "longer than 1,048,576 characters");

    [Fact]
    public void A_yaml_block_scalar_of_20_MB_stops_where_it_starts()
    {
        var text = YamlHead + "x-text: |\n" + string.Concat(Enumerable.Repeat("  " + new string('x', 999) + "\n", 20_000));
        Limit(Run(Yaml(text)), 5, 8, "longer than 1,048,576 characters");
    }

    [Fact]
    public void Properties_paths_and_enum_values_by_the_hundred_thousand_stop_at_the_50001st()
    {
        const int N = 100_000;
        static string Names(Func<int, string> entry) => string.Concat(Enumerable.Range(0, N).Select(entry));

        var yamlProperties = WithSchemas("    A:\n      type: object\n      properties:\n" + Names(i => $"        p{i}: {{type: string}}\n"));
        Limit(Run(Yaml(yamlProperties)), Line(yamlProperties, "        p50000:"), 8, "more than 50,000 entries");

        var yamlPaths = "openapi: 3.0.3\ninfo:\n  title: Hostile\n  version: '1'\npaths:\n" + Names(i => $"  /p{i}: {{}}\n");
        Limit(Run(Yaml(yamlPaths)), Line(yamlPaths, "  /p50000:"), 2, "more than 50,000 entries");

        var yamlEnum = WithSchemas("    A:\n      type: string\n      enum:\n" + Names(i => $"        - v{i}\n"));
        Limit(Run(Yaml(yamlEnum)), Line(yamlEnum, "        - v50000"), 8, "more than 50,000 items");

        var jsonProperties = JsonHead + "\"components\":{\"schemas\":{\"A\":{\"type\":\"object\",\"properties\":{" + string.Join(",", Enumerable.Range(0, N).Select(i => $"\"p{i}\":{{\"type\":\"string\"}}")) + "}}}}}";
        Limit(Run(Json(jsonProperties)), 0, jsonProperties.IndexOf("\"p50000\"", StringComparison.Ordinal), "more than 50,000 members");

        var jsonPaths = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Hostile\",\"version\":\"1\"},\"paths\":{" + string.Join(",", Enumerable.Range(0, N).Select(i => $"\"/p{i}\":{{}}")) + "}}";
        Limit(Run(Json(jsonPaths)), 0, jsonPaths.IndexOf("\"/p50000\"", StringComparison.Ordinal), "more than 50,000 members");

        var jsonEnum = JsonHead + "\"components\":{\"schemas\":{\"A\":{\"type\":\"string\",\"enum\":[" + string.Join(",", Enumerable.Range(0, N).Select(i => $"\"v{i}\"")) + "]}}}}";
        Limit(Run(Json(jsonEnum)), 0, jsonEnum.IndexOf("\"v50000\"", StringComparison.Ordinal), "more than 50,000 items");
    }

    [Fact]
    public void Twenty_thousand_names_that_collide_after_sanitising_are_numbered_in_order()
    {
        // Keys that all become "V": each took a search through every number taken before it (minutes for 50,000).
        const int N = 20_000;
        static string Key(int i) => "v" + string.Concat(Enumerable.Range(0, 16).Select(b => ((i >> b) & 1) == 0 ? "-" : "_"));
        var text = WithSchemas("    A:\n      type: object\n      properties:\n" + string.Concat(Enumerable.Range(0, N).Select(i => $"        '{Key(i)}': {{type: string}}\n"))
            + "    E:\n      type: string\n      enum:\n" + string.Concat(Enumerable.Range(0, N).Select(i => $"        - '{Key(i)}'\n")));
        var result = SpecReader.Read(new Model.SpecInput(Root + ".yaml", text, null, null, "public"), Model.EquatableArray<Model.SpecFileText>.Empty);
        var model = result.Model!;
        var a = model.Models.Single(m => m.Name == "A");
        Assert.Equal(new[] { "V" }.Concat(Enumerable.Range(2, N - 1).Select(i => "V" + i.ToString(CultureInfo.InvariantCulture))), a.Properties.Select(p => p.Name));
        Assert.Equal(Enumerable.Range(0, N).Select(Key), a.Properties.Select(p => p.JsonName));
        var e = model.Enums.Single(x => x.Name == "E");
        Assert.Equal(N, e.Members.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2 * (N - 1), result.Diagnostics.Count(d => d.Id == "EKG007"));
    }

    [Theory]
    [InlineData("raw high")]
    [InlineData("raw low")]
    [InlineData("escaped high")]
    [InlineData("escaped low")]
    [InlineData("two escaped")]
    public void Half_of_a_surrogate_pair_in_json_is_read_as_the_replacement_character_with_a_warning(string kind)
    {
        // Built here: test data that holds half a character does not survive the test runner's serialization.
        var half = kind switch
        {
            "raw high" => "\ud800",
            "raw low" => "\udc00",
            "escaped high" => "\\ud800",
            "escaped low" => "\\uDC00",
            _ => "\\ud83d and \\ud83d",
        };
        // The text (an editor's buffer) or an escape holding half a character: System.Text.Json refused the text, or
        // threw wherever the string was read, and the spec was lost at line 1 (EKG010, EKG016).
        var text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"Cut " + half + " emoji\", \"version\": \"1\"},\n  \"paths\": {\"/a\": {\"get\": {\"operationId\": \"getA\", \"description\": \"" + half + "\", \"responses\": {\"204\": {\"description\": \"ok\"}}}}}\n}\n";
        var result = Run(Json(text));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("EKG004", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal(new LinePosition(2, text.Split('\n')[2].IndexOf("Cut ", StringComparison.Ordinal) + 4), d.Location.GetLineSpan().StartLinePosition);
        Assert.Contains(half.Contains(" and ", StringComparison.Ordinal) ? "4 places" : "2 places", d.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        result.AssertCompilesWithoutWarnings();
        Assert.Contains("Cut \uFFFD", string.Concat(result.SpecSources.Select(s => s.SourceText.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_surrogate_pair_in_json_is_a_character()
    {
        var result = Run(Json("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Emoji \\ud83d\\ude00 \ud83d\ude00\",\"version\":\"1\"},\"paths\":{}}"));
        Assert.Empty(result.Diagnostics);
        result.AssertCompilesWithoutWarnings();
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    /// <summary>
    /// A part whose path item <c>item{k}</c> has eight operations, each a copy of <c>op{k}</c>, whose callbacks are a copy of
    /// <c>callbacks{k}</c>, which holds two copies of <c>item{k+1}</c>; the last level points back to the first, or ends.
    /// </summary>
    private static string FanOut(int levels, bool cyclic)
    {
        var methods = new[] { "get", "put", "post", "delete", "patch", "head", "options", "trace" };
        var b = new StringBuilder();
        for (var k = 0; k < levels; k++)
        {
            var next = k + 1 < levels ? k + 1 : cyclic ? 0 : -1;
            b.Append("item").Append(k).Append(":\n");
            foreach (var m in methods)
            {
                b.Append("  ").Append(m).Append(":\n    $ref: 'part.yaml#/op").Append(k).Append("'\n");
            }
            b.Append("op").Append(k).Append(":\n  responses:\n    '204':\n      description: ok\n");
            if (next < 0)
            {
                continue;
            }
            b.Append("  callbacks:\n    $ref: 'part.yaml#/callbacks").Append(k).Append("'\n");
            b.Append("callbacks").Append(k).Append(":\n  done:\n");
            b.Append("    '{$request.body#/a}':\n      $ref: 'part.yaml#/item").Append(next).Append("' # mark: a").Append(k).Append('\n');
            b.Append("    '{$request.body#/b}':\n      $ref: 'part.yaml#/item").Append(next).Append("' # mark: b").Append(k).Append('\n');
        }
        return b.ToString();
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static char Letter(int level) => (char)('a' + level);

    private static SpecFile Yaml(string text) => Spec(Root + ".yaml", text);

    private static SpecFile Json(string text) => Spec(Root + ".json", text);

    private static SpecFile Spec(string path, string text) => new(path, text, "Hostile", "HostileClient");

    /// <summary>The 0-based line that carries "# mark: <paramref name="mark"/>".</summary>
    private static int Marked(string text, string mark) => Line(text, "# mark: " + mark);

    private static int Line(string text, string content)
    {
        var lines = text.Split('\n');
        var hits = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith(content, StringComparison.Ordinal) || lines[i].EndsWith(content, StringComparison.Ordinal)).ToList();
        Assert.True(hits.Count == 1, $"expected one line with '{content}', found {hits.Count}");
        return hits[0];
    }

    /// <summary>Asserts one EKG014 error at (<paramref name="line"/>, <paramref name="column"/>; -1: any column) and no client.</summary>
    private static Diagnostic Limit(Outcome result, int line, int column, string message)
    {
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("EKG014", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Contains(message, d.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(result.SpecPath, d.Location.GetLineSpan().Path);
        var start = d.Location.GetLineSpan().StartLinePosition;
        Assert.Equal(line, start.Line);
        if (column >= 0)
        {
            Assert.Equal(column, start.Character);
        }
        Assert.Empty(result.SpecSources);
        return d;
    }

    private static Outcome Run(params SpecFile[] files)
    {
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.CreateCompilation(Array.Empty<string>()), CancellationToken.None);
        var run = driver.GetRunResult();
        var outcome = new Outcome(
            files.First(f => f.IsSpec).Path,
            run.Diagnostics,
            run.Results.SelectMany(r => r.GeneratedSources).Where(s => !GeneratedRuntime.IsRuntime(s.HintName)).ToImmutableArray(),
            files);
        Assert.True(run.Results.All(r => r.Exception is null), string.Join("\n", run.Results.Select(r => r.Exception).Where(e => e is not null)));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8785" or "AD0001" or "EKG010" || !d.Id.StartsWith("EKG", StringComparison.Ordinal));
        // Every hostile input ends in a diagnostic located in one of the spec's files.
        Assert.All(run.Diagnostics, d => Assert.Contains(files, f => f.Path == d.Location.GetLineSpan().Path));
        return outcome;
    }

    private sealed record Outcome(string SpecPath, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<GeneratedSourceResult> SpecSources, IReadOnlyList<SpecFile> Files)
    {
        public string Client => SpecSources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SourceText.ToString();

        /// <summary>The public operation methods of the client, sorted.</summary>
        public IReadOnlyList<string> Operations => SpecSources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SyntaxTree.GetRoot()
            .DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .Where(m => m.Modifiers.Any(t => t.ValueText == "public") && m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => m.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax c && c.Modifiers.Any(t => t.ValueText == "public"))
            .Select(m => m.Identifier.ValueText).OrderBy(n => n, StringComparer.Ordinal).ToList();

        /// <summary>The one warning <paramref name="id"/> at <paramref name="line"/> of the root, whose message holds <paramref name="message"/>.</summary>
        public void Warning(string id, int line, string message) => Warning(id, new SpecLine(SpecPath, line), message);

        public void Warning(string id, SpecLine place, string message)
        {
            var at = Diagnostics.Where(d => d.Id == id && d.IsAt(place)).ToList();
            Assert.True(at.Count == 1, $"expected one {id} at {place}, found {at.Count}:\n{SpecDiagnostics.Describe(Diagnostics)}");
            Assert.Equal(DiagnosticSeverity.Warning, at[0].DefaultSeverity);
            Assert.Contains(message, at[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        /// <summary>Nothing of warning severity or above but the diagnostics given (id and line of the root).</summary>
        public void AssertOnlyWarnings(params (string Id, int Line)[] allowed)
        {
            var unexpected = Diagnostics.Where(d => d.DefaultSeverity >= DiagnosticSeverity.Warning)
                .Where(d => !allowed.Any(a => a.Id == d.Id && d.IsAt(new SpecLine(SpecPath, a.Line)))).ToList();
            Assert.True(unexpected.Count == 0, "unexpected diagnostics:\n" + SpecDiagnostics.Describe(unexpected));
        }

        /// <summary>A client was generated, and it compiles with no error and no warning.</summary>
        public void AssertCompilesWithoutWarnings()
        {
            Assert.NotEmpty(SpecSources);
            Assert.DoesNotContain(Diagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
            var errors = GeneratedRuntime.Compile(SpecSources.Select(s => s.SyntaxTree));
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
        }

        /// <summary>The client compiled with its runtime and loaded, to read and write values.</summary>
        public Generated Loaded() => new(GeneratorHarness.Run(Files), "Hostile", "HostileClient");
    }
}
