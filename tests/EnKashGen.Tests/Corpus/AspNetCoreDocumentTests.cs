using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// The OpenAPI 3.1 document an ASP.NET Core 10 minimal API serves (tests/EnKashGen.Corpus.MinimalApi, through
/// Microsoft.AspNetCore.OpenApi) is fetched from the running API, saved to the test output folder
/// (corpus-documents/aspnetcore-minimal-api.json) and generated: the most common producer of specs for .NET users.
/// </summary>
public sealed class AspNetCoreDocumentTests(AspNetCoreDocumentTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<AspNetCoreDocumentTests.Fixture>
{
    public const string Namespace = "Warehouse";
    public const string Client = "WarehouseClient";

    public sealed class Fixture : IAsyncLifetime
    {
        public string DocumentPath { get; } = Path.Combine(AppContext.BaseDirectory, "corpus-documents", "aspnetcore-minimal-api.json");

        public string Document { get; private set; } = string.Empty;

        public CorpusResult Result { get; private set; } = null!;

        public GeneratedApi Api => new(Result, Namespace, Client);

        public async Task InitializeAsync()
        {
            Document = await MinimalApiProducer.FetchDocumentAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(DocumentPath)!);
            await File.WriteAllTextAsync(DocumentPath, Document);
            Result = CorpusRunner.Run(new[] { new SpecFile(DocumentPath, Document, Namespace, Client) });
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private GeneratedApi Api => fixture.Api;

    [Fact]
    public void The_document_is_OpenAPI_3_1_as_ASP_NET_Core_writes_it()
    {
        using var document = JsonDocument.Parse(fixture.Document);
        Assert.StartsWith("3.1.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        // What makes it an ASP.NET Core document and not a hand-written one: 3.1 type arrays for every nullable and
        // number (numbers may be read from strings), and the polymorphic type as anyOf with a discriminator.
        Assert.Contains("\"null\"", fixture.Document, StringComparison.Ordinal);
        Assert.Contains("\"discriminator\"", fixture.Document, StringComparison.Ordinal);
        output.WriteLine("saved to " + fixture.DocumentPath);
    }

    [Fact]
    public void Generates_a_client_that_compiles_cleanly_with_no_warning()
    {
        CorpusTests.AssertCompilesCleanly(fixture.Result, new[] { fixture.DocumentPath }, output);
        // Nothing in a plain ASP.NET Core document is beyond C#: a warning here would greet most .NET users.
        SpecDiagnostics.NoWarningsBut(fixture.Result);
    }

    [Fact]
    public void Nullable_members_are_nullable_and_required_members_are_not()
    {
        var product = Api.Properties("Product");
        Assert.Equal("string?", product["Description"]);
        Assert.Equal("string", product["Name"]);
        Assert.Equal("string", product["Sku"]);
        Assert.Equal("global::System.Guid", product["Id"]);
        Assert.Equal("global::System.DateTimeOffset", product["CreatedAt"]);
        Assert.Equal("global::System.DateOnly?", product["AvailableFrom"]);
        Assert.Equal("byte[]?", product["Thumbnail"]);
        Assert.Equal("global::Warehouse.Dimensions?", product["Dimensions"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<string>", product["Tags"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, string>", product["Attributes"]);
        // A positional record's parameters are all required; a nullable one is a required member that may be null.
        Assert.Equal("string?", Api.PropertyType("Order", "Notes"));
        Assert.Equal("global::System.Guid", Api.PropertyType("Order", "CustomerId"));
        Assert.True(Api.Property("Product", "Name").IsRequired, "a required member is a C# required member");
        Assert.False(Api.Property("Product", "Description").IsRequired);
    }

    [Fact]
    public void Numbers_that_may_also_be_read_from_strings_keep_their_numeric_type()
    {
        // ASP.NET Core writes int as type: [integer, string] with a pattern (it also accepts "12" when reading);
        // it always writes a number, so the member is a number.
        var product = Api.Properties("Product");
        Assert.Equal("int", product["Stock"]);
        Assert.Equal("long", product["Version"]);
        Assert.Equal("double", product["Price"]);
        Assert.Equal("double?", product["Rating"]);
        Assert.Equal("long", Api.PropertyType("Order", "OrderNumber"));
    }

    [Fact]
    public void String_enums_are_enums()
    {
        Assert.Equal(new[] { "Draft", "Active", "Discontinued" }, Api.EnumValues("ProductStatus"));
        Assert.Equal(new[] { "Pending", "Settled", "Rejected" }, Api.EnumValues("PaymentState"));
        Assert.Equal("global::Warehouse.ProductStatus", Api.PropertyType("Product", "Status"));
        Assert.Equal("global::Warehouse.PaymentState", Api.PropertyType("PaymentReceipt", "State"));
    }

    [Fact]
    public void Operations_exist_with_their_route_query_header_and_body_parameters()
    {
        AssertOperation("ListProductsAsync", "global::Warehouse.ProductPage",
            ("status", "global::Warehouse.ProductStatus?"), ("tag", "global::System.Collections.Generic.IReadOnlyList<string>?"), ("page", "int?"), ("pageSize", "int?"));
        AssertOperation("GetProductAsync", "global::Warehouse.Product", ("id", "global::System.Guid"));
        AssertOperation("CreateProductAsync", "global::Warehouse.Product", ("body", "global::Warehouse.NewProduct"));
        AssertOperation("ReplaceProductAsync", "global::Warehouse.Product", ("id", "global::System.Guid"), ("ifMatch", "string?"), ("body", "global::Warehouse.NewProduct"));
        AssertOperation("DeleteProductAsync", "void", ("id", "global::System.Guid"));
        AssertOperation("GetOrderAsync", "global::Warehouse.Order", ("orderNumber", "long"), ("xCorrelationId", "global::System.Guid?"));
        AssertOperation("GetOrderHistoryAsync", "global::System.Collections.Generic.IReadOnlyList<global::Warehouse.OrderEvent>", ("orderNumber", "long"), ("since", "global::System.DateTimeOffset?"));
        AssertOperation("PayOrderAsync", "global::Warehouse.PaymentReceipt", ("orderNumber", "long"), ("body", "global::Warehouse.Payment"));
        AssertOperation("GetRatingsAsync", "global::System.Collections.Generic.IReadOnlyDictionary<string, double>");
        Assert.Equal(10, Api.Operations.Count);
    }

    [Fact]
    public void The_form_upload_sends_the_file_as_a_file_part()
    {
        var upload = Api.Operation("UploadProductImageAsync");
        Assert.Equal("global::Warehouse.ProductImage", GeneratedApi.ResultType(upload));
        var parameters = GeneratedApi.Parameters(upload);
        Assert.Contains(("id", "global::System.Guid"), parameters);
        // The multipart body is one object (ASP.NET Core writes it as allOf of the file and the other fields).
        var body = Assert.Single(parameters, p => p.Name == "body");
        var bodyType = body.Type.TrimEnd('?').Substring(("global::" + Namespace + ".").Length);
        Assert.Equal("byte[]", Api.PropertyType(bodyType, "File"));
        Assert.Equal("string?", Api.PropertyType(bodyType, "Caption"));
    }

    [Fact]
    public void The_polymorphic_payment_is_a_union_of_its_derived_types_chosen_by_the_discriminator()
    {
        Assert.Contains("Payment", Api.TypeNames("Unions"));
        var variants = Api.Properties("Payment").Values.ToList();
        Assert.Contains("global::Warehouse.PaymentCardPayment?", variants);
        Assert.Contains("global::Warehouse.PaymentBankTransferPayment?", variants);
        Assert.Equal("string", Api.PropertyType("PaymentBankTransferPayment", "Iban"));
        Assert.Equal("int?", Api.PropertyType("PaymentCardPayment", "Installments"));

        var runtime = Api.Runtime;
        var payment = runtime.Deserialize("Payment", """{"method":"bankTransfer","amount":25.5,"currency":"EUR","iban":"DE89370400440532013000"}""")!;
        var chosen = payment.GetType().GetProperties().Where(p => p.PropertyType.Name is "PaymentCardPayment" or "PaymentBankTransferPayment" && p.GetValue(payment) is not null).ToList();
        var variant = Assert.Single(chosen);
        Assert.Equal("PaymentBankTransferPayment", variant.PropertyType.Name);
        Assert.Equal("DE89370400440532013000", Generated.Get(variant.GetValue(payment)!, "Iban"));
    }

    private void AssertOperation(string method, string result, params (string Name, string Type)[] parameters)
    {
        var operation = Api.Operation(method);
        Assert.Equal(result, GeneratedApi.ResultType(operation));
        var actual = GeneratedApi.Parameters(operation).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(parameters.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), actual);
    }
}
