using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Model;
using EnKashGen.Spec;
using EnKashGen.Spec.Fast;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>
/// The fast path changes nothing the generator gives: locations from the tree are PointerLocator's, SpecReader's model
/// and diagnostics are the reader path's, and the generated sources and diagnostics are byte for byte the same.
/// </summary>
public sealed class PathEquivalenceTests
{
    private static string Corpus(string file) => Path.Combine(TestPaths.Corpus, file);

    /// <summary>Every pointer of the document (members, items), plus pointers below and beside them that do not exist.</summary>
    private static List<string> AllPointers(DocNode root, int every = 1)
    {
        var result = new List<string> { "#", "#/nope", "#/paths/~1none/get" };
        var count = 0;
        void Visit(DocNode node, string pointer)
        {
            if (count++ % every == 0)
            {
                result.Add(pointer);
                result.Add(pointer + "/missing");
                result.Add(pointer + "/0");
                result.Add(pointer + "/00");
            }
            if (node.Kind == DocNodeKind.Mapping)
            {
                foreach (var member in node.Members!)
                {
                    Visit(member.Value, pointer + "/" + member.Key.Replace("~", "~0").Replace("/", "~1"));
                }
            }
            else if (node.Kind == DocNodeKind.Sequence)
            {
                for (var i = 0; i < node.Items!.Count; i++)
                {
                    Visit(node.Items[i], pointer + "/" + i);
                }
                result.Add(pointer + "/" + node.Items.Count);
            }
        }
        Visit(root, "#");
        return result;
    }

    private static void AssertLocationsAgree(string path, int every)
    {
        var text = File.ReadAllText(path);
        var root = SpecDocument.Parse(text);
        Assert.NotNull(root);
        var pointers = AllPointers(root!, every);
        var scanned = new PointerLocator(path, text);
        var fromTree = new PointerLocator(path, text);
        fromTree.UseTree(root!);
        var expected = scanned.Locate(pointers);
        var actual = fromTree.Locate(pointers);
        for (var i = 0; i < pointers.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"{pointers[i]}: {expected[i]} vs {actual[i]}");
        }
        Assert.Equal(scanned.Existing(pointers).OrderBy(p => p, StringComparer.Ordinal), fromTree.Existing(pointers).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_pointer_of_the_EnKash_spec_is_located_as_by_the_scan() => AssertLocationsAgree(TestPaths.EnKashSpec, 1);

    [Theory]
    [InlineData("oai-petstore-3.0.yaml", 1)]
    [InlineData("swagger-petstore-3.0.yaml", 1)]
    [InlineData("box-openapi.json", 3)]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json", 1)]
    public void Corpus_pointers_are_located_as_by_the_scan(string file, int every) => AssertLocationsAgree(Corpus(file), every);

    [Theory]
    [Trait("Category", "Long")]
    [InlineData("stripe-spec3-2023-08-16.yaml", 7)]
    [InlineData("github-api.github.com.json", 17)]
    public void Large_corpus_pointers_are_located_as_by_the_scan(string file, int every) => AssertLocationsAgree(Corpus(file), every);

    [Fact]
    public void Hand_written_pointers_are_located_as_by_the_scan()
    {
        var file = Path.Combine(Path.GetTempPath(), "enkashgen-everything-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, HandWrittenDocumentTests.Everything);
        try
        {
            AssertLocationsAgree(file, 1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static SpecResult Read(string path, string text, bool forceReader)
    {
        var previous = FastSpecReader.ForceReader;
        FastSpecReader.ForceReader = forceReader;
        try
        {
            return SpecReader.Read(new SpecInput(path, text, null, null, "public"));
        }
        finally
        {
            FastSpecReader.ForceReader = previous;
        }
    }

    private static void AssertSpecReaderAgrees(string path, string text, bool fastAccepts = true)
    {
        Assert.Equal(fastAccepts, FastSpecReader.TryRead(text) is not null);
        var fast = Read(path, text, forceReader: false);
        var reader = Read(path, text, forceReader: true);
        Assert.Equal(reader.Diagnostics.Select(d => d.ToString()), fast.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(reader.Model, fast.Model);
        Assert.Equal(reader, fast);
    }

    [Fact]
    public void SpecReader_gives_the_same_model_and_diagnostics_for_the_EnKash_spec() => AssertSpecReaderAgrees(TestPaths.EnKashSpec, File.ReadAllText(TestPaths.EnKashSpec));

    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    [InlineData("box-openapi.json")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    public void SpecReader_gives_the_same_model_and_diagnostics_for_the_corpus(string file) => AssertSpecReaderAgrees(Corpus(file), File.ReadAllText(Corpus(file)));

    [Theory]
    [Trait("Category", "Long")]
    [InlineData("stripe-spec3-2023-08-16.yaml")]
    [InlineData("github-api.github.com.json")]
    public void SpecReader_gives_the_same_model_and_diagnostics_for_large_documents(string file) => AssertSpecReaderAgrees(Corpus(file), File.ReadAllText(Corpus(file)));

    [Fact]
    public void SpecReader_gives_the_same_model_and_diagnostics_for_the_hand_written_document() =>
        AssertSpecReaderAgrees("/specs/everything.yaml", HandWrittenDocumentTests.Everything);

    [Theory]
    [InlineData("{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/a\": {\"get\": {\"responses\": {}}}")]
    [InlineData("{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"info\": {}, \"paths\": {}}")]
    [InlineData("openapi: 3.0.0\ninfo: {title: t, version: '1'\npaths: {}\n")]
    public void Malformed_documents_are_reported_as_before(string text)
    {
        AssertSpecReaderAgrees("/specs/bad.json", text, fastAccepts: false);
        Assert.Contains(Read("/specs/bad.json", text, forceReader: false).Diagnostics, d => d.Id == DiagnosticIds.SyntaxError);
    }

    [Fact]
    public void Json_that_only_yaml_accepts_is_read_through_the_yaml_side()
    {
        // A trailing comma is not JSON but is YAML flow syntax, which the reader accepts: so does the fast path.
        const string text = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\",}, \"paths\": {},}";
        Assert.Null(JsonDocParser.Parse(text));
        FastReaderAssert.Same(text);
        AssertSpecReaderAgrees("/specs/lenient.json", text);
    }

    private static (string[] Sources, string[] Diagnostics) Generate(string path, string text, bool forceReader)
    {
        var previous = FastSpecReader.ForceReader;
        FastSpecReader.ForceReader = forceReader;
        try
        {
            var result = GeneratorHarness.Run(path, text);
            Assert.Empty(result.Exceptions);
            return (
                result.Sources.Select(s => s.HintName + "\n" + s.SourceText).ToArray(),
                result.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + d.Location.GetLineSpan()).ToArray());
        }
        finally
        {
            FastSpecReader.ForceReader = previous;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("box-openapi.json")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    public void The_generator_output_is_identical_with_and_without_the_fast_path(string? file)
    {
        var path = file is null ? TestPaths.EnKashSpec : Corpus(file);
        var text = File.ReadAllText(path);
        Assert.NotNull(FastSpecReader.TryRead(text));
        var accepted = new System.Runtime.CompilerServices.StrongBox<int>();
        FastSpecReader.Accepted = accepted;
        var fast = Generate(path, text, forceReader: false);
        Assert.True(accepted.Value > 0, "the generator did not use the fast path");
        accepted.Value = 0;
        var reader = Generate(path, text, forceReader: true);
        Assert.Equal(0, accepted.Value);
        FastSpecReader.Accepted = null;
        Assert.NotEmpty(fast.Sources);
        Assert.Equal(reader.Diagnostics, fast.Diagnostics);
        Assert.Equal(reader.Sources.Length, fast.Sources.Length);
        for (var i = 0; i < fast.Sources.Length; i++)
        {
            Assert.True(reader.Sources[i] == fast.Sources[i], "differs: " + fast.Sources[i].Split('\n')[0]);
        }
    }
}
