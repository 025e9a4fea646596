using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Corpus/Documents/openapi-3.2.yaml: the additions of OpenAPI 3.2. Every operation of the document is either
/// generated or reported with a located EKG008 warning: none is silently dropped.
/// </summary>
public sealed class OpenApi32DocumentTests(ITestOutputHelper output)
{
    private const string File = "openapi-3.2.yaml";
    private static readonly string SpecPath = Path.Combine(TestPaths.CorpusDocuments, File);
    private static readonly Lazy<GeneratedApi> Output = new(() => GeneratedApi.FromDocument(File, "Catalog", "CatalogClient"));

    private static GeneratedApi Api => Output.Value;

    private static SpecLine Mark(string name) => SpecLine.Marked(SpecPath, name);

    [Fact]
    public void Generates_a_client_that_compiles_cleanly()
    {
        CorpusTests.AssertCompilesCleanly(Api.Result, new[] { SpecPath }, output);
        SpecDiagnostics.NoWarningsBut(Api.Result,
            ("EKG008", Mark("query-method")),
            ("EKG008", Mark("link-operation")),
            ("EKG008", Mark("item-schema")),
            ("EKG008", Mark("item-schema-sse")),
            ("EKG008", Mark("querystring")));
    }

    [Fact]
    public async Task The_QUERY_method_is_an_operation_or_a_located_warning()
    {
        var search = Api.FindOperation("SearchProductsAsync");
        if (search is null)
        {
            SpecDiagnostics.Single(Api.Result, "EKG008", Mark("query-method"));
            return;
        }
        Assert.Equal("global::Catalog.ProductPage", GeneratedApi.ResultType(search));
        Assert.Contains(("body", "global::Catalog.SearchQuery"), GeneratedApi.Parameters(search));

        var runtime = Api.Runtime;
        var handler = new RecordingHandler(body: """{"items":[],"nextCursor":null}""");
        var client = Api.CreateClient(runtime, handler, ("AccessToken", "t0k3n"));
        var query = runtime.Deserialize("SearchQuery", """{"text":"lamp"}""");
        await Api.CallAsync(client, "SearchProductsAsync", ("body", query));
        var request = Assert.Single(handler.Requests);
        Assert.Equal("QUERY", request.Method.Method);
        Assert.Equal("/products", request.Uri.AbsolutePath);
        Assert.Contains("\"text\":\"lamp\"", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_additional_operation_is_an_operation_or_a_located_warning()
    {
        var link = Api.FindOperation("LinkProductAsync");
        if (link is null)
        {
            SpecDiagnostics.Single(Api.Result, "EKG008", Mark("link-operation"));
            return;
        }
        Assert.Equal("void", GeneratedApi.ResultType(link));
        Assert.Equal(new[] { ("link", "string"), ("sku", "string") }, GeneratedApi.Parameters(link).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray());

        var runtime = Api.Runtime;
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var client = Api.CreateClient(runtime, handler, ("AccessToken", "t0k3n"));
        await Api.CallAsync(client, "LinkProductAsync", ("sku", "LAMP-01"), ("link", "</collections/office>; rel=\"collection\""));
        var request = Assert.Single(handler.Requests);
        Assert.Equal("LINK", request.Method.Method);
        Assert.Equal("/products/LAMP-01", request.Uri.AbsolutePath);
        Assert.Equal("</collections/office>; rel=\"collection\"", request.Headers["Link"]);
    }

    [Fact]
    public void A_querystring_parameter_is_a_parameter_or_a_located_warning()
    {
        var find = Api.Operation("FindReportsAsync");
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::Catalog.Report>", GeneratedApi.ResultType(find));
        if (!GeneratedApi.Parameters(find).Any(p => p.Type.TrimEnd('?') == "global::Catalog.ReportFilter"))
        {
            SpecDiagnostics.Single(Api.Result, "EKG008", Mark("querystring"));
        }
    }

    [Fact]
    public void A_streamed_response_is_typed_by_its_item_schema_or_a_located_warning()
    {
        var export = Api.Operation("ExportProductsAsync");
        if (!GeneratedApi.ResultType(export).Contains("global::Catalog.Product", StringComparison.Ordinal))
        {
            // Either media type's itemSchema may be the one reported, but one of them is.
            Assert.True(
                SpecDiagnostics.Has(Api.Result, "EKG008", Mark("item-schema")) || SpecDiagnostics.Has(Api.Result, "EKG008", Mark("item-schema-sse")),
                "ExportProductsAsync returns " + GeneratedApi.ResultType(export) + " with no EKG008 at an itemSchema; the diagnostics are:\n" + SpecDiagnostics.Describe(Api.Result.GeneratorDiagnostics));
        }
    }

    [Fact]
    public void Responses_and_media_types_from_components_are_resolved()
    {
        var get = Api.Operation("GetProductAsync");
        Assert.Equal("global::Catalog.Product", GeneratedApi.ResultType(get));
        Assert.Equal(new[] { ("sku", "string") }, GeneratedApi.Parameters(get));

        var list = Api.Operation("ListProductsAsync");
        Assert.Equal("global::Catalog.ProductPage", GeneratedApi.ResultType(list));
        Assert.Equal(new[] { ("category", "string?"), ("cursor", "string?") }, GeneratedApi.Parameters(list).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void JSON_Schema_2020_12_in_a_3_2_document_maps_as_in_3_1()
    {
        // Required members, so only "null" in the type array makes them nullable.
        var product = Api.Properties("Product");
        Assert.Equal("string?", product["Summary"]);
        Assert.Equal("string", product["Sku"]);
        Assert.Equal("decimal", product["Price"]);
        Assert.Equal("global::Catalog.Availability", product["Availability"]);
        Assert.Equal("string?", Api.PropertyType("ProductPage", "NextCursor"));
        Assert.Equal("string?", Api.PropertyType("Report", "Url"));
    }

    [Fact]
    public void A_discriminator_default_mapping_takes_the_values_the_mapping_does_not_list()
    {
        Assert.Contains("Availability", Api.TypeNames("Unions"));
        var runtime = Api.Runtime;
        Assert.NotNull(Generated.Get(runtime.Deserialize("Availability", """{"kind":"inStock","quantity":3}""")!, "InStock"));
        Assert.NotNull(Generated.Get(runtime.Deserialize("Availability", """{"kind":"backordered","expectedAt":"2025-09-01"}""")!, "Backordered"));

        var discontinued = runtime.Deserialize("Availability", """{"kind":"discontinued","reason":"recalled"}""")!;
        var unavailable = Generated.Get(discontinued, "Unavailable");
        Assert.NotNull(unavailable);
        Assert.Equal("recalled", Generated.Get(unavailable!, "Reason"));
        Assert.Null(Generated.Get(discontinued, "InStock"));
    }

    [Fact]
    public void A_deprecated_security_scheme_is_an_obsolete_option()
    {
        var options = Api.Type("CatalogClientOptions");
        var key = options.GetMembers().OfType<IPropertySymbol>().SingleOrDefault(p => p.Name == "LegacyKey");
        Assert.NotNull(key);
        Assert.Contains(key!.GetAttributes(), a => a.AttributeClass?.Name == "ObsoleteAttribute");
        // The scheme in use (OAuth 2 with the device flow and a metadata URL) is a bearer token, with no warning.
        Assert.Contains(options.GetMembers().OfType<IPropertySymbol>(), p => p.Name == "AccessToken");
    }
}
