using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.Sample.EnKash;

namespace EnKashGen.Sample
{
    /// <summary>What the flow did, for callers that check it (the integration tests do).</summary>
    public sealed record SampleResult(
        string PrepaidAccountId,
        string GiftAccountId,
        string PrepaidCardId,
        string GiftCardId,
        decimal? PrepaidBalance,
        decimal? GiftBalance,
        int PrepaidTransactions,
        string FinalPrepaidStatus,
        int HttpCalls,
        int TokenFetches,
        TimeSpan Elapsed);

    /// <summary>The flow stopped at a step; the message names the step and the client's error.</summary>
    public sealed class SampleFlowException : Exception
    {
        public SampleFlowException(int step, string stepName, Exception innerException)
            : base("The sample flow failed at step " + step.ToString(CultureInfo.InvariantCulture) + " (" + stepName + "): " + innerException.GetType().Name + ": " + innerException.Message, innerException)
        {
            Step = step;
            StepName = stepName;
        }

        public SampleFlowException(int step, string stepName, string problem)
            : base("The sample flow failed at step " + step.ToString(CultureInfo.InvariantCulture) + " (" + stepName + "): " + problem)
        {
            Step = step;
            StepName = stepName;
        }

        public int Step { get; }

        public string StepName { get; }
    }

    /// <summary>
    /// A card programme's first day, through the generated client: sign in, open a prepaid and a gift card account,
    /// issue a prepaid card and a gift card, fund the prepaid card, read it back with its transactions, set and read its
    /// usage limits, look at the account, then block the card. The report names ids, amounts and masked numbers only:
    /// never the bearer token, the card token, a PAN or a secret.
    /// </summary>
    public static class SampleFlow
    {
        private const decimal GiftValue = 500m;
        private const decimal PrepaidLoad = 1000m;
        private const decimal TopUp = 250m;

        public static async Task<SampleResult> RunAsync(TextWriter output, SampleSettings settings, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(settings);
            var clock = Stopwatch.StartNew();
            var options = settings.ToClientOptions();
            using var counter = new CallCounter(options.TokenUrl) { InnerHandler = new SocketsHttpHandler() };
            using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
            var client = new EnKashCardsClient(http, options);

            output.WriteLine("EnKash card flow against " + settings.TargetName + " at " + settings.BaseUrl + " (partner " + settings.PartnerId + ", " + (settings.EncryptionEnabled ? "AES-encrypted bodies" : "plain JSON bodies") + ")");
            void Line(int step, string name, string text) => output.WriteLine(" " + step.ToString(CultureInfo.InvariantCulture).PadLeft(2) + ". " + name.PadRight(15) + text);

            // 1-2. The first call makes the client fetch and cache a bearer token.
            var prepaidAccount = await Step(2, "create card accounts", () => client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = settings.CompanyId,
                CompanyName = settings.CompanyName,
                PlanMasterId = settings.PlanMasterId,
                Email = "cards.admin@example.com",
                Mobile = "9876543210",
                AccountTitle = "Employee prepaid cards",
                AccountType = CardAccountType.ReloadableGpr,
            }, cancellationToken)).ConfigureAwait(false);
            Line(1, "Token", "bearer token fetched by the client on first use and cached (" + Plural(counter.TokenCalls, "token fetch", "token fetches") + ")");
            var giftAccount = await Step(2, "create card accounts", () => client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = settings.CompanyId,
                CompanyName = settings.CompanyName,
                PlanMasterId = settings.PlanMasterId,
                Email = "cards.admin@example.com",
                Mobile = "9876543210",
                AccountTitle = "Festival gift cards",
                AccountType = CardAccountType.Gift,
            }, cancellationToken)).ConfigureAwait(false);
            var prepaidAccountId = prepaidAccount.CardAccountId ?? throw new SampleFlowException(2, "create card accounts", "the answer has no cardAccountId");
            var giftAccountId = giftAccount.CardAccountId ?? throw new SampleFlowException(2, "create card accounts", "the answer has no cardAccountId");
            Line(2, "Card accounts", prepaidAccountId + " (RELOADABLE_GPR, " + Money(prepaidAccount.AvailableBalance) + " available), " + giftAccountId + " (GIFT, " + Money(giftAccount.AvailableBalance) + " available)");

            // 3. A reloadable prepaid card: its type comes from the account.
            var prepaid = await Step(3, "issue a prepaid card", () => client.Cards.CreateCardAsync(new CreateCardRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                Email = "asha.rao@example.com",
                Mobile = "9123456780",
                Title = "Ms",
                FirstName = "Asha",
                LastName = "Rao",
                Gender = EnKash.Gender.Female,
                SpecialDate = "14-02-1990",
                Address = "12 MG Road",
                Address2 = "Camp",
                City = "Pune",
                State = "Maharashtra",
                Country = "India",
                Pincode = "411001",
                PrimaryEnKashCard = false,
                PhysicalCard = false,
                PhysicalDeliveryAddressFlag = false,
                Remarks = "Issued by the EnKashGen sample",
                Documents = new[] { new HolderDocument { DocType = DocType.Pan, DocNo = "ABCPR1234K" } },
            }, cancellationToken)).ConfigureAwait(false);
            Line(3, "Prepaid card", prepaid.EnKashCardId + " for " + prepaid.FirstName + " " + prepaid.LastName + ", " + prepaid.MaskedNumber + ", expires " + prepaid.ExpiryMonth + "/" + prepaid.ExpiryYear + ", " + Status(prepaid));

            // 4. A gift card is funded once, at creation: loadAmount is mandatory.
            var gift = await Step(4, "issue a gift card", () => client.Cards.CreateCardAsync(new CreateCardRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = giftAccountId,
                Email = "vikram.singh@example.com",
                Mobile = "9988776655",
                Title = "Mr",
                FirstName = "Vikram",
                LastName = "Singh",
                Gender = EnKash.Gender.Male,
                PhysicalCard = false,
                LoadAmount = GiftValue,
                Remarks = "Diwali gift",
            }, cancellationToken)).ConfigureAwait(false);
            Line(4, "Gift card", gift.EnKashCardId + " for " + gift.FirstName + " " + gift.LastName + " worth " + Money(gift.OtbBalance) + ", " + gift.MaskedNumber + ", " + (gift.AccountType?.Label ?? gift.AccountType?.Name?.Value ?? "gift"));

            // 5. Money moves from the prepaid account onto the prepaid card (a CR load).
            var reference = "SAMPLE-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            var load = await Step(5, "load the prepaid card", () => client.Cards.LoadCardBalanceAsync(new LoadCardBalanceRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
                Amount = PrepaidLoad,
                TransactionType = TransactionType.Credit,
                Type = BalanceEntryType.AllocateFund,
                TransactionCode = TransactionCode.Allocation,
                UniqueReferenceNumber = reference,
                CreatedBy = "enkashgen-sample",
                Description = "Monthly allowance",
            }, cancellationToken)).ConfigureAwait(false);
            Line(5, "Load", Money(PrepaidLoad) + " onto " + prepaid.EnKashCardId + ": transaction " + (load.EnkashCardTxnId ?? "(not reported)") + ", reference " + reference + ", balance " + Money(load.OtbBalance));

            // 5. A top-up whose connection drops after EnKash applied it (scripted in the sandbox). The client does not
            // send it again: it finds the load by the reference it generated and reports it applied, so the money moves once.
            if (settings.LoseNextLoadAnswer is { } loseAnswer)
            {
                loseAnswer();
                var topUp = new LoadCardBalanceRequest
                {
                    CompanyId = settings.CompanyId,
                    CardAccountId = prepaidAccountId,
                    EnKashCardId = prepaid.EnKashCardId,
                    Amount = TopUp,
                    TransactionType = TransactionType.Credit,
                    Type = BalanceEntryType.AllocateFund,
                    TransactionCode = TransactionCode.Allocation,
                    CreatedBy = "enkashgen-sample",
                    Description = "Top-up",
                };
                var settled = await Step(5, "top up the prepaid card", () => client.Cards.LoadCardBalanceAsync(topUp, cancellationToken)).ConfigureAwait(false);
                Line(5, "Lost answer", Money(TopUp) + " top-up: connection dropped after it was applied; found by reference " + topUp.UniqueReferenceNumber + " (transaction " + (settled.EnkashCardTxnId ?? "?") + "), not sent again: balance " + Money(settled.OtbBalance));
            }

            // 6. The card as EnKash now sees it.
            var details = await Step(6, "read the card", () => client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
            }, cancellationToken)).ConfigureAwait(false);
            Line(6, "Card details", details.EnKashCardId + ": balance " + Money(details.OtbBalance) + ", " + Status(details) + ", KYC " + (details.KycStatus?.Label ?? details.KycStatus?.Name?.Value ?? "?") + ", " + (details.AccountType?.Label ?? details.AccountType?.Name?.Value ?? "?"));

            // 7. Its transactions.
            var transactions = await Step(7, "search transactions", () => client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
            }, cancellationToken)).ConfigureAwait(false);
            Line(7, "Transactions", Plural(transactions.Count, "transaction", "transactions") + " on " + prepaid.EnKashCardId + (transactions.Count == 0 ? string.Empty : ":"));
            foreach (var txn in transactions.Take(5))
            {
                output.WriteLine(new string(' ', 20) + (txn.EnKashCardTransactionId ?? "?") + "  " + (txn.CardTransactionType?.Value ?? "?") + " " + Money(txn.PrincipalAmount) + "  " + (txn.Type?.Value ?? "?") + (txn.PgReferenceNumber is null ? string.Empty : "  ref " + txn.PgReferenceNumber));
            }

            // 8. Usage controls: write them, then read them back.
            await Step(8, "set velocity rules", () => client.CardControls.UpdateVelocityRulesAsync(new UpdateVelocityRulesRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardIds = new[] { prepaid.EnKashCardId },
                PosAllowed = true,
                OnlineAllowed = true,
                AtmAllowed = false,
                InternationalAllowed = false,
                ContactlessAllowed = true,
                PerTxnLimit = 2000m,
                Dtd = 5000m,
                DtdCount = 10m,
            }, cancellationToken)).ConfigureAwait(false);
            var rules = await Step(8, "read velocity rules", () => client.CardControls.GetVelocityRulesAsync(new GetVelocityRulesRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
            }, cancellationToken)).ConfigureAwait(false);
            Line(8, "Velocity rules", "set and read back: POS " + OnOff(rules.PosAllowed) + ", online " + OnOff(rules.OnlineAllowed) + ", ATM " + OnOff(rules.AtmAllowed) + ", international " + OnOff(rules.InternationalAllowed) + ", per transaction " + Money(rules.PerTxnLimit) + ", daily " + Money(rules.Dtd) + " / " + Count(rules.DtdCount) + " transactions");

            // 9. The prepaid account after issuing and funding.
            var account = await Step(9, "read the card account", () => client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
            }, cancellationToken)).ConfigureAwait(false);
            Line(9, "Card account", prepaidAccountId + ": " + Money(account.AvailableBalance) + " available, " + Money(account.AvailableCardBalance) + " on " + Count(account.TotalCards) + " card(s)");

            // 10. Block the card (no OTP in this flow) and confirm its new status.
            await Step(10, "block the card", () => client.Cards.BlockCardAsync(new BlockCardRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
                BlockCode = CardStatusCode.Blocked,
                OtpMedium = OtpMedium.Mobile,
                OtpRequired = false,
                Reason = "Card reported lost",
                CreatedBy = "enkashgen-sample",
            }, cancellationToken)).ConfigureAwait(false);
            var blocked = await Step(10, "read the blocked card", () => client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest
            {
                CompanyId = settings.CompanyId,
                CardAccountId = prepaidAccountId,
                EnKashCardId = prepaid.EnKashCardId,
            }, cancellationToken)).ConfigureAwait(false);
            Line(10, "Block", prepaid.EnKashCardId + " blocked; " + Status(blocked));

            clock.Stop();
            output.WriteLine("Done in " + clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s: " + Plural(counter.Calls, "HTTP call", "HTTP calls") + ", " + Plural(counter.TokenCalls, "token fetch", "token fetches") + ".");
            return new SampleResult(prepaidAccountId, giftAccountId, prepaid.EnKashCardId, gift.EnKashCardId, details.OtbBalance, gift.OtbBalance, transactions.Count, blocked.CardStatus?.Name?.Value ?? string.Empty, counter.Calls, counter.TokenCalls, clock.Elapsed);
        }

        private static async Task<T> Step<T>(int step, string name, Func<Task<T>> action)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                throw new SampleFlowException(step, name, ex);
            }
        }

        private static string Status(Card card) => "status " + (card.CardStatus?.Label ?? card.CardStatus?.Name?.Value ?? "?");

        private static string Money(decimal? amount) => amount is { } value ? "INR " + value.ToString("#,##0.00", CultureInfo.InvariantCulture) : "n/a";

        private static string Count(decimal? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "n/a";

        private static string OnOff(bool? value) => value switch { true => "on", false => "off", null => "n/a" };

        private static string Plural(int count, string one, string many) => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

        /// <summary>Counts the HTTP calls the client makes, and those to the token URL.</summary>
        private sealed class CallCounter : DelegatingHandler
        {
            private readonly Uri? _tokenUrl;
            private int _calls;
            private int _tokenCalls;

            public CallCounter(Uri? tokenUrl) => _tokenUrl = tokenUrl;

            public int Calls => Volatile.Read(ref _calls);

            public int TokenCalls => Volatile.Read(ref _tokenCalls);

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _calls);
                if (request.RequestUri is { } uri && _tokenUrl is not null && Uri.Compare(uri, _tokenUrl, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    Interlocked.Increment(ref _tokenCalls);
                }
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
