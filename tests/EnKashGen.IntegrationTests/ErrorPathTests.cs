using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using EnKashGen.Runtime;
using EnKashGen.Sandbox;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>Each failure the sandbox can produce reaches the caller as the documented exception type.</summary>
    public sealed class ErrorPathTests
    {
        private static readonly SandboxFaults Slow = new SandboxFaults { Latency = TimeSpan.FromSeconds(5) };

        private static Task<CardAccount> AnyCallAsync(EnKashCardsClient client, SandboxPartner partner, CancellationToken cancellationToken = default)
            => client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = partner.CompanyId,
                CompanyName = partner.CompanyName,
                PlanMasterId = partner.PlanMasterId,
                Email = "admin@example.com",
                Mobile = "9876543210",
                AccountTitle = "Prepaid",
                AccountType = CardAccountType.ReloadableGpr,
            }, cancellationToken);

        // ------------------------------------------------------------ credentials

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Wrong_password_is_an_authentication_error_and_the_call_is_not_sent(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, configureClient: o => o.Password = "not-the-password");
            var ex = await Assert.ThrowsAsync<ApiAuthenticationException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal("createCardAccount", ex.OperationId);
            Assert.DoesNotContain("not-the-password", ex.ToString());
            Assert.Equal(0, env.Server.Counters.TokenFetches);
            Assert.Equal(0, env.Server.Counters.Requests("createCardAccount"));
        }

        [Fact]
        public async Task Wrong_basic_client_secret_is_an_authentication_error()
        {
            await using var env = await TestSandbox.StartAsync(false, configureClient: o => o.BasicPassword = "wrong-client-secret");
            await Assert.ThrowsAsync<ApiAuthenticationException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal(1, env.Server.Counters.Requests("getPartnerToken"));
            Assert.Equal(0, env.Server.Counters.TokenFetches);
        }

        [Fact]
        public async Task Three_failed_logins_lock_the_account_even_for_the_right_password()
        {
            await using var env = await TestSandbox.StartAsync(false, configureClient: o => o.Password = "wrong");
            for (var i = 0; i < 3; i++)
            {
                await Assert.ThrowsAsync<ApiAuthenticationException>(() => AnyCallAsync(env.Client, env.Partner));
            }
            var rightPassword = env.NewClient();
            await Assert.ThrowsAsync<ApiAuthenticationException>(() => AnyCallAsync(rightPassword, env.Partner));
            Assert.Equal(0, env.Server.Counters.TokenFetches);
        }

        [Fact]
        public async Task Token_endpoint_answering_garbage_is_an_authentication_error()
        {
            await using var env = await TestSandbox.StartAsync(false, s => s.Faults = new SandboxFaults { MalformedBodyRate = 1, IncludeTokenEndpoint = true, Operations = new[] { "getPartnerToken" } });
            await Assert.ThrowsAsync<ApiAuthenticationException>(() => AnyCallAsync(env.Client, env.Partner));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Revoked_token_is_refused_with_401_and_the_client_fetches_a_new_one_once(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted);
            await AnyCallAsync(env.Client, env.Partner);
            env.Server.RevokeTokens();
            await AnyCallAsync(env.Client, env.Partner);
            Assert.Equal(2, env.Server.Counters.TokenFetches);
            Assert.Equal(3, env.Server.Counters.Requests("createCardAccount")); // ok, 401, retry ok
        }

        [Fact]
        public async Task Token_expired_on_the_server_is_refused_and_replaced()
        {
            var serverClock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            await using var env = await TestSandbox.StartAsync(false, s =>
            {
                s.TimeProvider = serverClock;
                s.TokenLifetime = TimeSpan.FromSeconds(300);
            });
            await AnyCallAsync(env.Client, env.Partner);
            serverClock.Advance(TimeSpan.FromSeconds(301)); // the client's clock has not moved: it still trusts its token
            await AnyCallAsync(env.Client, env.Partner);
            Assert.Equal(2, env.Server.Counters.TokenFetches);
            Assert.Equal(3, env.Server.Counters.Requests("createCardAccount"));
        }

        [Fact]
        public async Task Short_lived_token_is_renewed_before_it_expires_without_a_401()
        {
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            await using var env = await TestSandbox.StartAsync(false, s =>
            {
                s.TimeProvider = clock;
                s.TokenLifetime = TimeSpan.FromSeconds(120);
            }, o => o.TimeProvider = clock);
            await AnyCallAsync(env.Client, env.Partner);
            clock.Advance(TimeSpan.FromSeconds(61)); // past the 60 s refresh margin, before expiry
            await AnyCallAsync(env.Client, env.Partner);
            Assert.Equal(2, env.Server.Counters.TokenFetches);
            Assert.Equal(2, env.Server.Counters.Requests("createCardAccount"));
        }

        // ------------------------------------------------------------ partner and encryption

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Wrong_partner_id_is_an_api_error(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, configureClient: o => o.PartnerId = "CRNOTMINE");
            var ex = await Assert.ThrowsAsync<ApiErrorException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal(1, ex.Code);
            Assert.Equal(200, ex.StatusCode);
            Assert.Contains("partnerId", ex.ApiMessage);
        }

        [Fact]
        public async Task Missing_partner_id_is_an_http_400_api_error()
        {
            await using var env = await TestSandbox.StartAsync(false, configureClient: o => o.PartnerId = null);
            var ex = await Assert.ThrowsAsync<ApiErrorException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal(400, ex.StatusCode);
            Assert.Equal("partnerId header is required", ex.ApiMessage);
        }

        [Fact]
        public async Task Wrong_encryption_key_is_a_decryption_error()
        {
            var wrongKey = new AesEcbBodyEncryption("not-the-client-secret");
            await using var env = await TestSandbox.StartAsync(true, encryption: wrongKey);
            await Assert.ThrowsAsync<ApiDecryptionException>(() => AnyCallAsync(env.Client, env.Partner));
            // The sandbox could not read the request either, so nothing was created.
            Assert.Equal(1, env.Server.Counters.Requests("createCardAccount"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Business_failure_is_an_api_error_with_the_envelope_message(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, s => s.InitialAccountBalance = 100m);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);
            var ex = await Assert.ThrowsAsync<ApiErrorException>(() => env.LoadAsync(card, 150m));
            Assert.Equal(1, ex.Code);
            Assert.Equal(200, ex.StatusCode);
            Assert.Equal("Insufficient balance in card account", ex.ApiMessage);
            Assert.Equal("loadCardBalance", ex.OperationId);
        }

        // ------------------------------------------------------------ injected faults

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Server_error_is_an_http_error(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, s => s.Faults = new SandboxFaults { ServerErrorRate = 1 });
            var ex = await Assert.ThrowsAsync<ApiHttpException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal(503, ex.StatusCode);
            Assert.Equal(1, env.Server.Counters.TokenFetches); // the token call is not faulted by default
        }

        [Fact]
        public async Task Slow_answer_hits_the_client_timeout()
        {
            await using var env = await TestSandbox.StartAsync(false, configureClient: o => o.Timeout = TimeSpan.FromMilliseconds(400));
            await AnyCallAsync(env.Client, env.Partner); // token and connection ready
            env.Server.Faults = Slow;
            var watch = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => AnyCallAsync(env.Client, env.Partner));
            Assert.Equal(TimeSpan.FromMilliseconds(400), ex.Timeout);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "the timeout fired after " + watch.Elapsed);
        }

        [Fact]
        public async Task Caller_cancellation_is_an_operation_canceled_exception()
        {
            await using var env = await TestSandbox.StartAsync(false);
            await AnyCallAsync(env.Client, env.Partner);
            env.Server.Faults = Slow;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnyCallAsync(env.Client, env.Partner, cancel.Token));
            Assert.True(cancel.IsCancellationRequested);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "cancellation took " + watch.Elapsed);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Dropped_connection_is_a_connection_error(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, s => s.Faults = new SandboxFaults { DropConnectionRate = 1 });
            await Assert.ThrowsAsync<ApiConnectionException>(() => AnyCallAsync(env.Client, env.Partner));
        }

        [Fact]
        public async Task Malformed_answer_is_a_format_error()
        {
            await using var env = await TestSandbox.StartAsync(false, s => s.Faults = new SandboxFaults { MalformedBodyRate = 1 });
            await Assert.ThrowsAsync<ApiResponseFormatException>(() => AnyCallAsync(env.Client, env.Partner));
        }

        [Fact]
        public async Task Malformed_encrypted_answer_is_a_decryption_error()
        {
            await using var env = await TestSandbox.StartAsync(true, s => s.Faults = new SandboxFaults { MalformedBodyRate = 1 });
            await Assert.ThrowsAsync<ApiDecryptionException>(() => AnyCallAsync(env.Client, env.Partner));
        }

        [Fact]
        public async Task Faults_only_hit_the_chosen_operations()
        {
            await using var env = await TestSandbox.StartAsync(false, s => s.Faults = new SandboxFaults { ServerErrorRate = 1, Operations = new[] { "loadCardBalance" } });
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);
            // The load's 503 came before anything was applied, and its lookup by reference (not faulted) says so.
            var ex = await Assert.ThrowsAsync<ApiNotAppliedException>(() => env.LoadAsync(card, 1m));
            Assert.Equal(503, Assert.IsType<ApiHttpException>(ex.InnerException).StatusCode);
            await env.GetCardAsync(card);
        }

        [Fact]
        public async Task Server_error_rate_is_repeatable_for_a_seed()
        {
            async Task<List<bool>> RunAsync()
            {
                await using var env = await TestSandbox.StartAsync(false, s =>
                {
                    s.Seed = 42;
                    s.Faults = new SandboxFaults { ServerErrorRate = 0.3, Operations = new[] { "getCardAccount" } };
                });
                var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
                var outcomes = new List<bool>();
                for (var i = 0; i < 40; i++)
                {
                    try
                    {
                        await env.Client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = env.CompanyId, CardAccountId = account });
                        outcomes.Add(true);
                    }
                    catch (ApiHttpException ex) when (ex.StatusCode == 503)
                    {
                        outcomes.Add(false);
                    }
                }
                return outcomes;
            }

            var first = await RunAsync();
            var second = await RunAsync();
            Assert.Equal(first, second);
            Assert.Contains(true, first);
            Assert.Contains(false, first);
        }
    }
}
