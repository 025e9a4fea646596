using System.IO;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>The fast path reads the EnKash spec and the corpus exactly as Microsoft.OpenApi.Readers does.</summary>
public sealed class CorpusDifferentialTests
{
    [Fact]
    public void EnKash_spec_reads_the_same() => FastReaderAssert.Same(File.ReadAllText(TestPaths.EnKashSpec));

    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    [InlineData("box-openapi.json")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    public void Corpus_document_reads_the_same(string file) => FastReaderAssert.Same(File.ReadAllText(Path.Combine(TestPaths.Corpus, file)));

    [Fact]
    public void OpenApi_3_1_document_is_left_to_the_reader() =>
        FastReaderAssert.Refused(File.ReadAllText(Path.Combine(TestPaths.Corpus, "adyen-balanceplatform-v2-3.1.0.json")));
}

/// <summary>Stripe and GitHub: see <see cref="Corpus.LargeCorpusTests"/>.</summary>
[Trait("Category", "Long")]
public sealed class LargeCorpusDifferentialTests
{
    [Theory]
    [InlineData("stripe-spec3-2023-08-16.yaml")]
    [InlineData("github-api.github.com.json")]
    public void Large_document_reads_the_same(string file) => FastReaderAssert.Same(File.ReadAllText(Path.Combine(TestPaths.Corpus, file)));
}
