using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using EnKashGen.RuntimeTests.RoundTrip;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// A card answer may lack any member EnKash does not always send, or carry it as null, and still read: tried member by
/// member (nested ones too) on EnKash's documented card example, through the client and the fake server.
/// </summary>
public class TolerantResponseTests
{
    /// <summary>What every EnKash answer carries: the card id. Everything else may be missing.</summary>
    private static readonly string[] AlwaysPresent = { "enKashCardId" };

    private const string CardId = "EKC94AEX89";

    /// <summary>Every member path of the documented example ("cardStatus.name" for nested ones), in document order.</summary>
    private static IEnumerable<string> MemberPaths()
    {
        foreach (var (name, value) in JsonNode.Parse(TestData.CardJson)!.AsObject())
        {
            yield return name;
            if (value is JsonObject nested)
            {
                foreach (var (inner, _) in nested)
                {
                    yield return name + "." + inner;
                }
            }
        }
    }

    public static TheoryData<string, bool> OptionalMembers()
    {
        var data = new TheoryData<string, bool>();
        foreach (var path in MemberPaths().Where(p => !AlwaysPresent.Contains(p)))
        {
            data.Add(path, false);
            data.Add(path, true);
        }
        return data;
    }

    [Fact]
    public void The_member_list_is_the_documented_example()
    {
        // The fixture is EnKash's gift-card example as the spec carries it (89 members, 11 of them inside 5 objects).
        var documented = ExampleRoundTripTests.DocumentedCardPayload();
        Assert.True(JsonNode.DeepEquals(documented, JsonNode.Parse(TestData.CardJson)), "TestData.CardJson is not the spec's createCard example");
        Assert.Equal(89, documented.AsObject().Count);
        Assert.Equal(89 + 11, MemberPaths().Count());
        Assert.Equal(2 * (89 + 11 - AlwaysPresent.Length), OptionalMembers().Count());
    }

    [Theory]
    [MemberData(nameof(OptionalMembers))]
    public async Task A_card_without_an_optional_member_or_with_it_null_still_reads(string path, bool asNull)
    {
        var sent = Without(path, asNull);
        var server = new FakeEnKashServer().On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(sent.ToJsonString())));

        var card = await TestData.Client(server).Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "CEKEP5GSGP", CardAccountId = "CAA8W45", EnKashCardId = CardId });

        Assert.Equal(CardId, card.EnKashCardId);
        Assert.True(card.AdditionalProperties is null || !card.AdditionalProperties.ContainsKey(path.Split('.')[0]), path + " was not read as a member of Card");
        // Everything else arrived: written back, the card is what was sent, without the member (a null is not kept).
        var written = JsonNode.Parse(JsonSerializer.Serialize(card, EnKashCardsClientJson.TypeInfo<Card>()))!;
        var expected = Without(path, asNull: false);
        Assert.True(JsonNode.DeepEquals(expected, written), $"{path}: read back as {written.ToJsonString()}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_card_without_its_id_is_a_format_error_that_names_it(bool asNull)
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(Without("enKashCardId", asNull).ToJsonString())));

        var ex = await Assert.ThrowsAsync<ApiResponseFormatException>(() => TestData.Client(server).Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" }));

        Assert.Equal("getCardDetails", ex.OperationId);
        Assert.Contains("enKashCardId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_with_only_its_id_reads()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("{\"enKashCardId\":\"" + CardId + "\"}")));

        var card = await TestData.Client(server).Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" });

        Assert.Equal(CardId, card.EnKashCardId);
        Assert.Null(card.MaskedNumber);
        Assert.Null(card.OtbBalance);
        Assert.Null(card.CardStatus);
        Assert.Null(card.Gender);
    }

    [Fact]
    public async Task A_token_answer_with_only_the_access_token_is_accepted()
    {
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json("{\"access_token\":\"only-token\"}"))
            .On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));

        var card = await TestData.Client(server).Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" });

        Assert.Equal(CardId, card.EnKashCardId);
        Assert.Equal("Bearer only-token", server.CallsTo(FakeEnKashServer.SearchCardPath).Single().Header("Authorization"));
    }

    /// <summary>The documented card with the member at <paramref name="path"/> removed, or set to null.</summary>
    private static JsonObject Without(string path, bool asNull)
    {
        var card = JsonNode.Parse(TestData.CardJson)!.AsObject();
        var parts = path.Split('.');
        var owner = parts.Length == 1 ? card : card[parts[0]]!.AsObject();
        if (asNull)
        {
            owner[parts[^1]] = null;
        }
        else
        {
            Assert.True(owner.Remove(parts[^1]), path + " is not in the example");
        }
        return card;
    }
}
