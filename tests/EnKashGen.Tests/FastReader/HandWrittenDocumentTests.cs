using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Spec.Fast;
using Microsoft.OpenApi.Any;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>Small documents that exercise every OpenAPI 3.0 object, keyword and value typing, in YAML and in JSON.</summary>
public sealed class HandWrittenDocumentTests
{
    /// <summary>Every object and field of OpenAPI 3.0 the reader knows, with extensions everywhere.</summary>
    internal const string Everything = """
openapi: 3.0.3
info:
  title: Everything
  version: "1.0"
  description: All of it
  termsOfService: https://example.com/terms
  contact: {name: Team, email: team@example.com, url: "https://example.com", x-c: 1}
  license: {name: MIT, url: /license, x-l: true}
  x-info: {a: [1, "2", 3.5, null, true]}
servers:
  - url: https://{env}.example.com/{version}
    description: main
    variables:
      env: {default: api, enum: [api, sandbox], description: environment, x-v: x}
      version: {default: v1}
    x-s: s
externalDocs: {description: docs, url: "https://example.com/docs", x-e: e}
tags:
  - {name: pets, description: Pets, externalDocs: {url: "https://example.com/pets"}, x-t: t}
  - name: store
security:
  - apiKey: []
  - oauth: [read, write]
  - {}
x-root: {nested: {deep: [1, {two: 2}]}}
paths:
  x-paths: p
  /pets/{id}:
    summary: One pet
    description: A pet by id
    servers: [{url: /v2}]
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      - $ref: '#/components/parameters/Limit'
    x-item: i
    get:
      tags: [pets, unknown]
      summary: Get
      description: Gets
      operationId: getPet
      externalDocs: {url: "https://example.com/op"}
      deprecated: true
      servers: [{url: /v3, description: three}]
      security: []
      parameters:
        - name: when
          in: query
          style: form
          explode: false
          allowReserved: true
          allowEmptyValue: true
          deprecated: false
          description: a date
          schema: {type: string, format: date}
          example: 2024-01-02
          examples:
            one: {summary: s, description: d, value: "2024-03-04", x-ex: 1}
            ref: {$ref: '#/components/examples/Shared'}
        - name: X-Trace
          in: header
          content:
            text/plain: {schema: {type: integer, format: int64}, example: 123456789012}
        - {name: c, in: cookie, schema: {type: number, format: float, default: 1.5}}
        - {name: odd, in: body, style: nonsense, schema: {type: boolean, default: "true", example: true}}
      requestBody:
        description: body
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {id: 1, name: Rex, born: 2020-01-01, tags: [a, 1], extra: {k: 2}}
            examples:
              a: {value: {id: "7", name: 8}}
            encoding:
              name: {contentType: text/plain, style: form, explode: true, allowedReserved: true, headers: {X-E: {schema: {type: string}}}, x-enc: 1}
            x-mt: m
        x-rb: r
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {description: rate, required: true, deprecated: true, allowEmptyValue: false, allowReserved: false, style: simple, explode: false, schema: {type: integer}, example: 5, examples: {e: {value: 6}}, x-h: h}
            X-Ref: {$ref: '#/components/headers/Shared'}
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
          links:
            self:
              operationId: getPet
              parameters: {id: $response.body#/id, literal: 42, text: "hello", date: "2021-05-06T07:08:09Z"}
              requestBody: $request.body
              description: link
              server: {url: /links}
              x-link: l
            other: {operationRef: '#/paths/~1pets~1{id}/get', requestBody: plain}
            shared: {$ref: '#/components/links/Shared'}
          x-resp: r
        4XX: {$ref: '#/components/responses/Error'}
        default: {description: err}
        x-responses: rs
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              requestBody: {$ref: '#/components/requestBodies/Event'}
              responses: {"200": {description: ok}}
          x-cb: c
        shared: {$ref: '#/components/callbacks/Shared'}
      x-op: {a: b}
    put:
      responses: {"204": {description: none}}
    post: {responses: {"201": {description: made}}}
    delete: {responses: {"200": {description: gone}}}
    options: {responses: {"200": {description: opts}}}
    head: {responses: {"200": {description: head}}}
    patch: {responses: {"200": {description: patched}}}
    trace: {responses: {"200": {description: traced}}}
components:
  x-comp: c
  schemas:
    Pet:
      title: Pet
      description: A pet
      type: object
      required: [id, name, id]
      discriminator:
        propertyName: kind
        mapping: {dog: '#/components/schemas/Dog', cat: Cat}
      properties:
        id: {type: integer, format: int32, minimum: 1, maximum: 99999999999999999999999999999999, exclusiveMinimum: true, exclusiveMaximum: false, multipleOf: 1, readOnly: true}
        name: {type: string, minLength: 1, maxLength: 100, pattern: '^[a-z]+$', nullable: true, writeOnly: false, deprecated: true, example: Rex, default: "Rex"}
        born:
          type: string
          format: date-time
          example: "2020-01-01T10:00:00Z"
          default: 2021-02-03T04:05:06Z
        day: {type: string, format: date, example: "2020-01-01", default: not-a-date}
        blob: {type: string, format: byte, example: "aGVsbG8=", default: "not base64!"}
        file: {type: string, format: binary, example: "raw"}
        secret: {type: string, format: password, example: hunter2, default: "pw"}
        big: {type: integer, format: int64, example: 9007199254740993, default: 12}
        int: {type: integer, example: 12345678901, default: 7}
        float: {type: number, format: float, example: 1.25, default: 3}
        double: {type: number, format: double, example: 1e300}
        num: {type: number, example: 2, default: "2"}
        flag: {type: boolean, example: false, default: True}
        tags: {type: array, items: {type: string}, minItems: 0, maxItems: 10, uniqueItems: true, example: [a, 1, null]}
        map: {type: object, additionalProperties: {type: integer}, minProperties: 1, maxProperties: 5, example: {a: 1, b: "2"}}
        closed: {type: object, additionalProperties: false}
        open: {type: object, additionalProperties: true}
        any: {example: {a: 1, b: [true, "x", 2.5, null, 2020-01-01, "2020-01-01"]}}
        untyped: {default: 5, example: "5"}
        nothing: {}
        kind: {type: string, enum: [dog, cat, "null", null, 1]}
        numbers: {type: integer, enum: [1, 2, 3000000000, "4"]}
        choice: {oneOf: [{$ref: '#/components/schemas/Dog'}, {type: string}], anyOf: [{type: integer}], allOf: [{type: object}], not: {type: boolean}}
        xml: {type: string, xml: {name: n, namespace: "https://example.com/ns", prefix: p, attribute: true, wrapped: false, x-x: 1}}
        docs: {type: string, externalDocs: {url: "https://example.com/s"}}
      x-schema: {deep: [1]}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - type: object
          properties:
            bark: {type: string}
            self: {$ref: '#/components/schemas/Dog'}
    Cat: {type: object, properties: {lives: {type: integer, default: 9}}}
    Alias: {$ref: '#/components/schemas/Cat'}
    AliasOfAlias: {$ref: '#/components/schemas/Alias'}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        parent: {$ref: '#/components/schemas/Tree'}
    WithRefSiblings: {$ref: '#/components/schemas/Cat', description: ignored, type: string}
  responses:
    Error:
      description: error
      content: {application/json: {schema: {type: object, properties: {code: {type: integer}}}, example: {code: 500}}}
      headers: {X-Err: {$ref: '#/components/headers/Shared'}}
    Aliased: {$ref: '#/components/responses/Error'}
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, default: 20, maximum: 100}, example: "30"}
  examples:
    Shared: {summary: shared, value: {a: 1, when: "2020-01-01"}, x-se: 1}
    External: {externalValue: "https://example.com/ex.json"}
  requestBodies:
    Event: {content: {application/json: {schema: {$ref: '#/components/schemas/Cat'}}}, x-rq: 1}
  headers:
    Shared: {schema: {type: string}, description: shared, example: "2020-01-01"}
  securitySchemes:
    apiKey: {type: apiKey, name: X-Key, in: header, description: key, x-sec: 1}
    basic: {type: http, scheme: basic}
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
    oidc: {type: openIdConnect, openIdConnectUrl: "https://example.com/.well-known"}
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: "https://example.com/auth", scopes: {read: Read}, x-f: 1}
        password: {tokenUrl: /token, refreshUrl: /refresh, scopes: {}}
        clientCredentials: {tokenUrl: "https://example.com/token", scopes: {write: Write}}
        authorizationCode: {authorizationUrl: /a, tokenUrl: /t, scopes: {read: Read, write: Write}}
        x-flows: 1
    aliased: {$ref: '#/components/securitySchemes/basic'}
  links:
    Shared: {operationId: getPet, parameters: {id: $request.path.id}}
  callbacks:
    Shared:
      'https://example.com/hook':
        post: {responses: {"200": {description: hooked}}}
""";

    [Fact]
    public void Every_object_and_keyword_in_yaml_reads_the_same() => FastReaderAssert.Same(Everything);

    [Fact]
    public void Every_object_and_keyword_in_json_reads_the_same()
    {
        // The same document as JSON (the reader's own JSON writer, before resolution differences matter: write the YAML's tree).
        var json = ToJson(SpecDocument.Parse(Everything)!);
        Assert.NotNull(JsonDocParser.Parse(json));
        FastReaderAssert.Same(json);
    }

    public static IEnumerable<object[]> TypingCases() => new[]
    {
        // Extensions: no schema.
        "x-v: [1, 2147483648, 1.5, 1e400, true, false, null, ~, 'true', \"1\", 2020-01-01, '2020-01-01T10:00:00Z', abc, '', 0x1F, 1_000, 1,000, +5, -0, .5]",
        // Schemas of each type and format, plain and quoted values.
        "components: {schemas: {S: {type: integer, format: int32, enum: [1, '1', 3000000000, abc, null, 1.0]}}}",
        "components: {schemas: {S: {type: integer, format: int64, enum: [1, 9223372036854775808, '5']}}}",
        "components: {schemas: {S: {type: number, format: float, enum: [1, 1.5, 1e39, 'x']}}}",
        "components: {schemas: {S: {type: number, enum: [1, 1.5, '2', 1,5]}}}",
        "components: {schemas: {S: {type: string, format: date, enum: [2020-01-01, '2020-01-01', nope, '13/45/2020']}}}",
        "components:\n  schemas:\n    S:\n      type: string\n      format: date-time\n      enum:\n        - 2020-01-01T00:00:00Z\n        - '2020-01-01T00:00:00+05:30'\n        - '1/2/2020 3:04 PM'\n        - 2020-01-01 10:00:00",
        "components: {schemas: {S: {type: string, format: byte, enum: [aGk=, 'aGk=', '!!']}}}",
        "components: {schemas: {S: {type: string, format: binary, enum: [x, 'y']}}}",
        "components: {schemas: {S: {type: string, format: password, enum: [x, 'y']}}}",
        "components: {schemas: {S: {type: string, enum: [1, 'x', true, null]}}}",
        "components: {schemas: {S: {type: boolean, enum: [true, True, 'true', yes, 1]}}}",
        "components: {schemas: {S: {type: object, properties: {a: {type: integer}, b: {type: string, format: date}}, additionalProperties: {type: boolean}, example: {a: '1', b: 2020-01-01, c: 'true', d: true}}}}",
        "components: {schemas: {S: {type: array, items: {type: number}, example: [1, '2', x], default: [1]}}}",
        "components: {schemas: {S: {example: {n: [1, {m: 2020-01-01}]}, default: 'text'}}}",
        "components: {schemas: {S: {format: int32, example: 5, default: '5'}}}",
        "components: {schemas: {S: {type: weird, example: 5, default: 'null'}}}",
        "components:\n  schemas:\n    S:\n      type: string\n      format: date\n      example: |\n        2020-01-01\n      default: >\n        folded\n        text\n      x-plain: 2020-01-01",
        "components: {schemas: {S: {type: integer, example: ' 12 '}}}",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(TypingCases))]
    public void Values_are_typed_as_the_reader_types_them(string fragment)
    {
        var yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n" + fragment + "\n";
        FastReaderAssert.Same(yaml);
    }

    [Fact]
    public void The_any_typing_is_exercised_for_real()
    {
        // A check on the check: the typed values differ from one another, so the comparison above can fail.
        var fast = FastReaderAssert.Same("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-v: [1, 2147483648, 1.5, true, null, '1', 2020-01-01]\n");
        var values = (OpenApiArray)fast.Document.Extensions["x-v"];
        Assert.Equal(new[] { "OpenApiInteger", "OpenApiLong", "OpenApiDouble", "OpenApiBoolean", "OpenApiNull", "OpenApiString", "OpenApiDateTime" }, values.Select(v => v.GetType().Name));
        Assert.NotNull(ModelComparer.FirstDifference(
            FastReaderAssert.ReadWithReader("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-v: 1\n", out _),
            FastReaderAssert.ReadWithReader("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-v: '1'\n", out _)));
    }

    [Fact]
    public void Validation_errors_and_warnings_are_the_readers()
    {
        var yaml = """
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: integer}, example: "not a number"}}}}
  /a/{other}:
    get:
      parameters: [{name: other, in: path, schema: {type: string}}]
      responses: {}
components:
  schemas:
    S: {type: object, required: [missing], discriminator: {propertyName: nope}, default: "x", properties: {n: {type: integer, default: abc}}}
""";
        var fast = FastReaderAssert.Same(yaml);
        Assert.NotEmpty(fast.Diagnostic.Errors);
        Assert.NotEmpty(fast.Diagnostic.Warnings);
    }

    public static IEnumerable<object[]> RefusedDocuments() => new[]
    {
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "info: {title: t, version: '1'}\npaths: {}\n",
        "openapi: [3.0.0]\ninfo: {title: t, version: '1'}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nunknown: 1\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1', unknown: 1}\npaths: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {a: {}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: [1]}\npaths: {}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {type: [string, 'null']}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {$ref: 'other.yaml#/S'}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {$ref: '#/components/schemas/Missing'}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {$ref: '#/components/responses/R'}}, responses: {R: {description: r}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {type: object, properties: {a: {$ref: '#/components/schemas/S/properties/b'}, b: {type: string}}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {$ref: '#/paths/~1b'}, /b: {}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {type: string, maxLength: ten}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {type: string, nullable: maybe}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {properties: {a: 1}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {discriminator: {propertyName: a, x-d: 1}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {S: {xml: {namespace: relative}}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {pathItems: {}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {}, parameters: [1]}}}\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &x {b: 1}\nx-c: *x\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: 1\nx-a: 2\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n---\nopenapi: 3.0.0\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n[complex]: 1\n",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'\n",
        "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"x\": 1}",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(RefusedDocuments))]
    public void What_the_reader_reports_or_treats_specially_is_left_to_it(string yaml) => FastReaderAssert.Refused(yaml);

    /// <summary>Writes a tree as JSON (strings for explicit scalars, the plain text otherwise, where it is valid JSON).</summary>
    internal static string ToJson(DocNode node)
    {
        var sb = new System.Text.StringBuilder();
        Write(node, sb, 0);
        return sb.ToString();
    }

    private static void Write(DocNode node, System.Text.StringBuilder sb, int indent)
    {
        switch (node.Kind)
        {
            case DocNodeKind.Mapping:
                sb.Append("{\n");
                for (var i = 0; i < node.Members!.Count; i++)
                {
                    sb.Append(' ', indent + 2).Append(Quote(node.Members[i].Key)).Append(": ");
                    Write(node.Members[i].Value, sb, indent + 2);
                    sb.Append(i + 1 < node.Members.Count ? ",\n" : "\n");
                }
                sb.Append(' ', indent).Append('}');
                break;
            case DocNodeKind.Sequence:
                sb.Append('[');
                for (var i = 0; i < node.Items!.Count; i++)
                {
                    Write(node.Items[i], sb, indent + 2);
                    if (i + 1 < node.Items.Count)
                    {
                        sb.Append(", ");
                    }
                }
                sb.Append(']');
                break;
            default:
                var text = node.Text!;
                var plainJson = !node.Explicit && (text is "true" or "false" or "null" || System.Text.RegularExpressions.Regex.IsMatch(text, "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
                sb.Append(plainJson ? text : Quote(text));
                break;
        }
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
