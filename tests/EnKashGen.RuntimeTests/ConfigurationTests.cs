using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>Options defaults and redaction; registration with dependency injection, configuration and resilience.</summary>
public class ConfigurationTests
{
    private static FakeEnKashServer CardServer(string path = FakeEnKashServer.CreateCardPath) => new FakeEnKashServer().On(path, _ => FakeEnKashServer.Json(TestData.CardEnvelope));

    private static void Credentials(EnKashCardsClientOptions o)
    {
        o.Username = TestData.Username;
        o.Password = TestData.Password;
        o.ClientId = TestData.ClientId;
        o.ClientSecret = TestData.ClientSecret;
        o.PartnerId = TestData.PartnerId;
    }

    [Fact]
    public void Options_default_to_the_hosts_and_values_of_the_spec()
    {
        var options = new EnKashCardsClientOptions();

        Assert.Equal(new Uri("https://pay-uat.enkash.in"), options.BaseUrl);
        Assert.Equal(new Uri("https://ekpayout-uat.enkash.in/oauth/token"), options.TokenUrl);
        Assert.Equal("password", options.GrantType);
        Assert.Equal(TimeSpan.FromSeconds(100), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.TokenRefreshMargin);
        Assert.False(options.EncryptionEnabled);
        Assert.Null(options.TimeProvider);
        Assert.Null(options.Password);
        Assert.Null(options.ClientSecret);
    }

    [Fact]
    public void Options_ToString_redacts_every_secret_and_shows_the_rest()
    {
        var options = new EnKashCardsClientOptions
        {
            Username = "user-6660686687",
            Password = "Pa55-word-SECRET",
            ClientId = "CEKEY1SKIU",
            ClientSecret = "client-SECRET-value",
            BasicUsername = "basic-user",
            BasicPassword = "basic-SECRET-pass",
            PartnerId = "CR-SECRET-PARTNER",
        };

        var text = options.ToString();

        foreach (var secret in new[] { "Pa55-word-SECRET", "client-SECRET-value", "basic-SECRET-pass", "CR-SECRET-PARTNER" })
        {
            Assert.DoesNotContain(secret, text);
        }
        foreach (var name in new[] { "Password", "ClientSecret", "BasicPassword", "PartnerId" })
        {
            Assert.Contains(name + " = ***", text);
        }
        Assert.Contains("user-6660686687", text);
        Assert.Contains("CEKEY1SKIU", text);
        Assert.Contains("basic-user", text);
        Assert.Contains("https://pay-uat.enkash.in", text);
        Assert.Contains("ClientSecret = null", new EnKashCardsClientOptions().ToString());
    }

    [Fact]
    public async Task A_client_resolved_from_DI_with_a_delegate_makes_a_working_call_through_the_configured_primary_handler()
    {
        var server = CardServer("/enkash" + FakeEnKashServer.CreateCardPath);
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(o =>
            {
                Credentials(o);
                o.BaseUrl = new Uri("https://gateway.example.test/enkash/");
            })
            .ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<EnKashCardsClient>();
        var card = await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        var call = Assert.Single(server.CallsTo("/enkash/api/v0/partner/enKashCard"));
        Assert.Equal("gateway.example.test", call.Uri.Host);
        Assert.Equal("Bearer token-1", call.Header("Authorization"));
        Assert.Equal(TestData.PartnerId, call.Header("partnerId"));
    }

    [Fact]
    public async Task A_client_registered_from_configuration_binds_every_option_and_works()
    {
        const string secret = "config-secret-42";
        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.CreateCardPath, request =>
            {
                Assert.Contains("CEKEP5GSGP", ReferenceAes.OpenWireBody(secret, request.Body));
                return FakeEnKashServer.Json(ReferenceAes.SealWireBody(secret, TestData.CardEnvelope));
            });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EnKash:BaseUrl"] = "https://cards.example.test",
            ["EnKash:TokenUrl"] = "https://auth.example.test/oauth/token",
            ["EnKash:Timeout"] = "00:00:20",
            ["EnKash:TokenRefreshMargin"] = "00:02:00",
            ["EnKash:Username"] = "cfg-user",
            ["EnKash:Password"] = "cfg-password",
            ["EnKash:GrantType"] = "password",
            ["EnKash:ClientId"] = "cfg-client",
            ["EnKash:BasicUsername"] = "cfg-basic-user",
            ["EnKash:BasicPassword"] = "cfg-basic-password",
            ["EnKash:PartnerId"] = "CR-CFG",
            ["EnKash:EncryptionEnabled"] = "true",
            ["EnKash:ClientSecret"] = secret,
        }).Build();
        server.On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json(FakeEnKashServer.TokenJson("cfg-token", 3600)));
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(configuration.GetSection("EnKash")).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EnKashCardsClientOptions>>().Value;
        Assert.Equal(new Uri("https://cards.example.test"), options.BaseUrl);
        Assert.Equal(new Uri("https://auth.example.test/oauth/token"), options.TokenUrl);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.TokenRefreshMargin);
        Assert.Equal(("cfg-user", "cfg-password", "password", "cfg-client"), (options.Username, options.Password, options.GrantType, options.ClientId));
        Assert.Equal(("cfg-basic-user", "cfg-basic-password", "CR-CFG"), (options.BasicUsername, options.BasicPassword, options.PartnerId));
        Assert.True(options.EncryptionEnabled);
        Assert.Equal(secret, options.ClientSecret);

        var card = await provider.GetRequiredService<EnKashCardsClient>().Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        var token = Assert.Single(server.CallsTo(FakeEnKashServer.TokenPath));
        Assert.Equal("auth.example.test", token.Uri.Host);
        Assert.Contains("username=cfg-user", token.BodyText);
        var call = Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath));
        Assert.Equal("cards.example.test", call.Uri.Host);
        Assert.Equal("Bearer cfg-token", call.Header("Authorization"));
        Assert.Equal("CR-CFG", call.Header("partnerId"));
    }

    [Fact]
    public async Task Two_resolved_clients_share_one_token_cache_and_fetch_one_token()
    {
        var server = CardServer();
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(Credentials).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<EnKashCardsClient>();
        var second = provider.GetRequiredService<EnKashCardsClient>();
        using (var scope = provider.CreateScope())
        {
            var third = scope.ServiceProvider.GetRequiredService<EnKashCardsClient>();
            await third.Cards.CreateCardAsync(TestData.CreateCardRequest());
            Assert.Same(first.TokenCache, third.TokenCache);
        }
        await first.Cards.CreateCardAsync(TestData.CreateCardRequest());
        await second.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.NotSame(first, second);
        Assert.Same(first.TokenCache, second.TokenCache);
        Assert.Same(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<EnKashCardsClientOptions>>().Value.TokenCache, first.TokenCache);
        Assert.Equal(1, server.TokenCalls);
        Assert.All(server.CallsTo(FakeEnKashServer.CreateCardPath), r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task A_registered_IBodyEncryption_replaces_the_default_scheme()
    {
        var hook = new UpperCaseMarkerEncryption();
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, request =>
        {
            Assert.StartsWith("SEALED:", request.BodyText);
            return FakeEnKashServer.Json("SEALED:" + TestData.CardEnvelope);
        });
        var services = new ServiceCollection();
        services.AddSingleton<IBodyEncryption>(hook);
        services.AddEnKashCardsClient(o => { Credentials(o); o.EncryptionEnabled = true; }).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var card = await provider.GetRequiredService<EnKashCardsClient>().Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(1, hook.Calls);
    }

    [Fact]
    public async Task The_standard_resilience_handler_composes_with_the_client_and_retries_a_transient_failure()
    {
        var server = new FakeEnKashServer().OnSequence(FakeEnKashServer.CreateCardPath,
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(Credentials)
            .ConfigurePrimaryHttpMessageHandler(() => server)
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        using var provider = services.BuildServiceProvider();

        var card = await provider.GetRequiredService<EnKashCardsClient>().Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        var calls = server.CallsTo(FakeEnKashServer.CreateCardPath);
        Assert.Equal(2, calls.Count);
        Assert.Equal(calls[0].BodyText, calls[1].BodyText);
        Assert.Contains("CEKEP5GSGP", calls[1].BodyText);
        Assert.Equal(1, server.TokenCalls);
    }

    [Fact]
    public async Task A_timeout_of_the_resilience_pipeline_is_an_ApiTimeoutException()
    {
        var server = new FakeEnKashServer().OnAsync(FakeEnKashServer.CreateCardPath, async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(Credentials)
            .ConfigurePrimaryHttpMessageHandler(() => server)
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(150);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMilliseconds(400);
                o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EnKashCardsClient>();

        var ex = await Record.ExceptionAsync(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        var timeout = Assert.IsType<ApiTimeoutException>(ex);
        Assert.Equal("createCard", timeout.OperationId);
        Assert.Contains("createCard", timeout.Message);
        Assert.True(timeout.Timeout < TimeSpan.FromSeconds(10), "reported " + timeout.Timeout);
    }

    [Fact]
    public async Task An_open_circuit_of_the_resilience_pipeline_is_an_ApiConnectionException()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var services = new ServiceCollection();
        services.AddEnKashCardsClient(Credentials)
            .ConfigurePrimaryHttpMessageHandler(() => server)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 1;
                o.Retry.Delay = TimeSpan.FromMilliseconds(1);
                o.CircuitBreaker.MinimumThroughput = 2;
                o.CircuitBreaker.FailureRatio = 1.0;
            });
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EnKashCardsClient>();
        // A token in the shared cache up front, so that only card calls count for the circuit breaker.
        await client.TokenCache.GetAsync(
            _ => Task.FromResult(new AccessToken("warm-token", DateTimeOffset.UtcNow.AddHours(1))), TimeProvider.System, TimeSpan.FromMinutes(1), CancellationToken.None);

        var exceptions = new List<Exception?>();
        for (var i = 0; i < 4; i++)
        {
            exceptions.Add(await Record.ExceptionAsync(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest())));
        }

        // The first call fails twice (one retry) with 500, which opens the circuit; the next calls are refused.
        Assert.Equal(500, Assert.IsType<ApiHttpException>(exceptions[0]).StatusCode);
        Assert.Equal(2, server.CallsTo(FakeEnKashServer.CreateCardPath).Count);
        Assert.Equal(0, server.TokenCalls);
        var open = Assert.IsType<ApiConnectionException>(exceptions[^1]);
        Assert.Equal("createCard", open.OperationId);
        Assert.All(exceptions, e => Assert.IsAssignableFrom<ApiException>(e));
    }

    private sealed class UpperCaseMarkerEncryption : IBodyEncryption
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<ReadOnlyMemory<byte>> EncryptRequestAsync(string operationId, ReadOnlyMemory<byte> plaintextJson, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return new ValueTask<ReadOnlyMemory<byte>>(System.Text.Encoding.UTF8.GetBytes("SEALED:").Concat(plaintextJson.ToArray()).ToArray());
        }

        public ValueTask<ReadOnlyMemory<byte>> DecryptResponseAsync(string operationId, ReadOnlyMemory<byte> wireBody, CancellationToken cancellationToken)
            => new(wireBody.Slice("SEALED:".Length));
    }
}
