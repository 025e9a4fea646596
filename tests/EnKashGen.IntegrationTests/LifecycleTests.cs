using System;
using System.Linq;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using EnKashGen.Runtime;
using EnKashGen.Sandbox;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>EnKash's card lifecycle as the sandbox enforces it, seen through the generated client.</summary>
    public sealed class LifecycleTests
    {
        private static async Task<string> RejectedAsync(Func<Task> call)
        {
            var ex = await Assert.ThrowsAsync<ApiErrorException>(call);
            Assert.Equal(1, ex.Code);
            return ex.ApiMessage ?? string.Empty;
        }

        [Fact]
        public async Task Loads_are_credits_of_load_types_with_unique_references_and_enough_funds()
        {
            await using var env = await TestSandbox.StartAsync(false, s => s.InitialAccountBalance = 1000m);
            var account = await env.CreateAccountAsync(CardAccountType.Meal);
            var card = await env.CreateCardAsync(account);
            Assert.Equal(CardAccountType.Meal, card.AccountType?.Name);

            LoadCardBalanceRequest Load(decimal amount, TransactionType direction, BalanceEntryType? type, string reference) => new LoadCardBalanceRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardId = card.EnKashCardId,
                Amount = amount,
                TransactionType = direction,
                Type = type,
                UniqueReferenceNumber = reference,
            };

            Assert.Contains("must be CR", await RejectedAsync(() => env.Client.Cards.LoadCardBalanceAsync(Load(10m, TransactionType.Debit, null, "R1"))));
            Assert.Contains("not a load", await RejectedAsync(() => env.Client.Cards.LoadCardBalanceAsync(Load(10m, TransactionType.Credit, BalanceEntryType.Sale, "R2"))));
            var older = await env.Client.Cards.LoadCardBalanceAsync(Load(10m, TransactionType.Credit, BalanceEntryType.LoadMoney, "R3"));
            Assert.Equal(10m, older.OtbBalance);
            Assert.Contains("Duplicate uniqueReferenceNumber", await RejectedAsync(() => env.Client.Cards.LoadCardBalanceAsync(Load(10m, TransactionType.Credit, null, "R3"))));
            Assert.Equal("Insufficient balance in card account", await RejectedAsync(() => env.Client.Cards.LoadCardBalanceAsync(Load(991m, TransactionType.Credit, null, "R4"))));
            // A refused load does not burn its reference.
            var retried = await env.Client.Cards.LoadCardBalanceAsync(Load(990m, TransactionType.Credit, null, "R4"));
            Assert.Equal(1000m, retried.OtbBalance);
            Assert.Equal(0m, env.Server.GetAccountBalance(account));
        }

        [Fact]
        public async Task Block_codes_move_a_card_between_states_and_blocked_is_final()
        {
            await using var env = await TestSandbox.StartAsync(false);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account, 100m);

            Task Block(CardStatusCode code) => env.Client.Cards.BlockCardAsync(new BlockCardRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardId = card.EnKashCardId,
                BlockCode = code,
                OtpMedium = OtpMedium.Mobile,
                OtpRequired = false,
            });

            await Block(CardStatusCode.Locked);
            Assert.Equal("L", env.Server.FindCard(card.EnKashCardId)!.Status);
            Assert.Equal("card status is L", env.Server.SimulateSpend(card.EnKashCardId, 10m).DeclineReason);
            await Block(CardStatusCode.UnLocked);
            Assert.True(env.Server.SimulateSpend(card.EnKashCardId, 10m).Approved);
            await Block(CardStatusCode.Blocked);
            Assert.Equal("Card is permanently blocked", await RejectedAsync(() => Block(CardStatusCode.UnLocked)));
            Assert.Equal("Card is blocked", await RejectedAsync(() => env.LoadAsync(card, 5m)));
            Assert.Equal("Card is blocked", await RejectedAsync(() => env.Client.CardSecurity.SetCardPinAsync(new SetCardPinRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId, PinBlock = "1234", OtpRequired = false })));
            var details = await env.GetCardAsync(card);
            Assert.Equal(CardStatusCode.Blocked, details.CardStatus?.Name);
            var summary = await env.Client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = env.CompanyId, CardAccountId = account });
            Assert.Equal(1m, summary.TotalCards);
            Assert.Equal(0m, summary.ActiveCards);
        }

        [Fact]
        public async Task Otp_confirms_once_and_expires()
        {
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            await using var env = await TestSandbox.StartAsync(false, s => s.TimeProvider = clock);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);

            async Task<string> OtpAsync() => (await env.Client.CardSecurity.GenerateCardOtpAsync(new GenerateCardOtpRequest { CardOtpAction = CardOtpAction.TransactionOtp, EnKashCardId = card.EnKashCardId })).GetProperty("otpRequestId").GetString()!;
            Task Lock(string requestId, string otp) => env.Client.Cards.BlockCardAsync(new BlockCardRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardId = card.EnKashCardId,
                BlockCode = CardStatusCode.Locked,
                OtpMedium = OtpMedium.Mobile,
                OtpRequired = true,
                OtpRequestId = requestId,
                Otp = otp,
            });

            var first = await OtpAsync();
            Assert.Equal("Invalid OTP", await RejectedAsync(() => Lock(first, "000000")));
            await Lock(first, env.Server.Options.OtpCode);
            Assert.Equal("OTP already used", await RejectedAsync(() => Lock(first, env.Server.Options.OtpCode)));
            var second = await OtpAsync();
            clock.Advance(TimeSpan.FromMinutes(4));
            Assert.Equal("OTP expired", await RejectedAsync(() => Lock(second, env.Server.Options.OtpCode)));
            Assert.Equal("Invalid MFA code", await RejectedAsync(() => env.Client.Cards.ReplaceCardAsync(new ReplaceCardRequest { EnKashCardId = card.EnKashCardId, OtpMedium = OtpMedium.Mfa, OtpRequired = true, MfaCode = "111111" })));
        }

        [Fact]
        public async Task Velocity_rules_govern_simulated_purchases_which_appear_as_debits()
        {
            await using var env = await TestSandbox.StartAsync(false);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account, 1000m);
            await env.Client.CardControls.UpdateVelocityRulesAsync(new UpdateVelocityRulesRequest
            {
                CompanyId = env.CompanyId,
                CardAccountId = account,
                EnKashCardIds = new[] { card.EnKashCardId },
                OnlineAllowed = false,
                AtmAllowed = false,
                PerTxnLimit = 300m,
                Dtd = 500m,
            });

            Assert.Equal("amount exceeds the per-transaction limit", env.Server.SimulateSpend(card.EnKashCardId, 301m).DeclineReason);
            Assert.Equal("Online payments are not allowed on this card", env.Server.SimulateSpend(card.EnKashCardId, 10m, SandboxChannel.Online).DeclineReason);
            var coffee = env.Server.SimulateSpend(card.EnKashCardId, 250m, SandboxChannel.Pos, "Blue Tokai");
            Assert.True(coffee.Approved);
            Assert.True(env.Server.SimulateSpend(card.EnKashCardId, 250m, SandboxChannel.Contactless).Approved);
            Assert.Equal("amount exceeds the daily limit", env.Server.SimulateSpend(card.EnKashCardId, 1m).DeclineReason);

            var debits = await env.Client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, CardTransactionType = TransactionType.Debit });
            Assert.Equal(new[] { 250m, 250m }, debits.Select(t => t.PrincipalAmount!.Value).ToArray());
            Assert.Equal("Blue Tokai", debits[0].TxnDetails?.MerchantName);
            Assert.Equal(coffee.TransactionId, debits[0].EnKashCardTransactionId);
            var details = await env.GetCardAsync(card);
            Assert.Equal(500m, details.OtbBalance);
            Assert.Equal(500m, details.UsedLtd);
            Assert.False(details.OnlineAllowed);
        }

        [Fact]
        public async Task Transaction_search_filters_by_amount_reference_and_date()
        {
            var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 24, 8, 0, 0, TimeSpan.Zero));
            await using var env = await TestSandbox.StartAsync(false, s => s.TimeProvider = clock);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);
            await env.LoadAsync(card, 10m, "A");
            clock.Advance(TimeSpan.FromDays(1));
            await env.LoadAsync(card, 20m, "B");
            clock.Advance(TimeSpan.FromDays(1));
            await env.LoadAsync(card, 30m, "C");

            async Task<decimal[]> SearchAsync(Action<GetTransactionDetailsRequest> filter)
            {
                var request = new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account };
                filter(request);
                return (await env.Client.Transactions.GetTransactionDetailsAsync(request)).Select(t => t.PrincipalAmount!.Value).ToArray();
            }

            Assert.Equal(new[] { 20m, 30m }, await SearchAsync(r => r.AmountFrom = 15m));
            Assert.Equal(new[] { 10m, 20m }, await SearchAsync(r => r.AmountTo = 25m));
            Assert.Equal(new[] { 10m, 30m }, await SearchAsync(r => r.PgReferenceNumbers = new[] { "A", "C" }));
            Assert.Equal(new[] { 20m }, await SearchAsync(r =>
            {
                r.TxnDateFrom = "2025-01-25T00:00:00.000Z";
                r.TxnDateTo = "2025-01-25T23:59:59.999Z";
            }));
            Assert.Empty(await SearchAsync(r => r.EnKashCardId = "EKCNOSUCH"));
            Assert.Contains("ISO 8601", await RejectedAsync(() => SearchAsync(r => r.TxnDateFrom = "yesterday")));
        }

        [Fact]
        public async Task Partners_see_only_their_own_accounts_and_cards()
        {
            await using var env = await TestSandbox.StartAsync(false);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var card = await env.CreateCardAsync(account);

            var other = env.Server.Partner(encrypted: true);
            using var http = new System.Net.Http.HttpClient();
            var otherClient = new EnKashCardsClient(http, TestSandbox.OptionsFor(env.Server, other));
            var message = await RejectedAsync(() => otherClient.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = other.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId }));
            Assert.Contains("not found", message);
            Assert.Contains("is not linked to partner", await RejectedAsync(() => otherClient.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = env.CompanyId, CardAccountId = account })));
        }

        [Fact]
        public async Task Card_accounts_need_the_partners_company_and_plan()
        {
            await using var env = await TestSandbox.StartAsync(false);
            CreateCardAccountRequest Request(string company, string plan) => new CreateCardAccountRequest
            {
                CompanyId = company,
                CompanyName = "X",
                PlanMasterId = plan,
                Email = "a@b.co",
                Mobile = "9876543210",
                AccountTitle = "T",
                AccountType = CardAccountType.Fuel,
            };
            Assert.Contains("is not linked to partner", await RejectedAsync(() => env.Client.CardAccounts.CreateCardAccountAsync(Request("CEKOTHER01", env.Partner.PlanMasterId))));
            Assert.Contains("Invalid planMasterId", await RejectedAsync(() => env.Client.CardAccounts.CreateCardAccountAsync(Request(env.CompanyId, "PMWRONG"))));
            Assert.StartsWith("CA", (await env.Client.CardAccounts.CreateCardAccountAsync(Request(env.CompanyId, env.Partner.PlanMasterId))).CardAccountId);
        }

        [Fact]
        public async Task Search_without_a_card_id_is_refused_rather_than_invented()
        {
            await using var env = await TestSandbox.StartAsync(false);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            Assert.Contains("enKashCardId is required", await RejectedAsync(() => env.Client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account })));
        }
    }
}
