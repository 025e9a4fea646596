using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using EnKashGen.Runtime;
using EnKashGen.Sandbox;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>
    /// The sandbox's faults for money-safety testing, seen through the generated client: faults after applying change the
    /// state although the caller sees a failure, faults before applying leave it unchanged, scripts hit exactly the calls
    /// they name, and the counters tell what was really applied.
    /// </summary>
    public sealed class SandboxFaultTests
    {
        private static async Task<(TestSandbox Env, string Account, Card Card)> StartWithCardAsync(bool encrypted = false, Action<SandboxOptions>? configure = null)
        {
            var env = await TestSandbox.StartAsync(encrypted, configure);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);
            return (env, account, card);
        }

        private static Task<IReadOnlyList<CardTransaction>> ByReferenceAsync(TestSandbox env, string account, string reference)
            => env.Client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, PgReferenceNumber = reference });

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Apply_then_drop_connection_moves_the_money_and_the_caller_gets_no_answer(bool encrypted)
        {
            var (env, account, card) = await StartWithCardAsync(encrypted);
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenDropConnection);

            await Assert.ThrowsAsync<ApiConnectionException>(() => env.LoadRawAsync(card, 125m, "DROP-1"));

            Assert.Equal(125m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1_000_000m - 125m, env.Server.GetAccountBalance(account));
            Assert.Equal(1, env.Server.Counters.Requests("loadCardBalance"));
            Assert.Equal(1, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(1, env.Server.Counters.LoadsApplied("DROP-1"));
            Assert.Equal(1, env.Server.Counters.FaultsInjected(SandboxFault.ApplyThenDropConnection));
            var found = Assert.Single(await ByReferenceAsync(env, account, "DROP-1"));
            Assert.Equal(125m, found.PrincipalAmount);
            Assert.Equal(card.EnKashCardId, found.EnkashCardId);
        }

        [Theory]
        [InlineData(500, false)]
        [InlineData(502, false)]
        [InlineData(503, true)]
        public async Task Apply_then_server_error_moves_the_money_and_answers_the_configured_status(int status, bool encrypted)
        {
            var (env, account, card) = await StartWithCardAsync(encrypted, s => s.Faults = new SandboxFaults { ServerErrorStatus = status });
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenServerError);

            var ex = await Assert.ThrowsAsync<ApiHttpException>(() => env.LoadRawAsync(card, 40m, "ERR-1"));

            Assert.Equal(status, ex.StatusCode);
            Assert.Equal(40m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(1, env.Server.Counters.LoadsApplied("ERR-1"));
            Assert.Single(await ByReferenceAsync(env, account, "ERR-1"));
        }

        [Theory]
        [InlineData(SandboxFault.DropConnection)]
        [InlineData(SandboxFault.ServerError)]
        public async Task Faults_before_applying_leave_the_state_unchanged(SandboxFault fault)
        {
            var (env, account, card) = await StartWithCardAsync();
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", fault);

            var ex = await Assert.ThrowsAnyAsync<ApiException>(() => env.LoadRawAsync(card, 75m, "BEFORE-1"));

            Assert.IsType(fault == SandboxFault.DropConnection ? typeof(ApiConnectionException) : typeof(ApiHttpException), ex);
            Assert.Equal(0m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1_000_000m, env.Server.GetAccountBalance(account));
            Assert.Equal(1, env.Server.Counters.Requests("loadCardBalance"));
            Assert.Equal(0, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(0, env.Server.Counters.LoadsApplied("BEFORE-1"));
            Assert.Empty(await ByReferenceAsync(env, account, "BEFORE-1"));
            // Nothing was applied, so the same reference is still free.
            Assert.Equal(75m, (await env.LoadRawAsync(card, 75m, "BEFORE-1")).OtbBalance);
        }

        [Fact]
        public async Task Malformed_body_is_a_fault_after_applying()
        {
            var (env, _, card) = await StartWithCardAsync();
            await using var __ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.MalformedBody);

            await Assert.ThrowsAsync<ApiResponseFormatException>(() => env.LoadRawAsync(card, 10m, "CUT-1"));

            Assert.Equal(10m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1, env.Server.Counters.LoadsApplied("CUT-1"));
        }

        [Fact]
        public async Task Scripts_hit_the_next_calls_of_their_operation_in_order_and_nothing_else()
        {
            var (env, account, card) = await StartWithCardAsync();
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenServerError, count: 2);
            env.Server.ScriptFault("loadCardBalance", SandboxFault.DropConnection);
            Assert.Equal(3, env.Server.ScriptedFaultsPending("loadCardBalance"));

            await Assert.ThrowsAsync<ApiHttpException>(() => env.LoadRawAsync(card, 1m, "S-1"));
            // Other operations are not touched by the loads' script.
            Assert.Equal(1m, (await env.GetCardAsync(card)).OtbBalance);
            await Assert.ThrowsAsync<ApiHttpException>(() => env.LoadRawAsync(card, 2m, "S-2"));
            Assert.Equal(1, env.Server.ScriptedFaultsPending("loadCardBalance"));
            await Assert.ThrowsAsync<ApiConnectionException>(() => env.LoadRawAsync(card, 4m, "S-3"));
            var fourth = await env.LoadRawAsync(card, 8m, "S-4");

            Assert.Equal(11m, fourth.OtbBalance); // 1 + 2 + 8: the dropped third load never ran
            Assert.Equal(0, env.Server.ScriptedFaultsPending("loadCardBalance"));
            Assert.Equal(4, env.Server.Counters.Requests("loadCardBalance"));
            Assert.Equal(3, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(new[] { ("S-1", 1), ("S-2", 1), ("S-4", 1) }, env.Server.Counters.LoadsAppliedByReference().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
            Assert.Equal(2, env.Server.Counters.FaultsInjected(SandboxFault.ApplyThenServerError));
            Assert.Equal(1, env.Server.Counters.FaultsInjected(SandboxFault.DropConnection));
            Assert.Equal(new[] { 1m, 2m, 8m }, (await env.Client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId })).Select(t => t.PrincipalAmount!.Value));
        }

        [Fact]
        public async Task Cleared_scripts_no_longer_fault()
        {
            var (env, _, card) = await StartWithCardAsync();
            await using var __ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ServerError, count: 5);
            env.Server.ClearScriptedFaults();

            Assert.Equal(0, env.Server.ScriptedFaultsPending("loadCardBalance"));
            Assert.Equal(3m, (await env.LoadRawAsync(card, 3m)).OtbBalance);
        }

        [Fact]
        public async Task A_created_card_counts_as_applied_even_when_the_answer_is_lost_and_a_blind_retry_issues_a_second_card()
        {
            await using var env = await TestSandbox.StartAsync(false);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            env.Server.ScriptFault("createCard", SandboxFault.ApplyThenDropConnection);

            await Assert.ThrowsAsync<ApiConnectionException>(() => env.CreateCardAsync(account));
            await env.CreateCardAsync(account);
            // createCard has no idempotency reference: the retry is a second card. A refused call applies nothing.
            await Assert.ThrowsAsync<ApiErrorException>(() => env.CreateCardAsync("CA-UNKNOWN"));

            Assert.Equal(3, env.Server.Counters.Requests("createCard"));
            Assert.Equal(2, env.Server.Counters.Applied("createCard"));
            var summary = await env.Client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = env.CompanyId, CardAccountId = account });
            Assert.Equal(2m, summary.TotalCards);
            Assert.Equal(1, env.Server.Counters.Applied("createCardAccount"));
        }

        [Fact]
        public async Task Apply_then_fault_rates_hit_only_the_chosen_operation_every_hit_load_moved_money_and_a_seed_repeats_the_run()
        {
            async Task<(List<string> Outcomes, decimal Balance, int Applied, int Faulted)> RunAsync()
            {
                var (env, _, card) = await StartWithCardAsync(configure: s =>
                {
                    s.Seed = 7;
                    s.Faults = new SandboxFaults { ApplyThenDropConnectionRate = 0.3, ApplyThenServerErrorRate = 0.3, Operations = new[] { "loadCardBalance" } };
                });
                await using var _ = env;
                var outcomes = new List<string>();
                for (var i = 0; i < 30; i++)
                {
                    try
                    {
                        await env.LoadRawAsync(card, 1m, "RATE-" + i);
                        outcomes.Add("ok");
                    }
                    catch (ApiConnectionException)
                    {
                        outcomes.Add("dropped");
                    }
                    catch (ApiHttpException ex) when (ex.StatusCode == 503)
                    {
                        outcomes.Add("503");
                    }
                    // The rates name only loadCardBalance: reads never fail.
                    await env.GetCardAsync(card);
                }
                var counters = env.Server.Counters;
                return (outcomes, env.Server.FindCard(card.EnKashCardId)!.Balance, counters.Applied("loadCardBalance"),
                    counters.FaultsInjected(SandboxFault.ApplyThenDropConnection) + counters.FaultsInjected(SandboxFault.ApplyThenServerError));
            }

            var first = await RunAsync();
            var second = await RunAsync();

            Assert.Equal(first.Outcomes, second.Outcomes);
            Assert.Contains("ok", first.Outcomes);
            Assert.Contains("dropped", first.Outcomes);
            Assert.Contains("503", first.Outcomes);
            Assert.Equal(first.Outcomes.Count(o => o != "ok"), first.Faulted);
            // Every load ran, whatever its caller saw.
            Assert.Equal(30, first.Applied);
            Assert.Equal(30m, first.Balance);
        }

        [Fact]
        public async Task Faults_and_scripts_refuse_what_the_sandbox_does_not_know()
        {
            await using var env = await TestSandbox.StartAsync(false);

            var script = Assert.Throws<ArgumentException>(() => env.Server.ScriptFault("loadCardBalnce", SandboxFault.ServerError));
            Assert.Contains("loadCardBalnce", script.Message);
            Assert.Contains("loadCardBalance", script.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => env.Server.ScriptFault("loadCardBalance", SandboxFault.ServerError, count: 0));
            var rates = Assert.Throws<ArgumentException>(() => env.Server.Faults = new SandboxFaults { ServerErrorRate = 1, Operations = new[] { "loadcardbalance" } });
            Assert.Contains("loadcardbalance", rates.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxFaults { ServerErrorStatus = 404 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxFaults { ApplyThenDropConnectionRate = 1.5 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxFaults { DropConnectionRate = double.NaN });
            await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { Faults = new SandboxFaults { Operations = new[] { "nope" } } }));
            // The refused faults did not replace the ones in force.
            Assert.Same(SandboxFaults.None, env.Server.Faults);
        }

        [Fact]
        public async Task The_token_call_can_be_scripted_and_a_token_issued_before_a_lost_answer_counts_as_applied()
        {
            await using var env = await TestSandbox.StartAsync(false);
            env.Server.ScriptFault("getPartnerToken", SandboxFault.ApplyThenDropConnection);

            await Assert.ThrowsAnyAsync<ApiException>(() => env.Client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = env.CompanyId, CardAccountId = "CA-ANY" }));

            Assert.Equal(1, env.Server.Counters.TokenFetches);
            Assert.Equal(1, env.Server.Counters.Applied("getPartnerToken"));
            Assert.Equal(0, env.Server.Counters.Requests("getCardAccount"));
        }
    }
}
