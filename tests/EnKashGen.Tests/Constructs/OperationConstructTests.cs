using System;
using System.Collections;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>Parameters, bodies and responses: checked in the generated signatures and by calling the client over a recording handler.</summary>
public sealed class OperationConstructTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Operations, version: "1"}
        paths:
          /repos/{owner}/compare/{base}...{head}:
            parameters:
              - {name: owner, in: path, required: true, schema: {type: string}}
            get:
              operationId: compareCommits
              parameters:
                - {name: base, in: path, required: true, schema: {type: string}}
                - {name: head, in: path, required: true, schema: {type: string}}
                - {name: "StartTime<", in: query, schema: {type: string, format: date-time}}
                - {name: "StartTime>", in: query, schema: {type: string, format: date-time}}
                - {name: page, in: query, schema: {type: integer, format: int32, minimum: 1}}
                - {name: ids, in: query, schema: {type: array, items: {type: integer}}}
                - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
                - {name: X-Request-Id, in: header, schema: {type: string, format: uuid}}
                - {name: class, in: query, schema: {type: string, pattern: '^[a-z]+$'}}
                - {name: session, in: cookie, schema: {type: string}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}}
          /forms:
            post:
              operationId: submitForm
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      required: [name]
                      properties:
                        name: {type: string}
                        count: {type: integer, format: int32}
                        when: {type: string, format: date-time}
                        tags: {type: array, items: {type: string}}
              responses: {'204': {description: none}}
            get:
              operationId: listForms
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, additionalProperties: false, properties: {}}
              responses: {'204': {description: none}}
          /files:
            post:
              operationId: uploadFile
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        file: {type: string, format: binary}
                        note: {type: string}
              responses:
                '200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
          /jobs:
            post:
              operationId: startJob
              requestBody:
                content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}
              responses:
                '200': {description: done, content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}}
                '202': {description: accepted, content: {application/json: {schema: {$ref: '#/components/schemas/Accepted'}}}}
                '201': {description: same type again, content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}}
          /same:
            put:
              operationId: putSame
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Accepted'}}}}
                '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Accepted'}}}}
          /maybe:
            get:
              operationId: getMaybe
              responses:
                '200': {description: found, content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}}
                '204': {description: nothing yet}
          /maybe-either:
            get:
              operationId: getMaybeEither
              responses:
                '200': {description: done, content: {application/json: {schema: {$ref: '#/components/schemas/Comparison'}}}}
                '202': {description: accepted, content: {application/json: {schema: {$ref: '#/components/schemas/Accepted'}}}}
                '204': {description: nothing yet}
          /text:
            get:
              operationId: getText
              responses:
                '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
        components:
          schemas:
            Comparison:
              type: object
              required: [status]
              properties: {status: {type: string}, aheadBy: {type: integer}}
            Accepted:
              type: object
              required: [jobId]
              properties: {jobId: {type: string}}
        """;

    private static readonly Lazy<Generated> Output = new(() => ConstructHarness.Generate(Spec, "operations.yaml", "Ops", "OpsClient"));

    [Fact]
    public void Path_parameters_of_one_segment_and_odd_query_names_become_distinct_valid_parameters()
    {
        var ops = Output.Value.Operations();
        Assert.Equal(
            "(string owner, string @base, string head, global::System.DateTimeOffset? startTime = default, global::System.DateTimeOffset? startTime2 = default, int? page = default, global::System.Collections.Generic.IReadOnlyList<long>? ids = default, global::System.Collections.Generic.IReadOnlyList<string>? tags = default, global::System.Guid? xRequestId = default, string? @class = default, string? session = default, global::System.Threading.CancellationToken cancellationToken = default)",
            ops["CompareCommitsAsync"]);
    }

    [Fact]
    public async Task Path_query_header_and_cookie_parameters_are_sent_escaped()
    {
        var g = Output.Value;
        var handler = new RecordingHandler(body: """{"status":"ahead","aheadBy":2}""");
        var client = g.CreateClient(handler);
        var result = await Generated.CallAsync(client, "CompareCommitsAsync",
            ("owner", "o w"), ("base", "main"), ("head", "feature/x"),
            ("startTime", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            ("page", 2), ("ids", new long[] { 1, 2 }), ("tags", new[] { "a", "b c" }),
            ("xRequestId", Guid.Parse("00000000-0000-0000-0000-000000000001")), ("class", "abc"), ("session", "s;1"));

        Assert.Equal("ahead", Generated.Get(result!, "Status"));
        var request = handler.Last;
        Assert.Equal("GET", request.Method.Method);
        Assert.Equal(
            "https://api.example/repos/o%20w/compare/main...feature%2Fx?StartTime%3C=2024-01-02T03%3A04%3A05.0000000%2B00%3A00&page=2&ids=1&ids=2&tags=a%2Cb%20c&class=abc",
            request.Uri.AbsoluteUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", request.Headers["X-Request-Id"]);
        Assert.Equal("session=s%3B1", request.Headers["Cookie"]);
    }

    [Fact]
    public async Task Parameter_rules_are_checked_before_sending()
    {
        var g = Output.Value;
        var handler = new RecordingHandler(body: """{"status":"x"}""");
        var client = g.CreateClient(handler);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Generated.CallAsync(client, "CompareCommitsAsync", ("owner", "o"), ("base", "a"), ("head", "b"), ("page", 0), ("class", "ABC")));
        Assert.Equal("ApiValidationException", error.GetType().Name);
        Assert.Contains("page", error.Message, StringComparison.Ordinal);
        Assert.Contains("class", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Form_bodies_are_sent_url_encoded_and_an_empty_closed_form_is_no_body()
    {
        var g = Output.Value;
        Assert.Equal("(SubmitFormRequest body, global::System.Threading.CancellationToken cancellationToken = default)", g.Operations()["SubmitFormAsync"]);
        Assert.Equal("(global::System.Threading.CancellationToken cancellationToken = default)", g.Operations()["ListFormsAsync"]);
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "EKG008");

        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var client = g.CreateClient(handler);
        var form = Activator.CreateInstance(g.LoadedType("SubmitFormRequest"))!;
        form.GetType().GetProperty("Name")!.SetValue(form, "a&b=c");
        form.GetType().GetProperty("Count")!.SetValue(form, 3);
        form.GetType().GetProperty("Tags")!.SetValue(form, new[] { "x", "y" });
        await Generated.CallAsync(client, "SubmitFormAsync", ("body", form));
        Assert.Equal("application/x-www-form-urlencoded", handler.Last.ContentType);
        Assert.Equal("name=a%26b%3Dc&count=3&tags=x&tags=y", handler.Last.BodyText);

        await Generated.CallAsync(client, "ListFormsAsync");
        Assert.Empty(handler.Last.Body);
    }

    [Fact]
    public async Task Multipart_bodies_send_binary_members_as_file_parts()
    {
        var g = Output.Value;
        Assert.Equal("byte[]", g.Properties("UploadFileRequest")["File"]);
        var handler = new RecordingHandler(body: "\u0001\u0002", contentType: "application/octet-stream");
        var client = g.CreateClient(handler);
        var body = Activator.CreateInstance(g.LoadedType("UploadFileRequest"))!;
        body.GetType().GetProperty("File")!.SetValue(body, new byte[] { 65, 66, 67 });
        body.GetType().GetProperty("Note")!.SetValue(body, "hello");
        var result = await Generated.CallAsync(client, "UploadFileAsync", ("body", body));

        Assert.Equal(new byte[] { 1, 2 }, result);
        Assert.StartsWith("multipart/form-data", handler.Last.ContentType, StringComparison.Ordinal);
        var text = handler.Last.BodyText;
        Assert.Contains("name=file; filename=file", text, StringComparison.Ordinal);
        Assert.Contains("ABC", text, StringComparison.Ordinal);
        Assert.Contains("name=note", text, StringComparison.Ordinal);
        Assert.Contains("hello", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_success_responses_with_different_bodies_return_a_union_of_them()
    {
        var g = Output.Value;
        Assert.StartsWith("(Comparison? body = default", g.Operations()["StartJobAsync"], StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<StartJobResult> StartJobAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Equal(new[] { "Comparison", "Accepted" }, g.Properties("StartJobResult").Keys.Where(k => k != "Json"));
        // The same type under several codes is just that type.
        Assert.Contains("global::System.Threading.Tasks.Task<Accepted> PutSameAsync(", g.ClientSource, StringComparison.Ordinal);

        var done = await Generated.CallAsync(g.CreateClient(new RecordingHandler(body: """{"status":"done"}""")), "StartJobAsync");
        Assert.Equal("done", Generated.Get(Generated.Get(done!, "Comparison")!, "Status"));
        var accepted = await Generated.CallAsync(g.CreateClient(new RecordingHandler(HttpStatusCode.Accepted, """{"jobId":"j1"}""")), "StartJobAsync");
        Assert.Equal("j1", Generated.Get(Generated.Get(accepted!, "Accepted")!, "JobId"));
        Assert.Null(Generated.Get(accepted!, "Comparison"));
    }

    [Fact]
    public async Task A_bodiless_success_response_beside_a_JSON_one_makes_the_result_nullable_and_reads_as_null()
    {
        var g = Output.Value;
        Assert.Contains("global::System.Threading.Tasks.Task<Comparison?> GetMaybeAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<GetMaybeEitherResult?> GetMaybeEitherAsync(", g.ClientSource, StringComparison.Ordinal);

        Assert.Null(await Generated.CallAsync(g.CreateClient(new RecordingHandler(HttpStatusCode.NoContent)), "GetMaybeAsync"));
        Assert.Null(await Generated.CallAsync(g.CreateClient(new RecordingHandler(HttpStatusCode.NoContent)), "GetMaybeEitherAsync"));
        var found = await Generated.CallAsync(g.CreateClient(new RecordingHandler(body: """{"status":"ok"}""")), "GetMaybeAsync");
        Assert.Equal("ok", Generated.Get(found!, "Status"));
        var accepted = await Generated.CallAsync(g.CreateClient(new RecordingHandler(HttpStatusCode.Accepted, """{"jobId":"j2"}""")), "GetMaybeEitherAsync");
        Assert.Equal("j2", Generated.Get(Generated.Get(accepted!, "Accepted")!, "JobId"));

        // Where the spec promises a body on every success, an empty one is still a format error.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Generated.CallAsync(g.CreateClient(new RecordingHandler(HttpStatusCode.OK, "")), "PutSameAsync"));
        Assert.Contains("ApiResponseFormatException", error.GetType().Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_responses_are_strings()
    {
        var g = Output.Value;
        var text = await Generated.CallAsync(g.CreateClient(new RecordingHandler(body: "plain \"text\"", contentType: "text/plain")), "GetTextAsync");
        Assert.Equal("plain \"text\"", text);
    }
}
