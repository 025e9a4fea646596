using System.IO;
using System.Linq;
using EnKashGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Scratch;

public class ScratchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("oai-petstore-3.0.yaml")]
    [InlineData("swagger-petstore-3.0.yaml")]
    [InlineData("adyen-balanceplatform-v1-3.0.3.json")]
    [InlineData("box-openapi.json")]
    [InlineData("ENKASH")]
    public void Corpus(string file)
    {
        var path = file == "ENKASH" ? TestPaths.EnKashSpec : Path.Combine(TestPaths.Corpus, file);
        var result = GeneratorHarness.Run(path, File.ReadAllText(path));
        var dump = Path.Combine(Path.GetTempPath(), "ekg-dump", file);
        Directory.CreateDirectory(dump);
        foreach (var s in result.Sources) File.WriteAllText(Path.Combine(dump, s.HintName), s.SourceText.ToString());
        foreach (var d in result.GeneratorDiagnostics) output.WriteLine("GEN " + d);
        output.WriteLine(result.Describe(60));
        Assert.Empty(result.CompileDiagnostics);
    }
}
