using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnKashGen.RuntimeTests.EnKash;
using SharpYaml.Serialization;
using Xunit;

namespace EnKashGen.RuntimeTests.RoundTrip;

/// <summary>
/// Every request and response example of specs/enkash-cards.yaml (the payload, for an enveloped answer) and every schema
/// example deserializes into the generated model and serializes back to equivalent JSON, through the generated
/// (reflection-free) metadata.
/// </summary>
public class ExampleRoundTripTests
{
    // Examples are read from the YAML nodes themselves: the OpenAPI reader re-types example values it cannot match
    // to a schema (a date-like string becomes a DateTime), which would hide exactly what this test is about.
    private static readonly Lazy<YamlMappingNode> Spec = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoRoot(), "specs", "enkash-cards.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    public static IEnumerable<object[]> Examples()
    {
        var paths = (YamlMappingNode)Spec.Value.Children[new YamlScalarNode("paths")];
        foreach (var path in paths.Children)
        {
            foreach (var op in ((YamlMappingNode)path.Value).Children)
            {
                if (op.Value is not YamlMappingNode operation || !operation.Children.ContainsKey(new YamlScalarNode("operationId")))
                {
                    continue;
                }
                var operationId = ((YamlScalarNode)operation.Children[new YamlScalarNode("operationId")]).Value;
                var media = new List<(YamlMappingNode Content, string Where)>();
                if (Child(operation, "requestBody") is YamlMappingNode body && Child(body, "content") is YamlMappingNode bodyContent)
                {
                    media.AddRange(bodyContent.Children.Select(c => ((YamlMappingNode)c.Value, "request")));
                }
                if (Child(operation, "responses") is YamlMappingNode responses)
                {
                    foreach (var response in responses.Children)
                    {
                        if (Child((YamlMappingNode)response.Value, "content") is YamlMappingNode content)
                        {
                            media.AddRange(content.Children.Select(c => ((YamlMappingNode)c.Value, "response " + ((YamlScalarNode)response.Key).Value)));
                        }
                    }
                }
                foreach (var (content, where) in media)
                {
                    if (Child(content, "schema") is not YamlMappingNode schema)
                    {
                        continue;
                    }
                    // An enveloped answer is the envelope narrowed inline to a payload: the payload is what has a type.
                    var payloadRef = EnvelopedPayloadRef(schema);
                    var schemaRef = payloadRef ?? RefName(schema);
                    if (schemaRef is null)
                    {
                        continue;
                    }
                    var examples = new List<(string Name, YamlNode Value)>();
                    if (Child(content, "example") is { } example)
                    {
                        examples.Add((operationId + " " + where, example));
                    }
                    if (Child(content, "examples") is YamlMappingNode named)
                    {
                        examples.AddRange(named.Children
                            .Where(pair => Child((YamlMappingNode)pair.Value, "value") is not null)
                            .Select(pair => (operationId + " " + where + " " + ((YamlScalarNode)pair.Key).Value, Child((YamlMappingNode)pair.Value, "value")!)));
                    }
                    foreach (var (name, value) in examples)
                    {
                        var json = payloadRef is null ? ToJson(value) : ToJson(Child((YamlMappingNode)value, "payload")!);
                        yield return new object[] { name + (payloadRef is null ? string.Empty : " payload"), schemaRef, json!.ToJsonString() };
                    }
                }
            }
        }

        var components = (YamlMappingNode)Child((YamlMappingNode)Spec.Value.Children[new YamlScalarNode("components")], "schemas")!;
        foreach (var component in components.Children)
        {
            if (Child((YamlMappingNode)component.Value, "example") is { } example)
            {
                var name = ((YamlScalarNode)component.Key).Value!;
                yield return new object[] { "schema " + name, name, ToJson(example)!.ToJsonString() };
            }
        }
    }

    /// <summary>The payload of EnKash's createCard example, the one fully documented card.</summary>
    public static JsonNode DocumentedCardPayload() => JsonNode.Parse((string)Examples().Single(e => (string)e[0] == "createCard response 200 payload")[2])!;

    private static string? RefName(YamlMappingNode schema) => Child(schema, "$ref") is YamlScalarNode r ? r.Value!.Split('/').Last() : null;

    /// <summary>The component an inline envelope narrows its payload to, when the schema is one.</summary>
    private static string? EnvelopedPayloadRef(YamlMappingNode schema)
    {
        if (Child(schema, "allOf") is not YamlSequenceNode parts || !parts.Children.OfType<YamlMappingNode>().Any(p => RefName(p) == "ResponseEnvelope"))
        {
            return null;
        }
        return parts.Children.OfType<YamlMappingNode>()
            .Select(p => Child(p, "properties") is YamlMappingNode properties && Child(properties, "payload") is YamlMappingNode payload ? RefName(payload) : null)
            .FirstOrDefault(r => r is not null);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    /// <summary>YAML to JSON: quoted scalars are strings; plain scalars become numbers, booleans or null where they look like one.</summary>
    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var pair in map.Children)
                {
                    obj[((YamlScalarNode)pair.Key).Value!] = ToJson(pair.Value);
                }
                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(ToJson(item));
                }
                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Style is SharpYaml.ScalarStyle.Plain)
                {
                    if (text is "null" or "~" or "")
                    {
                        return null;
                    }
                    if (text is "true" or "false")
                    {
                        return JsonValue.Create(text == "true");
                    }
                    if (System.Text.RegularExpressions.Regex.IsMatch(text, "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"))
                    {
                        return JsonNode.Parse(text);
                    }
                }
                return JsonValue.Create(text);
            default:
                throw new InvalidOperationException("Unsupported YAML node " + node.GetType());
        }
    }

    [Fact]
    public void The_spec_has_examples_for_most_operations()
    {
        var examples = Examples().ToList();
        Assert.True(examples.Count >= 14, $"only {examples.Count} examples found");
        Assert.Contains(examples, e => (string)e[0] == "createCard response 200 payload" && (string)e[1] == "Card");
        Assert.Contains(examples, e => (string)e[0] == "getCardAccount response 200 payload" && (string)e[1] == "CardAccount");
        Assert.Contains(examples, e => (string)e[0] == "schema GetPartnerTokenResult");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_through_the_generated_model(string where, string schemaName, string json)
    {
        var type = typeof(EnKashCardsClient).Assembly.GetType("EnKashGen.RuntimeTests.EnKash." + schemaName);
        Assert.True(type is not null, $"{where}: no generated type {schemaName}");
        var info = EnKashCardsClientJson.Options.GetTypeInfo(type!);

        var value = JsonSerializer.Deserialize(json, info);
        Assert.NotNull(value);
        var back = JsonSerializer.Serialize(value, info);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(back)), $"{where}:\nexpected {json}\nactual   {back}");
    }

    [Fact]
    public void Create_card_example_reads_typed_values_from_the_docs()
    {
        var json = Examples().Single(e => ((string)e[0]) == "createCard response 200 payload")[2].ToString()!;
        var card = JsonSerializer.Deserialize(json, EnKashCardsClientJson.TypeInfo<Card>())!;

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(CardStatusCode.UnLocked, card.CardStatus!.Name);
        Assert.Equal("UnLocked", card.CardStatus.Label);
        Assert.Equal(KycStatusCode.NotUploaded, card.KycStatus!.Name);
        Assert.Equal(500m, card.OtbBalance);
        Assert.Equal("Jan 29, 2025 11:57:51 AM", card.CreatedOn);
        Assert.True(card.CardStatus.Name!.Value.IsKnown);
    }

    [Fact]
    public void Unknown_enum_values_deserialize_and_round_trip_unchanged()
    {
        var json = Examples().Single(e => ((string)e[0]) == "createCard response 200 payload")[2].ToString()!;
        var node = JsonNode.Parse(json)!;
        node["cardStatus"]!["name"] = "FROZEN_BY_RISK";
        node["kycStatus"]!["name"] = "VIDEO_KYC_SCHEDULED";
        node["gender"] = "X";
        var changed = node.ToJsonString();

        var card = JsonSerializer.Deserialize(changed, EnKashCardsClientJson.TypeInfo<Card>())!;
        var status = card.CardStatus!.Name!.Value;
        Assert.False(status.IsKnown);
        Assert.Equal("FROZEN_BY_RISK", status.Value);
        Assert.NotEqual(CardStatusCode.Locked, status);
        Assert.Equal(new Gender("X"), card.Gender);
        Assert.False(card.Gender!.Value.IsKnown);

        var back = JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(changed), JsonNode.Parse(back)), back);
    }

    [Fact]
    public void Members_the_spec_does_not_know_are_kept()
    {
        var example = JsonNode.Parse(Examples().Single(e => ((string)e[0]) == "createCard response 200 payload")[2].ToString()!)!;
        example["brandNewField"] = JsonNode.Parse("{\"x\":[1,2]}");
        var card = JsonSerializer.Deserialize(example.ToJsonString(), EnKashCardsClientJson.TypeInfo<Card>());
        Assert.NotNull(card);
        Assert.True(card!.AdditionalProperties!.ContainsKey("brandNewField"));
        var back = JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>());
        Assert.Contains("\"brandNewField\":{\"x\":[1,2]}", back);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnKashGen.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
