using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// Every parameter style and explode combination the generated client writes, checked on the wire: the exact URL
/// (path and query, still escaped) and headers a recording handler receives.
/// </summary>
public sealed class ParameterWireTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Wire, version: "1"}
        paths:
          /keys/{key}:
            get:
              operationId: getKey
              parameters:
                - {name: key, in: path, required: true, schema: {anyOf: [{type: integer}, {type: string}]}}
                - {name: q, in: query, schema: {anyOf: [{type: integer}, {type: string}]}}
                - {name: X-Key, in: header, schema: {anyOf: [{type: integer}, {type: string}]}}
                - {name: flag, in: query, schema: {oneOf: [{type: boolean}, {type: string, enum: [auto]}]}}
                - {name: k, in: cookie, schema: {anyOf: [{type: integer}, {type: string}]}}
              responses: {'204': {description: ok}}
          /simple/{id}/{ids}/{exploded}:
            get:
              operationId: getSimple
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: ids, in: path, required: true, schema: {type: array, items: {type: string}}}
                - {name: exploded, in: path, required: true, explode: true, schema: {type: array, items: {type: integer}}}
              responses: {'204': {description: ok}}
          /label/{id}/{ids}/{exploded}:
            get:
              operationId: getLabel
              parameters:
                - {name: id, in: path, required: true, style: label, schema: {type: integer}}
                - {name: ids, in: path, required: true, style: label, schema: {type: array, items: {type: integer}}}
                - {name: exploded, in: path, required: true, style: label, explode: true, schema: {type: array, items: {type: string}}}
              responses: {'204': {description: ok}}
          /matrix/{id}/{ids}/{exploded}:
            get:
              operationId: getMatrix
              parameters:
                - {name: id, in: path, required: true, style: matrix, schema: {type: integer}}
                - {name: ids, in: path, required: true, style: matrix, schema: {type: array, items: {type: integer}}}
                - {name: exploded, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: string}}}
              responses: {'204': {description: ok}}
          /query:
            get:
              operationId: getQuery
              parameters:
                - {name: n, in: query, schema: {type: integer}}
                - {name: tags, in: query, schema: {type: array, items: {type: string}}}
                - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
                - {name: spaced, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}
                - {name: piped, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
                - {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/Filter'}}
                - {name: form, in: query, schema: {$ref: '#/components/schemas/Filter'}}
                - {name: flat, in: query, explode: false, schema: {$ref: '#/components/schemas/Filter'}}
              responses: {'204': {description: ok}}
          /headers:
            get:
              operationId: getHeaders
              parameters:
                - {name: X-One, in: header, schema: {type: integer}}
                - {name: X-Many, in: header, schema: {type: array, items: {type: string}}}
                - {name: session, in: cookie, schema: {type: string}}
              responses: {'204': {description: ok}}
        components:
          schemas:
            Filter:
              type: object
              properties:
                color: {type: string}
                size: {type: integer}
                server: {type: string, readOnly: true}
        """;

    private static readonly Lazy<Generated> Output = new(() => ConstructHarness.Generate(Spec, "wire.yaml", "Wire", "WireClient"));

    private static async Task<RecordedRequest> Call(string method, params (string Name, object? Value)[] args)
    {
        var g = Output.Value;
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        await Generated.CallAsync(g.CreateClient(handler), method, args);
        return handler.Last;
    }

    private static object Union(string type, string json) => Output.Value.Deserialize(type, json)!;

    [Fact]
    public void A_union_of_primitives_in_a_parameter_is_not_reported_as_an_object()
    {
        Assert.DoesNotContain(Output.Value.Diagnostics, d => d.Id == "EKG008");
    }

    [Theory]
    [InlineData("\"3b:16:bf\"", "/keys/3b%3A16%3Abf", "q=3b%3A16%3Abf", "3b:16:bf", "k=3b%3A16%3Abf")]
    [InlineData("42", "/keys/42", "q=42", "42", "k=42")]
    public async Task A_union_of_primitives_is_written_as_the_primitive_it_holds_never_as_JSON_text(string json, string path, string query, string header, string cookie)
    {
        // The four parameters of the same inline union share one type, named after the first.
        var request = await Call("GetKeyAsync",
            ("key", Union("GetKeyKey", json)), ("q", Union("GetKeyKey", json)), ("xKey", Union("GetKeyKey", json)), ("flag", Union("GetKeyFlag", "true")), ("k", Union("GetKeyKey", json)));
        Assert.Equal(path, request.Uri.AbsolutePath);
        Assert.Equal("?" + query + "&flag=true", request.Uri.Query);
        Assert.Equal(header, request.Headers["X-Key"]);
        Assert.Equal(cookie, request.Headers["Cookie"]);
        var auto = await Call("GetKeyAsync", ("key", Union("GetKeyKey", json)), ("flag", Union("GetKeyFlag", "\"auto\"")));
        Assert.Equal("?flag=auto", auto.Uri.Query);
    }

    [Fact]
    public async Task Simple_path_values_are_escaped_and_array_items_joined_by_commas_with_or_without_explode()
    {
        var request = await Call("GetSimpleAsync", ("id", "a/b c"), ("ids", new[] { "x,y", "z" }), ("exploded", new long[] { 3, 4, 5 }));
        Assert.Equal("/simple/a%2Fb%20c/x%2Cy,z/3,4,5", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Label_path_values_start_with_a_dot_and_exploded_arrays_separate_items_with_dots()
    {
        var request = await Call("GetLabelAsync", ("id", 5L), ("ids", new long[] { 3, 4, 5 }), ("exploded", new[] { "a", "b.c" }));
        Assert.Equal("/label/.5/.3,4,5/.a.b.c", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Matrix_path_values_are_name_value_pairs_and_exploded_arrays_repeat_the_name()
    {
        var request = await Call("GetMatrixAsync", ("id", 5L), ("ids", new long[] { 3, 4, 5 }), ("exploded", new[] { "a", "b;c" }));
        Assert.Equal("/matrix/;id=5/;ids=3,4,5/;exploded=a;exploded=b%3Bc", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Query_arrays_and_objects_are_written_in_each_style()
    {
        var g = Output.Value;
        var filter = g.Deserialize("Filter", """{"color":"red","size":2,"server":"not sent"}""");
        var request = await Call("GetQueryAsync",
            ("n", 7L),
            ("tags", new[] { "a", "b c" }),
            ("ids", new long[] { 1, 2 }),
            ("spaced", new[] { "x", "y" }),
            ("piped", new[] { "x", "y" }),
            ("filter", filter),
            ("form", filter),
            ("flat", filter));
        Assert.Equal(
            "?n=7&tags=a&tags=b%20c&ids=1%2C2&spaced=x%20y&piped=x%7Cy&filter%5Bcolor%5D=red&filter%5Bsize%5D=2&color=red&size=2&flat=color%2Cred%2Csize%2C2",
            request.Uri.Query);
        // Optional parameters left out are not sent at all.
        Assert.Equal(string.Empty, (await Call("GetQueryAsync")).Uri.Query);
    }

    [Fact]
    public async Task Every_Swagger_2_collection_format_is_written_with_its_separator()
    {
        var g = ConstructHarness.Generate("""
            swagger: '2.0'
            info: {title: Formats, version: '1'}
            host: api.example
            produces: [application/json]
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - {name: csv, in: query, type: array, items: {type: string}, collectionFormat: csv}
                    - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}
                    - {name: tsv, in: query, type: array, items: {type: string}, collectionFormat: tsv}
                    - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}
                    - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}
                  responses: {'204': {description: ok}}
            """, "formats.yaml", "Formats", "FormatsClient");
        // tsv has no OpenAPI 3 style, so the reader alone would refuse the document.
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var items = new[] { "a", "b" };
        await Generated.CallAsync(g.CreateClient(handler), "ListItemsAsync", ("csv", items), ("ssv", items), ("tsv", items), ("pipes", items), ("multi", items));
        Assert.Equal("?csv=a%2Cb&ssv=a%20b&tsv=a%09b&pipes=a%7Cb&multi=a&multi=b", handler.Last.Uri.Query);
    }

    [Fact]
    public async Task Headers_are_simple_and_cookies_form()
    {
        var request = await Call("GetHeadersAsync", ("xOne", 1L), ("xMany", new[] { "a", "b" }), ("session", "s 1"));
        Assert.Equal("1", request.Headers["X-One"]);
        Assert.Equal("a,b", request.Headers["X-Many"]);
        Assert.Equal("session=s%201", request.Headers["Cookie"]);
    }
}
