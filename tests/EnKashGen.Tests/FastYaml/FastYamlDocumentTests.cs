using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EnKashGen.Spec.Fast;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.FastYaml;

/// <summary>
/// Whole documents: the fast YAML parser accepts the EnKash spec and the YAML documents of the shared corpus and gives
/// exactly SharpYaml's tree; garbled documents are either refused or still read exactly as SharpYaml reads them.
/// </summary>
public sealed class FastYamlDocumentTests(ITestOutputHelper output)
{
    [Fact]
    public void EnKash_spec_is_read_exactly_as_SharpYaml_reads_it() => AssertSameAsSharpYaml(TestPaths.EnKashSpec);

    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    public void Corpus_document_is_read_exactly_as_SharpYaml_reads_it(string file) => AssertSameAsSharpYaml(Path.Combine(TestPaths.Corpus, file));

    [Fact]
    public void Every_small_YAML_document_of_the_corpus_is_covered()
    {
        // A YAML file added to the corpus must be added to the tests above (or to the long tests).
        var covered = new[] { "oai-petstore-3.0.yaml", "swagger-petstore-3.0.yaml", "stripe-spec3-2023-08-16.yaml" };
        var files = Directory.GetFiles(TestPaths.Corpus).Select(f => Path.GetFileName(f)).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal));
        Assert.Empty(files.Except(covered));
    }

    [Fact]
    public void Reference_converter_gives_the_same_tree_from_parser_events_and_from_YamlStream()
    {
        var text = File.ReadAllText(TestPaths.EnKashSpec);
        var fromEvents = SharpYamlDocNodes.Read(text);
        Assert.NotNull(fromEvents);
        DocNodeComparer.AssertEqual(SharpYamlDocNodes.ReadYamlStream(text), fromEvents);
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("%YAML 1.1\n---\na: 1\n")]
    [InlineData("a:\n  b: 1\n  c: [x, {y: z}]\n  d: |\n    lit\n")]
    public void Reference_converter_paths_agree_on_constructs_the_fast_parser_refuses(string yaml) =>
        DocNodeComparer.AssertEqual(SharpYamlDocNodes.ReadYamlStream(yaml), SharpYamlDocNodes.Read(yaml));

    [Theory]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: [b\n")]
    [InlineData("")]
    [InlineData("a: *missing\n")]
    [InlineData("? [a]\n: b\n")]
    public void Reference_converter_gives_no_tree_for_what_is_not_one_spec(string yaml)
    {
        Assert.Null(SharpYamlDocNodes.Read(yaml));
        Assert.Null(SharpYamlDocNodes.ReadYamlStream(yaml));
        Assert.Null(SpecDocument.ParseYaml(yaml));
    }

    [Fact]
    public void Entry_point_falls_back_to_SharpYaml_events_for_what_the_fast_parser_refuses()
    {
        // A tab before a comment: valid YAML that the fast parser leaves to SharpYaml.
        const string yaml = "a: 1\t# note\nb: two\n";
        Assert.Null(FastYamlParser.Parse(yaml));
        var root = SpecDocument.ParseYaml(yaml);
        Assert.NotNull(root);
        DocNodeComparer.AssertEqual(root, SharpYamlDocNodes.Read(yaml));
    }

    [Fact]
    public void Entry_point_refuses_aliases_so_the_OpenAPI_reader_handles_them()
    {
        // Locations inside an aliased node would point at the anchor, not at the alias: the fast path stays out.
        const string yaml = "a: &x 1\nb: *x\n";
        Assert.NotNull(SharpYamlDocNodes.Read(yaml));
        Assert.Null(SpecDocument.ParseYaml(yaml));
    }

    /// <summary>
    /// Seeded random edits of the EnKash spec (deleted, inserted, replaced and copied characters, biased towards
    /// YAML indicators): for every one the fast parser either refuses or gives SharpYaml's tree; where SharpYaml gives
    /// no tree (a syntax error, a duplicate key), it must refuse.
    /// </summary>
    [Theory]
    [InlineData(1, 400)]
    [InlineData(2, 400)]
    [InlineData(3, 400)]
    public void Mutated_document_is_refused_or_read_exactly_as_SharpYaml_reads_it(int seed, int count)
    {
        var text = File.ReadAllText(TestPaths.EnKashSpec);
        var random = new Random(seed);
        int same = 0, refused = 0;
        var failures = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var mutated = Mutate(text, random);
            var diff = DocNodeComparer.FastVersusSharpYaml(mutated, out var wasRefused);
            if (diff is not null)
            {
                failures.Add($"mutation {i}: {diff}");
                continue;
            }
            if (wasRefused)
            {
                refused++;
            }
            else
            {
                same++;
            }
        }
        output.WriteLine($"seed {seed}: {same} read exactly as SharpYaml, {refused} refused");
        Assert.Empty(failures);

        // Both outcomes occur: the mutations exercise the parser rather than being all refused or all harmless.
        Assert.True(same > count / 10, $"only {same} mutated documents were accepted");
        Assert.True(refused > count / 10, $"only {refused} mutated documents were refused");
    }

    internal static string Mutate(string text, Random random)
    {
        const string alphabet = " \n-:#'\"|>[]{},?&*!%@`\\\tabc0.";
        var builder = new StringBuilder(text);
        var edits = 1 + random.Next(3);
        for (var k = 0; k < edits; k++)
        {
            var p = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(p, 1);
                    break;
                case 1:
                    builder.Insert(p, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    builder[p] = alphabet[random.Next(alphabet.Length)];
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), builder.Length - p);
                    var segment = builder.ToString(p, length);
                    builder.Insert(random.Next(builder.Length), segment);
                    break;
            }
        }
        return builder.ToString();
    }

    internal static void AssertSameAsSharpYaml(string path)
    {
        var text = File.ReadAllText(path);
        var reference = SharpYamlDocNodes.Read(text);
        Assert.True(reference is not null, "SharpYaml does not read " + path);
        Assert.True(FastYamlParser.TryParse(text, out var fast), "the fast parser refused " + path);
        DocNodeComparer.AssertEqual(fast, reference);
        DocNodeComparer.AssertEqual(SpecDocument.ParseYaml(text), reference);
    }
}

/// <summary>The 4 MB Stripe document (several seconds through SharpYaml twice); skipped with <c>--filter "Category!=Long"</c>.</summary>
[Trait("Category", "Long")]
public sealed class FastYamlLargeDocumentTests
{
    [Fact]
    public void Stripe_is_read_exactly_as_SharpYaml_reads_it() => FastYamlDocumentTests.AssertSameAsSharpYaml(Path.Combine(TestPaths.Corpus, "stripe-spec3-2023-08-16.yaml"));

    [Fact]
    public void Stripe_reference_trees_from_parser_events_and_from_YamlStream_agree()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, "stripe-spec3-2023-08-16.yaml"));
        var fromEvents = SharpYamlDocNodes.Read(text);
        Assert.NotNull(fromEvents);
        DocNodeComparer.AssertEqual(SharpYamlDocNodes.ReadYamlStream(text), fromEvents);
    }
}
