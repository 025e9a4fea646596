using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>Generator bugs found on the public corpus, each reduced to a small spec.</summary>
public sealed class RegressionTests
{
    [Fact]
    public void Many_located_diagnostics_in_a_large_spec_do_not_rescan_the_text_for_each_one()
    {
        // Stripe: ~750 diagnostics in a 4 MB file took 16 s to locate, as each location scanned the text from its start.
        var sb = new StringBuilder("openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
        for (var i = 0; i < 3000; i++)
        {
            // Values that collide after sanitising: one EKG007 each, located at the (multi-line) enum list.
            sb.Append("    S").Append(i).Append(":\n      description: >\n");
            for (var j = 0; j < 12; j++)
            {
                sb.Append("        padding padding padding padding padding padding padding padding padding padding\n");
            }
            // Inside a list item, as Stripe's anyOf alternatives: the item is a block mapping spanning several lines.
            sb.Append("      anyOf:\n        - type: integer\n        - type: string\n          enum:\n            - a-b\n            - a_b\n");
        }
        var text = sb.ToString();

        // Speed is measured by the benchmarks (tests/EnKashGen.Benchmarks), not here: this checks that every one of
        // the many diagnostics of a large spec is located, deep in the file.
        var driver = GeneratorHarness.CreateDriver(new[] { new SpecFile("/specs/big.yaml", text) });
        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation(Array.Empty<string>()));
        var diagnostics = driver.GetRunResult().Diagnostics;

        Assert.Equal(3000, diagnostics.Count(d => d.Id == "EKG007"));
        Assert.Contains(diagnostics, d => d.Id == "EKG007" && d.Location.GetLineSpan().StartLinePosition.Line > 40000);
    }

    [Fact]
    public void A_pattern_on_a_parameter_is_checked_with_the_validators_regex()
    {
        // GitHub: the client referred to the validators' private s_patternN fields without qualification (CS0103).
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: P, version: "1"}
            paths:
              /a/{name}:
                get:
                  operationId: getA
                  parameters:
                    - {name: name, in: path, required: true, schema: {type: string, pattern: '^[a-z]+$'}}
                    - {name: ref, in: query, schema: {type: string, pattern: '^refs/'}}
                  responses: {'204': {description: ok}}
            """);
        Assert.Matches(@"\.TextRule \w+ = new\(pattern: ""\^\[a-z\]\+\$""\);", g.ClientSource);
        var client = g.CreateClient(new RecordingHandler(HttpStatusCode.NoContent));
        var error = Assert.IsType<ApiValidationExceptionShape>(ApiValidationExceptionShape.From(
            Assert.ThrowsAny<Exception>(() => Generated.CallAsync(client, "GetAAsync", ("name", "NOT-LOWER"), ("ref", "heads/x")).GetAwaiter().GetResult())));
        Assert.Equal(new[] { "name: must match the pattern ^[a-z]+$", "ref: must match the pattern ^refs/" }, error.Errors);
    }

    /// <summary>The generated ApiValidationException, read by reflection (the test does not reference the generated assembly).</summary>
    private sealed record ApiValidationExceptionShape(string[] Errors)
    {
        public static ApiValidationExceptionShape From(Exception ex)
        {
            Assert.Equal("ApiValidationException", ex.GetType().Name);
            var errors = (System.Collections.IEnumerable)ex.GetType().GetProperty("Errors")!.GetValue(ex)!;
            return new ApiValidationExceptionShape(errors.Cast<object>().Select(e => e.ToString()!).ToArray());
        }
    }

    [Fact]
    public void A_required_deprecated_member_is_not_a_CSharp_required_member()
    {
        // GitHub: [Obsolete] on a 'required' member is error CS9042.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: D, version: "1"}
            paths: {}
            components:
              schemas:
                Repo:
                  type: object
                  required: [hasDownloads, name]
                  properties:
                    hasDownloads: {type: boolean, deprecated: true}
                    name: {type: string, deprecated: true}
            """);
        var source = g.Source("Models.Repo");
        Assert.Contains("public bool HasDownloads { get; set; }", source, StringComparison.Ordinal);
        Assert.Contains("public string Name { get; set; } = default!;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_the_document_breaks_is_a_warning_and_the_client_is_generated()
    {
        // GitHub: two paths that differ only in parameter names were an error, failing every build that used the spec.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: R, version: "1"}
            paths:
              /repos/{owner}/compare/{basehead}:
                get:
                  operationId: compareA
                  parameters: [{name: basehead, in: path, required: true, schema: {type: string}}, {name: owner, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
              /repos/{org}/compare/{range}:
                get:
                  operationId: compareB
                  parameters: [{name: range, in: path, required: true, schema: {type: string}}, {name: org, in: path, required: true, schema: {type: string}}]
                  responses: {'204': {description: ok}}
            """);
        var warning = Assert.Single(g.Diagnostics, d => d.Id == "EKG013");
        Assert.Equal(DiagnosticSeverity.Warning, warning.DefaultSeverity);
        Assert.Contains("MUST be unique", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(new[] { "CompareAAsync", "CompareBAsync" }, g.Operations().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void AnyOf_alternatives_that_only_restate_the_objects_own_members_are_not_reported()
    {
        // GitHub's checks/update body: properties plus anyOf [{required: [conclusion], properties: {status: {enum: [completed]}}}, ...].
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: A, version: "1"}
            paths: {}
            components:
              schemas:
                Update:
                  type: object
                  properties:
                    status: {type: string, enum: [queued, completed]}
                    conclusion: {type: string}
                  anyOf:
                    - {properties: {status: {enum: [completed]}}, required: [conclusion]}
                    - {properties: {status: {enum: [queued]}}}
                Mixed:
                  type: object
                  properties: {a: {type: string}}
                  oneOf:
                    - {$ref: '#/components/schemas/Update'}
                    - {type: object, properties: {b: {type: string}}}
            """);
        var warning = Assert.Single(g.Diagnostics, d => d.Id == "EKG008");
        Assert.Equal(13, warning.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(new[] { "Status", "Conclusion", "AdditionalProperties" }, g.Properties("Update").Keys);
    }

    [Fact]
    public void A_reference_into_a_schema_is_the_schema_it_points_to()
    {
        // The reader follows references to whole components only; EnKashGen makes the schema pointed into a component.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: A, version: "1"}
            paths: {}
            components:
              schemas:
                Abc: {type: object, properties: {x: {type: string, maxLength: 3}, y: {type: object, properties: {z: {type: integer}}}}}
                Holder:
                  type: object
                  properties:
                    deep: {$ref: '#/components/schemas/Abc/properties/x'}
                    nested: {$ref: '#/components/schemas/Abc/properties/y'}
                    again: {$ref: '#/components/schemas/Abc/properties/y'}
            """);
        Assert.DoesNotContain(g.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var holder = g.Deserialize("Holder", """{"deep":"abc","nested":{"z":1},"again":{"z":2}}""")!;
        Assert.Equal("abc", Generated.Get(holder, "Deep"));
        // One type wherever the schema is used, Abc.y included.
        Assert.Equal(Generated.Get(holder, "Nested")!.GetType(), Generated.Get(holder, "Again")!.GetType());
        var abc = g.Deserialize("Abc", """{"x":"q","y":{"z":3}}""")!;
        Assert.Equal(Generated.Get(holder, "Nested")!.GetType(), Generated.Get(abc, "Y")!.GetType());
    }

    [Fact]
    public void Schemas_that_contain_themselves_only_through_arrays_maps_or_wrappers_do_not_overflow_the_stack()
    {
        // Fuzzing: A: {items: {$ref: A}} recursed until the compiler process died.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: R, version: "1"}
            x-enkash-envelope: {schema: '#/components/schemas/Loop1', payloadProperty: payload}
            paths:
              /a:
                get:
                  operationId: getA
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Holder'}}}}}
            components:
              schemas:
                Holder:
                  type: object
                  properties:
                    list: {$ref: '#/components/schemas/List'}
                    map: {$ref: '#/components/schemas/Map'}
                    wrapped: {$ref: '#/components/schemas/Wrapped'}
                    loop: {$ref: '#/components/schemas/Loop1'}
                List: {type: array, items: {$ref: '#/components/schemas/List'}}
                Map: {type: object, additionalProperties: {$ref: '#/components/schemas/Map'}}
                Wrapped: {oneOf: [{$ref: '#/components/schemas/Wrapped'}]}
                Loop1: {allOf: [{$ref: '#/components/schemas/Loop2'}]}
                Loop2: {allOf: [{$ref: '#/components/schemas/Loop1'}]}
            """);
        var holder = g.Properties("Holder");
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::System.Text.Json.JsonElement?>?", holder["List"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement?>?", holder["Map"]);
        Assert.Equal("global::System.Text.Json.JsonElement?", holder["Wrapped"]);
        Assert.Equal(3, g.Diagnostics.Count(d => d.Id == "EKG008" && d.GetMessage().Contains("contains itself", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Object_valued_query_parameters_are_written_member_by_member()
    {
        // Stripe and Box: deepObject parameters (created[gt]=...), which were sent as JSON text.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Q, version: "1"}
            paths:
              /a:
                get:
                  operationId: listA
                  parameters:
                    - name: created
                      in: query
                      style: deepObject
                      schema:
                        anyOf:
                          - {type: object, properties: {gt: {type: integer}, lt: {type: integer}, tags: {type: array, items: {type: string}}}}
                          - {type: integer}
                    - name: color
                      in: query
                      schema: {type: object, properties: {r: {type: integer}, g: {type: integer}, name: {type: string}}}
                    - name: flat
                      in: query
                      explode: false
                      schema: {type: object, properties: {r: {type: integer}, g: {type: integer}}}
                    - name: spaced
                      in: query
                      style: spaceDelimited
                      schema: {type: object, properties: {r: {type: integer}}}
                    - {name: expand, in: query, style: deepObject, schema: {type: array, items: {type: string}}}
                  responses: {'204': {description: ok}}
            """);
        // Only the style that is not written member by member is reported.
        var warning = Assert.Single(g.Diagnostics, d => d.Id == "EKG008");
        Assert.Contains("'spaced'", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("SpaceDelimited", warning.GetMessage(), StringComparison.Ordinal);

        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var client = g.CreateClient(handler);
        var created = g.Deserialize("ListACreated", """{"gt": 1, "lt": 5, "tags": ["a b", "c"]}""");
        var color = g.Deserialize("ListAColor", """{"r": 10, "g": 20, "name": "sky"}""");
        var flat = g.Deserialize("ListAFlat", """{"r": 1, "g": 2}""");
        await Generated.CallAsync(client, "ListAAsync", ("created", created), ("color", color), ("flat", flat));
        var query = Uri.UnescapeDataString(handler.Last.Uri.Query);
        Assert.Equal("?created[gt]=1&created[lt]=5&created[tags][0]=a b&created[tags][1]=c&r=10&g=20&name=sky&flat=r,1,g,2", query);

        // The integer alternative of the union is a plain value.
        await Generated.CallAsync(client, "ListAAsync", ("created", g.Deserialize("ListACreated", "7")));
        Assert.Equal("?created=7", Uri.UnescapeDataString(handler.Last.Uri.Query));
    }

    [Theory]
    [InlineData("{}", "{type: string}")]
    [InlineData("{type: string}", "{type: integer}")]
    [InlineData("{type: integer}", "{type: array, items: {type: string}}")]
    public void A_token_call_whose_token_or_client_id_is_not_a_string_still_compiles(string accessToken, string clientId)
    {
        // Fuzzing: the token call's generated code assumed a string access_token and a string clientId.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: T, version: "1"}
            components:
              securitySchemes:
                basic: {type: http, scheme: basic}
                bearer: {type: http, scheme: bearer}
              schemas:
                TokenRequest: {type: object, required: [clientId], properties: {clientId: CLIENT_ID, grant_type: {type: string}}}
                TokenResponse: {type: object, properties: {access_token: ACCESS_TOKEN, expires_in: {type: integer}}}
            paths:
              /oauth/token:
                post:
                  operationId: getToken
                  x-enkash-token: true
                  security: [{basic: []}]
                  requestBody: {required: true, content: {application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/TokenRequest'}}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/TokenResponse'}}}}}
              /a:
                get:
                  operationId: getA
                  security: [{bearer: []}]
                  responses: {'204': {description: ok}}
            """.Replace("CLIENT_ID", clientId).Replace("ACCESS_TOKEN", accessToken));
        Assert.Equal(accessToken == "{type: string}", g.ClientSource.Contains("FetchTokenAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void Response_schemas_in_allOf_cycles_with_several_branches_are_checked_for_the_envelope_once()
    {
        // Fuzzing: the envelope check walked every allOf path of A <-> B <-> C, 2^64 of them.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: E, version: "1"}
            x-enkash-envelope: {schema: '#/components/schemas/Envelope', payloadProperty: payload}
            paths:
              /a:
                get:
                  operationId: getA
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}
            components:
              schemas:
                Envelope: {type: object, properties: {code: {type: integer}, payload: {}}}
                A: {allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}, {type: object, properties: {a: {type: string}}}]}
                B: {allOf: [{$ref: '#/components/schemas/C'}, {$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: string}}}]}
                C: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {type: object, properties: {c: {type: string}}}]}
            """);
        // The envelope itself is only unwrapped, never returned, so it is not generated.
        Assert.Equal(new[] { "A", "B", "C" }, g.DeclaredTypeNames("Models"));
        Assert.Contains("Task<A> GetAAsync(", g.ClientSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{type: integer, nullable: true}", "long")]
    [InlineData("{type: string, format: date-time, nullable: true}", "global::System.DateTimeOffset")]
    [InlineData("{$ref: '#/components/schemas/Nope'}", "global::System.Text.Json.JsonElement")]
    public async Task Query_arrays_whose_items_may_be_null_take_values_and_compile(string items, string element)
    {
        // Fuzzing the OpenAPI 3.1 document: the client wrote item.Value of each item of a list of nullable values (CS8629).
        var g = ConstructHarness.Generate("openapi: 3.0.3\ninfo: {title: Q, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      parameters:\n        - {name: band, in: query, schema: {type: array, items: " + items + "}}\n      responses: {'204': {description: ok}}\n", allowErrors: false);
        Assert.Contains("global::System.Collections.Generic.IReadOnlyList<" + element + ">? band", g.ClientSource, StringComparison.Ordinal);
        if (element == "long")
        {
            var handler = new RecordingHandler(HttpStatusCode.NoContent);
            await Generated.CallAsync(g.CreateClient(handler), "GetXAsync", ("band", new long[] { 1, 2 }));
            Assert.Equal("?band=1&band=2", Assert.Single(handler.Requests).Uri.Query);
        }
    }
}
