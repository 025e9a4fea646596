using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>The token call, the bearer and partnerId headers, token caching, refresh and the 401 retry.</summary>
public class TokenTests
{
    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Fact]
    public async Task Token_call_posts_the_credentials_form_with_basic_auth_to_the_token_url()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        var token = Assert.Single(server.CallsTo(FakeEnKashServer.TokenPath));
        Assert.Equal(0, token.Sequence);
        Assert.Equal("POST", token.Method.Method);
        Assert.Equal(new Uri("https://ekpayout-uat.enkash.in/oauth/token"), token.Uri);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Header("Content-Type"));
        var form = System.Web.HttpUtility.ParseQueryString(token.BodyText);
        Assert.Equal(new[] { "clientId", "grant_type", "password", "username" }, form.AllKeys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(TestData.Username, form["username"]);
        Assert.Equal(TestData.Password, form["password"]);
        Assert.Equal("password", form["grant_type"]);
        Assert.Equal(TestData.ClientId, form["clientId"]);
        // BasicUsername/BasicPassword are not set: the Basic pair defaults to ClientId:ClientSecret.
        Assert.Equal(Basic(TestData.ClientId, TestData.ClientSecret), token.Header("Authorization"));
        Assert.Null(token.Header("partnerId"));
    }

    [Fact]
    public async Task Basic_credentials_come_from_BasicUsername_and_BasicPassword_when_they_are_set()
    {
        var server = new FakeEnKashServer()
            .On("/auth/oauth/token", _ => FakeEnKashServer.Json(FakeEnKashServer.TokenJson("custom-host-token", 3600)))
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server, o =>
        {
            o.BasicUsername = "basic-user";
            o.BasicPassword = "basic-pass";
            o.TokenUrl = new Uri("https://tokens.example.test/auth/oauth/token");
        });

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        var token = Assert.Single(server.Requests, r => r.Uri.Host == "tokens.example.test");
        Assert.Equal("/auth/oauth/token", token.Path);
        Assert.Equal(Basic("basic-user", "basic-pass"), token.Header("Authorization"));
        Assert.Equal("Bearer custom-host-token", Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath)).Header("Authorization"));
    }

    [Fact]
    public async Task Every_card_call_carries_the_bearer_token_and_the_partnerId_header()
    {
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope))
            .On(FakeEnKashServer.BlockCardPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("{\"blocked\":true}")))
            .On(FakeEnKashServer.SetPinPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("\"Success\"")))
            .On(FakeEnKashServer.VkycLinkPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("{\"link\":\"https://kyc.example.test/x\"}")));
        var client = TestData.Client(server);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        await client.Cards.BlockCardAsync(TestData.BlockCardRequest());
        await client.CardSecurity.SetCardPinAsync(TestData.SetCardPinRequest());
        await client.Kyc.GetVkycLinkAsync(companyId: "CEKEP5GSGP", enKashCardId: "EKC94AEX89");

        var cardCalls = server.Requests.Where(r => r.Path != FakeEnKashServer.TokenPath).ToArray();
        Assert.Equal(4, cardCalls.Length);
        foreach (var call in cardCalls)
        {
            Assert.Equal("pay-uat.enkash.in", call.Uri.Host);
            Assert.Equal("Bearer token-1", call.Header("Authorization"));
            Assert.Equal(TestData.PartnerId, call.Header("partnerId"));
        }
        Assert.Equal(1, server.TokenCalls);
        Assert.Equal("?companyId=CEKEP5GSGP&enKashCardId=EKC94AEX89", cardCalls[3].Uri.Query);
    }

    [Fact]
    public async Task The_token_is_cached_until_shortly_before_expires_in_and_then_refreshed()
    {
        var clock = new ManualTimeProvider();
        var server = new FakeEnKashServer { TokenLifetimeSeconds = 3600 }
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        // Refresh 60 s before expiry: the token is good for calls until 3540 s after it was issued.
        var client = TestData.Client(server, o => { o.TimeProvider = clock; o.TokenRefreshMargin = TimeSpan.FromSeconds(60); });

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        clock.Advance(TimeSpan.FromSeconds(1800));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        clock.Advance(TimeSpan.FromSeconds(1739));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        Assert.Equal(1, server.TokenCalls);

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal(2, server.TokenCalls);
        var bearers = server.CallsTo(FakeEnKashServer.CreateCardPath).Select(r => r.Header("Authorization")).ToArray();
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2" }, bearers);
    }

    [Fact]
    public async Task An_expired_token_is_never_sent_and_a_new_one_is_fetched()
    {
        var clock = new ManualTimeProvider();
        var server = new FakeEnKashServer { TokenLifetimeSeconds = 300 }
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server, o => o.TimeProvider = clock);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        clock.Advance(TimeSpan.FromHours(2));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal(2, server.TokenCalls);
        Assert.Equal("Bearer token-2", server.CallsTo(FakeEnKashServer.CreateCardPath)[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_short_lived_token_is_refreshed_half_way_through_its_lifetime()
    {
        // expires_in 60 s with the default 60 s margin: refreshing 60 s early would mean never caching it.
        var clock = new ManualTimeProvider();
        var server = new FakeEnKashServer { TokenLifetimeSeconds = 60 }
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server, o => o.TimeProvider = clock);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        clock.Advance(TimeSpan.FromSeconds(29));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        Assert.Equal(1, server.TokenCalls);
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        Assert.Equal(2, server.TokenCalls);
    }

    [Fact]
    public async Task Concurrent_401s_for_the_same_token_lead_to_a_single_refresh()
    {
        // The server revokes token-1: every call that used it gets a 401 and retries with the one new token. The 401s
        // are held back until all twenty calls have arrived with token-1, so that they really are concurrent.
        const int Calls = 20;
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new FakeEnKashServer();
        server.OnAsync(FakeEnKashServer.CreateCardPath, async (request, ct) =>
        {
            if (request.Header("Authorization") != "Bearer token-1")
            {
                return FakeEnKashServer.Json(TestData.CardEnvelope);
            }
            if (Interlocked.Increment(ref arrived) == Calls)
            {
                allArrived.SetResult();
            }
            await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return new System.Net.Http.HttpResponseMessage(HttpStatusCode.Unauthorized);
        });
        var client = TestData.Client(server);
        await client.TokenCache.GetAsync(_ => Task.FromResult(new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1))), TimeProvider.System, TimeSpan.FromMinutes(1), CancellationToken.None);
        server.On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json(FakeEnKashServer.TokenJson("token-2", 3600)));

        var cards = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()))));

        Assert.Equal(Calls, cards.Length);
        Assert.Equal(1, server.TokenCalls);
        var calls = server.CallsTo(FakeEnKashServer.CreateCardPath);
        Assert.Equal(Calls, calls.Count(r => r.Header("Authorization") == "Bearer token-1"));
        Assert.Equal(Calls, calls.Count(r => r.Header("Authorization") == "Bearer token-2"));
    }

    [Fact]
    public async Task Fifty_concurrent_first_calls_fetch_exactly_one_token()
    {
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var issued = 0;
        server.OnAsync(FakeEnKashServer.TokenPath, async (_, ct) =>
        {
            // A slow token host, so that all fifty calls are waiting for it at once.
            await Task.Delay(200, ct);
            return FakeEnKashServer.Json(FakeEnKashServer.TokenJson("shared-" + Interlocked.Increment(ref issued), 3600));
        });
        var client = TestData.Client(server);
        using var start = new ManualResetEventSlim(false);

        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        })).ToArray();
        start.Set();
        var cards = await Task.WhenAll(calls);

        Assert.Equal(50, cards.Length);
        Assert.Equal(1, server.TokenCalls);
        Assert.All(server.CallsTo(FakeEnKashServer.CreateCardPath), r => Assert.Equal("Bearer shared-1", r.Header("Authorization")));
        Assert.Equal(50, server.CallsTo(FakeEnKashServer.CreateCardPath).Count);
    }

    [Fact]
    public async Task A_401_is_answered_with_one_token_refresh_and_one_retry()
    {
        var server = new FakeEnKashServer().OnSequence(FakeEnKashServer.CreateCardPath,
            _ => FakeEnKashServer.Text("{\"error\":\"invalid_token\"}", HttpStatusCode.Unauthorized, "application/json"),
            _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server);

        var card = await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(2, server.TokenCalls);
        var cardCalls = server.CallsTo(FakeEnKashServer.CreateCardPath);
        Assert.Equal(2, cardCalls.Count);
        Assert.Equal("Bearer token-1", cardCalls[0].Header("Authorization"));
        Assert.Equal("Bearer token-2", cardCalls[1].Header("Authorization"));
        // The retry sends the same body again.
        Assert.Equal(cardCalls[0].BodyText, cardCalls[1].BodyText);
        Assert.NotEmpty(cardCalls[1].Body);
    }

    [Fact]
    public async Task A_second_401_fails_with_ApiHttpException_after_exactly_one_retry()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => new System.Net.Http.HttpResponseMessage(HttpStatusCode.Unauthorized));
        var client = TestData.Client(server);

        var ex = await Assert.ThrowsAsync<ApiHttpException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Equal(2, server.TokenCalls);
        Assert.Equal(2, server.CallsTo(FakeEnKashServer.CreateCardPath).Count);
    }

    [Fact]
    public async Task A_rejected_token_call_fails_with_ApiAuthenticationException_and_no_card_call_is_made()
    {
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Text("{\"error\":\"invalid_grant\"}", HttpStatusCode.BadRequest, "application/json"))
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server);

        var ex = await Assert.ThrowsAsync<ApiAuthenticationException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
        Assert.Contains("getPartnerToken", ex.Message);
        Assert.Contains("400", ex.Message);
        Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Fact]
    public async Task Incomplete_credentials_fail_before_anything_is_sent()
    {
        var server = new FakeEnKashServer();
        var client = TestData.Client(server, o => o.Password = null);

        var ex = await Assert.ThrowsAsync<ApiAuthenticationException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("$.password", ex.Message);
        Assert.Empty(server.Requests);
    }
}
