using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// Money-safe calls: the load's generated reference, the replay-safety mark on every request, the resilience handler
/// that retries only replay-safe requests, and how a load whose outcome is open is settled by its reference.
/// </summary>
public class ReplaySafetyTests
{
    private const string LoadPath = "/api/v0/partner/enKashCard/balance";
    private const string TransactionsPath = "/api/v0/partner/enKashCard/transaction/all";

    private static LoadCardBalanceRequest Load(string? reference = null) => TestData.LoadCardBalanceRequest(reference);

    private static string? SentReference(RecordedRequest request)
        => JsonDocument.Parse(request.Body).RootElement.TryGetProperty("uniqueReferenceNumber", out var value) ? value.GetString() : null;

    private static string? LookedUpReference(RecordedRequest request)
        => JsonDocument.Parse(request.Body).RootElement.TryGetProperty("pgReferenceNumber", out var value) ? value.GetString() : null;

    private const string LoadResult = """{"enKashCardId":"EKCMB7KAEW","enkashCardTxnId":"ECT1","pgReferenceNumber":"R","otbBalance":110,"maskedNumber":"XXXX 1234"}""";

    /// <summary>The transaction search, answering with the load it was asked about (found) or with nothing.</summary>
    private static Func<RecordedRequest, HttpResponseMessage> Transactions(bool found) => request => FakeEnKashServer.Json(FakeEnKashServer.Envelope(found
        ? "[{\"enKashCardTransactionId\":\"ECT77\",\"enkashCardId\":\"EKCMB7KAEW\",\"pgReferenceNumber\":\"" + LookedUpReference(request) + "\",\"balance\":110.5,\"maskedCard\":\"XXXX 1234\",\"cardTransactionType\":\"CR\"}]"
        : "[]"));

    private static ServiceProvider Services(FakeEnKashServer server, bool safeHandler = true)
    {
        var services = new ServiceCollection();
        var builder = services.AddEnKashCardsClient(o =>
        {
            o.Username = TestData.Username;
            o.Password = TestData.Password;
            o.ClientId = TestData.ClientId;
            o.ClientSecret = TestData.ClientSecret;
            o.PartnerId = TestData.PartnerId;
            o.BaseUrl = new Uri("https://enkash.test");
            o.TokenUrl = new Uri("https://enkash.test/oauth/token");
        }).ConfigurePrimaryHttpMessageHandler(() => server);
        if (safeHandler)
        {
            builder.AddEnKashCardsClientResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        }
        else
        {
            builder.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        }
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_load_without_a_reference_gets_a_fresh_one_before_it_is_sent_and_the_caller_can_read_it()
    {
        var server = new FakeEnKashServer().On(LoadPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(LoadResult)));
        var client = TestData.Client(server);
        var first = Load();
        var second = Load(reference: "");

        await client.Cards.LoadCardBalanceAsync(first);
        await client.Cards.LoadCardBalanceAsync(second);

        var sent = server.CallsTo(LoadPath).Select(SentReference).ToList();
        Assert.Equal(new[] { first.UniqueReferenceNumber, second.UniqueReferenceNumber }, sent);
        // 32 upper-case hexadecimal digits: 128 random bits, accepted by any alphanumeric reference field.
        Assert.All(sent, r => Assert.Matches("^[0-9A-F]{32}$", r));
        Assert.NotEqual(sent[0], sent[1]);
    }

    [Fact]
    public async Task A_reference_the_caller_set_is_sent_unchanged()
    {
        var server = new FakeEnKashServer().On(LoadPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(LoadResult)));
        var request = Load("ORDER-2025-0001");

        await TestData.Client(server).Cards.LoadCardBalanceAsync(request);

        Assert.Equal("ORDER-2025-0001", request.UniqueReferenceNumber);
        Assert.Equal("ORDER-2025-0001", SentReference(Assert.Single(server.CallsTo(LoadPath))));
    }

    [Fact]
    public async Task Every_attempt_of_a_load_and_its_lookup_carry_the_same_reference()
    {
        // A 401 makes the client send the load a second time with a fresh token (the first was refused, not applied);
        // then a 503 leaves the outcome to the lookup.
        var server = new FakeEnKashServer()
            .OnSequence(LoadPath, _ => new HttpResponseMessage(HttpStatusCode.Unauthorized), _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            .On(TransactionsPath, Transactions(found: true));
        var request = Load();

        var result = await TestData.Client(server).Cards.LoadCardBalanceAsync(request);

        var attempts = server.CallsTo(LoadPath);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(request.UniqueReferenceNumber, SentReference(a)));
        Assert.Equal(request.UniqueReferenceNumber, LookedUpReference(Assert.Single(server.CallsTo(TransactionsPath))));
        Assert.Equal(request.UniqueReferenceNumber, result.PgReferenceNumber);
    }

    [Fact]
    public async Task Each_request_is_marked_replay_safe_or_not_as_the_spec_declares()
    {
        var marks = new ConcurrentDictionary<string, bool?>();
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(LoadResult)))
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope))
            .On(FakeEnKashServer.SearchCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope))
            .On(TransactionsPath, Transactions(found: false))
            .On(FakeEnKashServer.VkycLinkPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("\"https://vkyc\"")));
        var recorder = new MarkRecorder(server, marks);
        var client = new EnKashCardsClient(new HttpClient(recorder), TestData.Options());

        await client.Cards.LoadCardBalanceAsync(Load());
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        await client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" });
        await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = "C", CardAccountId = "A" });
        await client.Kyc.GetVkycLinkAsync();

        Assert.Equal(false, marks["loadCardBalance"]);
        Assert.Equal(false, marks["createCard"]);
        Assert.Equal(true, marks["getCardDetails"]);
        Assert.Equal(true, marks["getTransactionDetails"]);
        Assert.Equal(true, marks["getVkycLink"]);
        Assert.Equal(true, marks["getPartnerToken"]);
        Assert.False(ApiRequestMarkers.IsReplaySafe(new HttpRequestMessage(HttpMethod.Get, "https://elsewhere.test/")));
        Assert.False(ApiRequestMarkers.IsReplaySafe(null));
    }

    private sealed class MarkRecorder : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, bool?> _marks;

        public MarkRecorder(HttpMessageHandler inner, ConcurrentDictionary<string, bool?> marks)
            : base(inner) => _marks = marks;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = request.Options.TryGetValue(ApiRequestMarkers.OperationId, out var operation) ? operation : "unmarked";
            _marks[id] = request.Options.TryGetValue(ApiRequestMarkers.ReplaySafe, out var safe) ? safe : null;
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_resilience_handler_retries_a_replay_safe_call()
    {
        var server = new FakeEnKashServer().OnSequence(FakeEnKashServer.SearchCardPath,
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        using var provider = Services(server);

        var card = await provider.GetRequiredService<EnKashCardsClient>().Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "C", CardAccountId = "A" });

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(2, server.CallsTo(FakeEnKashServer.SearchCardPath).Count);
    }

    [Fact]
    public async Task The_resilience_handler_never_sends_an_unsafe_call_twice()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var provider = Services(server);

        var ex = await Assert.ThrowsAsync<ApiHttpException>(() => provider.GetRequiredService<EnKashCardsClient>().Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal(503, ex.StatusCode);
        Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Fact]
    public async Task A_bare_standard_resilience_handler_sends_a_load_twice_which_is_why_the_client_offers_its_own()
    {
        var server = new FakeEnKashServer().OnSequence(LoadPath,
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope(LoadResult)));
        using var provider = Services(server, safeHandler: false);

        await provider.GetRequiredService<EnKashCardsClient>().Cards.LoadCardBalanceAsync(Load());

        Assert.Equal(2, server.CallsTo(LoadPath).Count);
    }

    [Fact]
    public async Task A_load_answered_5xx_after_it_was_applied_is_found_by_its_reference_and_reported_as_applied()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            .On(TransactionsPath, Transactions(found: true));
        using var provider = Services(server);
        var request = Load();

        var result = await provider.GetRequiredService<EnKashCardsClient>().Cards.LoadCardBalanceAsync(request);

        Assert.Single(server.CallsTo(LoadPath));
        Assert.Equal("ECT77", result.EnkashCardTxnId);
        Assert.Equal(110.5m, result.OtbBalance);
        Assert.Equal("EKCMB7KAEW", result.EnKashCardId);
        Assert.Equal("XXXX 1234", result.MaskedNumber);
        Assert.Equal(request.UniqueReferenceNumber, result.PgReferenceNumber);
        var lookup = JsonDocument.Parse(Assert.Single(server.CallsTo(TransactionsPath)).Body).RootElement;
        Assert.Equal("CEKEP5GSGP", lookup.GetProperty("companyId").GetString());
        Assert.Equal("CABFIPS", lookup.GetProperty("cardAccountId").GetString());
        Assert.Equal("EKCMB7KAEW", lookup.GetProperty("enKashCardId").GetString());
    }

    [Fact]
    public async Task A_load_answered_5xx_and_not_found_was_not_applied()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => new HttpResponseMessage(HttpStatusCode.InternalServerError))
            .On(TransactionsPath, Transactions(found: false));
        using var provider = Services(server);
        var request = Load();

        var ex = await Assert.ThrowsAsync<ApiNotAppliedException>(() => provider.GetRequiredService<EnKashCardsClient>().Cards.LoadCardBalanceAsync(request));

        Assert.Equal("loadCardBalance", ex.OperationId);
        Assert.Equal(request.UniqueReferenceNumber, ex.Reference);
        Assert.Equal(500, Assert.IsType<ApiHttpException>(ex.InnerException).StatusCode);
        Assert.Single(server.CallsTo(LoadPath));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public async Task A_gateway_error_and_not_found_leaves_the_outcome_unknown_because_the_api_may_still_apply_it(int status)
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => new HttpResponseMessage((HttpStatusCode)status))
            .On(TransactionsPath, Transactions(found: false));
        using var provider = Services(server);
        var request = Load();

        var ex = await Assert.ThrowsAsync<ApiOutcomeUnknownException>(() => provider.GetRequiredService<EnKashCardsClient>().Cards.LoadCardBalanceAsync(request));

        Assert.Equal(request.UniqueReferenceNumber, ex.Reference);
        Assert.Single(server.CallsTo(LoadPath));
    }

    [Fact]
    public async Task A_dropped_connection_and_not_found_is_unknown_and_the_later_reconciliation_settles_it()
    {
        var applied = false;
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => throw new HttpRequestException("The response ended prematurely.", null, HttpStatusCode.OK))
            .On(TransactionsPath, request => Transactions(found: applied)(request));
        using var provider = Services(server);
        var client = provider.GetRequiredService<EnKashCardsClient>();
        var request = Load();

        var ex = await Assert.ThrowsAsync<ApiOutcomeUnknownException>(() => client.Cards.LoadCardBalanceAsync(request));
        Assert.IsType<ApiConnectionException>(ex.InnerException);
        Assert.Contains(request.UniqueReferenceNumber!, ex.Message);
        Assert.Null(await client.Cards.ReconcileLoadCardBalanceAsync(request));

        // The API finished with the request later and applied it: the reconciliation now finds it.
        applied = true;
        var settled = await client.Cards.ReconcileLoadCardBalanceAsync(request);

        Assert.Equal(request.UniqueReferenceNumber, settled!.PgReferenceNumber);
        Assert.Single(server.CallsTo(LoadPath));
        Assert.Equal(3, server.CallsTo(TransactionsPath).Count);
    }

    [Fact]
    public async Task A_load_that_could_not_connect_was_not_applied_without_a_lookup()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)))
            .On(TransactionsPath, Transactions(found: false));
        var request = Load();

        var ex = await Assert.ThrowsAsync<ApiNotAppliedException>(() => TestData.Client(server).Cards.LoadCardBalanceAsync(request));

        Assert.Equal(request.UniqueReferenceNumber, ex.Reference);
        Assert.Empty(server.CallsTo(TransactionsPath));
    }

    [Fact]
    public async Task A_refused_load_keeps_its_exception_and_is_not_looked_up()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("\"Insufficient balance\"", code: 1, message: "Insufficient balance")))
            .On(TransactionsPath, Transactions(found: true));

        var ex = await Assert.ThrowsAsync<ApiErrorException>(() => TestData.Client(server).Cards.LoadCardBalanceAsync(Load()));

        Assert.Equal(1, ex.Code);
        Assert.Empty(server.CallsTo(TransactionsPath));
    }

    [Fact]
    public async Task A_lookup_that_fails_too_leaves_the_outcome_unknown()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            .On(TransactionsPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var ex = await Assert.ThrowsAsync<ApiOutcomeUnknownException>(() => TestData.Client(server).Cards.LoadCardBalanceAsync(Load()));

        Assert.Contains("lookup by reference failed", ex.Message);
    }

    [Fact]
    public async Task Reconciling_a_body_without_a_reference_is_refused_before_anything_is_sent()
    {
        var server = new FakeEnKashServer();

        await Assert.ThrowsAsync<ArgumentException>(() => TestData.Client(server).Cards.ReconcileLoadCardBalanceAsync(Load()));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Failures_are_classified_by_what_they_say_about_the_api_having_applied_the_call()
    {
        Assert.Equal(ReplayGuard.Failure.AnsweredUnread, ReplayGuard.Classify(new ApiHttpException("op", 503, null, null, null)));
        Assert.Equal(ReplayGuard.Failure.AnsweredUnread, ReplayGuard.Classify(new ApiHttpException("op", 500, null, null, null)));
        Assert.Equal(ReplayGuard.Failure.AnsweredUnread, ReplayGuard.Classify(new ApiResponseFormatException("op", 200, "truncated")));
        Assert.Equal(ReplayGuard.Failure.NoAnswer, ReplayGuard.Classify(new ApiHttpException("op", 502, null, null, null)));
        Assert.Equal(ReplayGuard.Failure.NoAnswer, ReplayGuard.Classify(new ApiHttpException("op", 504, null, null, null)));
        Assert.Equal(ReplayGuard.Failure.NoAnswer, ReplayGuard.Classify(new ApiTimeoutException("op", TimeSpan.FromSeconds(1))));
        Assert.Equal(ReplayGuard.Failure.NoAnswer, ReplayGuard.Classify(new ApiConnectionException("op", new HttpRequestException("reset", null, null))));
        Assert.Equal(ReplayGuard.Failure.NotSent, ReplayGuard.Classify(new ApiConnectionException("op", new HttpRequestException(HttpRequestError.ConnectionError, "refused"))));
        Assert.Equal(ReplayGuard.Failure.Refused, ReplayGuard.Classify(new ApiHttpException("op", 400, null, null, null)));
        Assert.Equal(ReplayGuard.Failure.Refused, ReplayGuard.Classify(new ApiErrorException("op", 1, "no", 200)));
    }

    [Fact]
    public async Task The_outcome_exceptions_name_the_operation_and_reference_but_no_secret()
    {
        var server = new FakeEnKashServer()
            .On(LoadPath, _ => throw new HttpRequestException("The response ended prematurely.", null, HttpStatusCode.OK))
            .On(TransactionsPath, Transactions(found: false));
        var client = TestData.Client(server);

        var unknown = await Assert.ThrowsAsync<ApiOutcomeUnknownException>(() => client.Cards.LoadCardBalanceAsync(Load()));
        server.On(LoadPath, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var notApplied = await Assert.ThrowsAsync<ApiNotAppliedException>(() => client.Cards.LoadCardBalanceAsync(Load()));

        foreach (var ex in new ApiException[] { unknown, notApplied })
        {
            var text = ex.ToString();
            Assert.Contains("loadCardBalance", ex.Message);
            foreach (var secret in new[] { TestData.ClientSecret, TestData.Password, "token-1", TestData.Username })
            {
                Assert.DoesNotContain(secret, text);
            }
        }
        Assert.Matches(new Regex("reference [0-9A-F]{32}"), unknown.Message);
    }
}
