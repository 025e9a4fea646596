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
    /// What a repeated <c>uniqueReferenceNumber</c> does in each <see cref="LoadDeduplication"/> mode, how a load is found
    /// again by its reference, and that a client which reconciles before retrying moves money once in every mode while a
    /// blind retry shows up in the counters.
    /// </summary>
    public sealed class LoadDeduplicationTests
    {
        private static async Task<(TestSandbox Env, string Account, Card Card)> StartWithCardAsync(LoadDeduplication mode, bool encrypted = false)
        {
            var env = await TestSandbox.StartAsync(encrypted, s => s.LoadDeduplication = mode);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);
            return (env, account, card);
        }

        private static Task<IReadOnlyList<CardTransaction>> ByReferenceAsync(TestSandbox env, string account, string reference)
            => env.Client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, PgReferenceNumber = reference });

        [Fact]
        public async Task The_default_refuses_a_repeated_reference_with_code_1_and_moves_nothing()
        {
            Assert.Equal(LoadDeduplication.RejectDuplicate, new SandboxOptions().LoadDeduplication);
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.RejectDuplicate);
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenDropConnection);
            await Assert.ThrowsAsync<ApiConnectionException>(() => env.LoadRawAsync(card, 100m, "REJ-1"));

            var ex = await Assert.ThrowsAsync<ApiErrorException>(() => env.LoadRawAsync(card, 100m, "REJ-1"));

            Assert.Equal(1, ex.Code);
            Assert.Equal("Duplicate uniqueReferenceNumber REJ-1", ex.ApiMessage);
            Assert.Equal(100m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1, env.Server.Counters.LoadsApplied("REJ-1"));
            Assert.Equal(1, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Single(await ByReferenceAsync(env, account, "REJ-1"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task ReplayOriginal_answers_a_repeated_reference_with_the_original_result_and_moves_nothing(bool encrypted)
        {
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.ReplayOriginal, encrypted);
            await using var _ = env;
            var original = await env.LoadRawAsync(card, 100m, "REP-1");
            await env.LoadRawAsync(card, 50m, "REP-2");

            var replay = await env.LoadRawAsync(card, 100m, "REP-1");

            // The answer of that time, not a new one: same transaction, balance as it was after the first load.
            Assert.Equal(original.EnkashCardTxnId, replay.EnkashCardTxnId);
            Assert.Equal(100m, replay.OtbBalance);
            Assert.Equal("REP-1", replay.PgReferenceNumber);
            Assert.Equal(150m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(1, env.Server.Counters.LoadsApplied("REP-1"));
            Assert.Equal(1, env.Server.Counters.LoadReplays("REP-1"));
            Assert.Equal(2, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(3, env.Server.Counters.Requests("loadCardBalance"));
            Assert.Equal(original.EnkashCardTxnId, Assert.Single(await ByReferenceAsync(env, account, "REP-1")).EnKashCardTransactionId);
        }

        [Fact]
        public async Task ReplayOriginal_replays_after_a_lost_answer_even_when_the_card_has_since_been_blocked()
        {
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.ReplayOriginal);
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenServerError);
            await Assert.ThrowsAsync<ApiHttpException>(() => env.LoadRawAsync(card, 60m, "REP-LOST"));
            await env.Client.Cards.BlockCardAsync(new BlockCardRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId, BlockCode = CardStatusCode.Blocked, OtpMedium = OtpMedium.Mobile, OtpRequired = false });

            var replay = await env.LoadRawAsync(card, 60m, "REP-LOST");

            Assert.Equal(60m, replay.OtbBalance);
            Assert.Equal(60m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            // A new reference on the blocked card is refused as usual.
            Assert.Equal("Card is blocked", (await Assert.ThrowsAsync<ApiErrorException>(() => env.LoadRawAsync(card, 60m, "REP-NEW"))).ApiMessage);
        }

        [Fact]
        public async Task ReplayOriginal_refuses_a_reference_reused_for_another_amount_or_card()
        {
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.ReplayOriginal);
            await using var _ = env;
            var other = await env.CreateCardAsync(account, firstName: "Ravi");
            await env.LoadRawAsync(card, 100m, "REP-X");

            var amount = await Assert.ThrowsAsync<ApiErrorException>(() => env.LoadRawAsync(card, 101m, "REP-X"));
            var otherCard = await Assert.ThrowsAsync<ApiErrorException>(() => env.LoadRawAsync(other, 100m, "REP-X"));

            Assert.Contains("uniqueReferenceNumber REP-X was already used for another load", amount.ApiMessage);
            Assert.Contains("already used for another load", otherCard.ApiMessage);
            Assert.Equal(0m, env.Server.FindCard(other.EnKashCardId)!.Balance);
            Assert.Equal(1, env.Server.Counters.LoadsApplied("REP-X"));
            Assert.Equal(0, env.Server.Counters.LoadReplays("REP-X"));
        }

        [Fact]
        public async Task None_applies_a_repeated_reference_again_so_the_money_moves_twice()
        {
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.None);
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenDropConnection);
            await Assert.ThrowsAsync<ApiConnectionException>(() => env.LoadRawAsync(card, 100m, "TWICE-1"));

            var again = await env.LoadRawAsync(card, 100m, "TWICE-1");

            Assert.Equal(200m, again.OtbBalance);
            Assert.Equal(200m, env.Server.FindCard(card.EnKashCardId)!.Balance);
            Assert.Equal(2, env.Server.Counters.LoadsApplied("TWICE-1"));
            var found = await ByReferenceAsync(env, account, "TWICE-1");
            Assert.Equal(2, found.Count);
            Assert.NotEqual(found[0].EnKashCardTransactionId, found[1].EnKashCardTransactionId);
            Assert.All(found, t => Assert.Equal("TWICE-1", t.PgReferenceNumber));
        }

        [Theory]
        [InlineData(LoadDeduplication.RejectDuplicate)]
        [InlineData(LoadDeduplication.ReplayOriginal)]
        [InlineData(LoadDeduplication.None)]
        public async Task Loads_without_a_reference_are_applied_every_time_and_refused_loads_do_not_use_up_a_reference(LoadDeduplication mode)
        {
            var (env, account, card) = await StartWithCardAsync(mode);
            await using var _ = env;
            LoadCardBalanceRequest Load(decimal amount, string? reference) => new LoadCardBalanceRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardId = card.EnKashCardId,
                Amount = amount,
                TransactionType = TransactionType.Credit,
                UniqueReferenceNumber = reference,
            };

            await env.Client.Cards.LoadCardBalanceAsync(Load(5m, null));
            await env.Client.Cards.LoadCardBalanceAsync(Load(5m, null));
            await Assert.ThrowsAsync<ApiErrorException>(() => env.Client.Cards.LoadCardBalanceAsync(Load(2_000_000m, "BIG")));
            var funded = await env.Client.Cards.LoadCardBalanceAsync(Load(10m, "BIG"));

            Assert.Equal(20m, funded.OtbBalance);
            Assert.Equal(3, env.Server.Counters.Applied("loadCardBalance"));
            Assert.Equal(1, env.Server.Counters.LoadsApplied("BIG"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task The_transaction_search_finds_a_load_by_its_reference(bool encrypted)
        {
            var (env, account, card) = await StartWithCardAsync(LoadDeduplication.RejectDuplicate, encrypted);
            await using var _ = env;
            var first = await env.LoadRawAsync(card, 11m, "FIND-1");
            await env.LoadRawAsync(card, 22m, "FIND-2");
            await env.LoadRawAsync(card, 33m, "FIND-3");

            var one = Assert.Single(await ByReferenceAsync(env, account, "FIND-1"));
            Assert.Equal(first.EnkashCardTxnId, one.EnKashCardTransactionId);
            Assert.Equal("FIND-1", one.PgReferenceNumber);
            Assert.Equal(11m, one.PrincipalAmount);
            Assert.Equal(TransactionType.Credit, one.CardTransactionType);
            Assert.Empty(await ByReferenceAsync(env, account, "FIND-NEVER"));
            var several = await env.Client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardId = card.EnKashCardId,
                PgReferenceNumbers = new[] { "FIND-3", "FIND-1", "FIND-NEVER" },
            });
            Assert.Equal(new[] { "FIND-1", "FIND-3" }, several.Select(t => t.PgReferenceNumber).ToArray());
        }

        // ------------------------------------------------------- retries of a client

        /// <summary>
        /// A load that survives lost answers without moving money twice: on a failure whose outcome is unknown it looks the
        /// reference up and retries with the same reference only when the load is not there.
        /// </summary>
        private static async Task<decimal> ReconcilingLoadAsync(TestSandbox env, string account, Card card, decimal amount, string reference)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return (await env.LoadRawAsync(card, amount, reference)).OtbBalance ?? throw new InvalidOperationException("no otbBalance");
                }
                catch (ApiException ex) when (attempt < 5 && ex is ApiConnectionException or ApiTimeoutException or ApiResponseFormatException or ApiHttpException { StatusCode: >= 500 })
                {
                    if ((await ByReferenceAsync(env, account, reference)).Count > 0)
                    {
                        return (await env.GetCardAsync(card)).OtbBalance ?? throw new InvalidOperationException("no otbBalance");
                    }
                }
            }
        }

        [Theory]
        [InlineData(LoadDeduplication.RejectDuplicate, SandboxFault.ApplyThenDropConnection)]
        [InlineData(LoadDeduplication.RejectDuplicate, SandboxFault.ApplyThenServerError)]
        [InlineData(LoadDeduplication.ReplayOriginal, SandboxFault.ApplyThenDropConnection)]
        [InlineData(LoadDeduplication.ReplayOriginal, SandboxFault.MalformedBody)]
        [InlineData(LoadDeduplication.None, SandboxFault.ApplyThenDropConnection)]
        [InlineData(LoadDeduplication.None, SandboxFault.ApplyThenServerError)]
        [InlineData(LoadDeduplication.None, SandboxFault.DropConnection)]
        public async Task A_client_that_reconciles_before_retrying_moves_the_money_once_in_every_mode(LoadDeduplication mode, SandboxFault fault)
        {
            var (env, account, card) = await StartWithCardAsync(mode);
            await using var _ = env;
            env.Server.ScriptFault("loadCardBalance", fault, count: 2);

            var balance = await ReconcilingLoadAsync(env, account, card, 500m, "SAFE-1");

            Assert.Equal(500m, balance);
            Assert.Equal(1, env.Server.Counters.LoadsApplied("SAFE-1"));
            Assert.Equal(500m, env.Server.FindCard(card.EnKashCardId)!.Balance);
        }

        [Fact]
        public async Task A_client_that_retries_blindly_moves_the_money_twice_and_the_counters_show_it()
        {
            var (env, _, card) = await StartWithCardAsync(LoadDeduplication.None);
            await using var __ = env;
            env.Server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenServerError);

            LoadCardBalanceResult? result = null;
            for (var attempt = 0; result is null; attempt++)
            {
                try
                {
                    result = await env.LoadRawAsync(card, 500m, "BLIND-1");
                }
                catch (ApiHttpException) when (attempt == 0)
                {
                }
            }

            Assert.Equal(1000m, result.OtbBalance);
            Assert.Equal(2, env.Server.Counters.LoadsApplied("BLIND-1"));
            Assert.Contains(env.Server.Counters.LoadsAppliedByReference(), p => p.Value > 1);
        }
    }
}
