using System;
using System.Collections;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>
/// allOf with a discriminator as class hierarchies, discriminated oneOf/anyOf, and values whose discriminator the spec
/// does not list. Every value is read and written twice: through the generated converters (the [JsonConverter]
/// attributes, as reflection-based JsonSerializer finds them) and through JsonSerializer with the generated resolver;
/// both must agree.
/// </summary>
public sealed class PolymorphismConstructTests
{
    internal const string PetsSpec = """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        paths:
          /pets:
            get:
              operationId: getPet
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            post:
              operationId: addPet
              requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
          /shelter:
            get:
              operationId: getShelter
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shelter'}}}}
        components:
          schemas:
            Pet:
              type: object
              required: [petType, name]
              discriminator:
                propertyName: petType
                mapping:
                  cat: '#/components/schemas/Cat'
                  kitty: '#/components/schemas/Cat'
                  dog: '#/components/schemas/Dog'
              properties:
                petType: {type: string}
                name: {type: string}
                id: {type: string, readOnly: true}
            Cat:
              description: A cat.
              allOf:
                - $ref: '#/components/schemas/Pet'
                - type: object
                  required: [indoor]
                  properties:
                    indoor: {type: boolean}
                    petType: {type: string, enum: [cat, kitty]}
            Dog:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - type: object
                  properties:
                    friends: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                    collar:
                      oneOf:
                        - $ref: '#/components/schemas/Leather'
                        - $ref: '#/components/schemas/Chain'
                      discriminator:
                        propertyName: material
                        mapping: {leather: '#/components/schemas/Leather'}
            Puppy:
              allOf:
                - $ref: '#/components/schemas/Dog'
                - type: object
                  properties:
                    ageWeeks: {type: integer, format: int32}
            Leather:
              type: object
              required: [material]
              properties: {material: {type: string}, color: {type: string}}
            Chain:
              type: object
              required: [material]
              properties: {material: {type: string}, color: {type: string}, links: {type: integer}}
            Shelter:
              type: object
              properties:
                pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                favourite: {$ref: '#/components/schemas/Pet'}
        """;

    private static readonly Lazy<Generated> Pets = new(() => ConstructHarness.Generate(PetsSpec, "pets.yaml", "Pets", "PetsClient"));

    /// <summary>Reflection-based JsonSerializer: it finds each generated type's converter through its [JsonConverter] attribute.</summary>
    private static readonly JsonSerializerOptions ByConverter = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    /// <summary>Reads <paramref name="json"/> as <paramref name="type"/> both ways, checks they agree, and returns the value.</summary>
    private static object Read(Generated g, string type, string json)
    {
        var viaResolver = g.Deserialize(type, json)!;
        var viaConverter = JsonSerializer.Deserialize(json, g.LoadedType(type), ByConverter)!;
        Assert.Equal(viaResolver.GetType(), viaConverter.GetType());
        Assert.Equal(Write(g, type, viaResolver), Write(g, type, viaConverter));
        return viaResolver;
    }

    /// <summary>Writes <paramref name="value"/> as <paramref name="type"/> (a base, say) both ways, checks they agree, and returns the JSON.</summary>
    private static string Write(Generated g, string type, object value)
    {
        var viaResolver = JsonSerializer.Serialize(value, g.LoadedType(type), g.JsonOptions);
        var viaConverter = JsonSerializer.Serialize(value, g.LoadedType(type), ByConverter);
        Assert.Equal(viaResolver, viaConverter);
        return viaResolver;
    }

    private static object New(Generated g, string type, params (string Name, object? Value)[] members)
    {
        var value = Activator.CreateInstance(g.LoadedType(type))!;
        foreach (var (name, member) in members)
        {
            value.GetType().GetProperty(name)!.SetValue(value, member);
        }
        return value;
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static ClassDeclarationSyntax Class(Generated g, string name) => (ClassDeclarationSyntax)g.Type(name);

    [Fact]
    public void A_base_with_a_discriminator_is_an_abstract_class_and_each_schema_whose_allOf_names_it_derives_from_it()
    {
        var g = Pets.Value;
        Assert.Equal(new[] { "Cat", "Chain", "Dog", "Leather", "Pet", "Puppy", "Shelter", "UnknownDog", "UnknownPet" }, g.DeclaredTypeNames("Models"));

        var pet = Class(g, "Pet");
        Assert.Contains(pet.Modifiers, m => m.IsKind(SyntaxKind.AbstractKeyword));
        // No base type: only the runtime's interface for the members the spec does not describe.
        Assert.Equal("global::EnKashGen.Runtime.IAdditionalProperties", pet.BaseList!.Types.Single().ToString());
        Assert.Equal("global::Pets.Pet", Class(g, "Cat").BaseList!.Types.Single().ToString());
        Assert.Contains(Class(g, "Cat").Modifiers, m => m.IsKind(SyntaxKind.SealedKeyword));
        // Dog has a derived type of its own (Puppy), so it is neither sealed nor abstract: a dog is a value too.
        Assert.DoesNotContain(Class(g, "Dog").Modifiers, m => m.IsKind(SyntaxKind.SealedKeyword) || m.IsKind(SyntaxKind.AbstractKeyword));
        Assert.Equal("global::Pets.Dog", Class(g, "Puppy").BaseList!.Types.Single().ToString());
        Assert.StartsWith("global::Pets.Pet", Class(g, "UnknownPet").BaseList!.Types.First().ToString(), StringComparison.Ordinal);

        // Derived types hold only what they add: the discriminator (which Cat declares again) and the base's members stay the base's.
        Assert.Equal(new[] { "PetType", "Name", "Id", "AdditionalProperties" }, g.Properties("Pet").Keys);
        Assert.Equal(new[] { "Indoor" }, g.Properties("Cat").Keys);
        Assert.Equal(new[] { "Friends", "Collar" }, g.Properties("Dog").Keys);
        Assert.Equal(new[] { "AgeWeeks" }, g.Properties("Puppy").Keys);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<Pet>?", g.Properties("Dog")["Friends"]);
        Assert.DoesNotContain(g.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);

        // A new value carries its discriminator from the start, and it is not a member callers must set.
        var cat = New(g, "Cat", ("Name", "Tom"), ("Indoor", true));
        Assert.Equal("cat", Generated.Get(cat, "PetType"));
        Assert.Contains("public string PetType { get; set; } = default!;", g.Source("Models.Pet"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_corpus_report_counts_hierarchies_their_derived_types_and_discriminated_unions()
    {
        // Pet with Cat, Dog and Puppy (below Dog); the collar is discriminated; the unknown types are not counted.
        Assert.Equal(new Corpus.Polymorphism(1, 3, 1), Corpus.CorpusRunner.CountPolymorphism(Pets.Value.Result.Sources));
        var plain = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Plain, version: "1"}
            paths: {}
            components:
              schemas:
                Id: {oneOf: [{type: string}, {type: integer}]}
                Base: {type: object, properties: {a: {type: string}}}
                Merged: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {b: {type: string}}}]}
            """, "plain.yaml", "Plain", "PlainClient");
        Assert.Equal(new Corpus.Polymorphism(0, 0, 0), Corpus.CorpusRunner.CountPolymorphism(plain.Result.Sources));
    }

    [Fact]
    public void A_value_read_as_the_base_is_the_derived_type_its_discriminator_names_wherever_the_discriminator_is()
    {
        var g = Pets.Value;
        var cat = Read(g, "Pet", """{"name":"Tom","indoor":true,"petType":"cat"}""");
        Assert.Equal("Cat", cat.GetType().Name);
        Assert.Equal("Tom", Generated.Get(cat, "Name"));
        Assert.Equal(true, Generated.Get(cat, "Indoor"));
        // Written once, first with the members of the base, whichever type the value is written as.
        Assert.Equal("""{"petType":"cat","name":"Tom","indoor":true}""", Write(g, "Pet", cat));
        Assert.Equal("""{"petType":"cat","name":"Tom","indoor":true}""", Write(g, "Cat", cat));

        // Every value a mapping gives a type names it, and is kept; a type the mapping leaves out is named by its schema name.
        var kitty = Read(g, "Pet", """{"petType":"kitty","name":"Kit","indoor":false}""");
        Assert.Equal("Cat", kitty.GetType().Name);
        Assert.Equal("""{"petType":"kitty","name":"Kit","indoor":false}""", Write(g, "Pet", kitty));
        var puppy = Read(g, "Pet", """{"petType":"Puppy","name":"Rex","ageWeeks":9}""");
        Assert.Equal("Puppy", puppy.GetType().Name);
        Assert.Equal(9, Generated.Get(puppy, "AgeWeeks"));
        Assert.Equal("Puppy", Read(g, "Dog", """{"petType":"Puppy","name":"Rex"}""").GetType().Name);
        Assert.Equal("Dog", Read(g, "Dog", """{"petType":"dog","name":"Rex"}""").GetType().Name);

        // A value the caller builds is written with its type's discriminator.
        var built = New(g, "Puppy", ("Name", "Bo"), ("AgeWeeks", 3));
        var json = Write(g, "Pet", built);
        Assert.Equal("""{"petType":"Puppy","name":"Bo","ageWeeks":3}""", json);
        Assert.Equal(1, Occurrences(json, "petType"));

        // Required members of the base are still required of the derived type.
        var missing = Assert.ThrowsAny<JsonException>(() => g.Deserialize("Pet", """{"petType":"cat","indoor":true}"""));
        Assert.Contains("'name'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_discriminator_the_spec_does_not_list_is_an_unknown_value_that_round_trips_byte_for_byte()
    {
        var g = Pets.Value;
        // Spacing, number spelling, escapes and non-ASCII text: the value is written exactly as it was read.
        const string bird = """{ "petType" : "bird", "name":"Tweety",  "wings": 2.50, "song":"caf\u00e9 é <&>", "nested":{"a":[1, null ,true]} }""";
        var unknown = Read(g, "Pet", bird);
        Assert.Equal("UnknownPet", unknown.GetType().Name);
        Assert.Equal("Tweety", Generated.Get(unknown, "Name"));
        Assert.Equal("bird", Generated.Get(unknown, "PetType"));
        Assert.Equal(bird, ((JsonElement)Generated.Get(unknown, "Json")!).GetRawText());
        Assert.Equal(bird, Write(g, "Pet", unknown));

        // Below an intermediate type, an unknown value is of that type; without a discriminator, an abstract base's value is unknown too.
        var dog = Read(g, "Dog", """{"petType":"wolf","name":"Grey","friends":[]}""");
        Assert.Equal("UnknownDog", dog.GetType().Name);
        Assert.Equal("""{"petType":"wolf","name":"Grey","friends":[]}""", Write(g, "Dog", dog));
        Assert.Equal("UnknownPet", Read(g, "Pet", """{"name":"Nobody"}""").GetType().Name);
        // Members that an unknown kind uses differently do not make it unreadable.
        var odd = Read(g, "Pet", """{"petType":"rock","name":{"first":"R"}}""");
        Assert.Equal("""{"petType":"rock","name":{"first":"R"}}""", Write(g, "Pet", odd));

        // A discriminated union keeps a value it does not list the same way.
        var collar = Read(g, "DogCollar", """{"material":"rope","knots": 3}""");
        Assert.Null(Generated.Get(collar, "Leather"));
        Assert.Equal("""{"material":"rope","knots": 3}""", Write(g, "DogCollar", collar));

        // ToString shows the members it knows, not the raw JSON (which may hold anything).
        Assert.Equal("Pet {\"petType\":\"bird\",\"name\":\"Tweety\",\"(more)\":\"3\"}", unknown.ToString());
    }

    [Fact]
    public async Task An_unknown_value_a_response_returns_is_sent_back_unchanged()
    {
        var g = Pets.Value;
        const string bird = """{"petType":"bird","name":"Tweety","wings":2}""";
        var handler = new RecordingHandler(body: bird);
        var client = g.CreateClient(handler);
        var read = await Generated.CallAsync(client, "GetPetAsync");
        Assert.Equal("UnknownPet", read!.GetType().Name);
        await Generated.CallAsync(client, "AddPetAsync", ("body", read));
        Assert.Equal(bird, handler.Last.BodyText);
    }

    [Fact]
    public void Lists_of_the_base_inside_derived_types_three_levels_and_unions_inside_allOf_are_read_by_their_discriminators()
    {
        var g = Pets.Value;
        const string json = """{"pets":[{"petType":"dog","name":"Rex","friends":[{"petType":"cat","name":"Tom","indoor":true},{"petType":"Puppy","name":"Bo","collar":{"material":"leather","color":"red"},"ageWeeks":3}],"collar":{"links":12,"material":"Chain"}},{"petType":"kitty","name":"Kit","indoor":false}],"favourite":{"petType":"cat","name":"Tom","indoor":true}}""";
        var shelter = Read(g, "Shelter", json);
        var pets = (IList)Generated.Get(shelter, "Pets")!;
        Assert.Equal(new[] { "Dog", "Cat" }, pets.Cast<object>().Select(p => p.GetType().Name));
        var friends = (IList)Generated.Get(pets[0]!, "Friends")!;
        Assert.Equal(new[] { "Cat", "Puppy" }, friends.Cast<object>().Select(p => p.GetType().Name));
        var puppyCollar = Generated.Get(friends[1]!, "Collar")!;
        Assert.Equal("red", Generated.Get(Generated.Get(puppyCollar, "Leather")!, "Color"));
        // The discriminator picks Chain (its implicit name) although the members fit Leather as well.
        var rexCollar = Generated.Get(pets[0]!, "Collar")!;
        Assert.Null(Generated.Get(rexCollar, "Leather"));
        Assert.Equal(12L, Generated.Get(Generated.Get(rexCollar, "Chain")!, "Links"));
        Assert.Equal("Cat", Generated.Get(shelter, "Favourite")!.GetType().Name);
        Assert.Equal(json.Replace("""{"links":12,"material":"Chain"}""", """{"material":"Chain","links":12}""", StringComparison.Ordinal), Write(g, "Shelter", shelter));
    }

    [Fact]
    public async Task A_polymorphic_request_is_sent_with_its_discriminator_and_without_readOnly_members()
    {
        var g = Pets.Value;
        var handler = new RecordingHandler(body: """{"petType":"cat","name":"Tom","indoor":true,"id":"p-1"}""");
        var client = g.CreateClient(handler);
        var cat = New(g, "Cat", ("Name", "Tom"), ("Indoor", true), ("Id", "set by the server"));
        var result = await Generated.CallAsync(client, "AddPetAsync", ("body", cat));

        Assert.Equal("""{"petType":"cat","name":"Tom","indoor":true}""", handler.Last.BodyText);
        // The response, typed as the base, is the derived type; a readOnly member is read like any other.
        Assert.Equal("Cat", result!.GetType().Name);
        Assert.Equal("p-1", Generated.Get(result, "Id"));
        // JsonSerializer writes every member: values round-trip.
        Assert.Equal("""{"petType":"cat","name":"Tom","id":"p-1","indoor":true}""", Write(g, "Pet", result));
    }

    [Fact]
    public async Task A_polymorphic_request_is_checked_against_the_rules_of_its_own_type_and_of_its_bases()
    {
        var g = Pets.Value;
        var handler = new RecordingHandler(body: "{}");
        var client = g.CreateClient(handler);
        // Reflection ignores C# required members, as a caller that forgets one would be told by the compiler.
        var nameless = New(g, "Puppy", ("AgeWeeks", 1), ("Friends", Array.CreateInstance(g.LoadedType("Pet"), 1)));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Generated.CallAsync(client, "AddPetAsync", ("body", nameless)));
        Assert.Equal("ApiValidationException", error.GetType().Name);
        var paths = ((IEnumerable)error.GetType().GetProperty("Errors")!.GetValue(error)!).Cast<object>().Select(e => (string)e.GetType().GetProperty("Path")!.GetValue(e)!).ToList();
        Assert.Equal(new[] { "$.name", "$.friends[0]" }, paths);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp10)]
    [InlineData(LanguageVersion.CSharp12)]
    [InlineData(LanguageVersion.Latest)]
    public void The_hierarchy_compiles_without_a_warning_on_every_supported_language_version(LanguageVersion version)
    {
        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/pets.yaml", PetsSpec, "Pets", "PetsClient") }, version);
        Assert.Empty(result.Exceptions);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        // C# 10 has no required members; the base's required members become plain ones.
        var pet = result.Sources.Single(s => s.HintName.EndsWith(".Models.Pet.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Equal(version != LanguageVersion.CSharp10, pet.Contains("public required string Name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_base_whose_oneOf_lists_the_types_that_derive_from_it_is_a_hierarchy()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Shapes, version: "1"}
            paths:
              /shape:
                get:
                  operationId: getShape
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Shape'}}}}}
            components:
              schemas:
                Shape:
                  oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]
                  discriminator: {propertyName: kind, mapping: {circle: '#/components/schemas/Circle', square: '#/components/schemas/Square'}}
                Circle:
                  allOf:
                    - $ref: '#/components/schemas/Shape'
                    - {type: object, required: [kind, radius], properties: {kind: {type: string}, radius: {type: number, format: double}}}
                Square:
                  allOf:
                    - $ref: '#/components/schemas/Shape'
                    - {type: object, required: [kind, side], properties: {kind: {type: string}, side: {type: number, format: double}}}
            """, "shapes.yaml", "Shapes", "ShapesClient");

        Assert.Empty(g.DeclaredTypeNames("Unions"));
        Assert.Contains(Class(g, "Shape").Modifiers, m => m.IsKind(SyntaxKind.AbstractKeyword));
        // The alternatives declare the discriminator; the base, which all of them share, holds it.
        Assert.Equal(new[] { "Kind", "AdditionalProperties" }, g.Properties("Shape").Keys);
        Assert.Equal(new[] { "Side" }, g.Properties("Square").Keys);
        Assert.DoesNotContain(g.Diagnostics, d => d.Id is "EKG008" or "EKG018" or "EKG019");
        var square = Read(g, "Shape", """{"side":2.5,"kind":"square"}""");
        Assert.Equal("Square", square.GetType().Name);
        Assert.Equal("""{"kind":"square","side":2.5}""", Write(g, "Shape", square));
    }

    [Fact]
    public void A_discriminated_oneOf_or_anyOf_picks_its_variant_by_the_discriminator_without_trying_the_others()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Events, version: "1"}
            paths:
              /event:
                get:
                  operationId: getEvent
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Event'}}}}}
            components:
              schemas:
                Event:
                  oneOf:
                    - $ref: '#/components/schemas/Created'
                    - $ref: '#/components/schemas/Deleted'
                  discriminator: {propertyName: type, mapping: {created: '#/components/schemas/Created', removed: '#/components/schemas/Deleted'}}
                Method:
                  anyOf:
                    - $ref: '#/components/schemas/Card'
                    - $ref: '#/components/schemas/Bank'
                  discriminator: {propertyName: method}
                Created:
                  type: object
                  required: [type, id]
                  properties: {type: {type: string}, id: {type: string}, at: {type: string}}
                Deleted:
                  type: object
                  required: [type, id]
                  properties: {type: {type: string}, id: {type: string}, at: {type: string}, reason: {type: string}}
                Card: {type: object, properties: {method: {type: string}, last4: {type: string}}}
                Bank: {type: object, properties: {method: {type: string}, iban: {type: string}}}
            """, "events.yaml", "Events", "EventsClient");

        // Members that fit Deleted better do not matter: the mapping says created.
        var created = Read(g, "Event", """{"id":"e1","reason":"none","type":"created"}""");
        Assert.NotNull(Generated.Get(created, "Created"));
        Assert.Null(Generated.Get(created, "Deleted"));
        Assert.NotNull(Generated.Get(Read(g, "Event", """{"type":"removed","id":"e2"}"""), "Deleted"));
        // A mapping entry replaces the schema name: "Deleted" is not listed, so it is kept as it came.
        var unlisted = Read(g, "Event", """{"type":"Deleted","id":"e3"}""");
        Assert.Null(Generated.Get(unlisted, "Deleted"));
        Assert.Equal("""{"type":"Deleted","id":"e3"}""", Write(g, "Event", unlisted));

        // Without a mapping, the schema names are the values; the variant is read even where its members fit another.
        var bank = Read(g, "Method", """{"last4":"4242","method":"Bank"}""");
        Assert.Null(Generated.Get(bank, "Card"));
        Assert.NotNull(Generated.Get(bank, "Bank"));
        // A value without a discriminator is read by its members, as in a union without one.
        Assert.NotNull(Generated.Get(Read(g, "Method", """{"iban":"DE00"}"""), "Bank"));
        // A variant the discriminator names must be that variant: it is not tried and dropped when it does not fit.
        Assert.ThrowsAny<JsonException>(() => g.Deserialize("Event", """{"type":"created"}"""));
    }

    [Fact]
    public void Discriminator_defects_are_located_warnings_and_the_types_still_work()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Defects, version: "1"}
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
                    animal: {$ref: '#/components/schemas/Animal'}
                    vehicle: {$ref: '#/components/schemas/Vehicle'}
                Animal:
                  type: object
                  discriminator:
                    propertyName: kind
                    mapping:
                      bird: '#/components/schemas/Bird'
                      ghost: '#/components/schemas/Ghost'
                      stone: '#/components/schemas/Stone'
                  properties: {name: {type: string}}
                Bird:
                  allOf:
                    - $ref: '#/components/schemas/Animal'
                    - {type: object, properties: {wings: {type: integer}}}
                Stone: {type: object, properties: {weight: {type: integer}}}
                Vehicle:
                  oneOf: [{$ref: '#/components/schemas/Car'}, {type: string}]
                  discriminator: {propertyName: type, mapping: {car: '#/components/schemas/Car', boat: '#/components/schemas/Boat'}}
                Car: {type: object, properties: {doors: {type: integer}}}
                Boat: {type: object, properties: {type: {type: string}, sails: {type: integer}}}
            """, "defects.yaml", "Defects", "DefectsClient");

        var warnings = g.Diagnostics.Where(d => d.Id == "EKG018").Select(d => (d.GetMessage(), d.Location.GetLineSpan().StartLinePosition.Line + 1)).ToList();
        string At(string part) => Assert.Single(warnings, w => w.Item1.Contains(part, StringComparison.Ordinal)).Item1;
        // Mapping entries that resolve to nothing or to a schema outside the hierarchy, each at its line.
        Assert.Contains("does not resolve", At("'ghost'"), StringComparison.Ordinal);
        Assert.Contains("does not include 'Animal'", At("'stone'"), StringComparison.Ordinal);
        Assert.Contains("not one of the oneOf alternatives", At("'boat'"), StringComparison.Ordinal);
        // The base does not declare its discriminator: it gets one, as text.
        Assert.Contains("is not a property of 'Animal'", At("'kind' is not a property"), StringComparison.Ordinal);
        // Union alternatives that cannot carry the discriminator.
        Assert.Single(warnings, w => w.Item1.Contains("does not declare the discriminator 'type'", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Item1.Contains("is not an object", StringComparison.Ordinal));
        Assert.Equal(6, warnings.Count);
        Assert.All(g.Diagnostics.Where(d => d.Id == "EKG018"), d => Assert.Equal("/specs/defects.yaml", d.Location.GetLineSpan().Path));
        Assert.Contains(warnings, w => w.Item1.Contains("'ghost'", StringComparison.Ordinal) && w.Item2 == 21);

        Assert.Equal(new[] { "Kind", "Name", "AdditionalProperties" }, g.Properties("Animal").Keys);
        var holder = Read(g, "Holder", """{"animal":{"kind":"bird","wings":2},"vehicle":"bike"}""");
        Assert.Equal("Bird", Generated.Get(holder, "Animal")!.GetType().Name);
        Assert.Equal("bike", Generated.Get(Generated.Get(holder, "Vehicle")!, "String"));
        // The value of a mapping entry that leads nowhere useful is kept, unknown.
        var stone = Read(g, "Holder", """{"animal":{"kind":"stone","weight":9}}""");
        Assert.Equal("UnknownAnimal", Generated.Get(stone, "Animal")!.GetType().Name);
        Assert.Equal("""{"animal":{"kind":"stone","weight":9}}""", Write(g, "Holder", stone));
    }

    [Fact]
    public void AllOf_cycles_and_hierarchies_deeper_than_any_real_one_end_in_a_warning_not_a_crash()
    {
        var deep = new System.Text.StringBuilder();
        deep.Append("    Level0: {type: object, discriminator: {propertyName: t}, properties: {t: {type: string}}}\n");
        for (var i = 1; i <= 40; i++)
        {
            deep.Append("    Level").Append(i).Append(": {allOf: [{$ref: '#/components/schemas/Level").Append(i - 1).Append("'}, {type: object, properties: {f").Append(i).Append(": {type: integer}}}]}\n");
        }
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Cycles, version: "1"}
            paths:
              /a:
                get:
                  operationId: getA
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Level40'}}}}}
              /b:
                get:
                  operationId: getB
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Yin'}}}}}
            components:
              schemas:
                Yin: {allOf: [{$ref: '#/components/schemas/Yang'}], discriminator: {propertyName: side}, properties: {side: {type: string}, a: {type: string}}}
                Yang: {allOf: [{$ref: '#/components/schemas/Yin'}], discriminator: {propertyName: side}, properties: {side: {type: string}, b: {type: string}}}

            """ + deep, "cycles.yaml", "Cycles", "CyclesClient");

        var defects = g.Diagnostics.Where(d => d.Id == "EKG019").Select(d => d.GetMessage()).ToList();
        Assert.Contains(defects, m => m.Contains("include each other", StringComparison.Ordinal));
        Assert.Contains(defects, m => m.Contains("more than 32 classes deep", StringComparison.Ordinal));
        // The type past the limit still has every member, from its own schema and its bases'.
        var level40 = Read(g, "Level40", """{"t":"Level40","f1":1,"f40":40}""");
        Assert.Equal(40L, Generated.Get(level40, "F40"));
        Assert.Equal(1L, Generated.Get(level40, "F1"));
        var yin = Read(g, "Yin", """{"side":"x","a":"1","b":"2"}""");
        Assert.Equal("2", Generated.Get(yin, "B"));
    }
}
