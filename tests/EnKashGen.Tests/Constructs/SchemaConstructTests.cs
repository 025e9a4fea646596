using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>How schema constructs map to C#: each spec is small, compiles cleanly, and is checked in source and at run time.</summary>
public sealed class SchemaConstructTests
{
    private const string Head = """
        openapi: 3.0.3
        info: {title: Constructs, version: "1"}
        paths:
          /x:
            get:
              operationId: getX
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Root'}}}}
        components:
          schemas:

        """;

    private static Generated Generate(string schemas, bool allowErrors = false) => ConstructHarness.Generate(Head + Indent(schemas), allowErrors: allowErrors);

    private static string Indent(string text) => string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.Length == 0 ? l : "    " + l));

    [Fact]
    public void Recursive_and_mutually_recursive_schemas_are_classes_that_refer_to_themselves()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                name: {type: string}
                children: {type: array, items: {$ref: '#/components/schemas/Root'}}
                parent: {$ref: '#/components/schemas/Root'}
                left: {$ref: '#/components/schemas/Left'}
            Left:
              type: object
              properties:
                right: {$ref: '#/components/schemas/Right'}
            Right:
              type: object
              properties:
                left: {$ref: '#/components/schemas/Left'}
                label: {type: string}
            """);

        var root = g.Properties("Root");
        Assert.Equal("Root?", root["Parent"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<Root>?", root["Children"]);
        Assert.Equal("Right?", g.Properties("Left")["Right"]);
        Assert.Equal("Left?", g.Properties("Right")["Left"]);

        var value = g.Deserialize("Root", """{"name":"a","children":[{"name":"b","children":[{"name":"c"}]}],"parent":{"name":"p"},"left":{"right":{"label":"r","left":{}}}}""")!;
        var children = (IList)Generated.Get(value, "Children")!;
        var grandChildren = (IList)Generated.Get(children[0]!, "Children")!;
        Assert.Equal("c", Generated.Get(grandChildren[0]!, "Name"));
        Assert.Equal("p", Generated.Get(Generated.Get(value, "Parent")!, "Name"));
        Assert.Equal("r", Generated.Get(Generated.Get(Generated.Get(value, "Left")!, "Right")!, "Label"));
        Assert.Equal("""{"name":"a","children":[{"name":"b","children":[{"name":"c"}]}],"parent":{"name":"p"},"left":{"right":{"left":{},"label":"r"}}}""", g.Serialize(value));
    }

    [Fact]
    public void Reference_chains_resolve_to_the_final_schema_and_reference_cycles_are_reported()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                viaAlias: {$ref: '#/components/schemas/First'}
                direct: {$ref: '#/components/schemas/Target'}
                composed:
                  allOf:
                    - $ref: '#/components/schemas/Second'
                    - {type: object, properties: {extra: {type: integer}}}
                looping: {$ref: '#/components/schemas/LoopA'}
            First: {$ref: '#/components/schemas/Second'}
            Second: {$ref: '#/components/schemas/Target'}
            Target: {type: object, required: [id], properties: {id: {type: string}}}
            LoopA: {$ref: '#/components/schemas/LoopB'}
            LoopB: {$ref: '#/components/schemas/LoopA'}
            """, allowErrors: true);

        // Aliases are not types of their own; the target keeps its name.
        Assert.Equal(new[] { "Root", "RootComposed", "Target" }, g.DeclaredTypeNames("Models"));
        var root = g.Properties("Root");
        Assert.Equal("Target?", root["ViaAlias"]);
        Assert.Equal("Target?", root["Direct"]);
        Assert.Equal("global::System.Text.Json.JsonElement?", root["Looping"]);
        Assert.Equal(new[] { "Id", "Extra", "AdditionalProperties" }, g.Properties("RootComposed").Keys);

        var errors = g.Diagnostics.Where(d => d.Id == "EKG006").ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, d => Assert.Contains("cycle", d.GetMessage(), StringComparison.Ordinal));
        Assert.All(errors, d => Assert.Equal("/specs/constructs.yaml", d.Location.GetLineSpan().Path));
    }

    [Fact]
    public void AllOf_composes_the_members_of_every_part_and_a_single_ref_allOf_is_the_referenced_type()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                pet: {$ref: '#/components/schemas/Cat'}
                owner:
                  nullable: true
                  allOf: [{$ref: '#/components/schemas/Person'}]
            Pet:
              type: object
              required: [name]
              properties: {name: {type: string}, age: {type: integer, format: int32}}
            Cat:
              description: A cat.
              allOf:
                - $ref: '#/components/schemas/Pet'
                - type: object
                  required: [indoor]
                  properties: {indoor: {type: boolean}, age: {type: integer, format: int64}}
            Person: {type: object, properties: {name: {type: string}}}
            """);

        var cat = g.Properties("Cat");
        Assert.Equal(new[] { "Name", "Age", "Indoor", "AdditionalProperties" }, cat.Keys);
        Assert.Equal("string", cat["Name"]);
        Assert.Equal("long?", cat["Age"]); // the later part's declaration wins
        Assert.Equal("bool", cat["Indoor"]);
        Assert.Equal("Person?", g.Properties("Root")["Owner"]);
        Assert.DoesNotContain("RootOwner", g.DeclaredTypeNames("Models"));

        var root = g.Deserialize("Root", """{"pet":{"name":"Tom","age":3,"indoor":true},"owner":null}""")!;
        var pet = Generated.Get(root, "Pet")!;
        Assert.Equal("Tom", Generated.Get(pet, "Name"));
        Assert.Equal(3L, Generated.Get(pet, "Age"));
        Assert.Equal(true, Generated.Get(pet, "Indoor"));
        var missing = Assert.ThrowsAny<JsonException>(() => g.Deserialize("Cat", """{"indoor":true}"""));
        Assert.Contains("name", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_in_allOf_beside_parts_that_only_annotate_it_is_the_referenced_type()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                owner:
                  allOf:
                    - $ref: '#/components/schemas/Person'
                    - description: The owner, as the box was shared.
                reviewer:
                  allOf:
                    - $ref: '#/components/schemas/Person'
                    - {title: Reviewer, readOnly: true}
                    - nullable: true
                editor:
                  allOf:
                    - $ref: '#/components/schemas/Person'
                    - description: Only when edited.
                      required: [name]
                limited:
                  allOf:
                    - $ref: '#/components/schemas/Person'
                    - maxProperties: 1
            Person: {type: object, properties: {name: {type: string}}}
            """);

        var root = g.Properties("Root");
        Assert.Equal("Person?", root["Owner"]);
        Assert.Equal("Person?", root["Reviewer"]);
        // A part with a rule of its own is not an annotation: the use stays a type of its own.
        Assert.NotEqual("Person?", root["Editor"]);
        Assert.NotEqual("Person?", root["Limited"]);
        Assert.DoesNotContain("RootOwner", g.DeclaredTypeNames("Models"));
        Assert.DoesNotContain("RootReviewer", g.DeclaredTypeNames("Models"));

        var read = g.Deserialize("Root", """{"owner":{"name":"Ana"},"reviewer":null}""")!;
        Assert.Equal("Ana", Generated.Get(Generated.Get(read, "Owner")!, "Name"));
        Assert.Null(Generated.Get(read, "Reviewer"));
    }

    [Fact]
    public void OneOf_with_a_discriminator_reads_each_variant_by_its_tag()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                pet: {$ref: '#/components/schemas/AnyPet'}
            Cat:
              type: object
              required: [petType]
              properties: {petType: {type: string}, meow: {type: boolean}}
            Dog:
              type: object
              required: [petType]
              properties: {petType: {type: string}, bark: {type: string}}
            Lizard:
              type: object
              required: [petType]
              properties: {petType: {type: string}}
            AnyPet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
                - $ref: '#/components/schemas/Lizard'
              discriminator:
                propertyName: petType
                mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
            """);

        Assert.Equal(new[] { "AnyPet" }, g.DeclaredTypeNames("Unions"));
        Assert.Equal("Cat?", g.Properties("AnyPet")["Cat"]);

        var cat = g.Deserialize("AnyPet", """{"petType":"cat","meow":true}""")!;
        Assert.Equal(true, Generated.Get(Generated.Get(cat, "Cat")!, "Meow"));
        Assert.Null(Generated.Get(cat, "Dog"));
        // The tag decides even when the members would fit another variant.
        var dog = g.Deserialize("AnyPet", """{"meow":true,"petType":"dog"}""")!;
        Assert.NotNull(Generated.Get(dog, "Dog"));
        Assert.Null(Generated.Get(dog, "Cat"));
        // Without a mapping entry, the schema name is the tag.
        var lizard = g.Deserialize("AnyPet", """{"petType":"Lizard"}""")!;
        Assert.NotNull(Generated.Get(lizard, "Lizard"));
        Assert.Equal("""{"petType":"dog","meow":true}""", g.Serialize(dog));
    }

    [Fact]
    public void OneOf_without_a_discriminator_reads_the_variant_whose_members_fit()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                shape: {$ref: '#/components/schemas/Shape'}
            Circle:
              type: object
              required: [radius]
              properties: {radius: {type: number, format: double}, label: {type: string}}
            Square:
              type: object
              required: [side]
              properties: {side: {type: number, format: double}, label: {type: string}}
            Shape:
              oneOf:
                - $ref: '#/components/schemas/Circle'
                - $ref: '#/components/schemas/Square'
            Cat: {type: object, properties: {meow: {type: boolean}, name: {type: string}}}
            Dog: {type: object, properties: {bark: {type: string}, name: {type: string}}}
            Fish: {type: object, additionalProperties: false, properties: {fins: {type: integer}}}
            Pet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
                - $ref: '#/components/schemas/Fish'
            """);

        // No member is required anywhere: the variant that knows the most members wins, spec order on ties.
        var dog = g.Deserialize("Pet", """{"name":"Rex","bark":"woof"}""")!;
        Assert.Equal("woof", Generated.Get(Generated.Get(dog, "Dog")!, "Bark"));
        Assert.Null(Generated.Get(dog, "Cat"));
        var cat = g.Deserialize("Pet", """{"name":"Tom","meow":true}""")!;
        Assert.NotNull(Generated.Get(cat, "Cat"));
        var tie = g.Deserialize("Pet", """{"name":"Either"}""")!;
        Assert.NotNull(Generated.Get(tie, "Cat"));
        var fish = g.Deserialize("Pet", """{"fins":2}""")!;
        Assert.Equal(2L, Generated.Get(Generated.Get(fish, "Fish")!, "Fins"));

        var square = g.Deserialize("Shape", """{"label":"s","side":2.5}""")!;
        Assert.Null(Generated.Get(square, "Circle"));
        Assert.Equal(2.5, Generated.Get(Generated.Get(square, "Square")!, "Side"));
        var circle = g.Deserialize("Shape", """{"radius":1}""")!;
        Assert.Equal(1.0, Generated.Get(Generated.Get(circle, "Circle")!, "Radius"));
        // Nothing fits: the value is kept, not dropped.
        var neither = g.Deserialize("Shape", """[1,2]""")!;
        Assert.Equal("[1,2]", ((JsonElement?)Generated.Get(neither, "Json"))!.Value.GetRawText());
        Assert.Equal("[1,2]", g.Serialize(neither));
    }

    [Fact]
    public void AnyOf_of_primitives_and_inline_objects_reads_by_token_and_keeps_unknown_values()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                id: {$ref: '#/components/schemas/IdOrNumber'}
                either:
                  anyOf:
                    - type: object
                      required: [code]
                      properties: {code: {type: integer}}
                    - {type: array, items: {type: string}}
                  nullable: true
            IdOrNumber:
              anyOf: [{type: string}, {type: integer}, {type: boolean}]
            """);

        Assert.Equal(new[] { "IdOrNumber", "RootEither" }, g.DeclaredTypeNames("Unions"));
        var text = g.Deserialize("IdOrNumber", "\"abc\"")!;
        Assert.Equal("abc", Generated.Get(text, "String"));
        var number = g.Deserialize("IdOrNumber", "42")!;
        Assert.Equal(42L, Generated.Get(number, "Int64"));
        var flag = g.Deserialize("IdOrNumber", "true")!;
        Assert.Equal(true, Generated.Get(flag, "Boolean"));
        var other = g.Deserialize("IdOrNumber", """{"x":1}""")!;
        Assert.Equal("""{"x":1}""", g.Serialize(other));

        var root = g.Deserialize("Root", """{"either":["a","b"]}""")!;
        var either = Generated.Get(root, "Either")!;
        Assert.Equal(new[] { "a", "b" }, ((IEnumerable<string>)Generated.Get(either, "StringList")!).ToArray());
        var root2 = g.Deserialize("Root", """{"either":{"code":7}}""")!;
        Assert.NotNull(Generated.Get(Generated.Get(root2, "Either")!, "RootEitherOption1"));
        Assert.Null(Generated.Get(g.Deserialize("Root", """{"either":null}""")!, "Either"));
    }

    [Fact]
    public void AdditionalProperties_become_dictionaries_typed_or_free_form()
    {
        var g = Generate("""
            Root:
              type: object
              additionalProperties: {type: integer, format: int32}
              properties:
                counts: {type: object, additionalProperties: {type: integer}}
                anything: {type: object, additionalProperties: {}}
                nested: {type: object, additionalProperties: {$ref: '#/components/schemas/Item'}}
                closed: {$ref: '#/components/schemas/Closed'}
                freeForm: {type: object}
            Item: {type: object, properties: {n: {type: string}}}
            Closed:
              type: object
              additionalProperties: false
              properties: {a: {type: string}}
            """);

        var root = g.Properties("Root");
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, long>?", root["Counts"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement>?", root["Anything"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyDictionary<string, Item>?", root["Nested"]);
        Assert.Equal("global::System.Text.Json.JsonElement?", root["FreeForm"]);
        Assert.Equal("global::System.Collections.Generic.IDictionary<string, int>?", root["AdditionalProperties"]);
        Assert.DoesNotContain("AdditionalProperties", g.Properties("Closed").Keys);

        var json = """{"counts":{"a":1,"b":2},"anything":{"x":[1],"y":null},"nested":{"k":{"n":"v"}},"closed":{"a":"z","dropped":1},"freeForm":{"q":true},"extra1":5}""";
        var value = g.Deserialize("Root", json)!;
        var counts = (IReadOnlyDictionary<string, long>)Generated.Get(value, "Counts")!;
        Assert.Equal(2L, counts["b"]);
        var extra = (IDictionary<string, int>)Generated.Get(value, "AdditionalProperties")!;
        Assert.Equal(5, extra["extra1"]);
        Assert.Equal("""{"counts":{"a":1,"b":2},"anything":{"x":[1],"y":null},"nested":{"k":{"n":"v"}},"closed":{"a":"z"},"freeForm":{"q":true},"extra1":5}""", g.Serialize(value));
    }

    [Fact]
    public void Nullable_default_readOnly_and_writeOnly_members()
    {
        var g = Generate("""
            Root:
              type: object
              required: [id, name, maybe]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string}
                maybe: {type: string, nullable: true}
                secret: {type: string, writeOnly: true}
                limit: {type: integer, format: int32, default: 20}
                ratio: {type: number, format: double, default: 0.5}
                mode: {type: string, enum: [fast, slow], default: slow}
                flag: {type: boolean, default: true}
                label: {type: string, default: "say \"hi\""}
                badDefault: {type: integer, default: "not a number"}
            """);

        var root = g.Properties("Root");
        Assert.Equal("string", root["Name"]);
        Assert.Equal("string?", root["Maybe"]);
        var source = g.Source("Models.Root");
        Assert.Contains("public required string Name { get; set; }", source, StringComparison.Ordinal);
        Assert.Contains("public required string? Maybe { get; set; }", source, StringComparison.Ordinal);
        // A read-only member is set by the server: not required of callers.
        Assert.Contains("public string Id { get; set; } = default!;", source, StringComparison.Ordinal);
        Assert.Contains("Read-only: set by the server.", source, StringComparison.Ordinal);
        Assert.Contains("Write-only: sent, never returned.", source, StringComparison.Ordinal);
        Assert.Contains("public int? Limit { get; set; } = 20;", source, StringComparison.Ordinal);
        Assert.Contains("public double? Ratio { get; set; } = 0.5d;", source, StringComparison.Ordinal);
        Assert.Contains("public RootMode? Mode { get; set; } = global::Constructs.RootMode.Slow;", source, StringComparison.Ordinal);
        Assert.Contains("public string? Label { get; set; } = \"say \\\"hi\\\"\";", source, StringComparison.Ordinal);
        Assert.Contains("public long? BadDefault { get; set; }\n", source, StringComparison.Ordinal);

        // Defaults apply to members the JSON leaves out; null stays null for a nullable member.
        var value = g.Deserialize("Root", """{"id":"1","name":"n","maybe":null}""")!;
        Assert.Equal(20, Generated.Get(value, "Limit"));
        Assert.Equal("slow", Generated.Get(value, "Mode")!.ToString());
        Assert.Null(Generated.Get(value, "Maybe"));
        Assert.Contains("\"maybe\":null", g.Serialize(value), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_format_maps_to_its_CSharp_type_and_round_trips()
    {
        var g = Generate("""
            Root:
              type: object
              properties:
                dateTime: {type: string, format: date-time}
                date: {type: string, format: date}
                int64: {type: integer, format: int64}
                int32: {type: integer, format: int32}
                integer: {type: integer}
                double: {type: number, format: double}
                float: {type: number, format: float}
                decimal: {type: number}
                uuid: {type: string, format: uuid}
                byte: {type: string, format: byte}
                binary: {type: string, format: binary}
                uri: {type: string, format: uri}
                email: {type: string, format: email}
                flag: {type: boolean}
            """);

        var p = g.Properties("Root");
        Assert.Equal("global::System.DateTimeOffset?", p["DateTime"]);
        Assert.Equal("global::System.DateOnly?", p["Date"]);
        Assert.Equal("long?", p["Int64"]);
        Assert.Equal("int?", p["Int32"]);
        Assert.Equal("long?", p["Integer"]);
        Assert.Equal("double?", p["Double"]);
        Assert.Equal("float?", p["Float"]);
        Assert.Equal("decimal?", p["Decimal"]);
        Assert.Equal("global::System.Guid?", p["Uuid"]);
        Assert.Equal("byte[]?", p["Byte"]);
        Assert.Equal("byte[]?", p["Binary"]);
        Assert.Equal("string?", p["Uri"]);
        Assert.Equal("string?", p["Email"]);
        Assert.Equal("bool?", p["Flag"]);

        var json = """{"dateTime":"2024-02-29T23:59:58.123+05:30","date":"2024-02-29","int64":9007199254740993,"int32":-7,"integer":1,"double":1.5E+300,"float":0.25,"decimal":12345678901234567890.123456789,"uuid":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","byte":"AAEC/w==","binary":"AQI=","uri":"https://x.example/a?b","email":"a@b.example","flag":false}""";
        var value = g.Deserialize("Root", json)!;
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 58, 123, TimeSpan.FromHours(5.5)), Generated.Get(value, "DateTime"));
        Assert.Equal(new DateOnly(2024, 2, 29), Generated.Get(value, "Date"));
        Assert.Equal(9007199254740993L, Generated.Get(value, "Int64"));
        Assert.Equal(12345678901234567890.123456789m, Generated.Get(value, "Decimal"));
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), Generated.Get(value, "Uuid"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, Generated.Get(value, "Byte"));
        Assert.Equal(new byte[] { 1, 2 }, Generated.Get(value, "Binary"));
        var again = g.Deserialize("Root", g.Serialize(value))!;
        Assert.Equal(g.Serialize(value), g.Serialize(again));
        Assert.Contains("\"int64\":9007199254740993", g.Serialize(value), StringComparison.Ordinal);
        Assert.Contains("\"decimal\":12345678901234567890.123456789", g.Serialize(value), StringComparison.Ordinal);
    }
}
