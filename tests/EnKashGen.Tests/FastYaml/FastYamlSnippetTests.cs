using System;
using System.Linq;
using System.Text;
using EnKashGen.Spec.Fast;
using Xunit;

namespace EnKashGen.Tests.FastYaml;

/// <summary>
/// One small document per YAML construct and edge the fast YAML parser supports: it must accept each and give exactly
/// SharpYaml's tree (values, explicit flags, members in order, every span).
/// </summary>
public sealed class FastYamlSnippetTests
{
    public static TheoryData<string, string> Supported() => new()
    {
        { "plain scalars", "a: 1\nb: two words\nc: true\nd: ~\n" },
        { "nested mappings", "a:\n  b:\n    c: d\n  e: f\ng: h\n" },
        { "root mapping indented", "  a: 1\n  b:\n    c: 2\n" },
        { "root sequence", "- a\n- b: 1\n  c: 2\n" },
        { "block sequence", "a:\n  - x\n  - y\nb: 1\n" },
        { "indentless sequence", "a:\n- x\n- y\nb: 1\n" },
        { "compact mappings in a sequence", "parameters:\n  - name: x\n    in: query\n  -   name: y\n      in: path\n" },
        { "compact mappings in an indentless sequence", "a:\n- name: x\n  in: query\n- name: y\nb: 2\n" },
        { "nested sequences", "a:\n- - x\n  - y\n- z\n" },
        { "sequence value of a compact mapping", "- a:\n  - x\n  b: 1\n" },
        { "empty sequence entries", "a:\n  -\n  - x\n  - # comment\n  -\n" },
        { "empty values", "a:\nb: 1\nc:\n  d:\ne:" },
        { "empty value with a comment", "key: # comment\nnext: 1\n" },
        { "empty value before a less indented key", "a:\n  b:\nc: 1\n" },
        { "empty value at the end of the text", "a: 1\nb:" },
        { "value on the next line", "a:\n  plain text\n  continued\nb:\n  'quoted'\nc:\n  [x]\n" },
        { "multi-line plain scalar", "d: This is a\n  long description\n\n  with a blank line\n   and more indent\n\n\n  end\ne: 1\n" },
        { "multi-line plain in a sequence", "- a\n  - b\n  c\n- d\n" },
        { "plain with colons", "a: b:c\nurl: http://x.com/a?b=c#frag\ntime: 12:30:00\n" },
        { "plain with hashes", "a: b#c\nd: e # comment\nf: g  #comment\n" },
        { "plain with indicator characters", "a: -x\nb: ?x\nc: :x\nd: x - y\ne: x [y] {z}, w\nf: a 'b' \"c\"\ng: x|y>z\n" },
        { "plain ending before a comment line", "a: foo\n  # comment\nb: 1\n" },
        { "key with spaces before the colon", "a  : 1\nb c : 2\n" },
        { "keys looking like other things", "/v1/charges/{id}: 1\n200: ok\n$ref: x\nx-ext: y\n-1: z\n" },
        { "single-quoted", "a: 'it''s'\nb: ''\nc: '# not a comment'\nd: 'x: y'\ne: '  padded  '\n" },
        { "single-quoted folding", "a: 'one\n  two\n\n\n  three  \n  four'\n" },
        { "double-quoted escapes", "a: \"x\\ty\"\nb: \"\\u00e9\\x41\\U0001F600\\n\\\\\\\"\\/\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ \"\nc: \"tab\\\tchar\"\n" },
        { "double-quoted folding", "a: \"one\n  two\n\n  three \\\n  four\\\n\n  five\"\n" },
        { "double-quoted with blanks", "a: \"  x  \"\nb: \"a\tb\"\nc: \"\"\n" },
        { "quoted keys", "'200':\n  description: ok\n\"x y\": 1\n'a''b': 2\n\"\\u0041\": 3\n" },
        { "quoted key in a sequence entry", "- 'a': 1\n  \"b\": 2\n" },
        { "quoted value and a comment without a space", "a: 'x'#c\nb: \"y\" # d\n" },
        { "literal", "a: |\n  line1\n  line2\n\n  line4\nb: 1\n" },
        { "literal keep", "a: |+\n  x\n\n\nb: 1\n" },
        { "literal strip", "a: |-\n  x\n\nb: 1\n" },
        { "literal with more indented lines", "a: |\n  x\n    y\n  z\n" },
        { "folded", "a: >\n  one\n  two\n\n  three\n    more\n  back\n\n\n  end\nb: 1\n" },
        { "folded strip and keep", "a: >-\n  x\n  y\nb: >+\n  z\n\nc: 1\n" },
        { "indentation indicators", "a: |2\n    x\n  y\nb: >1-\n  z\nc: |-2\n   w\n" },
        { "block scalar header comment", "a: | # comment\n  x\nb: >-  #comment\n  y\n" },
        { "block scalars in a sequence", "a:\n  - |\n    x\n  - >-\n    y\n- z\n".Replace("- z\n", "") },
        { "block scalar in a nested mapping", "a:\n  b: |\n    x\n  c: 1\n" },
        { "block scalar followed by blank lines with spaces", "a: |\n  x\n  \n \nb: 1\n" },
        { "block scalar with trailing spaces in content", "a: |\n  x  \n   \n  y\n" },
        { "block scalar followed by a less indented comment", "a:\n  b: |\n    x\n # comment\n  c: 1\n" },
        { "empty block scalar", "a: |\nb: >\n\nc: |+\n\nd: 1\n" },
        { "block scalar on the next line", "a:\n  |\n   x\n" },
        { "flow sequences", "a: [x, y, 'z', \"w\"]\nb: []\nc: [ ]\nd: [[1, 2], [], [3]]\n" },
        { "flow mappings", "a: {x: 1, 'y': [2, 3], z: {}}\nb: {}\nc: { }\n" },
        { "JSON-style flow", "a: {\"k\": 1, \"l\": [true, null, -1.5e3], \"m\":\"n\", \"o\" : {}}\n" },
        { "multi-line flow", "example:\n  {\n    \"a\": 1,\n    \"b\": [\n      1,\n      2\n    ],\n    \"c\": \"x\n      y\"\n  }\nnext: 1\n" },
        { "flow with comments", "a: [x, # c\n  y] # d\nb: {a: 1,#e\n  b: 2}\n" },
        { "flow in a sequence", "- [a, b]\n- {c: d}\n" },
        { "flow with plain words", "a: [one two, three-four, -5, a/b, a#b]\n" },
        { "document markers", "---\na: 1\n...\n" },
        { "document start after a comment", "# head\n--- # c\na: 1\n... # end\n# after\n" },
        { "document end without newline", "a: 1\n..." },
        { "byte order mark (SharpYaml keeps it in the first key)", "\uFEFFa: 1\nb: 2\n" },
        { "CRLF", "a: 1\r\nb:\r\n  - x\r\n  - |\r\n    lit\r\n    eral\r\n\r\n  - >-\r\n    fo\r\n    ld\r\nc: \"q\r\n  r\"\r\nd: 'x\r\n\r\n  y'\r\ne: plain\r\n  more\r\n" },
        { "comments", "# top\na: 1 # c\n# between\n  # indented comment\nb: 2\n\n\n# last" },
        { "trailing spaces", "a: 1   \nb:   \n  c: x  \n  d: 'y'  \n" },
        { "no final newline", "a: 1\nb: x" },
        { "unicode", "ключ: значение\n名前: '日本語'\nemoji: \"😀 \\u263A\"\nx: 😀😀: no\n".Replace("x: 😀😀: no\n", "x: a😀b\n") },
        { "long line", "a: " + new string('x', 5000) + "\nb: '" + new string('y', 5000) + "'\n" },
        { "long key", new string('k', 900) + ": 1\n" },
        { "deep nesting", Deep(60) },
        { "deep flow nesting", "a: " + new string('[', 50) + new string(']', 50) + "\n" },
        { "many keys", string.Concat(Enumerable.Range(0, 300).Select(i => $"k{i}: {i}\n")) },
        { "root flow mapping", "{a: 1, b: [2]}\n" },
    };

    public static TheoryData<string, string> Refused() => new()
    {
        { "anchor and alias", "a: &x 1\nb: *x\n" },
        { "alias", "a: *x\n" },
        { "tag", "a: !!str 1\n" },
        { "local tag", "a: !foo 1\n" },
        { "directive", "%YAML 1.2\n---\na: 1\n" },
        { "two documents", "a: 1\n---\nb: 2\n" },
        { "content after the document end", "a: 1\n...\nb: 2\n" },
        { "complex key", "? a\n: b\n" },
        { "merge key", "b:\n  <<: {x: 1}\n  c: 2\n" },
        { "merge key in flow", "b: {<<: {x: 1}}\n" },
        { "tab indentation", "a:\n\tb: 1\n" },
        { "tab before a value", "a:\t1\n" },
        { "tab after a value", "a: 1\t\n" },
        { "tab in a plain scalar", "a: x\ty\n" },
        { "duplicate keys", "a: 1\nb: 2\na: 3\n" },
        { "duplicate keys in a large mapping", string.Concat(Enumerable.Range(0, 20).Select(i => $"k{i}: {i}\n")) + "k3: x\n" },
        { "duplicate keys in flow", "a: {x: 1, x: 2}\n" },
        { "block entry after a key", "k: - x\n" },
        { "mapping in a plain continuation", "a: b\n  c: d\n" },
        { "mapping on a value line", "a: b: c\n" },
        { "text after a quoted value", "a: 'b' c\n" },
        { "text after a flow value", "a: [b] c\n" },
        { "flow collection as a key", "[a]: b\n" },
        { "pair in a flow sequence", "a: [b: c]\n" },
        { "trailing comma", "a: [b, ]\n" },
        { "flow key without value", "a: {b}\n" },
        { "flow empty value", "a: {b: }\n" },
        { "colon inside a flow plain scalar", "a: [http://x]\n" },
        { "multi-line plain in flow", "a: [b\n  c]\n" },
        { "unterminated flow", "a: [b, c\n" },
        { "unterminated quote", "a: 'x\n" },
        { "unknown escape", "a: \"\\q\"\n" },
        { "surrogate escapes", "a: \"\\ud83d\\ude00\"\n" },
        { "block scalar at the end of the text", "a: |\n  x" },
        { "block scalar header at the end of the text", "a: |" },
        { "block scalar with a more indented leading blank line", "a: >\n\n   \n  a\n" },
        { "zero indentation indicator", "a: |0\n  x\n" },
        { "key without a value indicator", "a: 1\nb\n" },
        { "sequence entry in a mapping", "a:\n  - b\n  c: 1\n" },
        { "bad dedent", "a:\n    b: 1\n  c: 2\n" },
        { "content after a comment in a plain scalar", "a: x\n  # c\n  y\n" },
        { "root scalar", "just text\n" },
        { "empty text", "" },
        { "only a comment", "# nothing\n" },
        { "control character", "a: x\u0001y\n" },
        { "NUL character", "a: x\0y\n" },
        { "lone carriage return", "a: 1\rb: 2\n" },
        { "next line character", "a: x\u0085y\n" },
        { "line separator", "a: x\u2028y\n" },
        { "byte order mark inside", "a: x\uFEFFy\n" },
        { "key too long", new string('k', 1100) + ": 1\n" },
        { "nesting deeper than the limit", Deep(300) },
        { "flow nesting deeper than the limit", "a: " + new string('[', 300) + new string(']', 300) + "\n" },
        { "document start inside flow", "a: [\n---\n]\n" },
        { "reserved indicator", "a: @x\n" },
        { "backquote", "a: `x`\n" },
        { "byte order mark before the document start", "\uFEFF---\na: 1\n" },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void Supported_construct_is_read_exactly_as_SharpYaml_reads_it(string construct, string yaml)
    {
        var reference = SharpYamlDocNodes.Read(yaml);
        Assert.True(reference is not null, $"SharpYaml does not read the '{construct}' snippet");
        Assert.True(FastYamlParser.TryParse(yaml, out var fast), $"the fast parser refused the '{construct}' snippet");
        DocNodeComparer.AssertEqual(fast, reference);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Unsupported_or_invalid_construct_is_refused(string construct, string yaml)
    {
        var accepted = FastYamlParser.TryParse(yaml, out var fast);
        Assert.False(accepted, $"the fast parser accepted the '{construct}' snippet");
        Assert.Null(fast);
        Assert.Null(FastYamlParser.Parse(yaml));

        // The entry point still gives SharpYaml's tree for it, or null (aliases, and whatever SharpYaml does not read
        // as one spec), so the OpenAPI reader reports it.
        var reference = SharpYamlDocNodes.Read(yaml);
        var entry = SpecDocument.ParseYaml(yaml);
        if (entry is not null || !yaml.Contains('*'))
        {
            DocNodeComparer.AssertEqual(entry, reference);
        }
    }

    [Fact]
    public void Null_text_is_refused()
    {
        Assert.False(FastYamlParser.TryParse(null!, out var root));
        Assert.Null(root);
    }

    [Theory]
    [InlineData("a: 1\n", "a", false)]
    [InlineData("a: '1'\n", "a", true)]
    [InlineData("a: \"1\"\n", "a", true)]
    [InlineData("a: |\n  1\n", "a", true)]
    [InlineData("a: >\n  1\n", "a", true)]
    [InlineData("a:\n", "a", false)]
    public void Explicit_flag_follows_the_scalar_style(string yaml, string key, bool isExplicit)
    {
        var root = FastYamlParser.Parse(yaml);
        Assert.NotNull(root);
        var member = Assert.Single(root!.Members!);
        Assert.Equal(key, member.Key);
        Assert.Equal(isExplicit, member.Value.Explicit);
    }

    [Fact]
    public void Empty_value_and_block_scalar_spans_are_SharpYamls()
    {
        // Pinned values (0-based line:column), so a change in either reader shows here too.
        var root = FastYamlParser.Parse("a:\nb: |\n  x\n\nc: 1\n");
        Assert.NotNull(root);
        Assert.Equal("0:2-0:2", DocNodeComparer.Show(root!.Members![0].Value.Span));
        Assert.Equal("1:3-4:0", DocNodeComparer.Show(root.Members[1].Value.Span));
        Assert.Equal("x\n", root.Members[1].Value.Text);
        Assert.Equal("0:0-0:0", DocNodeComparer.Show(root.Span));
    }

    private static string Deep(int levels)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            builder.Append(' ', i * 2).Append(i % 3 == 2 ? "- k" : "k").Append(i).Append(":\n");
        }
        builder.Append(' ', levels * 2).Append("leaf: value\n");
        return builder.ToString();
    }
}
