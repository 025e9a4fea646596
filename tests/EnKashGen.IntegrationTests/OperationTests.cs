using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>Every operation of specs/enkash-cards.yaml through the generated client, over HTTP, with and without encryption.</summary>
    public sealed class OperationTests
    {
        /// <summary>The fourteen operationIds of the spec.</summary>
        internal static readonly string[] SpecOperations =
        {
            "getPartnerToken", "createCard", "loadCardBalance", "blockCard", "replaceCard", "getCardDetails", "getTransactionDetails",
            "createCardAccount", "getCardAccount", "setCardPin", "generateCardOtp", "updateVelocityRules", "getVelocityRules", "getVkycLink",
        };

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Every_operation_works_through_the_generated_client(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted, recordWire: true);
            var client = env.Client;
            var company = env.CompanyId;

            // getPartnerToken, called directly (the client also calls it by itself before the first card call).
            var token = await client.Auth.GetPartnerTokenAsync(new GetPartnerTokenRequest { Username = env.Partner.Username, Password = env.Partner.Password, GrantType = "password", ClientId = env.Partner.ClientId });
            Assert.False(string.IsNullOrEmpty(token.AccessToken));
            Assert.Equal("bearer", token.TokenType);
            Assert.Equal(86399, token.ExpiresIn);
            Assert.Equal("read write trust", token.Scope);

            // createCardAccount
            var account = await client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = company,
                CompanyName = env.Partner.CompanyName,
                PlanMasterId = env.Partner.PlanMasterId,
                Email = "admin@example.com",
                Mobile = "9876543210",
                AccountTitle = "Prepaid",
                AccountType = CardAccountType.ReloadableGpr,
            });
            Assert.StartsWith("CA", account.CardAccountId);
            Assert.Equal(1_000_000m, account.AvailableBalance);
            Assert.Equal(0m, account.TotalCards);
            var accountId = account.CardAccountId!;

            // createCard, funded with 100 at creation
            var request = env.NewCardRequest(accountId, 100m);
            request.Documents = new[] { new HolderDocument { DocType = DocType.Pan, DocNo = "ABCPR1234K" } };
            var card = await client.Cards.CreateCardAsync(request);
            Assert.StartsWith("EKC", card.EnKashCardId);
            Assert.Equal(accountId, card.CardAccountId);
            Assert.Equal(100m, card.OtbBalance);
            Assert.Equal(CardStatusCode.UnLocked, card.CardStatus?.Name);
            Assert.Equal(CardAccountType.ReloadableGpr, card.AccountType?.Name);
            Assert.Matches("^XXXX XXXX XXXX [0-9]{4}$", card.MaskedNumber);
            Assert.StartsWith("ECT", card.EnkashCardTxnId);
            Assert.True(card.PrimaryCard);
            Assert.DoesNotContain("ABCPR1234K", card.ToString());

            // loadCardBalance
            var load = await env.LoadAsync(card, 250.50m, "REF-LOAD-1");
            Assert.Equal(card.EnKashCardId, load.EnKashCardId);
            Assert.Equal("REF-LOAD-1", load.PgReferenceNumber);
            Assert.Equal(350.50m, load.OtbBalance);
            Assert.StartsWith("ECT", load.EnkashCardTxnId);

            // getCardDetails
            var details = await env.GetCardAsync(card);
            Assert.Equal(350.50m, details.OtbBalance);
            Assert.Equal(250.50m, details.LastAllocatedAmount);

            // getTransactionDetails: everything, then one reference
            var all = await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = company, CardAccountId = accountId });
            Assert.Equal(new[] { 100m, 250.50m }, all.Select(t => t.PrincipalAmount!.Value).ToArray());
            Assert.All(all, t => Assert.Equal(TransactionType.Credit, t.CardTransactionType));
            var one = Assert.Single(await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = company, CardAccountId = accountId, PgReferenceNumber = "REF-LOAD-1" }));
            Assert.Equal(load.EnkashCardTxnId, one.EnKashCardTransactionId);
            Assert.Equal(350.50m, one.Balance);

            // getCardAccount
            var after = await client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = company, CardAccountId = accountId });
            Assert.Equal(1_000_000m - 350.50m, after.AvailableBalance);
            Assert.Equal(350.50m, after.AvailableCardBalance);
            Assert.Equal(1m, after.TotalCards);
            Assert.Equal(card.EnKashCardId, after.PrimaryEnKashCard?.EnKashCardId);

            // generateCardOtp
            var otp = await client.CardSecurity.GenerateCardOtpAsync(new GenerateCardOtpRequest { CardOtpAction = CardOtpAction.TransactionOtp, CardAccountId = accountId, EnKashCardId = card.EnKashCardId });
            var otpRequestId = otp.GetProperty("otpRequestId").GetString();
            Assert.StartsWith("OTP", otpRequestId);

            // setCardPin (the request has no OTP field, so no OTP confirms it)
            Assert.Equal("Success", await client.CardSecurity.SetCardPinAsync(new SetCardPinRequest { CompanyId = company, CardAccountId = accountId, EnKashCardId = card.EnKashCardId, PinBlock = "0427", OtpRequired = false }));
            Assert.True(env.Server.FindCard(card.EnKashCardId)!.PinSet);

            // updateVelocityRules and getVelocityRules
            var updated = await client.CardControls.UpdateVelocityRulesAsync(new UpdateVelocityRulesRequest
            {
                CompanyId = company,
                CardAccountId = accountId,
                EnKashCardIds = new[] { card.EnKashCardId },
                PosAllowed = true,
                OnlineAllowed = false,
                AtmAllowed = true,
                PerTxnLimit = 1500m,
                Dtd = 4000m,
                MtdCount = 30m,
            });
            Assert.Equal(card.EnKashCardId, updated.GetProperty("enKashCardIds")[0].GetString());
            var rules = await client.CardControls.GetVelocityRulesAsync(new GetVelocityRulesRequest { CompanyId = company, CardAccountId = accountId, EnKashCardId = card.EnKashCardId });
            Assert.Equal(card.EnKashCardId, rules.EnKashCardId);
            Assert.True(rules.PosAllowed);
            Assert.False(rules.OnlineAllowed);
            Assert.True(rules.AtmAllowed);
            Assert.Equal(1500m, rules.PerTxnLimit);
            Assert.Equal(4000m, rules.Dtd);
            Assert.Equal(30m, rules.MtdCount);
            Assert.Null(rules.Ytd);

            // blockCard: lock with the SMS OTP, then unlock with the authenticator code
            var locked = await client.Cards.BlockCardAsync(new BlockCardRequest
            {
                CompanyId = company,
                CardAccountId = accountId,
                EnKashCardId = card.EnKashCardId,
                BlockCode = CardStatusCode.Locked,
                OtpMedium = OtpMedium.Mobile,
                OtpRequired = true,
                OtpRequestId = otpRequestId,
                Otp = env.Server.Options.OtpCode,
                Reason = "holder asked",
            });
            Assert.Equal("L", locked.GetProperty("cardStatus").GetProperty("name").GetString());
            Assert.Equal(CardStatusCode.Locked, (await env.GetCardAsync(card)).CardStatus?.Name);
            await client.Cards.BlockCardAsync(new BlockCardRequest
            {
                CompanyId = company,
                CardAccountId = accountId,
                EnKashCardId = card.EnKashCardId,
                BlockCode = CardStatusCode.UnLocked,
                OtpMedium = OtpMedium.Mfa,
                OtpRequired = true,
                MfaCode = env.Server.Options.MfaCode,
            });
            Assert.Equal(CardStatusCode.UnLocked, (await env.GetCardAsync(card)).CardStatus?.Name);

            // replaceCard: same card id, new card data
            var before = env.Server.FindCard(card.EnKashCardId)!;
            var replaced = await client.Cards.ReplaceCardAsync(new ReplaceCardRequest { EnKashCardId = card.EnKashCardId, CardAccountId = accountId, OtpMedium = OtpMedium.Mobile, OtpRequired = false });
            Assert.False(string.IsNullOrEmpty(replaced));
            var afterReplace = env.Server.FindCard(card.EnKashCardId)!;
            Assert.Equal(1, afterReplace.Replacements);
            Assert.NotEqual(before.Token, afterReplace.Token);
            Assert.Equal(350.50m, afterReplace.Balance);

            // getVkycLink (GET with query parameters; its answer is encrypted too for an encrypting partner)
            var vkyc = await client.Kyc.GetVkycLinkAsync(company, accountId, card.EnKashCardId);
            Assert.StartsWith("https://", vkyc.GetProperty("vkycLink").GetString());
            Assert.Equal(card.EnKashCardId, vkyc.GetProperty("enKashCardId").GetString());

            // The sandbox saw every operation of the spec, and one token sufficed for the client's own calls.
            foreach (var operationId in SpecOperations)
            {
                Assert.True(env.Server.Counters.Requests(operationId) >= 1, operationId + " was not called");
            }
            Assert.Equal(2, env.Server.Counters.TokenFetches);
            Assert.Equal(1, client.TokenCache.FetchCount);
            Assert.Equal(SpecOperations.OrderBy(x => x), env.Server.OperationIds.OrderBy(x => x));

            // On the wire: the token call is a plain form; card bodies are {"request": base64} both ways when encrypting.
            var exchanges = env.Wire!.Exchanges;
            Assert.All(exchanges.Where(e => e.Path == "/oauth/token"), e => Assert.StartsWith("username=", e.RequestBody));
            var cardCalls = exchanges.Where(e => e.Path.StartsWith("/api/v0/partner/enKashCard", StringComparison.Ordinal)).ToList();
            Assert.Equal(17, cardCalls.Count);
            foreach (var exchange in cardCalls)
            {
                Assert.Equal(200, exchange.Status);
                using var response = JsonDocument.Parse(exchange.ResponseBody);
                if (encrypted)
                {
                    Assert.Equal("request", Assert.Single(response.RootElement.EnumerateObject()).Name);
                    if (exchange.RequestBody is not null)
                    {
                        using var requestJson = JsonDocument.Parse(exchange.RequestBody);
                        Assert.Equal("request", Assert.Single(requestJson.RootElement.EnumerateObject()).Name);
                    }
                }
                else
                {
                    var spelling = exchange.Path.EndsWith("/cardAccount/get", StringComparison.Ordinal) || exchange.Path.EndsWith("/search", StringComparison.Ordinal) ? "response_code" : "code";
                    Assert.Equal(0, response.RootElement.GetProperty(spelling).GetInt32());
                }
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Gift_cards_are_funded_at_creation_only(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted);
            var giftAccount = await env.CreateAccountAsync(CardAccountType.Gift);

            var missing = await Assert.ThrowsAsync<Runtime.ApiErrorException>(() => env.CreateCardAsync(giftAccount));
            Assert.Equal(1, missing.Code);
            Assert.Contains("loadAmount is mandatory for gift cards", missing.ApiMessage);

            var gift = await env.CreateCardAsync(giftAccount, 500m);
            Assert.Equal(500m, gift.OtbBalance);
            Assert.Equal(500m, gift.LoadAmount);
            Assert.Equal(CardAccountType.Gift, gift.AccountType?.Name);
            Assert.Equal(BinTypeCode.GiftCard, gift.BinType?.Name);
            Assert.Equal(1_000_000m - 500m, env.Server.GetAccountBalance(giftAccount));

            var refused = await Assert.ThrowsAsync<Runtime.ApiErrorException>(() => env.LoadAsync(gift, 10m));
            Assert.Equal(1, refused.Code);
            Assert.Equal(200, refused.StatusCode);
            Assert.Contains("Gift cards cannot be loaded", refused.ApiMessage);
            Assert.Equal(500m, env.Server.FindCard(gift.EnKashCardId)!.Balance);
        }
    }
}
