using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>Requests that break the spec are refused before anything is sent, with every violation listed.</summary>
public class ValidationTests
{
    private static (string Path, string Rule)[] Violations(ApiValidationException ex)
        => ex.Errors.Select(e => (e.Path, e.Rule)).OrderBy(v => v.Path, System.StringComparer.Ordinal).ThenBy(v => v.Rule, System.StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_card_request_with_a_bad_email_and_an_11_digit_mobile_lists_every_violation_and_sends_nothing()
    {
        var server = new FakeEnKashServer();
        var client = TestData.Client(server);
        var request = TestData.CreateCardRequest();
        request.Email = "johnny.at.example.com";
        request.Mobile = "60010988012";

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => client.Cards.CreateCardAsync(request));

        Assert.Equal(new[] { ("$.email", "pattern"), ("$.mobile", "maxLength"), ("$.mobile", "pattern") }, Violations(ex));
        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Contains("3 violations", ex.Message);
        Assert.Contains("$.email", ex.Message);
        Assert.Contains("$.mobile", ex.Message);
        // The message says which rule was broken, never the value.
        Assert.DoesNotContain("60010988012", ex.Message);
        Assert.DoesNotContain("johnny.at.example.com", ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Missing_required_members_are_reported_with_their_json_names()
    {
        var server = new FakeEnKashServer();
        var request = TestData.CreateCardRequest();
        request.CompanyId = null!;
        request.CardAccountId = null!;
        request.Mobile = "600109880";

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).Cards.CreateCardAsync(request));

        Assert.Equal(new[] { ("$.cardAccountId", "required"), ("$.companyId", "required"), ("$.mobile", "minLength"), ("$.mobile", "pattern") }, Violations(ex));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_unknown_block_code_is_refused_because_the_list_is_closed()
    {
        var server = new FakeEnKashServer();
        var request = TestData.BlockCardRequest();
        request.BlockCode = new CardStatusCode("ZZ");

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).Cards.BlockCardAsync(request));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.blockCode", error.Path);
        Assert.Equal("enum", error.Rule);
        Assert.Contains("L, UL, BL, AP", error.Message);
        Assert.Equal("blockCard", ex.OperationId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_unset_required_enum_is_refused()
    {
        var server = new FakeEnKashServer();
        var request = new BlockCardRequest { CompanyId = "C", CardAccountId = "A", EnKashCardId = "E", BlockCode = default, OtpMedium = default };

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).Cards.BlockCardAsync(request));

        Assert.Equal(new[] { ("$.blockCode", "enum"), ("$.otpMedium", "enum") }, Violations(ex));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0, "minItems")]
    [InlineData(101, "maxItems")]
    public async Task Velocity_rules_need_between_1_and_100_cards(int count, string rule)
    {
        var server = new FakeEnKashServer();
        var request = new UpdateVelocityRulesRequest
        {
            CompanyId = "CEKEP5GSGP",
            CardAccountId = "CAA8W45",
            EnKashCardIds = Enumerable.Range(0, count).Select(i => "EKC" + i).ToArray(),
        };

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).CardControls.UpdateVelocityRulesAsync(request));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.enKashCardIds", error.Path);
        Assert.Equal(rule, error.Rule);
        Assert.Equal("updateVelocityRules", ex.OperationId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Null_items_and_missing_lists_are_reported_with_indexed_paths()
    {
        var server = new FakeEnKashServer();
        var request = new UpdateVelocityRulesRequest
        {
            CompanyId = "CEKEP5GSGP",
            CardAccountId = null!,
            EnKashCardIds = new[] { "EKC1", null!, "EKC3", null! },
        };

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).CardControls.UpdateVelocityRulesAsync(request));

        Assert.Equal(new[] { ("$.cardAccountId", "required"), ("$.enKashCardIds[1]", "required"), ("$.enKashCardIds[3]", "required") }, Violations(ex));

        request.EnKashCardIds = null!;
        ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).CardControls.UpdateVelocityRulesAsync(request));
        Assert.Contains(("$.enKashCardIds", "required"), Violations(ex));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_load_below_the_minimum_with_an_unknown_transaction_type_lists_both()
    {
        var server = new FakeEnKashServer();
        var request = new LoadCardBalanceRequest { Amount = 0m, TransactionType = new TransactionType("XX"), EnKashCardId = "EKCMB7KAEW" };

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).Cards.LoadCardBalanceAsync(request));

        Assert.Equal(new[] { ("$.amount", "minimum"), ("$.transactionType", "enum") }, Violations(ex));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_null_body_is_refused()
    {
        var server = new FakeEnKashServer();

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() => TestData.Client(server).Cards.CreateCardAsync(null!));

        Assert.Equal(new[] { ("$", "required") }, Violations(ex));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Values_outside_an_extensible_list_are_sent_as_they_are()
    {
        var server = new FakeEnKashServer()
            .On("/api/v0/partner/enKashCard/otp", _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("{\"otpRequestId\":\"R1\"}")))
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server);
        var card = TestData.CreateCardRequest();
        card.Documents = new List<HolderDocument> { new() { DocType = new DocType("AADHAAR"), DocNo = "1234" } };

        await client.CardSecurity.GenerateCardOtpAsync(new GenerateCardOtpRequest { CardOtpAction = new CardOtpAction("PIN_CHANGE_OTP"), EnKashCardId = "EKC1" });
        await client.Cards.CreateCardAsync(card);

        Assert.Contains("\"cardOtpAction\":\"PIN_CHANGE_OTP\"", Assert.Single(server.CallsTo("/api/v0/partner/enKashCard/otp")).BodyText);
        Assert.Contains("\"docType\":\"AADHAAR\"", Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath)).BodyText);
    }
}
