using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Stripe (4 MB, ~470 operations) and GitHub (13 MB, ~1,200 operations): each takes one to two minutes on two cores,
/// almost all of it compiling the generated client (70 and 100 MB of C#). They run by default; skip them with
/// <c>dotnet test --filter "Category!=Long"</c>, or run only them with <c>--filter "Category=Long"</c>.
/// </summary>
[Trait("Category", "Long")]
public sealed class LargeCorpusTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("stripe-spec3-2023-08-16.yaml")]
    [InlineData("github-api.github.com.json")]
    public void Large_document_generates_a_client_that_compiles_cleanly(string file) => CorpusTests.AssertCompilesCleanly(Path.Combine(TestPaths.Corpus, file), output);
}
