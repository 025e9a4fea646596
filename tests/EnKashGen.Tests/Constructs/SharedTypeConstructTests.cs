using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// Inline schemas that would generate the same type share one, named after the first the document leads to; any
/// difference in what the type would be (a member's type, required-ness, nullability, constraints, enum values, docs)
/// keeps them apart, and component schemas always keep their own types.
/// </summary>
public sealed class SharedTypeConstructTests
{
    /// <summary>The card object both operations send and receive, written out in full each time.</summary>
    private const string Card = """
        type: object
        required: [holder]
        properties:
          holder: {type: string, maxLength: 40, description: Name on the card.}
          limit: {type: integer, format: int64, minimum: 1}
          status: {type: string, enum: [active, blocked]}
          address:
            type: object
            properties:
              city: {type: string}
              zip: {type: string, pattern: '^[0-9]{6}$'}
        """;

    private static string TwoOperations(string first, string second, string? response = null) => $$$"""
        openapi: 3.0.3
        info: {title: Shared, version: "1"}
        paths:
          /cards:
            post:
              operationId: createCard
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
        {{{Indent(first, 14)}}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
        {{{Indent(response ?? first, 16)}}}
          /cards/{id}:
            put:
              operationId: updateCard
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
        {{{Indent(second, 14)}}}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
        {{{Indent(response ?? second, 16)}}}
        """;

    /// <summary>The item type of a generated list property: <c>IReadOnlyList&lt;global::Constructs.Tree&gt;?</c> is Tree.</summary>
    private static string ItemType(string listType)
    {
        var start = listType.IndexOf('<', StringComparison.Ordinal) + 1;
        return listType.Substring(start, listType.LastIndexOf('>') - start).Replace("global::Constructs.", string.Empty).TrimEnd('?');
    }

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    [Fact]
    public void Identical_inline_bodies_and_responses_of_two_operations_share_one_type_with_its_nested_types()
    {
        var g = ConstructHarness.Generate(TwoOperations(Card, Card));

        // The first operation's request is met first: its name and its nested types' names are the shared ones.
        Assert.Equal(new[] { "CreateCardRequest", "CreateCardRequestAddress" }, g.DeclaredTypeNames("Models"));
        Assert.Equal(new[] { "CreateCardRequestStatus" }, g.DeclaredTypeNames("Enums"));
        var operations = g.Operations();
        Assert.Contains("CreateCardRequest body", operations["CreateCardAsync"], StringComparison.Ordinal);
        Assert.Contains("CreateCardRequest body", operations["UpdateCardAsync"], StringComparison.Ordinal);
        Assert.Contains("Task<CreateCardRequest>", g.ClientSource, StringComparison.Ordinal);
        Assert.DoesNotContain("UpdateCard", string.Join(",", g.DeclaredTypeNames("Models").Concat(g.DeclaredTypeNames("Enums"))), StringComparison.Ordinal);
        Assert.Equal("CreateCardRequestAddress?", g.Properties("CreateCardRequest")["Address"]);

        // The shared type still reads and writes the wire form, nested object and enum included.
        const string json = """{"holder":"A. Kumar","limit":500,"status":"blocked","address":{"city":"Pune","zip":"411001"}}""";
        var card = g.Deserialize("CreateCardRequest", json)!;
        Assert.Equal("Pune", Generated.Get(Generated.Get(card, "Address")!, "City"));
        Assert.Equal(JsonDocument.Parse(json).RootElement.ToString(), JsonDocument.Parse(g.Serialize(card)).RootElement.ToString());
    }

    [Theory]
    [InlineData("holder: {type: string, maxLength: 40, description: Name on the card.}", "holder: {type: integer, description: Name on the card.}")]
    [InlineData("required: [holder]", "required: [limit]")]
    [InlineData("limit: {type: integer, format: int64, minimum: 1}", "limit: {type: integer, format: int64, minimum: 1, nullable: true}")]
    [InlineData("maxLength: 40", "maxLength: 41")]
    [InlineData("limit: {type: integer, format: int64, minimum: 1}", "limit: {type: integer, format: int64, minimum: 1, default: 100}")]
    [InlineData("description: Name on the card.", "description: Name printed on the card.")]
    public void Inline_objects_that_differ_in_one_member_keep_their_own_types(string original, string changed)
    {
        Assert.Contains(original, Card, StringComparison.Ordinal);
        var g = ConstructHarness.Generate(TwoOperations(Card, Card.Replace(original, changed)));

        Assert.Contains("CreateCardRequest", g.DeclaredTypeNames("Models"));
        Assert.Contains("UpdateCardRequest", g.DeclaredTypeNames("Models"));
        Assert.Contains("UpdateCardRequest body", g.Operations()["UpdateCardAsync"], StringComparison.Ordinal);
        // The nested object did not change: it is still shared.
        Assert.Equal("CreateCardRequestAddress?", g.Properties("UpdateCardRequest")["Address"]);
        Assert.DoesNotContain("UpdateCardRequestAddress", g.DeclaredTypeNames("Models"));
    }

    [Fact]
    public void Enums_with_other_value_sets_keep_their_own_types_and_objects_using_them_too()
    {
        var g = ConstructHarness.Generate(TwoOperations(Card, Card.Replace("enum: [active, blocked]", "enum: [active, blocked, closed]")));

        Assert.Equal(new[] { "CreateCardRequestStatus", "UpdateCardRequestStatus" }, g.DeclaredTypeNames("Enums"));
        Assert.Contains("UpdateCardRequest", g.DeclaredTypeNames("Models"));
        Assert.Equal("UpdateCardRequestStatus?", g.Properties("UpdateCardRequest")["Status"]);
    }

    [Fact]
    public void A_differing_summary_of_the_type_itself_still_shares_and_the_shared_type_keeps_no_summary()
    {
        var g = ConstructHarness.Generate(TwoOperations("description: A new card.\n" + Card, "description: The card's new details.\n" + Card));

        Assert.Equal(new[] { "CreateCardRequest", "CreateCardRequestAddress" }, g.DeclaredTypeNames("Models"));
        var source = g.Type("CreateCardRequest").ToFullString();
        Assert.DoesNotContain("A new card.", source, StringComparison.Ordinal);
        Assert.DoesNotContain("new details", source, StringComparison.Ordinal);
        // Member docs are part of the shape and stay.
        Assert.Contains("Name on the card.", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_inline_unions_share_one_type()
    {
        const string union = """
            oneOf:
              - {type: object, required: [iban], properties: {iban: {type: string}}}
              - {type: object, required: [upi], properties: {upi: {type: string}}}
            """;
        var g = ConstructHarness.Generate(TwoOperations(union, union));

        Assert.Equal(new[] { "CreateCardRequest" }, g.DeclaredTypeNames("Unions"));
        Assert.Equal(new[] { "CreateCardRequestOption1", "CreateCardRequestOption2" }, g.DeclaredTypeNames("Models"));
        var value = g.Deserialize("CreateCardRequest", """{"upi":"a@bank"}""")!;
        Assert.Equal("""{"upi":"a@bank"}""", g.Serialize(value));
    }

    [Fact]
    public void Component_schemas_of_the_same_shape_keep_their_own_types_and_inline_copies_do_not_take_them()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Shared, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Point'}}}}
              /b:
                get:
                  operationId: getB
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: integer}, y: {type: integer}}}}}}
            components:
              schemas:
                Point: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
                Location: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
            """);

        Assert.Equal(new[] { "GetBResponse", "Location", "Point" }, g.DeclaredTypeNames("Models"));
    }

    [Fact]
    public void Hierarchies_keep_every_derived_class_even_when_two_have_the_same_members()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Shared, version: "1"}
            paths:
              /pets:
                get:
                  operationId: getPet
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            components:
              schemas:
                Pet:
                  type: object
                  required: [kind]
                  properties: {kind: {type: string}}
                  discriminator: {propertyName: kind}
                Cat:
                  allOf:
                    - {$ref: '#/components/schemas/Pet'}
                    - {type: object, properties: {name: {type: string}}}
                Dog:
                  allOf:
                    - {$ref: '#/components/schemas/Pet'}
                    - {type: object, properties: {name: {type: string}}}
            """);

        Assert.Contains("Cat", g.DeclaredTypeNames("Models"));
        Assert.Contains("Dog", g.DeclaredTypeNames("Models"));
        Assert.Equal("Dog", g.Deserialize("Pet", """{"kind":"Dog","name":"Rex"}""")!.GetType().Name);
        Assert.Equal("Cat", g.Deserialize("Pet", """{"kind":"Cat","name":"Tom"}""")!.GetType().Name);
    }

    [Fact]
    public void Inline_schemas_that_contain_themselves_keep_their_own_types_and_still_round_trip()
    {
        // Two trees of the same shape, each naming itself through a reference to where it is written inside its
        // component: each type is named by its own members before it is complete, so neither is folded into the other.
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Shared, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
              /b:
                get:
                  operationId: getB
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    tree:
                      type: object
                      properties:
                        label: {type: string}
                        children: {type: array, items: {$ref: '#/components/schemas/A/properties/tree'}}
                B:
                  type: object
                  properties:
                    tree:
                      type: object
                      properties:
                        label: {type: string}
                        children: {type: array, items: {$ref: '#/components/schemas/B/properties/tree'}}
            """);

        Assert.Equal(4, g.DeclaredTypeNames("Models").Count);
        var aTree = g.Properties("A")["Tree"].Replace("global::Constructs.", string.Empty).TrimEnd('?');
        var bTree = g.Properties("B")["Tree"].Replace("global::Constructs.", string.Empty).TrimEnd('?');
        Assert.NotEqual(aTree, bTree);
        Assert.Equal(bTree, ItemType(g.Properties(bTree)["Children"]));
        Assert.Equal(aTree, ItemType(g.Properties(aTree)["Children"]));
        var tree = g.Deserialize("B", """{"tree":{"label":"root","children":[{"label":"leaf"}]}}""")!;
        Assert.Equal("""{"tree":{"label":"root","children":[{"label":"leaf"}]}}""", g.Serialize(tree));
    }

    [Fact]
    public void Sibling_inline_members_of_the_same_shape_share_and_one_that_differs_keeps_its_own()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Shared, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              one: {type: object, properties: {v: {type: string}}}
                              two: {type: object, properties: {v: {type: string}}}
                              three: {type: object, properties: {v: {type: integer}}}
            """);

        Assert.Equal(new[] { "GetAResponse", "GetAResponseOne", "GetAResponseThree" }, g.DeclaredTypeNames("Models"));
        Assert.Equal("GetAResponseOne?", g.Properties("GetAResponse")["Two"]);
    }
}

public sealed class NameScopeReleaseTests
{
    [Fact]
    public void A_name_given_back_is_handed_out_again_before_higher_numbers()
    {
        var scope = new EnKashGen.Mapping.NameScope(StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Card", scope.Unique("Card"));
        Assert.Equal("Card2", scope.Unique("Card"));
        Assert.Equal("Card3", scope.Unique("Card"));
        scope.Release("card2");
        Assert.False(scope.Contains("Card2"));
        Assert.Equal("Card2", scope.Unique("Card"));
        Assert.Equal("Card4", scope.Unique("Card"));
        scope.Release("Card");
        Assert.Equal("Card", scope.Unique("Card"));
        Assert.Equal("Card5", scope.Unique("Card"));
    }
}
