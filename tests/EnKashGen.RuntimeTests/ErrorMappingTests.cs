using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>Every failure surfaces as one ApiException type that names the operation; never a raw framework exception.</summary>
public class ErrorMappingTests
{
    private static FakeEnKashServer Answering(string path, Func<RecordedRequest, HttpResponseMessage> respond) => new FakeEnKashServer().On(path, respond);

    private static Task<EnKash.Card> CreateCard(FakeEnKashServer server, Action<EnKash.EnKashCardsClientOptions>? configure = null, CancellationToken cancellationToken = default)
        => TestData.Client(server, configure).Cards.CreateCardAsync(TestData.CreateCardRequest(), cancellationToken);

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "non-JSON body", "<html><body>Bad gateway</body></html>" },
        { "truncated JSON", "{\"code\":0,\"message\":\"Success\",\"payload\":{\"enKashCardId\":\"EKC94AEX89\",\"userId\":\"EK9" },
        { "truncated after the payload", "{\"code\":0,\"payload\":" + TestData.CardJson },
        { "missing required payload member", FakeEnKashServer.Envelope(TestData.CardJsonWith(("enKashCardId", null))) },
        { "required payload member is null", FakeEnKashServer.Envelope(TestData.CardJsonWith(("enKashCardId", System.Text.Json.Nodes.JsonValue.Create((string?)null)))) },
        { "wrong type inside the payload", FakeEnKashServer.Envelope(TestData.CardJsonWith(("otbBalance", new System.Text.Json.Nodes.JsonObject { ["amount"] = 1 }))) },
        { "number that is not a number", FakeEnKashServer.Envelope(TestData.CardJsonWith(("otbBalance", "five hundred"))) },
        { "payload of the wrong kind", FakeEnKashServer.Envelope("[1,2,3]") },
        { "payload is a string", FakeEnKashServer.Envelope("\"Success\"") },
        { "empty body", "" },
        { "JSON null", "null" },
        { "JSON array", "[{\"code\":0}]" },
        { "empty object", "{}" },
        { "code is text", "{\"code\":\"zero\",\"payload\":{}}" },
        { "code is null", "{\"code\":null,\"payload\":{}}" },
        { "code too large", "{\"code\":1e400,\"payload\":{}}" },
        { "trailing garbage", TestData.CardEnvelope + "}}" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_200_response_is_an_ApiResponseFormatException(string what, string body)
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(body));

        var ex = await Record.ExceptionAsync(() => CreateCard(server));

        var format = Assert.IsType<ApiResponseFormatException>(ex);
        Assert.True(format.OperationId == "createCard", what);
        Assert.Contains("createCard", format.Message);
        Assert.Equal(200, format.StatusCode);
    }

    private static HttpResponseMessage RawJson(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static byte[] WithInvalidUtf8(string before, string after)
        => Encoding.UTF8.GetBytes(before).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(after)).ToArray();

    [Fact]
    public async Task Text_that_is_not_UTF8_is_an_ApiResponseFormatException()
    {
        var envelope = WithInvalidUtf8("{\"code\":0,\"message\":\"", "\",\"payload\":" + TestData.CardJson + "}");
        var withMarker = "{\"code\":0,\"payload\":" + TestData.CardJsonWith(("firstName", "__X__")) + "}";
        var marker = withMarker.IndexOf("__X__", StringComparison.Ordinal);
        var inPayload = WithInvalidUtf8(withMarker.Substring(0, marker), withMarker.Substring(marker + 5));
        foreach (var body in new[] { envelope, inPayload })
        {
            var server = Answering(FakeEnKashServer.CreateCardPath, _ => RawJson(body));
            var ex = await Record.ExceptionAsync(() => CreateCard(server));
            Assert.Equal("createCard", Assert.IsType<ApiResponseFormatException>(ex).OperationId);
        }

        // The token call is not enveloped; it goes through the plain JSON path.
        var tokenServer = Answering(FakeEnKashServer.TokenPath, _ => RawJson(WithInvalidUtf8("{\"access_token\":\"", "\",\"token_type\":\"bearer\",\"refresh_token\":\"r\",\"expires_in\":60,\"scope\":\"s\"}")));
        var tokenClient = TestData.Client(tokenServer);
        var tokenEx = await Record.ExceptionAsync(() => tokenClient.Auth.GetPartnerTokenAsync(new EnKash.GetPartnerTokenRequest { Username = "u", Password = "p", GrantType = "password", ClientId = "c" }));
        Assert.Equal("getPartnerToken", Assert.IsType<ApiResponseFormatException>(tokenEx).OperationId);
    }

    [Fact]
    public async Task A_missing_required_member_is_named_in_the_message()
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(TestData.CardJsonWith(("enKashCardId", null)))));

        var ex = await Assert.ThrowsAsync<ApiResponseFormatException>(() => CreateCard(server));

        Assert.Contains("enKashCardId", ex.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "text/html", "<html>Internal error</html>")]
    [InlineData(HttpStatusCode.NotFound, "text/plain", "Not Found")]
    [InlineData(HttpStatusCode.BadGateway, "application/json", "{\"timestamp\":\"2025-01-29T11:57:51Z\",\"status\":502,\"error\":\"Bad Gateway\"}")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "application/json", "")]
    [InlineData(HttpStatusCode.Forbidden, "application/json", "{\"code\":")]
    public async Task An_HTTP_error_without_an_envelope_is_an_ApiHttpException_with_the_status(HttpStatusCode status, string mediaType, string body)
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Text(body, status, mediaType));

        var ex = await Assert.ThrowsAsync<ApiHttpException>(() => CreateCard(server));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public async Task An_HTTP_error_of_an_encrypted_operation_in_plain_json_is_still_an_ApiHttpException()
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Text("{\"error\":\"gateway\"}", HttpStatusCode.BadGateway, "application/json"));

        var ex = await Assert.ThrowsAsync<ApiHttpException>(() => CreateCard(server, o => o.EncryptionEnabled = true));

        Assert.Equal(502, ex.StatusCode);
    }

    [Fact]
    public async Task A_slow_API_fails_with_ApiTimeoutException_after_the_configured_timeout()
    {
        var server = new FakeEnKashServer().OnAsync(FakeEnKashServer.CreateCardPath, async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => CreateCard(server, o => o.Timeout = TimeSpan.FromMilliseconds(300)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "took " + watch.Elapsed);
        Assert.Equal(TimeSpan.FromMilliseconds(300), ex.Timeout);
        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
    }

    [Fact]
    public async Task A_slow_token_host_counts_against_the_timeout_of_the_call_that_needs_the_token()
    {
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope))
            .OnAsync(FakeEnKashServer.TokenPath, async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return FakeEnKashServer.Json(FakeEnKashServer.TokenJson("late", 3600));
            });

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => CreateCard(server, o => o.Timeout = TimeSpan.FromMilliseconds(300)));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_not_a_timeout()
    {
        using var entered = new SemaphoreSlim(0);
        var server = new FakeEnKashServer().OnAsync(FakeEnKashServer.CreateCardPath, async (_, ct) =>
        {
            entered.Release();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        using var cts = new CancellationTokenSource();

        var call = CreateCard(server, o => o.Timeout = TimeSpan.FromSeconds(20), cts.Token);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));
        cts.Cancel();
        var ex = await Record.ExceptionAsync(() => call);

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.IsNotType<ApiTimeoutException>(ex);
    }

    [Fact]
    public async Task An_already_cancelled_call_sends_nothing()
    {
        var server = new FakeEnKashServer();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateCard(server, cancellationToken: cts.Token));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_connection_failure_is_an_ApiConnectionException()
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => throw new HttpRequestException("Connection refused (pay-uat.enkash.in:443)", new System.Net.Sockets.SocketException(111)));

        var ex = await Assert.ThrowsAsync<ApiConnectionException>(() => CreateCard(server));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task A_connection_reset_while_reading_is_an_ApiConnectionException()
    {
        var server = Answering(FakeEnKashServer.CreateCardPath, _ => throw new System.IO.IOException("Connection reset by peer"));

        var ex = await Assert.ThrowsAsync<ApiConnectionException>(() => CreateCard(server));

        Assert.Contains("createCard", ex.Message);
    }

    [Fact]
    public async Task An_unreachable_token_host_is_an_ApiAuthenticationException_for_the_calling_operation()
    {
        var server = Answering(FakeEnKashServer.TokenPath, _ => throw new HttpRequestException("Name or service not known (ekpayout-uat.enkash.in:443)"));

        var ex = await Assert.ThrowsAsync<ApiAuthenticationException>(() => CreateCard(server));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Contains("getPartnerToken", ex.Message);
        Assert.IsType<ApiConnectionException>(ex.InnerException?.InnerException);
        Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Theory]
    [InlineData("{\"access_token\":\"\",\"token_type\":\"bearer\",\"refresh_token\":\"r\",\"expires_in\":60,\"scope\":\"s\"}")]
    [InlineData("{\"token_type\":\"bearer\"}")]
    [InlineData("<html>login</html>")]
    public async Task An_unusable_token_response_is_an_ApiAuthenticationException(string body)
    {
        var server = Answering(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json(body));

        var ex = await Assert.ThrowsAsync<ApiAuthenticationException>(() => CreateCard(server));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Fact]
    public async Task Every_operation_group_maps_failures_the_same_way()
    {
        // One malformed answer for every path: each call fails with an ApiException naming its own operation.
        var server = new FakeEnKashServer();
        foreach (var path in new[]
        {
            FakeEnKashServer.CreateCardPath, "/api/v0/partner/enKashCard/balance", FakeEnKashServer.BlockCardPath, FakeEnKashServer.ReplaceCardPath,
            FakeEnKashServer.SearchCardPath, "/api/v0/partner/enKashCard/transaction/all", "/api/v0/partner/enKashCard/cardAccount/create",
            "/api/v0/partner/enKashCard/cardAccount/get", FakeEnKashServer.SetPinPath, "/api/v0/partner/enKashCard/otp",
            FakeEnKashServer.VelocityRulePath, "/api/v0/partner/enKashCard/velocity/rule/get", FakeEnKashServer.VkycLinkPath,
        })
        {
            server.On(path, _ => FakeEnKashServer.Json("{\"code\":0,\"payload\":{\"x\":"));
        }
        var client = TestData.Client(server);
        var calls = new (string Operation, Func<Task> Call)[]
        {
            ("createCard", () => client.Cards.CreateCardAsync(TestData.CreateCardRequest())),
            ("loadCardBalance", () => client.Cards.LoadCardBalanceAsync(new EnKash.LoadCardBalanceRequest { Amount = 10m, TransactionType = EnKash.TransactionType.Credit })),
            ("blockCard", () => client.Cards.BlockCardAsync(TestData.BlockCardRequest())),
            ("replaceCard", () => client.Cards.ReplaceCardAsync(new EnKash.ReplaceCardRequest { EnKashCardId = "EKC1", OtpMedium = EnKash.OtpMedium.Mobile })),
            ("getCardDetails", () => client.Cards.GetCardDetailsAsync(new EnKash.GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" })),
            ("getTransactionDetails", () => client.Transactions.GetTransactionDetailsAsync(new EnKash.GetTransactionDetailsRequest { CompanyId = "C", CardAccountId = "A" })),
            ("createCardAccount", () => client.CardAccounts.CreateCardAccountAsync(new EnKash.CreateCardAccountRequest { CompanyId = "C", CompanyName = "N", PlanMasterId = "P", Email = "a@b.cd", Mobile = "6001098801", AccountTitle = "T", AccountType = EnKash.CardAccountType.Gift })),
            ("getCardAccount", () => client.CardAccounts.GetCardAccountAsync(new EnKash.GetCardAccountRequest { CompanyId = "C", CardAccountId = "A" })),
            ("setCardPin", () => client.CardSecurity.SetCardPinAsync(TestData.SetCardPinRequest())),
            ("generateCardOtp", () => client.CardSecurity.GenerateCardOtpAsync(new EnKash.GenerateCardOtpRequest { EnKashCardId = "EKC1" })),
            ("updateVelocityRules", () => client.CardControls.UpdateVelocityRulesAsync(new EnKash.UpdateVelocityRulesRequest { CompanyId = "C", CardAccountId = "A", EnKashCardIds = new[] { "EKC1" } })),
            ("getVelocityRules", () => client.CardControls.GetVelocityRulesAsync(new EnKash.GetVelocityRulesRequest { CompanyId = "C", CardAccountId = "A", EnKashCardId = "E" })),
            ("getVkycLink", () => client.Kyc.GetVkycLinkAsync()),
        };
        foreach (var (operation, call) in calls)
        {
            var ex = await Record.ExceptionAsync(call);
            if (operation == "loadCardBalance")
            {
                // A load answered unreadably may have moved money; its lookup (answered unreadably too) cannot tell.
                ex = Assert.IsType<ApiOutcomeUnknownException>(ex).InnerException;
            }
            var format = Assert.IsType<ApiResponseFormatException>(ex);
            Assert.Equal(operation, format.OperationId);
            Assert.Contains("'" + operation + "'", format.Message);
        }
    }
}
