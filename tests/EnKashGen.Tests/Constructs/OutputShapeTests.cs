using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// How the generated code is written where several spellings would compile: which names are written simply, what a
/// file's header turns off, which members carry documentation, and where the members a schema does not describe go.
/// Every spec here is compiled with warnings as errors by <see cref="ConstructHarness.Generate"/>.
/// </summary>
public sealed class OutputShapeTests
{
    [Fact]
    public void Spec_types_are_named_simply_in_type_positions_unless_a_type_nested_in_the_output_has_the_same_name()
    {
        // The client nests a class per tag (PetsOperations) and one for credentials (Authenticator): a spec type with
        // either name is found after the nested one, so it must be written in full there.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: S, version: "1"}
            paths:
              /pets:
                get:
                  tags: [pets]
                  operationId: listPets
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
                post:
                  tags: [pets]
                  operationId: addPet
                  requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/PetsOperations'}}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Authenticator'}}}}}
            components:
              schemas:
                Pet: {type: object, properties: {name: {type: string}, friends: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
                PetsOperations: {type: object, properties: {note: {type: string}}}
                Authenticator: {type: object, properties: {key: {type: string}}}
            """);

        var operations = g.Operations();
        Assert.Equal("(global::Constructs.PetsOperations body, global::System.Threading.CancellationToken cancellationToken = default)", operations["PetsOperations.AddPetAsync"]);
        Assert.Contains("global::System.Threading.Tasks.Task<Pet> ListPetsAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<global::Constructs.Authenticator> AddPetAsync(", g.ClientSource, StringComparison.Ordinal);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<Pet>?", g.Properties("Pet")["Friends"]);

        // The names the client uses are the spec's types, not the nested classes.
        var add = g.LoadedType("ConstructsClient+PetsOperations").GetMethod("AddPetAsync")!;
        Assert.Equal(g.LoadedType("PetsOperations"), add.GetParameters()[0].ParameterType);
        Assert.Equal(g.LoadedType("Authenticator"), add.ReturnType.GetGenericArguments().Single());
    }

    [Fact]
    public void A_file_turns_off_only_the_warnings_its_code_can_raise()
    {
        const string spec = """
            openapi: 3.0.3
            info: {title: W, version: "1"}
            paths:
              /things/{id}:
                get:
                  operationId: getThing
                  parameters: [{name: id, in: path, required: true, description: The thing., schema: {type: string}}, {name: q, in: query, schema: {type: string}}]
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}
            components:
              schemas:
                Thing: {type: object, properties: {name: {type: string}}}
            """;
        static string Pragma(Generated g, string kindAndName) => g.Source(kindAndName).Split('\n').Single(l => l.StartsWith("#pragma warning disable", StringComparison.Ordinal));

        var plain = ConstructHarness.Generate(spec);
        // Undocumented public members (CS1591) anywhere; a method with some parameters documented (CS1573) in the client.
        Assert.Equal("#pragma warning disable CS1591", Pragma(plain, "Models.Thing"));
        Assert.Equal("#pragma warning disable CS1573, CS1591", Pragma(plain, "Client"));

        // Anything deprecated: its uses (the codecs, the resolver, the client) would raise CS0618 in every kind of file.
        var deprecated = ConstructHarness.Generate(spec.Replace("name: {type: string}", "name: {type: string, deprecated: true}", StringComparison.Ordinal));
        Assert.Equal("#pragma warning disable CS0618, CS1591", Pragma(deprecated, "Models.Thing"));
        Assert.Equal("#pragma warning disable CS0618, CS1573, CS1591", Pragma(deprecated, "Client"));
        Assert.Equal("#pragma warning disable CS0618, CS1591", Pragma(deprecated, "Json"));
    }

    [Fact]
    public void A_member_that_only_names_a_generated_type_leaves_its_description_to_the_type()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: D, version: "1"}
            paths: {}
            components:
              schemas:
                Status: {type: string, enum: [open, closed], description: Where an order stands.}
                Money: {type: number, description: An amount in rupees.}
                Address: {type: object, description: A postal address., properties: {city: {type: string}}}
                Order:
                  type: object
                  properties:
                    status: {$ref: '#/components/schemas/Status'}
                    address: {$ref: '#/components/schemas/Address'}
                    amount: {$ref: '#/components/schemas/Money'}
                    previous:
                      description: The status before the last change.
                      allOf: [{$ref: '#/components/schemas/Status'}]
            """);

        Assert.Null(Summary(g, "Order", "Status"));
        Assert.Null(Summary(g, "Order", "Address"));
        // The types say it once.
        Assert.Equal("Where an order stands.", TypeSummary(g, "Status")?.Split('\n')[0]);
        Assert.Equal("A postal address.", TypeSummary(g, "Address"));
        // A schema that is no type of its own (a number) has its description only on the member.
        Assert.Equal("An amount in rupees.", Summary(g, "Order", "Amount"));
        // A description written for the use stays with it.
        Assert.Equal("The status before the last change.", Summary(g, "Order", "Previous"));
        Assert.Equal("Status?", g.Properties("Order")["Previous"]);
    }

    [Fact]
    public void A_description_beside_a_reference_in_OpenAPI_3_1_documents_the_member()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.1.0
            info: {title: D, version: "1"}
            paths: {}
            components:
              schemas:
                Address: {type: object, description: A postal address., properties: {city: {type: string}}}
                Order:
                  type: object
                  properties:
                    billing: {$ref: '#/components/schemas/Address', description: Where the invoice goes.}
                    shipping: {$ref: '#/components/schemas/Address'}
            """);

        Assert.Equal("Where the invoice goes.", Summary(g, "Order", "Billing"));
        Assert.Null(Summary(g, "Order", "Shipping"));
    }

    [Fact]
    public void Members_a_derived_type_does_not_describe_are_read_into_its_dictionary_and_written_back_once()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: P, version: "1"}
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [petType, name]
                  discriminator: {propertyName: petType}
                  properties: {petType: {type: string}, name: {type: string}}
                Cat:
                  allOf:
                    - $ref: '#/components/schemas/Pet'
                    - type: object
                      required: [indoor]
                      properties: {indoor: {type: boolean}}
                Closed:
                  type: object
                  additionalProperties: false
                  properties: {id: {type: string}}
            """);
        const string json = """{"petType":"Cat","name":"Tom","indoor":true,"colour":"grey","tags":[1,null]}""";

        var cat = g.Deserialize("Pet", json)!;
        Assert.Equal("Cat", cat.GetType().Name);
        var extra = Assert.IsAssignableFrom<IDictionary<string, JsonElement>>(Generated.Get(cat, "AdditionalProperties"));
        Assert.Equal(new[] { "colour", "tags" }, extra.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(json, g.Serialize(cat));

        // Required members of the base and of the derived type are read (or their absence fails the read).
        var missing = Assert.ThrowsAny<Exception>(() => g.Deserialize("Pet", """{"petType":"Cat","name":"Tom"}"""));
        Assert.Contains("indoor", missing.Message, StringComparison.Ordinal);

        // A closed schema keeps nothing and has no dictionary to keep it in.
        Assert.Equal("""{"id":"a"}""", g.Serialize(g.Deserialize("Closed", """{"id":"a","other":1}""")!));
        Assert.DoesNotContain("AdditionalProperties", g.Properties("Closed").Keys);
    }

    [Fact]
    public void A_member_named_additionalProperties_moves_the_undescribed_members_to_another_name_that_still_round_trips()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: N, version: "1"}
            paths: {}
            components:
              schemas:
                Bag:
                  type: object
                  properties: {additionalProperties: {type: string}}
            """);
        Assert.Equal(new[] { "AdditionalProperties", "AdditionalProperties2" }, g.Properties("Bag").Keys);

        var bag = g.Deserialize("Bag", """{"additionalProperties":"own","loose":{"a":1}}""")!;
        Assert.Equal("own", Generated.Get(bag, "AdditionalProperties"));
        var extra = Assert.IsAssignableFrom<IDictionary<string, JsonElement>>(Generated.Get(bag, "AdditionalProperties2"));
        Assert.Equal("""{"a":1}""", Assert.Single(extra).Value.GetRawText());
        Assert.Equal("""{"additionalProperties":"own","loose":{"a":1}}""", g.Serialize(bag));
    }

    [Fact]
    public void The_clients_static_fields_are_named_after_the_servers_and_security_schemes_they_hold()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: F, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  servers: [{url: 'https://files.example.com/v1'}]
                  security: [{api-key: []}]
                  responses: {'204': {description: ok}}
              /b:
                get:
                  operationId: getB
                  servers: [{url: 'https://files.example.com/v2'}]
                  security: [{api_key: [], bearer: []}]
                  responses: {'204': {description: ok}}
              /c:
                get:
                  operationId: getC
                  security: [{api_key: []}]
                  responses: {'204': {description: ok}}
              /d:
                get:
                  operationId: getD
                  security: []
                  responses: {'204': {description: ok}}
            components:
              securitySchemes:
                api-key: {type: apiKey, in: header, name: X-Key}
                api_key: {type: apiKey, in: query, name: key}
                bearer: {type: http, scheme: bearer}
            """);

        var fields = g.Type("ConstructsClient").Members.OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(m => m.ValueText == "static"))
            .SelectMany(f => f.Declaration.Variables).Select(v => v.Identifier.ValueText).ToList();
        // "api-key" and "api_key" have the same words: the second is numbered, as two names that would be the same.
        Assert.Equal(
            new[] { "s_filesExampleComV1Server", "s_filesExampleComV2Server", "s_apiKeySchemes", "s_apiKeyAndBearerSchemes", "s_apiKeySchemes2", "s_noSchemes", "s_telemetry" },
            fields);
        Assert.Contains("\"/a\", s_apiKeySchemes);", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("\"/c\", s_apiKeySchemes2);", g.ClientSource, StringComparison.Ordinal);
        Assert.Contains("= s_filesExampleComV2Server;", g.ClientSource, StringComparison.Ordinal);
    }

    /// <summary>The summary of a member of a generated type, or null when it has none.</summary>
    private static string? Summary(Generated g, string type, string member)
    {
        var property = g.Type(type).Members.OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.ValueText == member && p.ExplicitInterfaceSpecifier is null);
        return SummaryOf(property);
    }

    private static string? TypeSummary(Generated g, string type) => SummaryOf(g.Type(type));

    private static string? SummaryOf(Microsoft.CodeAnalysis.SyntaxNode node)
    {
        var doc = node.GetLeadingTrivia().Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().SingleOrDefault();
        var summary = doc?.Content.OfType<XmlElementSyntax>().SingleOrDefault(e => e.StartTag.Name.ToString() == "summary");
        if (summary is null)
        {
            return null;
        }
        var lines = string.Concat(summary.Content.Select(c => c.ToString())).Split('\n')
            .Select(l => l.Trim().TrimStart('/').Trim()).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }
}
