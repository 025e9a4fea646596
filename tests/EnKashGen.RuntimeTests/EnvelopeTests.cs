using System.Net;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>The EnKash envelope: success only when code (or response_code) is 0, in any member order.</summary>
public class EnvelopeTests
{
    private static Task<EnKash.Card> CreateCard(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(body, status));
        return TestData.Client(server).Cards.CreateCardAsync(TestData.CreateCardRequest());
    }

    public static TheoryData<string> SuccessBodies => new()
    {
        "{\"code\":0,\"message\":\"Success\",\"payload\":" + TestData.CardJson + "}",
        "{\"response_code\":0,\"response_message\":\"Success\",\"payload\":" + TestData.CardJson + "}",
        // The payload before the code: it is kept and read once the code is known.
        "{\"payload\":" + TestData.CardJson + ",\"message\":\"Success\",\"code\":0}",
        "{\"payload\":" + TestData.CardJson + ",\"response_code\":0}",
        // EnKash sometimes sends numbers as strings.
        "{\"code\":\"0\",\"payload\":" + TestData.CardJson + "}",
        // Unknown envelope members are ignored.
        "{\"traceId\":\"abc\",\"meta\":{\"code\":7},\"code\":0,\"payload\":" + TestData.CardJson + "}",
    };

    [Theory]
    [MemberData(nameof(SuccessBodies))]
    public async Task A_zero_code_in_either_spelling_and_any_order_returns_the_typed_payload(string body)
    {
        var card = await CreateCard(body);

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal("XXXX XXXX XXXX 3211", card.MaskedNumber);
        Assert.Equal(500m, card.LoadAmount);
        Assert.Equal("UL", card.CardStatus?.Name?.Value);
    }

    public static TheoryData<string, string?> FailureBodies => new()
    {
        { "{\"code\":1,\"message\":\"Insufficient balance in card account\",\"payload\":\"Insufficient balance in card account\"}", "Insufficient balance in card account" },
        { "{\"response_code\":1,\"response_message\":\"Card account not found\",\"payload\":\"Card account not found\"}", "Card account not found" },
        { "{\"payload\":\"Card account not found\",\"response_message\":\"Card account not found\",\"response_code\":1}", "Card account not found" },
        // A failure carries no card, so the payload is not read at all (even when it could not be).
        { "{\"code\":1,\"payload\":{\"unexpected\":[1,2,3]}}", null },
    };

    [Theory]
    [MemberData(nameof(FailureBodies))]
    public async Task Code_1_throws_ApiErrorException_with_code_message_status_and_operation(string body, string? message)
    {
        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => CreateCard(body));

        Assert.Equal(1, ex.Code);
        Assert.Equal(message, ex.ApiMessage);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Contains("code 1", ex.Message);
    }

    [Fact]
    public async Task An_envelope_on_an_HTTP_error_status_is_reported_with_its_code_and_that_status()
    {
        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => CreateCard("{\"code\":1,\"message\":\"Invalid card account\"}", HttpStatusCode.BadRequest));

        Assert.Equal(1, ex.Code);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("Invalid card account", ex.ApiMessage);
    }

    [Fact]
    public async Task Code_takes_precedence_over_response_code_whatever_the_member_order()
    {
        // The spec: read the code from 'code' and only when it is absent from 'response_code'.
        var card = await CreateCard("{\"response_code\":1,\"response_message\":\"stale\",\"code\":0,\"message\":\"Success\",\"payload\":" + TestData.CardJson + "}");
        Assert.Equal("EKC94AEX89", card.EnKashCardId);

        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => CreateCard("{\"response_code\":0,\"response_message\":\"Success\",\"payload\":" + TestData.CardJson + ",\"message\":\"Blocked\",\"code\":1}"));
        Assert.Equal(1, ex.Code);
        Assert.Equal("Blocked", ex.ApiMessage);
    }

    [Theory]
    [InlineData("{\"code\":0,\"message\":\"Success\"}")]
    [InlineData("{\"code\":0,\"message\":\"Success\",\"payload\":null}")]
    [InlineData("{\"message\":\"Success\",\"payload\":{}}")]
    public async Task A_success_without_a_usable_payload_or_without_a_code_is_a_format_error(string body)
    {
        var ex = await Assert.ThrowsAsync<ApiResponseFormatException>(() => CreateCard(body));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Equal(200, ex.StatusCode);
    }

    [Fact]
    public async Task A_free_form_payload_is_returned_as_json()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.BlockCardPath, _ => FakeEnKashServer.Json("{\"payload\":{\"status\":\"BL\",\"count\":2},\"response_code\":0}"));

        var payload = await TestData.Client(server).Cards.BlockCardAsync(TestData.BlockCardRequest());

        Assert.Equal("BL", payload.GetProperty("status").GetString());
        Assert.Equal(2, payload.GetProperty("count").GetInt32());
    }
}
