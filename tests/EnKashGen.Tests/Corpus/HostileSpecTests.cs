using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnKashGen.Tests.Constructs;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// A spec whose every piece of text tries to break out of where it lands in the generated code (comments, XML docs,
/// string literals, identifiers, preprocessor lines). The output must compile cleanly and hold nothing but what the
/// generator meant to write.
/// </summary>
public sealed class HostileSpecTests
{
    /// <summary>Comment ends, quotes, backslashes, every line terminator C# knows, directives, braces and escapes.</summary>
    public const string Payload = "*/ \" \\ \n#error injected\r\n} class X { void M() { } } /* \u2028#error ls\u2029#error ps\u0085#error nel\r#define EVIL </summary><summary> \\u0022 \\\" \"); } class X { } // \u0000\u001b\u200b\ufeff end";

    private static readonly Lazy<(string Json, Generated Output)> Output = new(() =>
    {
        var json = Spec(Payload).ToJsonString();
        return (json, ConstructHarness.Generate(json, "hostile.json", "Hostile", "HostileClient"));
    });

    /// <summary>The hostile spec: the payload (and variations) in every place a spec puts text.</summary>
    public static JsonObject Spec(string p)
    {
        JsonNode S(string value) => JsonValue.Create(value)!;
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = S(p), ["description"] = S(p), ["version"] = S(p) },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = S("https://api.example/v1" + p), ["description"] = S(p) }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = S(p), ["description"] = S(p) }),
            ["paths"] = new JsonObject
            {
                ["/items/{id}/" + p] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["operationId"] = S(p),
                        ["summary"] = S(p),
                        ["description"] = S(p),
                        ["tags"] = new JsonArray(S(p)),
                        ["deprecated"] = true,
                        ["parameters"] = new JsonArray(
                            new JsonObject { ["name"] = "id", ["in"] = "path", ["required"] = true, ["description"] = S(p), ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z\"\\\\]+$" } },
                            new JsonObject { ["name"] = S(p), ["in"] = "query", ["description"] = S(p), ["example"] = S(p), ["schema"] = new JsonObject { ["type"] = "string", ["default"] = S(p), ["enum"] = new JsonArray(S(p), S("a")) } },
                            new JsonObject { ["name"] = S("X-" + p), ["in"] = "header", ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = 5 } },
                            new JsonObject { ["name"] = S(p + "c"), ["in"] = "cookie", ["schema"] = new JsonObject { ["type"] = "string" } }),
                        ["requestBody"] = new JsonObject
                        {
                            ["description"] = S(p),
                            ["content"] = new JsonObject { ["application/x-www-form-urlencoded"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [p] = new JsonObject { ["type"] = "string", ["description"] = S(p) } } } } },
                        },
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject
                            {
                                ["description"] = S(p),
                                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Hostile" }, ["example"] = new JsonObject { [p] = S(p) } } },
                            },
                            ["202"] = new JsonObject
                            {
                                ["description"] = S(p),
                                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/} class X {" } } },
                            },
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Hostile"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["title"] = S(p),
                        ["description"] = S(p),
                        ["required"] = new JsonArray(S(p)),
                        ["example"] = new JsonObject { [p] = S(p) },
                        ["properties"] = new JsonObject
                        {
                            [p] = new JsonObject { ["type"] = "string", ["description"] = S(p), ["default"] = S(p), ["example"] = S(p), ["pattern"] = "^\"\\\\$", ["x-sensitive"] = true, ["deprecated"] = true },
                            ["choice"] = new JsonObject
                            {
                                ["type"] = "string",
                                ["description"] = S(p),
                                ["default"] = S("\""),
                                ["enum"] = new JsonArray(S(p), S("\""), S("\\"), S("\n"), S("#error"), S("} class X {"), S("\u2028"), S("\\u0022")),
                                ["x-enum-varnames"] = new JsonArray(S(p), S("\""), S("\\"), S("\n"), S("#error"), S("} class X {"), S("\u2028"), S("\\u0022")),
                                ["x-enum-descriptions"] = new JsonArray(S(p), S(p), S(p), S(p), S(p), S(p), S(p), S(p)),
                            },
                            ["count"] = new JsonObject { ["type"] = "integer", ["default"] = S(p), ["minimum"] = 1, ["description"] = S(p) },
                            ["ratio"] = new JsonObject { ["type"] = "number", ["default"] = 1e308, ["maximum"] = 1e308 },
                            ["when"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["default"] = S(p) },
                            ["nested"] = new JsonObject { ["$ref"] = "#/components/schemas/Either" },
                        },
                        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["description"] = S(p) },
                    },
                    [p] = new JsonObject { ["type"] = "object", ["description"] = S(p), ["properties"] = new JsonObject { ["x"] = new JsonObject { ["type"] = "string" } } },
                    ["} class X {"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["y"] = new JsonObject { ["type"] = "string" } } },
                    ["Either"] = new JsonObject
                    {
                        ["description"] = S(p),
                        ["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/} class X {" }, new JsonObject { ["$ref"] = "#/components/schemas/Hostile" }),
                        ["discriminator"] = new JsonObject { ["propertyName"] = S(p), ["mapping"] = new JsonObject { [p] = "#/components/schemas/Hostile", ["\""] = "#/components/schemas/} class X {" } },
                    },
                    ["Numbers"] = new JsonObject { ["type"] = "integer", ["description"] = S(p), ["enum"] = new JsonArray(1, -9223372036854775808L, 9223372036854775807L) },
                },
                ["securitySchemes"] = new JsonObject
                {
                    [p] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = S(p), ["description"] = S(p) },
                    ["q" + p] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = S(p), ["description"] = S(p) },
                },
            },
            ["security"] = new JsonArray(new JsonObject { [p] = new JsonArray() }),
        };
    }

    [Fact]
    public void Hostile_text_compiles_with_no_diagnostic_even_with_XML_documentation_checked()
    {
        var g = Output.Value.Output;
        Assert.Empty(g.Result.CompileDiagnostics);

        // Again with documentation comments parsed and checked: an escaped </summary> must not make the XML invalid.
        var trees = g.Result.Sources.Select(s => CSharpSyntaxTree.ParseText(s.SourceText, GeneratorHarness.ParseOptions().WithDocumentationMode(DocumentationMode.Diagnose), s.HintName));
        var compilation = GeneratorHarness.CreateCompilation(Array.Empty<string>()).AddSyntaxTrees(trees);
        var diagnostics = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.Take(20)));
    }

    [Fact]
    public void No_injected_type_member_or_directive_appears()
    {
        var g = Output.Value.Output;
        var roots = g.SpecSources.Select(s => (s.HintName, Root: s.SyntaxTree.GetRoot())).ToList();
        foreach (var (hint, root) in roots)
        {
            Assert.DoesNotContain(root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>(), t => t.Identifier.ValueText == "X");
            Assert.DoesNotContain(root.DescendantNodes().OfType<MethodDeclarationSyntax>(), m => m.Identifier.ValueText == "M");
            var directives = root.DescendantTrivia(descendIntoTrivia: true).Where(t => t.IsDirective).Select(t => t.GetStructure()).ToList();
            Assert.All(directives, d => Assert.True(d is NullableDirectiveTriviaSyntax || d is PragmaWarningDirectiveTriviaSyntax, hint + ": unexpected directive " + d));
            Assert.Equal(2, directives.Count);
            Assert.False(root.ContainsDiagnostics, hint + " does not parse cleanly");
        }

        // Exactly the types the spec declares, under sanitised names.
        var sanitised = "ErrorInjectedClassXVoidMErrorLsErrorPsErrorNelDefineEvilSummarySummaryU0022ClassXEnd";
        Assert.Equal(new[] { "ClassX", sanitised, sanitised + "Request", "Hostile" }, g.DeclaredTypeNames("Models"));
        Assert.Equal(new[] { sanitised + sanitised, "HostileChoice", "Numbers" }, g.DeclaredTypeNames("Enums"));
        Assert.Equal(new[] { "Either", sanitised + "Result" }, g.DeclaredTypeNames("Unions"));
    }

    [Fact]
    public void Members_are_exactly_those_of_the_spec()
    {
        var g = Output.Value.Output;
        var hostile = g.Type("Hostile");
        Assert.Equal(7, hostile.Members.OfType<PropertyDeclarationSyntax>().Count()); // 6 properties and the additional-properties bag
        Assert.Single(hostile.Members.OfType<MethodDeclarationSyntax>()); // ToString
        Assert.Single(hostile.Members.OfType<ClassDeclarationSyntax>()); // JsonConverter
        var choice = g.Type("HostileChoice");
        Assert.Equal(8, choice.Members.OfType<FieldDeclarationSyntax>().Count(f => f.Modifiers.Any(SyntaxKind.StaticKeyword) && f.Modifiers.Any(SyntaxKind.ReadOnlyKeyword)));
        var either = g.Type("Either");
        Assert.Equal(3, either.Members.OfType<PropertyDeclarationSyntax>().Count());
        Assert.Single(g.Operations());
    }

    [Fact]
    public void Spec_text_reaches_the_program_unchanged()
    {
        var g = Output.Value.Output;
        // Enum values and JSON names are string literals: they must hold exactly the spec's text.
        var known = (IEnumerable)g.LoadedType("HostileChoice").GetProperty("KnownValues")!.GetValue(null)!;
        Assert.Equal(new[] { Payload, "\"", "\\", "\n", "#error", "} class X {", "\u2028", "\\u0022" }, known.Cast<object>().Select(v => v.ToString()));

        var json = "{" + JsonSerializer.Serialize(Payload) + ":" + JsonSerializer.Serialize(Payload) + ",\"choice\":\"\\u2028\"}";
        var value = g.Deserialize("Hostile", json)!;
        var payloadProperty = value.GetType().GetProperties().Single(p => p.PropertyType == typeof(string));
        Assert.Equal(Payload, payloadProperty.GetValue(value));
        Assert.Equal("\u2028", Generated.Get(value, "Choice")!.ToString());
        using var written = JsonDocument.Parse(g.Serialize(value));
        Assert.Equal(Payload, written.RootElement.GetProperty(Payload).GetString());
        // The default of the payload property is the payload itself.
        var fresh = Activator.CreateInstance(value.GetType())!;
        Assert.Equal(Payload, payloadProperty.GetValue(fresh));
        Assert.Equal("\"", Generated.Get(fresh, "Choice")!.ToString());
        // Sensitive: ToString writes the member's name (JSON text, escaped) and *** for its value.
        var text = value.ToString()!;
        Assert.StartsWith("Hostile ", text, StringComparison.Ordinal);
        using var described = JsonDocument.Parse(text.Substring("Hostile ".Length));
        Assert.Equal("***", described.RootElement.GetProperty(Payload).GetString());
    }

    [Fact]
    public void A_hostile_file_name_namespace_and_client_name_are_sanitised()
    {
        var text = Spec("payload").ToJsonString();
        var result = GeneratorHarness.Run(new[] { new SpecFile("/specs/" + "evil\"*/\n#error x} class X {.json", text, "Evil\"; } class X { //.\n#error.Ns", "Client\"; class X {") });
        Assert.Empty(result.Exceptions);
        Assert.True(result.CompileDiagnostics.IsEmpty, result.Describe());
        var generated = result.Sources.Where(s => !s.HintName.StartsWith("EnKashGen.Runtime.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(generated);
        foreach (var source in generated)
        {
            var root = source.SyntaxTree.GetRoot();
            Assert.DoesNotContain(root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>(), t => t.Identifier.ValueText == "X");
            Assert.Equal(2, root.DescendantTrivia(descendIntoTrivia: true).Count(t => t.IsDirective));
            Assert.Equal("EvilClassX.Error.Ns", root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString());
        }
        Assert.Contains(generated, s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.ValueText == "ClientClassX"));
    }
}
