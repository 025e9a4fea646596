using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Spec.Fast;
using SharpYaml;
using SharpYaml.Events;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>The JSON parser gives the values and positions SharpYaml's parser gives the same text.</summary>
public sealed class JsonDocParserTests
{
    public static IEnumerable<object[]> ValidJson() => new[]
    {
        "{}",
        "[]",
        "{\"a\": 1}",
        "{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":{}}",
        "{\"n\": [0, -0, 1.5, -2.5e3, 1E+2, 3e-7, 12345678901234567890, true, false, null]}",
        "{\"escapes\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u4e2D \\ud83d\\ude00 end\"}",
        "{\"\\u0041key\": \"v\", \"k\\n\": \"\"}",
        "{\"non-ascii\": \"héllo wörld ✓ 😀x😀\", \"😀\": {\"😀😀\": [\"😀\"]}}",
        "{\r\n  \"a\": 1,\r\n  \"b\": {\r\n    \"c\": [\r\n      true\r\n    ]\r\n  }\r\n}\r\n",
        "{\n\t\"tabs\":\t[\t1,\t2\t],\n\t\"x\": {\t}\n}",
        "  \n{ \"padded\" : [ ] , \"y\" : { } }  \n\n",
        "{\"a\": [[[[[]]]]], \"b\": [{}, {}, [{}]]}",
        "{\"long\": \"" + new string('x', 5000) + "\"}",
        "{\"\": \"empty key\", \"e\": \"\\u0000 \\u0001 \\u001f \\u007f \\u2028 \\ufffd\"}",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(ValidJson))]
    public void Values_and_spans_are_SharpYamls(string json) => AssertSameAsSharpYaml(json);

    [Theory]
    [InlineData("box-openapi.json")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    [InlineData("adyen-balanceplatform-v2-3.1.0.json")]
    public void Corpus_json_values_and_spans_are_SharpYamls(string file) => AssertSameAsSharpYaml(File.ReadAllText(Path.Combine(TestPaths.Corpus, file)));

    [Fact]
    [Trait("Category", "Long")]
    public void GitHub_values_and_spans_are_SharpYamls() => AssertSameAsSharpYaml(File.ReadAllText(Path.Combine(TestPaths.Corpus, "github-api.github.com.json")));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("[1, 2,]")]
    [InlineData("{'a': 1}")]
    [InlineData("{a: 1}")]
    [InlineData("{\"a\": 1} x")]
    [InlineData("{\"a\": 1}{}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("{\"a\": 1.}")]
    [InlineData("{\"a\": .5}")]
    [InlineData("{\"a\": +1}")]
    [InlineData("{\"a\": NaN}")]
    [InlineData("{\"a\": tru}")]
    [InlineData("{\"a\": truex}")]
    [InlineData("{\"a\": \"unterminated}")]
    [InlineData("{\"a\": \"bad \\x escape\"}")]
    [InlineData("{\"a\": \"lone \\ud83d surrogate\"}")]
    [InlineData("{\"a\": \"lone \\ude00 low\"}")]
    [InlineData("{\"a\": \"raw\ttab\"}")]
    [InlineData("{\"a\": \"raw\nnewline\"}")]
    [InlineData("{\"a\": \"raw\u2028separator\"}")]
    [InlineData("{\"a\": \"raw\u0085next line\"}")]
    [InlineData("{\"a\": \"raw\u0001control\"}")]
    [InlineData("\uFEFF{\"a\": 1}")]
    [InlineData("\t{\"a\": 1}")]
    [InlineData("{\"a\": 1}\t")]
    [InlineData("{\"a\"\n: 1}")]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    [InlineData("{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k3\":1}")]
    [InlineData("{\"a\": 1 /* comment */}")]
    [InlineData("{\"a\": [1 2]}")]
    public void Malformed_or_unlike_yaml_json_is_refused(string json) => Assert.Null(JsonDocParser.Parse(json));

    [Fact]
    public void A_key_yaml_would_not_take_is_refused() => Assert.Null(JsonDocParser.Parse("{\"" + new string('k', 1100) + "\": 1}"));

    [Fact]
    public void Deep_nesting_is_refused() => Assert.Null(JsonDocParser.Parse(new string('[', 1000) + new string(']', 1000)));

    internal static void AssertSameAsSharpYaml(string json)
    {
        var tree = JsonDocParser.Parse(json);
        Assert.True(tree is not null, "the JSON parser refused the text");
        var expected = FromSharpYaml(json);
        var actual = new List<string>();
        Flatten(tree!, actual);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    internal static List<string> FromSharpYaml(string text)
    {
        var events = new List<string>();
        var parser = Parser.CreateParser(new StringReader(text));
        // For each open collection: is it a mapping, and does it expect a key next.
        var stack = new Stack<bool[]>();
        void Done()
        {
            if (stack.Count > 0 && stack.Peek()[0])
            {
                stack.Peek()[1] = true;
            }
        }
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            var span = $"{ev.Start.Line}:{ev.Start.Column}-{ev.End.Line}:{ev.End.Column}";
            var isKey = stack.Count > 0 && stack.Peek()[0] && stack.Peek()[1];
            if (isKey && ev is Scalar key)
            {
                events.Add($"key {span} [{key.Value}]");
                stack.Peek()[1] = false;
                continue;
            }
            switch (ev)
            {
                case Scalar s:
                    var isExplicit = s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                    events.Add($"scalar {span} {isExplicit} [{s.Value}]");
                    Done();
                    break;
                case MappingStart:
                    events.Add($"mapping {span}");
                    stack.Push(new[] { true, true });
                    break;
                case SequenceStart:
                    events.Add($"sequence {span}");
                    stack.Push(new[] { false, false });
                    break;
                case MappingEnd:
                case SequenceEnd:
                    events.Add("end");
                    stack.Pop();
                    Done();
                    break;
                case AnchorAlias:
                    events.Add("alias");
                    Done();
                    break;
            }
        }
        return events;
    }

    internal static void Flatten(DocNode node, List<string> into)
    {
        static string Span(DocSpan s) => $"{s.StartLine}:{s.StartColumn}-{s.EndLine}:{s.EndColumn}";
        switch (node.Kind)
        {
            case DocNodeKind.Scalar:
                into.Add($"scalar {Span(node.Span)} {node.Explicit} [{node.Text}]");
                break;
            case DocNodeKind.Mapping:
                into.Add($"mapping {Span(node.Span)}");
                foreach (var member in node.Members!)
                {
                    into.Add($"key {Span(member.KeySpan)} [{member.Key}]");
                    Flatten(member.Value, into);
                }
                into.Add("end");
                break;
            default:
                into.Add($"sequence {Span(node.Span)}");
                foreach (var item in node.Items!)
                {
                    Flatten(item, into);
                }
                into.Add("end");
                break;
        }
    }
}
