using System.Collections.Generic;
using System.IO;
using EnKashGen.Spec.Fast;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>The YAML side gives the values, styles and positions of SharpYaml's events.</summary>
public sealed class YamlEventDocReaderTests
{
    private static void AssertSameAsSharpYaml(string yaml)
    {
        var tree = SpecDocument.ParseYaml(yaml);
        Assert.True(tree is not null, "the YAML reader refused the text");
        var expected = JsonDocParserTests.FromSharpYaml(yaml);
        var actual = new List<string>();
        JsonDocParserTests.Flatten(tree!, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EnKash_spec_values_and_spans_are_SharpYamls() => AssertSameAsSharpYaml(File.ReadAllText(TestPaths.EnKashSpec));

    [Fact]
    public void Hand_written_document_values_and_spans_are_SharpYamls() => AssertSameAsSharpYaml(HandWrittenDocumentTests.Everything);

    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    public void Corpus_yaml_values_and_spans_are_SharpYamls(string file) => AssertSameAsSharpYaml(File.ReadAllText(Path.Combine(TestPaths.Corpus, file)));

    [Fact]
    [Trait("Category", "Long")]
    public void Stripe_values_and_spans_are_SharpYamls() => AssertSameAsSharpYaml(File.ReadAllText(Path.Combine(TestPaths.Corpus, "stripe-spec3-2023-08-16.yaml")));

    [Theory]
    [InlineData("a: &x {b: 1}\nc: *x\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("? [a]\n: 1\n")]
    [InlineData("!!str a: 1\n")]
    [InlineData("a: [1\n")]
    [InlineData("")]
    public void Aliases_documents_odd_keys_and_errors_are_refused(string yaml) => Assert.Null(SpecDocument.ParseYaml(yaml));
}
