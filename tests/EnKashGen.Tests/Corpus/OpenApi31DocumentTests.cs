using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Corpus/Documents/openapi-3.1.yaml: JSON Schema 2020-12 as OpenAPI 3.1 allows it, webhooks and components.pathItems.
/// What the user would notice if 3.1 were mapped with 3.0 rules: nullability from type arrays, numeric exclusive
/// bounds, siblings of $ref, binary content, path items and webhooks.
/// </summary>
public sealed class OpenApi31DocumentTests(ITestOutputHelper output)
{
    private const string File = "openapi-3.1.yaml";
    private static readonly string SpecPath = Path.Combine(TestPaths.CorpusDocuments, File);
    private static readonly Lazy<GeneratedApi> Output = new(() => GeneratedApi.FromDocument(File, "Observatory", "ObservatoryClient"));

    private static GeneratedApi Api => Output.Value;

    private static SpecLine Mark(string name) => SpecLine.Marked(SpecPath, name);

    [Fact]
    public void Generates_a_client_that_compiles_cleanly()
    {
        CorpusTests.AssertCompilesCleanly(Api.Result, new[] { SpecPath }, output);
        // Only what C# cannot express is reported; patternProperties and dependentRequired may be, where they are.
        SpecDiagnostics.NoWarningsBut(Api.Result,
            ("EKG008", Mark("prefix-items")),
            ("EKG008", Mark("if-then-else")),
            ("EKG008", Mark("pattern-properties")),
            ("EKG008", Mark("dependent-required")));
    }

    [Fact]
    public void A_type_array_with_null_is_nullable_and_a_required_member_without_null_is_not()
    {
        // Each of these is required, so only "null" in its type makes it nullable.
        var telescope = Api.Properties("Telescope");
        Assert.Equal("string?", telescope["Nickname"]);
        Assert.Equal("string", telescope["Name"]);
        Assert.True(Api.Property("Telescope", "Name").IsRequired);
        Assert.Equal("int?", telescope["MirrorSegments"]);
        Assert.Equal("global::System.DateTimeOffset?", telescope["RetiredAt"]);
        Assert.Equal("decimal", telescope["Aperture"]);
        Assert.Equal("double?", Api.PropertyType("Site", "Elevation"));
        Assert.Equal("decimal?", Api.PropertyType("Observation", "Seeing"));
        Assert.True(Api.Property("Telescope", "Nickname").IsRequired, "a required member that may be null is still sent");
    }

    [Fact]
    public void Const_and_examples_do_not_change_what_a_member_is()
    {
        // kind: {type: string, const: telescope} is a string, or an enum of that one value.
        var kind = Api.PropertyType("Telescope", "Kind");
        if (kind != "string?")
        {
            Assert.Equal(new[] { "telescope" }, Api.EnumValues(kind.TrimEnd('?').Replace("global::Observatory.", string.Empty, StringComparison.Ordinal)));
        }
        // examples: [...] (a list in 3.1) on a string and on an enum.
        Assert.Equal("string", Api.PropertyType("Telescope", "Name"));
        Assert.Equal(new[] { "radio", "infrared", "visible", "ultraviolet", "x-ray" }, Api.EnumValues("Band"));
        // An enum without a type, as 3.1 producers write it.
        Assert.Equal(new[] { "operational", "maintenance", "retired" }, Api.EnumValues("Status"));
        Assert.Equal("global::Observatory.Status", Api.PropertyType("Telescope", "Status"));
    }

    [Fact]
    public void A_ref_with_sibling_keywords_is_the_referenced_type_with_the_siblings_applied()
    {
        Assert.Equal("global::Observatory.Site", Api.PropertyType("Telescope", "Site"));
        Assert.Contains("Where the telescope stands today.", GeneratedApi.Documentation(Api.Property("Telescope", "Site")), StringComparison.Ordinal);

        var previous = Api.Property("Telescope", "PreviousSite");
        Assert.Equal("global::Observatory.Site?", GeneratedApi.Display(previous.Type));
        Assert.Contains(previous.GetAttributes(), a => a.AttributeClass?.Name == "ObsoleteAttribute");

        // anyOf: [$ref, {type: 'null'}] is the referenced type, nullable; so is a $ref beside a type array with "null".
        Assert.Equal("global::Observatory.Calibration?", Api.PropertyType("Telescope", "Calibration"));
        Assert.Equal("global::Observatory.Site?", Api.PropertyType("Telescope", "InspectionSite"));
    }

    [Fact]
    public void Content_encoding_and_content_media_type_are_bytes()
    {
        Assert.Equal("byte[]", Api.PropertyType("Calibration", "DarkFrame"));
        Assert.Equal("byte[]", GeneratedApi.ResultType(Api.Operation("DownloadFrameAsync")));
        Assert.Contains(GeneratedApi.Parameters(Api.Operation("UploadFrameAsync")), p => p.Type == "byte[]");
    }

    [Fact]
    public void A_path_item_from_components_becomes_its_operations()
    {
        var get = Api.Operation("GetTelescopeAsync");
        Assert.Equal("global::Observatory.Telescope", GeneratedApi.ResultType(get));
        Assert.Equal(new[] { ("telescopeId", "global::System.Guid") }, GeneratedApi.Parameters(get));

        var patch = Api.Operation("UpdateTelescopeAsync");
        Assert.Equal("global::Observatory.Telescope", GeneratedApi.ResultType(patch));
        Assert.Equal(new[] { ("telescopeId", "global::System.Guid"), ("body", "global::Observatory.TelescopePatch") }, GeneratedApi.Parameters(patch).OrderBy(p => p.Name == "body").ToArray());
    }

    [Fact]
    public void Webhook_payloads_are_models_and_webhooks_are_not_client_calls()
    {
        Assert.Equal("global::Observatory.AlertSeverity", Api.PropertyType("Alert", "Severity"));
        Assert.Equal("string?", Api.PropertyType("Alert", "Pager"));
        Assert.Equal("global::System.DateTimeOffset", Api.PropertyType("MaintenanceWindow", "From"));
        Assert.Equal("global::System.DateTimeOffset", Api.PropertyType("MaintenanceWindow", "Until"));
        // The API sends webhooks to its subscribers; a client of the API has nothing to call for them.
        Assert.Null(Api.FindOperation("AlertRaisedAsync"));
        Assert.Null(Api.FindOperation("MaintenanceScheduledAsync"));
        Assert.Equal(6, Api.Operations.Count);
    }

    [Fact]
    public void A_ref_into_defs_is_the_type_defined_there()
    {
        var target = Api.Property("Observation", "Target");
        var type = Assert.IsAssignableFrom<INamedTypeSymbol>(target.Type);
        Assert.Equal("Observatory", type.ContainingNamespace.ToDisplayString());
        var members = type.GetMembers().OfType<IPropertySymbol>().ToDictionary(p => p.Name, p => GeneratedApi.Display(p.Type));
        Assert.Equal("double", members["Ra"]);
        Assert.Equal("double", members["Dec"]);
    }

    [Fact]
    public void Tuples_and_conditional_schemas_get_a_located_warning_and_still_generate()
    {
        var tuple = SpecDiagnostics.Single(Api.Result, "EKG008", Mark("prefix-items"));
        Assert.Contains("prefixItems", tuple.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Position", Api.Properties("Telescope").Keys);

        var conditional = SpecDiagnostics.Single(Api.Result, "EKG008", Mark("if-then-else"));
        Assert.Contains("if", conditional.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("string?", Api.PropertyType("Alert", "Message"));
    }

    [Fact]
    public void Pattern_and_property_name_constrained_maps_are_dictionaries()
    {
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, decimal>?", Api.PropertyType("Telescope", "FilterOffsets"));
        // patternProperties with one pattern: a dictionary of that pattern's values, or untyped with a warning there.
        var labels = Api.PropertyType("Telescope", "Labels");
        if (labels != "global::System.Collections.Generic.IReadOnlyDictionary<string, string>?")
        {
            SpecDiagnostics.Single(Api.Result, "EKG008", Mark("pattern-properties"));
        }
    }

    [Fact]
    public async Task Numeric_exclusive_bounds_are_checked_before_a_request_is_sent()
    {
        Api.Operation("ListObservationsAsync");
        var runtime = Api.Runtime;
        var handler = new RecordingHandler(body: "[]");
        var client = Api.CreateClient(runtime, handler, ("AccessToken", "t0k3n"));

        // exclusiveMinimum: 0 is a number in 3.1 (0 itself is out), not the 3.0 boolean.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Api.CallAsync(client, "ListObservationsAsync", ("limit", (int?)0)));
        Assert.Equal("ApiValidationException", error.GetType().Name);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);

        await Api.CallAsync(client, "ListObservationsAsync", ("limit", (int?)1));
        var request = Assert.Single(handler.Requests);
        Assert.Equal("GET", request.Method.Method);
        Assert.Contains("limit=1", request.Uri.Query, StringComparison.Ordinal);
    }
}
