using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Corpus/Documents/swagger-2.0.yaml: a Swagger 2.0 document with what 2.0 documents carry. A valid 2.0 document
/// gets no warning (uniqueItems on a parameter and schemes on an operation are 2.0 fields, not defects), and what 2.0
/// says in its own words (collectionFormat, formData, type: file, x-nullable, top-level parameters and responses)
/// reaches the client.
/// </summary>
public sealed class Swagger20DocumentTests(ITestOutputHelper output)
{
    private const string File = "swagger-2.0.yaml";
    private const string ArrayOf = "global::System.Collections.Generic.IReadOnlyList<";
    private static readonly string SpecPath = Path.Combine(TestPaths.CorpusDocuments, File);
    private static readonly Lazy<GeneratedApi> Output = new(() => GeneratedApi.FromDocument(File, "Fleet", "FleetClient"));

    private static GeneratedApi Api => Output.Value;

    private static SpecLine Mark(string name) => SpecLine.Marked(SpecPath, name);

    [Fact]
    public void Generates_a_client_that_compiles_cleanly()
    {
        CorpusTests.AssertCompilesCleanly(Api.Result, new[] { SpecPath }, output);
        // Space- and pipe-separated arrays may be reported where they are declared, if they are not sent as such.
        SpecDiagnostics.NoWarningsBut(Api.Result, ("EKG008", Mark("plates-ssv")), ("EKG008", Mark("makes-pipes")));
    }

    [Fact]
    public void Every_collection_format_is_an_array_parameter_and_top_level_parameters_are_resolved()
    {
        var list = Api.Operation("ListVehiclesAsync");
        var parameters = GeneratedApi.Parameters(list).ToDictionary(p => p.Name, p => p.Type);
        Assert.StartsWith(ArrayOf, parameters["status"], StringComparison.Ordinal);
        Assert.Equal(ArrayOf + "string>?", parameters["depots"]);
        Assert.Equal(ArrayOf + "string>?", parameters["plates"]);
        Assert.Equal(ArrayOf + "string>?", parameters["makes"]);
        Assert.Equal("int?", parameters["pageSize"]);
        Assert.Equal("global::System.Guid?", parameters["xRequestId"]);
        Assert.Equal(ArrayOf + "global::Fleet.Vehicle>", GeneratedApi.ResultType(list));
        var statusItem = parameters["status"].Substring(ArrayOf.Length).TrimEnd('?', '>').Replace("global::Fleet.", string.Empty, StringComparison.Ordinal);
        Assert.Equal(new[] { "active", "workshop", "retired" }, Api.EnumValues(statusItem));
    }

    [Fact]
    public async Task Arrays_are_sent_in_their_collection_format()
    {
        Api.Operation("ListVehiclesAsync");
        var runtime = Api.Runtime;
        var handler = new RecordingHandler(body: "[]");
        var client = Api.CreateClient(runtime, handler, ("ApiKey", "k3y"));
        var statusType = runtime.LoadedType(Api.ElementTypeName(Api.Operation("ListVehiclesAsync"), "status"));
        var status = Array.CreateInstance(statusType, 2);
        status.SetValue(Activator.CreateInstance(statusType, "active"), 0);
        status.SetValue(Activator.CreateInstance(statusType, "workshop"), 1);

        await Api.CallAsync(client, "ListVehiclesAsync",
            ("status", status),
            ("depots", new[] { "north", "south" }),
            ("plates", new[] { "AB-1234", "CD-5678" }),
            ("makes", new[] { "Volvo", "MAN" }));

        var query = Uri.UnescapeDataString(Assert.Single(handler.Requests).Uri.Query);
        AssertQueryHas(query, "status=active&status=workshop");    // multi
        AssertQueryHas(query, "depots=north,south");               // csv
        if (!SpecDiagnostics.Has(Api.Result, "EKG008", Mark("plates-ssv")))
        {
            AssertQueryHas(query, "plates=AB-1234 CD-5678");       // ssv
        }
        if (!SpecDiagnostics.Has(Api.Result, "EKG008", Mark("makes-pipes")))
        {
            AssertQueryHas(query, "makes=Volvo|MAN");              // pipes
        }
        Assert.Equal("k3y", handler.Last.Headers["X-Fleet-Key"]);
    }

    [Fact]
    public void A_formData_file_is_a_file_part_of_a_required_multipart_body()
    {
        var file = Api.Operation("FileDocumentAsync");
        Assert.Equal("global::Fleet.Document", GeneratedApi.ResultType(file));
        var parameters = GeneratedApi.Parameters(file).ToDictionary(p => p.Name, p => p.Type);
        Assert.Equal("string", parameters["vehicleId"]);
        // Required formData parameters make a required body.
        var body = parameters["body"];
        Assert.False(body.EndsWith('?'), "the body holds required fields, so it is required: " + body);
        var bodyType = body.Replace("global::Fleet.", string.Empty, StringComparison.Ordinal);
        Assert.Equal("byte[]", Api.PropertyType(bodyType, "File"));
        Assert.Equal("global::System.DateOnly?", Api.PropertyType(bodyType, "ValidUntil"));
        Assert.Equal("string?", Api.PropertyType(bodyType, "Notes"));
    }

    [Fact]
    public void A_url_encoded_formData_body_is_required_when_its_fields_are()
    {
        var report = Api.Operation("ReportMileageAsync");
        Assert.Equal("void", GeneratedApi.ResultType(report));
        var body = GeneratedApi.Parameters(report).Single(p => p.Name == "body").Type;
        Assert.Equal("global::Fleet.ReportMileageRequest", body);
        Assert.Equal("long", Api.PropertyType("ReportMileageRequest", "OdometerKm"));
        Assert.Equal("global::System.DateTimeOffset", Api.PropertyType("ReportMileageRequest", "ReadAt"));
    }

    [Fact]
    public void Responses_without_a_schema_have_no_body_and_a_file_response_is_bytes()
    {
        // 2.0's top-level produces does not give a body to a response that declares no schema.
        Assert.Equal("void", GeneratedApi.ResultType(Api.Operation("RetireVehicleAsync")));
        var download = Api.Operation("DownloadDocumentAsync");
        Assert.Equal("byte[]", GeneratedApi.ResultType(download));
        Assert.Equal(new[] { ("documentId", "long") }, GeneratedApi.Parameters(download));
    }

    [Fact]
    public void Definitions_composed_with_allOf_have_every_member_and_x_nullable_makes_a_member_nullable()
    {
        var vehicle = Api.Properties("Vehicle");
        Assert.Equal("string", vehicle["Plate"]);
        Assert.Equal("global::Fleet.NewVehicleFuel", vehicle["Fuel"]);
        Assert.Equal("string", vehicle["Id"]);
        Assert.Equal("global::System.DateTimeOffset", vehicle["RegisteredAt"]);
        // Required and x-nullable: always sent, may be null.
        Assert.Equal("global::System.DateTimeOffset?", vehicle["RetiredAt"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, string>?", vehicle["Labels"]);

        var error = Api.Properties("ValidationError");
        Assert.Equal("string", error["Code"]);
        Assert.Equal("string", error["Message"]);
        Assert.StartsWith(ArrayOf, error["Fields"], StringComparison.Ordinal);
        Assert.Equal("byte[]?", Api.PropertyType("Document", "Checksum"));
    }

    [Fact]
    public async Task A_top_level_parameter_keeps_its_rules_and_a_top_level_response_its_schema()
    {
        var get = Api.Operation("GetVehicleAsync");
        Assert.Equal("global::Fleet.Vehicle", GeneratedApi.ResultType(get));
        Assert.Equal(new[] { ("vehicleId", "string") }, GeneratedApi.Parameters(get));

        var runtime = Api.Runtime;
        var handler = new RecordingHandler(HttpStatusCode.NotFound, """{"code":"not_found","message":"No vehicle XY-0000"}""");
        var client = Api.CreateClient(runtime, handler, ("ApiKey", "k3y"));
        var invalid = await Assert.ThrowsAnyAsync<Exception>(() => Api.CallAsync(client, "GetVehicleAsync", ("vehicleId", "not a plate")));
        Assert.Equal("ApiValidationException", invalid.GetType().Name);
        Assert.Empty(handler.Requests);

        var notFound = await Assert.ThrowsAnyAsync<Exception>(() => Api.CallAsync(client, "GetVehicleAsync", ("vehicleId", "XY-0000")));
        Assert.Equal("ApiHttpException", notFound.GetType().Name);
        Assert.Equal("/vehicles/XY-0000", Assert.Single(handler.Requests).Uri.AbsolutePath);
    }

    private static void AssertQueryHas(string query, string part) =>
        Assert.True(query.Contains(part, StringComparison.Ordinal), $"expected '{part}' in the query string {query}");

    [Fact]
    public void Security_definitions_become_options()
    {
        var options = Api.Properties("FleetClientOptions");
        Assert.Contains("ApiKey", options.Keys);
        Assert.Contains("AccessToken", options.Keys);
        Assert.Contains("BasicUsername", options.Keys);
        Assert.Contains("BasicPassword", options.Keys);
    }
}
