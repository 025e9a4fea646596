using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using EnKashGen.Reading;
using SharpYaml.Serialization;
using Xunit;

namespace EnKashGen.Tests.Reading;

/// <summary>
/// The scan that bounds a spec's text before any parser sees it: hostile documents are stopped at the place where a
/// limit is first exceeded (zero-based line and column), documents at a limit pass, and text that only looks like
/// structure (inside strings, comments and block scalars) is not counted. Real specs: <see cref="InputScannerCorpusTests"/>.
/// </summary>
public sealed class InputScannerTests
{
    private const string DepthJson = "more than 64 levels deep";
    private const string DepthYaml = "mappings and sequences more than 64 levels deep";

    // ---- Depth ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Json_objects_nested_too_deep_stop_at_the_65th_opening_brace(int levels)
    {
        var v = Violation(Repeat("{\"a\":", levels) + "1" + Repeat("}", levels));
        AssertAt(v, 0, 5 * 64, DepthJson);
        Assert.Contains("objects and arrays", v.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Json_arrays_nested_too_deep_stop_at_the_65th_opening_bracket(int levels) =>
        AssertAt(Violation(Repeat("[", levels) + Repeat("]", levels)), 0, 64, DepthJson);

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Yaml_flow_sequences_nested_too_deep_stop_at_the_65th_bracket(int levels) =>
        // The comment makes it YAML; the sequence is then the document's root.
        AssertAt(Violation("# nested\n" + Repeat("[", levels) + Repeat("]", levels)), 1, 64, DepthYaml);

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Yaml_flow_mappings_nested_too_deep_stop_at_the_65th_level(int levels) =>
        // "x:" is level 1, so the 64th "{" (0-based 63) is level 65.
        AssertAt(Violation("x: " + Repeat("{a: ", levels) + "b" + Repeat("}", levels)), 0, 3 + 4 * 63, DepthYaml);

    [Theory]
    [InlineData(1, 10_000)]
    // 10,000 levels growing by two spaces are 100 million characters, past the document limit on their own.
    [InlineData(2, 5_000)]
    public void Yaml_block_mappings_nested_too_deep_stop_at_the_65th_key(int step, int levels)
    {
        var text = NestedBlockMappings(levels, step);
        AssertAt(Violation(text), 64, 64 * step, DepthYaml);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void Yaml_compact_block_sequences_nested_too_deep_stop_at_the_65th_dash(int levels) =>
        AssertAt(Violation(Repeat("- ", levels) + "x\n"), 0, 128, DepthYaml);

    [Fact]
    public void Yaml_block_sequences_nested_over_lines_stop_at_the_65th_dash()
    {
        var b = new StringBuilder();
        for (var k = 0; k < 1000; k++)
        {
            b.Append(' ', k).Append("-\n");
        }
        AssertAt(Violation(b.ToString()), 64, 64, DepthYaml);
    }

    [Fact]
    public void Json_and_yaml_documents_exactly_64_levels_deep_pass_and_65_fail()
    {
        foreach (var (deep, line, column) in new (Func<int, string> Deep, int Line, int Column)[]
        {
            (n => Repeat("{\"a\":", n) + "1" + Repeat("}", n), 0, 320),
            (n => Repeat("[", n) + Repeat("]", n), 0, 64),
            (n => "# flow\n" + Repeat("[", n) + Repeat("]", n), 1, 64),
            (n => "# flow\n" + Repeat("{a: ", n) + "b" + Repeat("}", n), 1, 256),
            (n => NestedBlockMappings(n, 2), 64, 128),
            (n => Repeat("- ", n) + "x\n", 0, 128),
            // A sequence at its key's indentation is a level of its own: "k:\n- k:\n  - k:\n    - ...".
            (n => IndentlessSequences(n), 32, 64),
        })
        {
            Assert.Null(InputScanner.Check(deep(64), InputLimits.Default));
            AssertAt(Violation(deep(65)), line, column, "more than 64 levels deep");
        }
    }

    [Fact]
    public void Empty_keys_in_flow_sequences_nest_the_way_SharpYaml_nests_them()
    {
        // SharpYaml's parser swallows the token after an empty "? " key in a flow sequence, here the ']': every
        // "[? ], " then opens one more level although the brackets balance. "x" is level 1, the outer sequence 2,
        // the k-th inner one 3 + k and its pair 4 + k.
        static string Nest(int n) => "x: [" + Repeat("[? ], ", n) + Repeat("]", n) + "]\n";
        Assert.Equal(13, SharpYamlShape(Nest(10)).Depth);
        Assert.Null(InputScanner.Check(Nest(10), InputLimits.Default with { MaxDepth = 13 }));
        Assert.Contains("more than 12 levels", Violation(Nest(10), InputLimits.Default with { MaxDepth = 12 }).Message, StringComparison.Ordinal);
        // Level 65 is the pair in the 62nd inner sequence: its '?' is at 4 + 6 * 61 + 1.
        AssertAt(Violation(Nest(100_000)), 0, 371, DepthYaml);
    }

    [Fact]
    public void Bounded_depth_of_a_custom_limit_is_enforced_in_json_and_yaml()
    {
        var limits = InputLimits.Default with { MaxDepth = 3 };
        Assert.Null(InputScanner.Check("{\"a\":{\"b\":[1]}}", limits));
        AssertAt(Violation("{\"a\":{\"b\":[[1]]}}", limits), 0, 11, "more than 3 levels deep");
        Assert.Null(InputScanner.Check("a:\n  b:\n  - 1\n", limits));
        AssertAt(Violation("a:\n  b:\n  - - 1\n", limits), 2, 4, "more than 3 levels deep");
    }

    // ---- Aliases -------------------------------------------------------------------------------------------------

    private static readonly string[] Laughs = Enumerable.Range(0, 9).Select(i =>
    {
        var name = (char)('a' + i);
        var items = i == 0 ? Enumerable.Repeat("x", 9) : Enumerable.Repeat("*" + (char)(name - 1), 9);
        return name + ": &" + name + " [" + string.Join(",", items) + "]";
    }).ToArray();

    [Fact]
    public void Alias_bomb_of_a_few_hundred_bytes_stops_at_the_alias_that_breaks_the_budget()
    {
        var text = string.Join("\n", Laughs) + "\n";
        Assert.True(text.Length < 400);
        // Expansion in document order: b's aliases 9 x 10 nodes, c's 9 x 100, d's 9 x 910 (9,180 in all); e's first
        // alias re-creates d's 8,200 nodes and breaks the 10,000 budget. "e: &e [" is 7 characters.
        var v = Violation(text);
        AssertAt(v, 4, 7, "expand to more than 10,000 nodes");
    }

    [Fact]
    public void Alias_bomb_written_backwards_is_stopped_too_since_SharpYaml_resolves_aliases_to_later_anchors()
    {
        var text = string.Join("\n", Laughs.Reverse()) + "\n";
        AssertAt(Violation(text), 0, 7, "expand to more than 10,000 nodes");
        Assert.True(AliasesResolveForward());
    }

    [Theory]
    [InlineData("a: &a [1, *a]\n", 0, 10)]
    [InlineData("a: &a [*b]\nb: &b {x: [*a]}\n", 0, 7)]
    [InlineData("base: &base\n  x: 1\n  again: *base\n", 2, 9)]
    // SharpYaml hashes mapping keys recursively: a key holding an alias to itself overflows its stack while loading.
    [InlineData("? &a [*a]\n: x\n", 0, 6)]
    [InlineData("&a [*a]: x\n", 0, 4)]
    public void Alias_inside_its_own_anchored_node_expands_without_end(string yaml, int line, int column) =>
        AssertAt(Violation(yaml), line, column, "expands without end");

    [Fact]
    public void SharpYaml_makes_an_alias_inside_its_anchored_node_a_cycle()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("a: &a [1, *a]\n"));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var sequence = (YamlSequenceNode)root.Children.Single().Value;
        Assert.Same(sequence, sequence.Children[1]);
    }

    [Fact]
    public void Aliases_nest_their_node_where_they_stand_and_the_depth_counts()
    {
        // The anchored sequence spans levels 2 to 40 (39 levels); the alias sits inside 30 collections, so expanding it
        // nests 69 levels.
        var deep = "a: &deep " + Repeat("[", 39) + Repeat("]", 39) + "\nb: " + Repeat("[", 29) + "*deep" + Repeat("]", 29) + "\n";
        AssertAt(Violation(deep), 1, 3 + 29, DepthYaml);
        var shallow = "a: &deep " + Repeat("[", 39) + Repeat("]", 39) + "\nb: " + Repeat("[", 20) + "*deep" + Repeat("]", 20) + "\n";
        Assert.Null(InputScanner.Check(shallow, InputLimits.Default));
    }

    [Fact]
    public void Legitimate_shared_parameter_blocks_pass()
    {
        const string yaml = """
            openapi: 3.0.3
            info: {title: Shared, version: "1"}
            x-shared:
              page: &page
                name: page
                in: query
                schema: &int {type: integer, minimum: 1}
              size: &size
                name: size
                in: query
                schema: *int
              headers: &headers
                X-Request-Id: {schema: {type: string}}
            paths:
              /cards:
                get:
                  parameters: [*page, *size]
                  responses:
                    "200": {description: ok, headers: *headers}
              /cards/{id}:
                get:
                  parameters:
                    - *page
                    - *size
                    - {name: id, in: path, required: true, schema: *int}
                  responses:
                    "200":
                      description: ok
                      headers:
                        <<: *headers
            """;
        Assert.Null(InputScanner.Check(yaml, InputLimits.Default));
        // Counting keys as nodes, the aliases re-create 5 (*int), 11 (*page), 11 (*size, its *int included),
        // 7 (*headers), 11, 11, 5 and 7 nodes: 68 in all. The bound may count an alias's own node too (70), no more;
        // a budget under 68 breaks at the last alias.
        Assert.Null(InputScanner.Check(yaml, InputLimits.Default with { MaxAliasExpansion = 70 }));
        var lines = yaml.Split('\n');
        var last = Array.FindIndex(lines, l => l.Contains("<<: *headers", StringComparison.Ordinal));
        AssertAt(Violation(yaml, InputLimits.Default with { MaxAliasExpansion = 67 }), last, lines[last].IndexOf('*', StringComparison.Ordinal), "expand to more than 67 nodes");
    }

    [Fact]
    public void Star_and_ampersand_inside_quotes_plain_scalars_comments_and_block_text_are_not_aliases_or_anchors()
    {
        const string yaml = """
            a: "*x &y [1, 2, 3] *x"
            b: 'it''s *x &y'
            c: a*b x & y w*z
            d: 5 * 3 # *x &y
            e: |
              &y [1, 2, 3, 4, 5, 6, 7, 8, 9]
              *y *y *y
            f: [a*b, x&y]
            """;
        // No alias may be used at all, and none is.
        Assert.Null(InputScanner.Check(yaml, InputLimits.Default with { MaxAliasExpansion = 0 }));
        // One real alias to one real anchor breaks that budget, at the alias.
        AssertAt(Violation(yaml + "\ng: &g 1\nh: *g\n", InputLimits.Default with { MaxAliasExpansion = 0 }), 9, 3, "expand to more than 0 nodes");
        // "&y" in text anchors nothing, so a real "*y" re-creates nothing (SharpYaml reports the unknown anchor).
        Assert.Null(InputScanner.Check(yaml + "\ng: *y\n", InputLimits.Default with { MaxAliasExpansion = 1 }));
    }

    // ---- Long strings --------------------------------------------------------------------------------------------

    private static readonly string TwentyMegabytes = new('x', 20 * 1024 * 1024);

    [Theory]
    [InlineData("{\"a\": \"", "\"}", 0, 6)]
    [InlineData("{\"a\": 1", "}", 0, 6)]
    public void Json_string_or_scalar_of_20_MB_stops_at_its_start(string before, string after, int line, int column) =>
        AssertAt(Violation(before + TwentyMegabytes + after), line, column, "A string is longer than 1,048,576 characters");

    [Theory]
    [InlineData("a: \"", "\"\n", 0, 3)]
    [InlineData("a: '", "'\n", 0, 3)]
    [InlineData("a: ", "\n", 0, 3)]
    [InlineData("a:\n  b: |\n    ", "\n", 1, 5)]
    [InlineData("a: >-\n ", "\n", 0, 3)]
    [InlineData("a: [", "]\n", 0, 4)]
    [InlineData("? ", "\n: v\n", 0, 2)]
    public void Yaml_scalar_of_20_MB_stops_at_its_start(string before, string after, int line, int column) =>
        AssertAt(Violation(before + TwentyMegabytes + after), line, column, "A scalar (string, key or block text) is longer than 1,048,576 characters");

    [Fact]
    public void Yaml_multi_line_scalars_are_measured_over_all_their_lines()
    {
        var line = new string('x', 99);
        var plain = "a: " + string.Concat(Enumerable.Repeat(line + "\n  ", 12_000)) + "end\nb: 1\n";
        AssertAt(Violation(plain), 0, 3, "longer than 1,048,576");
        var block = "a: >\n" + string.Concat(Enumerable.Repeat("  " + line + "\n", 12_000)) + "b: 1\n";
        AssertAt(Violation(block), 0, 3, "longer than 1,048,576");
        var quoted = "a: \"" + string.Concat(Enumerable.Repeat(line + "\n  ", 12_000)) + "\"\n";
        AssertAt(Violation(quoted), 0, 3, "longer than 1,048,576");
        // 10,000 such lines are under a million characters.
        Assert.Null(InputScanner.Check("a: " + string.Concat(Enumerable.Repeat(line + "\n  ", 10_000)) + "end\nb: 1\n", InputLimits.Default));
    }

    // ---- Members and items ---------------------------------------------------------------------------------------

    [Fact]
    public void Json_object_with_100000_members_stops_at_member_50001()
    {
        var v = Violation("{\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"\"k{i}\": 0,\n")) + "\"end\": 0}");
        AssertAt(v, 50_001, 0, "An object has more than 50,000 members");
    }

    [Fact]
    public void Json_array_with_100000_items_stops_at_item_50001() =>
        AssertAt(Violation("[\n" + Repeat("0,\n", 100_000) + "0]"), 50_001, 0, "An array has more than 50,000 items");

    [Fact]
    public void Yaml_mappings_with_100000_entries_stop_at_entry_50001()
    {
        var entries = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"k{i}: 0\n"));
        AssertAt(Violation(entries), 50_000, 0, "A mapping has more than 50,000 entries");
        AssertAt(Violation("x: {\n" + entries.Replace("\n", ",\n", StringComparison.Ordinal) + "}\n"), 50_001, 0, "A mapping has more than 50,000 entries");
    }

    [Fact]
    public void Yaml_sequences_with_100000_items_stop_at_item_50001()
    {
        AssertAt(Violation(Repeat("- 0\n", 100_000)), 50_000, 0, "A sequence has more than 50,000 items");
        AssertAt(Violation("x: [\n" + Repeat("0,\n", 100_000) + "]\n"), 50_001, 0, "A sequence has more than 50,000 items");
        AssertAt(Violation("x:\n" + Repeat("- 0\n", 100_000)), 50_001, 0, "A sequence has more than 50,000 items");
    }

    [Fact]
    public void Exactly_50000_members_or_items_pass_and_one_more_fails()
    {
        foreach (var (make, line) in new (Func<int, string> Make, int Line)[]
        {
            (n => "{\n" + string.Concat(Enumerable.Range(0, n - 1).Select(i => $"\"k{i}\": [0],\n")) + "\"end\": 0}", 50_001),
            (n => "[\n" + Repeat("{},\n", n - 1) + "{}]", 50_001),
            (n => string.Concat(Enumerable.Range(0, n).Select(i => $"k{i}: 0\n")), 50_000),
            (n => Repeat("- a\n", n), 50_000),
            (n => "x: [" + Repeat("a,\n", n) + "]", 50_000),
            (n => "x:\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"- k{i}: 0\n  v: 1\n")), 100_001),
        })
        {
            Assert.Null(InputScanner.Check(make(50_000), InputLimits.Default));
            var v = Violation(make(50_000 + 1));
            Assert.Equal(line, v.Line);
            Assert.Contains("more than 50,000", v.Message, StringComparison.Ordinal);
        }
    }

    // ---- Document size and node count ----------------------------------------------------------------------------

    [Fact]
    public void Document_longer_than_the_limit_stops_at_the_first_character_past_it()
    {
        var limits = InputLimits.Default with { MaxLength = 1000 };
        Assert.Null(InputScanner.Check(Repeat("a: bbbbbb\n", 100), limits));
        var v = Violation(Repeat("a: bbbbbb\n", 101), limits);
        AssertAt(v, 100, 0, "1,010 characters long");
        Assert.Contains("up to 1,000 characters", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_count_past_the_limit_stops_at_the_first_node_too_many()
    {
        var limits = InputLimits.Default with { MaxNodes = 100 };
        // The array is node 1, so item 99 is node 101.
        AssertAt(Violation("[\n" + Repeat("1,\n", 199) + "1]", limits), 100, 0, "more than 100 nodes");
        AssertAt(Violation(Repeat("- 1\n", 200), limits), 99, 2, "more than 100 nodes");
        // Keys count: the mapping is node 1, then key and value for each entry.
        AssertAt(Violation(string.Concat(Enumerable.Range(0, 100).Select(i => $"k{i}: v\n")), limits), 49, 5, "more than 100 nodes");
        Assert.Null(InputScanner.Check("[\n" + Repeat("1,\n", 98) + "1]", limits));
    }

    // ---- What only looks like structure --------------------------------------------------------------------------

    [Fact]
    public void Brackets_in_json_strings_with_escaped_quotes_are_text()
    {
        var inside = "{\"a\": \"\\\" " + Repeat("[{", 100) + "\\\\\", \"b\": 1}";
        Assert.Null(InputScanner.Check(inside, InputLimits.Default));
        // The same brackets outside the string are structure.
        Assert.NotNull(InputScanner.Check("{\"a\": " + Repeat("[", 100) + Repeat("]", 100) + "}", InputLimits.Default));
    }

    [Fact]
    public void Brackets_hashes_and_dashes_in_yaml_scalars_are_text()
    {
        var brackets = Repeat("[{", 100);
        var yaml = string.Join("\n",
            $"a: \"# not a comment \\\" {brackets}\"",
            $"b: 'it''s {brackets} # still text'",
            $"c: plain{brackets} and - more - text",
            $"d: x # comment {brackets}",
            $"# {brackets}",
            "e: first line",
            $"  - not an item {brackets}",
            $"  {brackets}",
            "f: |",
            $"  {brackets}",
            "  - - - - - - not a sequence",
            "  &a {x: [1, 2]}",
            "  ---",
            "g: >-",
            $"    {brackets}",
            "",
            $"    {brackets}",
            "h: \"multi",
            $"  line {brackets}\"",
            $"i: [\"{brackets}\", '{brackets}', a{brackets.Replace("[", "", StringComparison.Ordinal).Replace("{", "", StringComparison.Ordinal)}]",
            "");
        Assert.Null(InputScanner.Check(yaml, InputLimits.Default));
        // Everything after those lines is still read as structure: 65 levels at the end are found where they are.
        var lines = yaml.Count(c => c == '\n');
        AssertAt(Violation(yaml + "j: " + Repeat("[", 64) + Repeat("]", 64) + "\n"), lines, 3 + 63, DepthYaml);
    }

    [Fact]
    public void Comments_directives_markers_tags_bom_and_crlf_keep_the_scan_in_step()
    {
        var prefix = string.Join("\r\n",
            "%YAML 1.1",
            "%TAG !e! tag:example.com,2024:",
            "--- # first document",
            "a: !!str 1",
            "b: !e!thing [x, !local y]",
            "c: !<tag:yaml.org,2002:str> z",
            "? complex key",
            ": complex value",
            "? [flow, key]",
            ": v",
            "[flow, key2]: v",
            "\"quoted key\": v",
            "'single key': v",
            "...",
            "---",
            "- item",
            "- - nested",
            "  - again",
            "- k: v",
            "  l:",
            "  - x",
            "");
        var text = "\uFEFF" + prefix;
        Assert.Null(InputScanner.Check(text, InputLimits.Default));
        var lines = prefix.Split("\r\n").Length - 1;
        // The last document is a sequence: its item is level 1, so 64 more levels in it make 65.
        var deep = text + "- " + Repeat("[", 64) + Repeat("]", 64) + "\r\n";
        AssertAt(Violation(deep), lines, 2 + 63, DepthYaml);
        // Columns of the first line do not count the byte order mark.
        AssertAt(Violation("\uFEFF" + Repeat("[", 65) + Repeat("]", 65)), 0, 64, DepthJson);
    }

    // ---- JSON-looking text that a YAML reader would read differently --------------------------------------------

    [Fact]
    public void Text_that_starts_like_json_but_is_not_plain_json_is_also_scanned_as_yaml()
    {
        // Microsoft.OpenApi.Readers 1.x reads JSON with SharpYaml, where '#' starts a comment: the quote in it starts
        // no string, so the brackets after it are structure.
        var comment = "{\"a\": 1, # \"\n \"b\": " + Repeat("[", 64) + Repeat("]", 64) + "}";
        AssertAt(Violation(comment), 1, 6 + 63, DepthYaml);

        var aliases = "{" + string.Join(", ", Laughs.Select(l => "\"" + l[0] + "\":" + l[2..])) + "}";
        Assert.Contains("expand to more than 10,000 nodes", Violation(aliases).Message, StringComparison.Ordinal);

        var secondDocument = "{}\n--- \n" + NestedBlockMappings(100, 2);
        AssertAt(Violation(secondDocument), 2 + 64, 128, DepthYaml);

        var plainQuote = "[a\"\n" + Repeat("[", 64) + Repeat("]", 64) + "\n\"]";
        Assert.Contains(DepthYaml, Violation(plainQuote).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_before_a_closing_bracket_is_scanned_as_SharpYaml_and_as_YAML_1_2_readers_see_it()
    {
        // SharpYaml reads "!t]" as a tag, so the flow sequence stays open; a YAML 1.2 reader closes it and reads the
        // following lines as block mappings, 65 levels deep.
        var text = "x: [!t]\ny:\n" + NestedBlockMappings(100, 2, indent: 2);
        AssertAt(Violation(text), 64 + 1, 2 + 63 * 2, DepthYaml);
        Assert.ThrowsAny<Exception>(() => new YamlStream().Load(new StringReader("x: [!t]\ny: 1\n")));
    }

    // ---- Agreement with SharpYaml on real constructs --------------------------------------------------------------

    [Theory]
    [InlineData("a:\n  b:\n    c: 1\n")]
    [InlineData("a:\n- b\n- c: d\n  e:\n  - f\n  - [g, {h: i}]\nj: k\n")]
    [InlineData("- - - x\n  - y\n- z\n-\n  - deep:\n    - er\n")]
    [InlineData("- a:\n  - b:\n    - c\n")]
    [InlineData("? complex\n: value\n? [a, b]\n: {c: d}\n? - x\n  - y\n: - z\n")]
    [InlineData("a: [1, [2, [3]]]\nb: {c: {d: [e, {f: g}]}}\n")]
    [InlineData("a: [b: c, d: [e: f], g]\nh: [[x]: y, {p: q}]\n")]
    [InlineData("a: |\n  [ { - &x\n  still: [text\nb: >-\n    folded {\n\n    more\nc: 1\n")]
    [InlineData("a: |2-\n    two extra\n  b: text too\nc: >+\n\n  x\n\nd: [1]\n")]
    [InlineData("a: \"quoted [ { # \\\" \"\nb: 'single '' [ {'\nc: plain [ { text # comment [\nd: multi\n  line [ plain\n  - text\n")]
    [InlineData("%YAML 1.1\n---\na: !!str 1\nb: !custom [x]\n...\n---\n- [x, [y]]\n")]
    [InlineData("\uFEFFa:\r\n  b: [1,\r\n    2]\r\n  c:\r\n  - d\r\n")]
    [InlineData("# c\na: # c\n  b: 1 # c\n  # c\n  c: [1, # c\n    2] # c\n")]
    [InlineData("a: !!map\n  b: !!seq\n  - !!str c\n")]
    [InlineData("\"a\": {\"b\": [1, 2]}\n'c': x\n[k]: v\n{m: n}: v\n")]
    [InlineData("defs:\n  p: &p\n    name: id\n    in: [path]\n  q: &q [*p, {x: *p}]\nuse:\n  - *p\n  - [*q]\n")]
    [InlineData("a: {b: [\n    1,\n    {c: d}\n  ],\n  e: f}\ng:\n  - {h: [i, j]}\n")]
    [InlineData("a:\n  b:\n    - c:\n        d:\n          - [e]\n      f: g\n    - h\n")]
    [InlineData("a: [x, y\n  , z]\nb: {p: 1,\n q: [2]}\n")]
    public void Depth_and_members_agree_with_SharpYaml(string yaml)
    {
        var (depth, members, _) = SharpYamlShape(yaml);
        Assert.Null(InputScanner.Check(yaml, InputLimits.Default with { MaxDepth = depth, MaxMembers = members }));
        Assert.Contains($"more than {depth - 1} levels", Violation(yaml, InputLimits.Default with { MaxDepth = depth - 1 }).Message, StringComparison.Ordinal);
        var v = Violation(yaml, InputLimits.Default with { MaxMembers = members - 1 });
        Assert.Contains($"more than {members - 1:N0}", v.Message, StringComparison.Ordinal);
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    internal static LimitViolation Violation(string text, InputLimits? limits = null)
    {
        var violation = InputScanner.Check(text, limits ?? InputLimits.Default);
        Assert.True(violation.HasValue, "the text was within every limit");
        return violation.Value;
    }

    private static void AssertAt(LimitViolation v, int line, int column, string message)
    {
        Assert.Contains(message, v.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (v.Line, v.Column));
    }

    private static string Repeat(string s, int count)
    {
        var b = new StringBuilder(s.Length * count);
        for (var i = 0; i < count; i++)
        {
            b.Append(s);
        }
        return b.ToString();
    }

    /// <summary>"a:" at indentation 0, step, 2 * step, ...; level k + 1 on line k.</summary>
    private static string NestedBlockMappings(int levels, int step, int indent = 0)
    {
        var b = new StringBuilder(levels * (levels * step / 2 + indent + 3));
        for (var k = 0; k < levels; k++)
        {
            b.Append(' ', indent + k * step).Append(k == levels - 1 ? "a: x\n" : "a:\n");
        }
        return b.ToString();
    }

    /// <summary>"k:", then "- k:" lines each indented to the key above: line j holds levels 2j and 2j + 1.</summary>
    private static string IndentlessSequences(int levels)
    {
        var b = new StringBuilder();
        var indent = 0;
        for (var level = 1; level <= levels; level++)
        {
            if (level % 2 == 1)
            {
                b.Append(' ', indent).Append(level == levels ? "k: x\n" : "k:\n");
            }
            else
            {
                b.Append(' ', indent).Append(level == levels ? "- x\n" : "- k:\n");
                // The "k:" after "- " already opened the next level on this line.
                level++;
                indent += 2;
            }
        }
        return b.ToString();
    }

    private static bool AliasesResolveForward()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("a: *x\nb: &x [1, 2]\n"));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return root.Children.First().Value is YamlSequenceNode;
    }

    /// <summary>The deepest nesting, the most members or items of one object or array, and the longest string, as System.Text.Json reads them.</summary>
    internal static (int Depth, int Members, int Longest) JsonShape(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 1000 });
        var open = new Stack<(bool IsObject, int Count)>();
        int depth = 0, members = 0, longest = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    open.Push((true, open.Pop().Count + 1));
                    longest = Math.Max(longest, reader.GetString()!.Length);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    members = Math.Max(members, open.Pop().Count);
                    continue;
            }
            if (open.Count > 0 && !open.Peek().IsObject)
            {
                open.Push((false, open.Pop().Count + 1));
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                open.Push((reader.TokenType == JsonTokenType.StartObject, 0));
                depth = Math.Max(depth, open.Count);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                longest = Math.Max(longest, reader.GetString()!.Length);
            }
        }
        return (depth, members, longest);
    }

    /// <summary>
    /// The deepest nesting of mappings and sequences, the most entries of one and the longest scalar, over every
    /// document as SharpYaml loads them (aliases followed).
    /// </summary>
    internal static (int Depth, int Members, int Longest) SharpYamlShape(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        int depth = 0, members = 0, longest = 0;
        var pending = new Stack<(YamlNode Node, int Depth)>();
        foreach (var document in stream.Documents)
        {
            pending.Push((document.RootNode, 0));
        }
        while (pending.Count > 0)
        {
            var (node, level) = pending.Pop();
            switch (node)
            {
                case YamlMappingNode mapping:
                    depth = Math.Max(depth, level + 1);
                    members = Math.Max(members, mapping.Children.Count);
                    foreach (var pair in mapping.Children)
                    {
                        pending.Push((pair.Key, level + 1));
                        pending.Push((pair.Value, level + 1));
                    }
                    break;
                case YamlSequenceNode sequence:
                    depth = Math.Max(depth, level + 1);
                    members = Math.Max(members, sequence.Children.Count);
                    foreach (var child in sequence.Children)
                    {
                        pending.Push((child, level + 1));
                    }
                    break;
                case YamlScalarNode scalar:
                    longest = Math.Max(longest, scalar.Value?.Length ?? 0);
                    break;
            }
        }
        return (depth, members, longest);
    }
}

/// <summary>Real specs (the shared corpus and the EnKash spec) are within the default limits, and counted exactly.</summary>
public sealed class InputScannerCorpusTests
{
    public static TheoryData<string> RealSpecs()
    {
        var data = new TheoryData<string> { TestPaths.EnKashSpec };
        foreach (var file in Directory.GetFiles(TestPaths.Corpus).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RealSpecs))]
    public void Real_spec_is_within_the_default_limits(string path)
    {
        var text = File.ReadAllText(path);
        var violation = InputScanner.Check(text, InputLimits.Default);
        Assert.True(violation is null, Path.GetFileName(path) + ": " + violation);
    }

    [Fact]
    public void The_corpus_holds_the_documents_the_limits_were_set_from()
    {
        var files = Directory.GetFiles(TestPaths.Corpus).Select(Path.GetFileName).ToList();
        Assert.Contains("github-api.github.com.json", files);
        Assert.Contains("stripe-spec3-2023-08-16.yaml", files);
        Assert.Contains("box-openapi.json", files);
    }

    [Theory]
    [InlineData("github-api.github.com.json")]
    [InlineData("box-openapi.json")]
    [InlineData("stripe-spec3-2023-08-16.yaml")]
    [InlineData("enkash-cards.yaml")]
    public void Real_spec_depth_and_members_are_counted_exactly(string file)
    {
        // The corpus test above can only fail if the scan counts what real specs contain: the deepest nesting and the
        // largest object or array, as System.Text.Json or SharpYaml read them, are exactly where the scan draws the line.
        var path = file == "enkash-cards.yaml" ? TestPaths.EnKashSpec : Path.Combine(TestPaths.Corpus, file);
        var text = File.ReadAllText(path);
        var (depth, members, longest) = file.EndsWith(".json", StringComparison.Ordinal) ? InputScannerTests.JsonShape(text) : InputScannerTests.SharpYamlShape(text);
        Assert.Null(InputScanner.Check(text, InputLimits.Default with { MaxDepth = depth, MaxMembers = members }));
        Assert.Contains($"more than {depth - 1} levels", InputScannerTests.Violation(text, InputLimits.Default with { MaxDepth = depth - 1 }).Message, StringComparison.Ordinal);
        Assert.Contains($"more than {members - 1:N0}", InputScannerTests.Violation(text, InputLimits.Default with { MaxMembers = members - 1 }).Message, StringComparison.Ordinal);
        // Lengths are measured as written (escapes included), so never shorter than the string read.
        Assert.Contains($"longer than {longest - 1:N0}", InputScannerTests.Violation(text, InputLimits.Default with { MaxStringLength = longest - 1 }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_in_a_real_spec_point_at_the_bracket_and_the_key_that_break_the_limit()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, "github-api.github.com.json"));
        var deep = InputScannerTests.Violation(text, InputLimits.Default with { MaxDepth = 10 });
        Assert.Contains(At(text, deep), new[] { '{', '[' });
        var wide = InputScannerTests.Violation(text, InputLimits.Default with { MaxMembers = 100 });
        Assert.Equal('"', At(text, wide));
    }

    private static char At(string text, LimitViolation v)
    {
        var lines = text.Split('\n');
        return lines[v.Line][v.Column];
    }
}
