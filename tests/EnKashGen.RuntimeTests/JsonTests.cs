using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>Open enums and the generated, reflection-free JSON resolver.</summary>
public class JsonTests
{
    [Fact]
    public void The_test_process_runs_with_reflection_based_serialization_switched_off()
    {
        // Set by <JsonSerializerIsReflectionEnabledByDefault>false</...> in the project: every test in this assembly,
        // including all client calls, proves that the generated code never needs reflection-based System.Text.Json.
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new { a = 1 }));
    }

    [Fact]
    public void The_resolver_answers_for_generated_types_only_and_never_falls_back_to_reflection()
    {
        var options = EnKashCardsClientJson.Options;

        Assert.True(options.IsReadOnly);
        Assert.Same(EnKashCardsClientJson.Default, options.TypeInfoResolver);
        Assert.Same(options, EnKashCardsClientJson.Options);
        Assert.NotNull(EnKashCardsClientJson.TypeInfo<Card>());
        Assert.ThrowsAny<NotSupportedException>(() => options.GetTypeInfo(typeof(Version)));
    }

    [Fact]
    public void A_card_round_trips_through_the_generated_type_info()
    {
        var card = JsonSerializer.Deserialize(TestData.CardJson, EnKashCardsClientJson.TypeInfo<Card>())!;

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(99500m, card.AccountBalance);
        Assert.Equal(CardStatusCode.UnLocked, card.CardStatus?.Name);
        Assert.Equal("Anay Gift", card.CompanyName);
        var json = JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TestData.CardJson), JsonNode.Parse(json)), json);
        Assert.Equal(json, JsonSerializer.Serialize(card, EnKashCardsClientJson.Options));
    }

    [Fact]
    public void Unknown_members_are_kept_and_written_back()
    {
        var withExtra = TestData.CardJsonWith(("loyaltyTier", "GOLD"), ("flags", new JsonArray(1, 2)));

        var card = JsonSerializer.Deserialize(withExtra, EnKashCardsClientJson.TypeInfo<Card>())!;

        Assert.Equal("GOLD", card.AdditionalProperties!["loyaltyTier"].GetString());
        var json = JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(withExtra), JsonNode.Parse(json)), json);
    }

    [Fact]
    public void Known_and_unknown_enum_values_round_trip()
    {
        var known = JsonSerializer.Deserialize("\"BL\"", EnKashCardsClientJson.TypeInfo<CardStatusCode>());
        var unknown = JsonSerializer.Deserialize("\"TEMP_HOLD\"", EnKashCardsClientJson.TypeInfo<CardStatusCode>());

        Assert.Equal(CardStatusCode.Blocked, known);
        Assert.True(known.IsKnown);
        Assert.False(unknown.IsKnown);
        Assert.Equal("TEMP_HOLD", unknown.Value);
        Assert.Equal("TEMP_HOLD", unknown.ToString());
        Assert.NotEqual(CardStatusCode.Blocked, unknown);
        Assert.Equal(new CardStatusCode("TEMP_HOLD"), unknown);
        Assert.Equal("\"TEMP_HOLD\"", JsonSerializer.Serialize(unknown, EnKashCardsClientJson.TypeInfo<CardStatusCode>()));
        Assert.Equal("\"BL\"", JsonSerializer.Serialize(CardStatusCode.Blocked, EnKashCardsClientJson.Options));
    }

    [Fact]
    public async Task Unknown_enum_values_in_a_response_are_read_and_kept()
    {
        var json = TestData.CardJsonWith(
            ("cardStatus", new JsonObject { ["name"] = "SUSPENDED_BY_ISSUER", ["label"] = "Suspended" }),
            ("kycStatus", new JsonObject { ["name"] = "VIDEO_KYC_PENDING", ["label"] = "Pending" }),
            ("kitType", new JsonObject { ["name"] = "VISA", ["label"] = "Visa" }));
        var server = new FakeEnKashServer().On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(json)));

        var card = await TestData.Client(server).Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" });

        Assert.Equal("SUSPENDED_BY_ISSUER", card.CardStatus?.Name?.Value);
        Assert.False(card.CardStatus?.Name?.IsKnown);
        Assert.Equal("VIDEO_KYC_PENDING", card.KycStatus?.Name?.Value);
        Assert.Equal("VISA", card.KitType?.Name?.Value);
        var written = JsonNode.Parse(JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>()))!;
        Assert.Equal("SUSPENDED_BY_ISSUER", (string?)written["cardStatus"]!["name"]);
        Assert.Equal("VIDEO_KYC_PENDING", (string?)written["kycStatus"]!["name"]);
    }

    [Fact]
    public void A_request_serializes_with_the_spec_names_and_reads_back()
    {
        var request = TestData.CreateCardRequest();

        var json = JsonSerializer.Serialize(request, EnKashCardsClientJson.TypeInfo<CreateCardRequest>());
        var node = JsonNode.Parse(json)!;
        var back = JsonSerializer.Deserialize(json, EnKashCardsClientJson.TypeInfo<CreateCardRequest>())!;

        Assert.Equal("CEKEP5GSGP", (string?)node["companyId"]);
        Assert.Equal("M", (string?)node["gender"]);
        Assert.Equal(10.0m, (decimal?)node["loadAmount"]);
        Assert.Equal("PAN", (string?)node["documents"]![0]!["docType"]);
        Assert.Equal(request.Mobile, back.Mobile);
        Assert.Equal(Gender.Male, back.Gender);
        Assert.Equal("CPNPN9977R", back.Documents![0].DocNo);
    }

    [Fact]
    public void Numbers_and_booleans_sent_as_strings_are_accepted()
    {
        var card = JsonSerializer.Deserialize(TestData.CardJsonWith(("otbBalance", "500.25"), ("primaryCard", "true"), ("cardKitMasterId", "2")), EnKashCardsClientJson.TypeInfo<Card>())!;

        Assert.Equal(500.25m, card.OtbBalance);
        Assert.True(card.PrimaryCard);
        Assert.Equal(2L, card.CardKitMasterId);
    }
}
