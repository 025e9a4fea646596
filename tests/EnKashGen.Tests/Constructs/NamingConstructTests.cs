using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>Names from the spec (keywords, digits, Unicode, punctuation, collisions) always become valid, unique and stable identifiers.</summary>
public sealed class NamingConstructTests
{
    private const string Spec = """
        openapi: 3.0.3
        info: {title: Names, version: "1"}
        tags:
          - {name: "pets & owners"}
          - {name: "Pets-Owners"}
          - {name: "class"}
        paths:
          /a:
            get:
              operationId: "GET /a#list"
              tags: ["pets & owners"]
              responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/class'}}}}}
            post:
              operationId: "get-a-list"
              tags: ["Pets-Owners"]
              responses: {'204': {description: ok}}
          /b:
            get:
              operationId: "get_a#list"
              tags: ["pets & owners"]
              parameters:
                - {name: "for", in: query, schema: {type: string}}
                - {name: "For", in: header, schema: {type: string}}
                - {name: "for2", in: query, schema: {type: string}}
                - {name: "cancellationToken", in: query, schema: {type: string}}
                - {name: "0day", in: query, schema: {type: string}}
                - {name: "ünïcödé", in: query, schema: {type: string}}
                - {name: "名前", in: query, schema: {type: string}}
              responses: {'204': {description: ok}}
            put:
              tags: ["class"]
              responses: {'204': {description: ok}}
        components:
          schemas:
            class:
              type: object
              properties:
                class: {type: string}
                Class: {type: string}
                "1st": {type: string}
                "first-name": {type: string}
                "first_name": {type: string}
                "FirstName": {type: string}
                "@odata.type": {type: string}
                "$ref": {type: string}
                "naïve": {type: string}
                "日本": {type: string}
                "": {type: string}
                ToString: {type: string}
                additionalProperties: {type: string}
                status: {$ref: '#/components/schemas/Status'}
                zone: {$ref: '#/components/schemas/Zone'}
            Class: {type: object, properties: {x: {type: string}}}
            CLASS: {type: object, properties: {x: {type: string}}}
            "2fa-settings": {type: object, properties: {x: {type: string}}}
            "my.thing": {type: object, properties: {x: {type: string}}}
            "my thing": {type: object, properties: {x: {type: string}}}
            NamesClient: {type: object, properties: {x: {type: string}}}
            Status:
              type: string
              enum: ["", "in progress", "in-progress", "IN_PROGRESS", "Value", "1", "+1", "-1", "ToString", "Status", "ünï", "PrintMembers", "Equals"]
            Zone:
              type: string
              enum: ["Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT+10", "Etc/GMT-10"]
            Level:
              type: integer
              enum: [1, 2, -3]
        """;

    private static readonly Lazy<Generated> Output = new(() => ConstructHarness.Generate(Spec, "names.yaml", "Names", "NamesClient"));

    [Fact]
    public void Odd_names_compile_and_every_declared_identifier_is_valid()
    {
        var g = Output.Value;
        foreach (var source in g.SpecSources)
        {
            foreach (var token in source.SyntaxTree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)))
            {
                Assert.True(SyntaxFacts.IsValidIdentifier(token.ValueText), "invalid identifier " + token.ValueText + " in " + source.HintName);
            }
        }
    }

    [Fact]
    public void Schema_names_that_collide_after_sanitising_or_by_case_get_numbered_names()
    {
        var g = Output.Value;
        // class, Class and CLASS are one name to a case-insensitive file system: numbered, never a lost client.
        Assert.Equal(new[] { "Class", "Class2", "Class3", "MyThing", "MyThing2", "NamesClient2", "_2faSettings" }, g.DeclaredTypeNames("Models"));
        Assert.Equal(new[] { "Level", "Status", "Zone" }, g.DeclaredTypeNames("Enums"));
        Assert.Contains(g.Diagnostics, d => d.Id == "EKG007" && d.GetMessage().Contains("'CLASS'", StringComparison.Ordinal));
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "EKG009");
    }

    [Fact]
    public void Property_names_are_unique_within_their_type()
    {
        var g = Output.Value;
        Assert.Equal(
            new[] { "Class2", "Class3", "_1st", "FirstName", "FirstName2", "FirstName3", "OdataType", "Ref", "Naïve", "日本", "Property", "ToString2", "AdditionalProperties", "Status", "Zone", "AdditionalProperties2" },
            g.Properties("Class").Keys);
        var value = g.Deserialize("Class", """{"class":"a","Class":"b","first-name":"c","first_name":"d","FirstName":"e","@odata.type":"f","$ref":"g","":"h","additionalProperties":"i","zone":"Etc/GMT+0"}""")!;
        Assert.Equal("a", Generated.Get(value, "Class2"));
        Assert.Equal("b", Generated.Get(value, "Class3"));
        Assert.Equal("d", Generated.Get(value, "FirstName2"));
        Assert.Equal("h", Generated.Get(value, "Property"));
        Assert.Equal("i", Generated.Get(value, "AdditionalProperties"));
        Assert.Equal("Etc/GMT+0", Generated.Get(value, "Zone")!.ToString());
    }

    [Fact]
    public void Enum_values_that_collide_after_sanitising_get_distinct_members()
    {
        var g = Output.Value;
        var members = g.Type("Zone").Members.OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Select(f => f.Declaration.Variables[0].Identifier.ValueText).ToList();
        Assert.Equal(new[] { "EtcGmt0", "EtcGmtPlus0", "EtcGmtMinus0", "EtcGmtPlus10", "EtcGmtMinus10" }, members);
        var status = g.Type("Status").Members.OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Select(f => f.Declaration.Variables[0].Identifier.ValueText).ToList();
        Assert.Equal(status.Count, status.Distinct().Count());
        Assert.Equal(13, status.Count);
        Assert.Contains("Empty", status); // the empty string value
        Assert.DoesNotContain("Value", status);
        Assert.DoesNotContain("Status", status);
        Assert.DoesNotContain("ToString", status);
        // An open enum is a record struct: the compiler declares PrintMembers and Equals beside its values.
        Assert.DoesNotContain("PrintMembers", status);
        Assert.DoesNotContain("Equals", status);
    }

    [Fact]
    public void Operation_and_parameter_names_are_unique_valid_and_never_shadow_generated_locals()
    {
        var g = Output.Value;
        var ops = g.Operations();
        Assert.Equal(new[] { "ClassOperations.PutBAsync", "PetsOwners2Operations.GetAListAsync", "PetsOwnersOperations.GetAList2Async", "PetsOwnersOperations.GetAListAsync" }, ops.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(
            "(string? @for = default, string? for2 = default, string? for22 = default, string? cancellationToken2 = default, string? _0day = default, string? ünïcödé = default, string? 名前 = default, global::System.Threading.CancellationToken cancellationToken = default)",
            ops["PetsOwnersOperations.GetAList2Async"]);
        Assert.Contains(g.Diagnostics, d => d.Id == "EKG007" && d.GetMessage().Contains("get_a#list", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hyphen_after_a_word_or_a_number_separates_words_while_a_sign_before_a_number_is_kept()
    {
        var g = ConstructHarness.Generate("""
            openapi: 3.0.3
            info: {title: Signs, version: "1"}
            paths: {}
            components:
              schemas:
                authorization-2: {type: object, properties: {id: {type: string}}}
                plan-2024-01: {type: object, properties: {id: {type: string}}}
                Offset:
                  type: string
                  enum: ["-5", "5", "UTC-1", "utc-2"]
            """, "signs.yaml", "Signs", "SignsClient");
        Assert.Equal(new[] { "Authorization2", "Plan202401" }, g.DeclaredTypeNames("Models"));
        var members = g.Type("Offset").Members.OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Select(f => f.Declaration.Variables[0].Identifier.ValueText).ToList();
        // "-5" is a negative number and "UTC-1" an offset; "utc-2" is a word and a number.
        Assert.Equal(new[] { "Minus5", "Value5", "UtcMinus1", "Utc2" }, members);
        Assert.DoesNotContain(g.Diagnostics, d => d.Id == "EKG007");
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = ConstructHarness.Generate(Spec, "names.yaml", "Names", "NamesClient");
        var second = ConstructHarness.Generate(Spec, "names.yaml", "Names", "NamesClient");
        Assert.Equal(
            first.Result.Sources.Select(s => s.HintName + "\n" + s.SourceText),
            second.Result.Sources.Select(s => s.HintName + "\n" + s.SourceText));
    }
}
