using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// A whole session with distinctive secrets: none of them may appear in any log line (Trace level, every category),
/// in any exception (Message and ToString()), or in the ToString() of any option, request or response object.
/// </summary>
public class SecretLeakTests
{
    private const string Password = "pw-LEAK-7f3a";
    private const string ClientSecret = "cs-LEAK-91c2";
    private const string PartnerId = "CR-LEAK-5d0e";
    private const string AccessToken = "tok-LEAK-0b8d";
    private const string RefreshToken = "rt-LEAK-6e41";
    private const string Pin = "pin-LEAK-2718";
    private const string Otp = "otp-LEAK-3141";
    private const string MfaCode = "mfa-LEAK-1618";
    private const string Pan = "pan-LEAK-4111111111111111";
    private const string CardToken = "cardtok-LEAK-c0ffee";
    private const string DocNo = "doc-LEAK-CPNPN9977R";

    private static readonly string BasicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestData.ClientId + ":" + ClientSecret));

    private static readonly string[] Secrets = { Password, ClientSecret, PartnerId, AccessToken, RefreshToken, Pin, Otp, MfaCode, Pan, CardToken, DocNo, BasicCredentials };

    private static readonly string SecretCard = TestData.CardJsonWith(("pan", Pan), ("token", CardToken));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_secret_reaches_logs_exceptions_or_ToString(bool encrypted)
    {
        var logs = new InMemoryLoggerProvider();
        var server = new SecretServer(encrypted);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddEnKashCardsClient(o =>
            {
                o.Username = TestData.Username;
                o.Password = Password;
                o.ClientId = TestData.ClientId;
                o.ClientSecret = ClientSecret;
                o.PartnerId = PartnerId;
                o.EncryptionEnabled = encrypted;
            })
            .ConfigurePrimaryHttpMessageHandler(() => server.Handler)
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<EnKashCardsClient>();

        var texts = new List<(string Where, string Text)>();
        var exceptions = new List<Exception>();
        async Task<T?> Run<T>(Func<Task<T>> call)
        {
            try
            {
                return await call();
            }
            catch (Exception ex)
            {
                exceptions.Add(ex);
                return default;
            }
        }

        var createRequest = TestData.CreateCardRequest();
        createRequest.Documents = new List<HolderDocument> { new() { DocType = DocType.Pan, DocNo = DocNo } };
        var created = await Run(() => client.Cards.CreateCardAsync(createRequest));
        var found = await Run(() => client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = "CEKEP5GSGP", CardAccountId = "CAA8W45" }));
        var pinRequest = TestData.SetCardPinRequest(Pin);
        var pinResult = await Run(() => client.CardSecurity.SetCardPinAsync(pinRequest));
        var blockRequest = TestData.BlockCardRequest();
        blockRequest.Otp = Otp;
        blockRequest.MfaCode = MfaCode;
        blockRequest.OtpRequired = true;
        await Run(() => client.Cards.BlockCardAsync(blockRequest));                                     // code 1
        var account = await Run(() => client.CardAccounts.GetCardAccountAsync(new GetCardAccountRequest { CompanyId = "C", CardAccountId = "A" })); // 401, refresh, retry
        await Run(() => client.Cards.ReplaceCardAsync(new ReplaceCardRequest { EnKashCardId = "EKC1", OtpMedium = OtpMedium.Mobile, Otp = Otp, MfaCode = MfaCode })); // payload echoes secrets, malformed
        // A client with a short timeout for the slow call (clients are transient and read the options when created).
        provider.GetRequiredService<IOptions<EnKashCardsClientOptions>>().Value.Timeout = TimeSpan.FromMilliseconds(500);
        var impatient = provider.GetRequiredService<EnKashCardsClient>();
        await Run(() => impatient.CardControls.GetVelocityRulesAsync(new GetVelocityRulesRequest { CompanyId = "C", CardAccountId = "A", EnKashCardId = "E" })); // timeout
        await Run(() => client.Kyc.GetVkycLinkAsync(enKashCardId: "EKC1"));                            // connection failure
        await Run(() => client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = "C", CardAccountId = "A" })); // wrong type next to a secret
        var invalidPin = TestData.SetCardPinRequest(Pin);
        invalidPin.CompanyId = null!;
        await Run(() => client.CardSecurity.SetCardPinAsync(invalidPin));                              // validation, with the PIN set
        var invalidCard = TestData.CreateCardRequest();
        invalidCard.Mobile = Otp;
        invalidCard.Email = Pin;
        await Run(() => client.Cards.CreateCardAsync(invalidCard));                                    // validation of secret-looking values
        var tokenResponse = await Run(() => client.Auth.GetPartnerTokenAsync(new GetPartnerTokenRequest { Username = TestData.Username, Password = Password, GrantType = "password", ClientId = TestData.ClientId }));

        // The scenario really ran: the successful calls returned the secret-bearing data and every failure kind happened.
        Assert.Equal(Pan, created?.Pan);
        Assert.Equal(CardToken, found?.Token);
        Assert.Equal("PIN set", pinResult);
        Assert.NotNull(account);
        Assert.Equal(AccessToken + "-3", tokenResponse?.AccessToken);
        Assert.Equal(
            new[] { typeof(ApiErrorException), typeof(ApiResponseFormatException), typeof(ApiTimeoutException), typeof(ApiConnectionException), typeof(ApiResponseFormatException), typeof(ApiValidationException), typeof(ApiValidationException) },
            exceptions.Select(e => e.GetType()));
        Assert.True(server.Requests.Count >= 10);

        foreach (var ex in exceptions)
        {
            texts.Add(("exception message " + ex.GetType().Name, ex.Message));
            texts.Add(("exception " + ex.GetType().Name, ex.ToString()));
            if (ex is ApiValidationException validation)
            {
                texts.AddRange(validation.Errors.Select(e => ("validation error", e.ToString() + " " + e.Rule)));
            }
        }
        var models = new object?[]
        {
            // (invalidCard is left out on purpose: it carries secret-looking text in e-mail and mobile, which are not secret fields.)
            createRequest, createRequest.Documents[0], created, found, pinRequest, blockRequest, invalidPin, account, tokenResponse,
            new GetPartnerTokenRequest { Username = TestData.Username, Password = Password, GrantType = "password", ClientId = TestData.ClientId },
            provider.GetRequiredService<IOptions<EnKashCardsClientOptions>>().Value,
            new AccessToken(AccessToken, DateTimeOffset.UtcNow),
        };
        foreach (var model in models)
        {
            Assert.NotNull(model);
            texts.Add(("ToString of " + model!.GetType().Name, model.ToString()!));
        }
        var lines = logs.Lines;
        texts.AddRange(lines.Select(l => ("log " + l.Category, l.AllText)));

        // The logs are not empty: the client's own sink and HttpClientFactory's Trace-level header logs were captured.
        Assert.Contains(lines, l => l.Category == typeof(EnKashCardsClient).FullName && l.Message.Contains("createCard"));
        Assert.Contains(lines, l => l.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) && l.Level == LogLevel.Trace && l.Message.Contains("Authorization"));
        Assert.Contains(lines, l => l.Message.Contains("timed out"));

        var leaks = texts.SelectMany(t => Secrets.Where(s => t.Text.Contains(s, StringComparison.Ordinal)).Select(s => t.Where + " contains " + s + ": " + t.Text)).ToList();
        Assert.Empty(leaks);
    }

    /// <summary>The server side of the scenario; answers encrypted when the client encrypts.</summary>
    private sealed class SecretServer
    {
        private readonly bool _encrypted;
        private int _tokens;
        private int _accountCalls;

        public SecretServer(bool encrypted)
        {
            _encrypted = encrypted;
            Handler = new FakeEnKashServer()
                .On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json("{\"access_token\":\"" + AccessToken + "-" + Interlocked.Increment(ref _tokens) + "\",\"token_type\":\"bearer\",\"refresh_token\":\"" + RefreshToken + "\",\"expires_in\":3600,\"scope\":\"read write trust\"}"))
                .On(FakeEnKashServer.CreateCardPath, _ => Answer(FakeEnKashServer.Envelope(SecretCard)))
                .On(FakeEnKashServer.SearchCardPath, _ => Answer(FakeEnKashServer.Envelope(SecretCard)))
                .On(FakeEnKashServer.SetPinPath, _ => Answer(FakeEnKashServer.Envelope("\"PIN set\"")))
                .On(FakeEnKashServer.BlockCardPath, _ => Answer("{\"code\":1,\"message\":\"Invalid OTP\",\"payload\":\"Invalid OTP\"}"))
                .On("/api/v0/partner/enKashCard/cardAccount/get", _ => Interlocked.Increment(ref _accountCalls) == 1
                    ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
                    : Answer(FakeEnKashServer.Envelope("{\"cardAccountId\":\"A\",\"primaryEnKashCard\":{\"enKashCardId\":\"E\",\"token\":\"" + CardToken + "\"}}")))
                // A malformed payload that carries secrets right where the reader fails.
                .On(FakeEnKashServer.ReplaceCardPath, _ => Answer("{\"code\":0,\"message\":\"" + Otp + " " + MfaCode + "\",\"payload\":\"" + Pan))
                .On("/api/v0/partner/enKashCard/transaction/all", _ => Answer(FakeEnKashServer.Envelope("[{\"principalAmount\":\"" + Pin + "\",\"maskedCard\":\"" + Pan + "\"}]")))
                .OnAsync("/api/v0/partner/enKashCard/velocity/rule/get", async (_, ct) =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                    return FakeEnKashServer.Json("{}");
                })
                .On(FakeEnKashServer.VkycLinkPath, _ => throw new HttpRequestException("Connection refused (pay-uat.enkash.in:443)"));
        }

        public FakeEnKashServer Handler { get; }

        public IReadOnlyList<RecordedRequest> Requests => Handler.Requests;

        private HttpResponseMessage Answer(string plaintext)
            => FakeEnKashServer.Json(_encrypted ? ReferenceAes.SealWireBody(ClientSecret, plaintext) : plaintext);
    }
}
