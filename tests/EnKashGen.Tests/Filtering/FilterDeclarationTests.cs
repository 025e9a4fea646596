using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Filtering;

/// <summary>
/// The build glue of operation filters (src/EnKashGen/build): the metadata of an <c>&lt;EnKashSpec&gt;</c> item and of an
/// AdditionalFiles item reaches the generator. MSBuild writes the project's .editorconfig, Roslyn's parser reads it
/// (where ';' starts a comment), and the generator runs on what the parser gives.
/// </summary>
public sealed class FilterDeclarationTests(ITestOutputHelper output)
{
    [Fact]
    public void Filters_on_EnKashSpec_and_on_AdditionalFiles_items_reach_the_generator_through_the_build_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "enkashgen-filters-" + Guid.NewGuid().ToString("N"));
        try
        {
            var shop = Path.Combine(dir, "specs", "shop.yaml");
            var store = Path.Combine(dir, "specs", "store.yaml");
            var plain = Path.Combine(dir, "specs", "plain.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(shop)!);
            foreach (var spec in new[] { shop, store, plain })
            {
                File.WriteAllText(spec, OperationFilterTests.Shop);
            }
            var project = Path.Combine(dir, "filters.csproj");
            File.WriteAllText(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{Path.Combine(BuildGlue.BuildFolder, "EnKashGen.props")}" />
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <EnKashSpec Include="specs/shop.yaml" Namespace="Acme.Shop" ClientName="ShopClient" IncludeTags="Pets; Toys" ExcludeOperations="createPet" />
                    <AdditionalFiles Include="specs/store.yaml" EnKashGenSpec="true" EnKashGenNamespace="Acme.Store" EnKashGenClientName="StoreClient"
                                     EnKashGenIncludePaths="/stores/**;/health;/admin/**" EnKashGenIncludeOperations="getToy" EnKashGenExcludeTags="Admin" EnKashGenExcludePaths="/nothing/**" />
                    <EnKashSpec Include="specs/plain.yaml" Namespace="Acme.Plain" ClientName="PlainClient" />
                  </ItemGroup>
                  <Import Project="{Path.Combine(BuildGlue.BuildFolder, "EnKashGen.targets")}" />
                </Project>
                """);

            var options = BuildGlue.Options(BuildGlue.EditorConfig(project, output));
            var texts = new[] { shop, store, plain }.Select(p => GeneratorHarness.Text(p, File.ReadAllText(p))).ToList();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new EnKashGenerator().AsSourceGenerator() }, texts, GeneratorHarness.ParseOptions(), options);
            var compilation = GeneratorHarness.CreateCompilation(Array.Empty<string>());
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
            var run = driver.GetRunResult();

            Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            // Both separators of "Pets; Toys" arrive; createPet is excluded.
            Assert.Equal(new[] { "GetToyAsync", "ListOrdersAsync", "ListPetsAsync" }, Operations(run, "Acme.Shop.ShopClient."));
            // Three include filters add up; listKeys (under /admin) is excluded by its tag.
            Assert.Equal(new[] { "GetToyAsync", "HealthAsync", "ListOrdersAsync" }, Operations(run, "Acme.Store.StoreClient."));
            // An item without filters gets empty metadata from the glue, which is no filter at all.
            Assert.Equal(6, Operations(run, "Acme.Plain.PlainClient.").Count);

            // The exclude filter that matches nothing proves that it arrived too, and it is reported at its spec only.
            var unmatched = Assert.Single(run.Diagnostics, d => d.Id == "EKG017");
            Assert.Equal(store, unmatched.Location.GetLineSpan().Path);
            Assert.Contains("ExcludePaths (EnKashGenExcludePaths) names '/nothing/**'", unmatched.GetMessage(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static List<string> Operations(GeneratorDriverRunResult run, string prefix) =>
        run.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => s.HintName == prefix + "Client.g.cs")
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal) && m.Parent is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PublicKeyword))
            .Select(m => m.Identifier.ValueText)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
}
