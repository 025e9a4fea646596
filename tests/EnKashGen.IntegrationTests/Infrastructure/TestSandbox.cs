using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.Runtime;
using EnKashGen.Sandbox;

namespace EnKashGen.IntegrationTests.Infrastructure
{
    /// <summary>
    /// A sandbox on a free 127.0.0.1 port plus a generated client configured for one of its partners. Dispose it at the
    /// end of every test: it stops the server and the HTTP client.
    /// </summary>
    internal sealed class TestSandbox : IAsyncDisposable
    {
        private TestSandbox(SandboxServer server, SandboxPartner partner, HttpClient http, WireRecorder? wire, EnKashCardsClientOptions options, EnKashCardsClient client)
        {
            Wire = wire;
            Server = server;
            Partner = partner;
            Http = http;
            Options = options;
            Client = client;
        }

        public SandboxServer Server { get; }

        public SandboxPartner Partner { get; }

        public HttpClient Http { get; }

        /// <summary>What went over the wire, when recording was asked for.</summary>
        public WireRecorder? Wire { get; }

        public EnKashCardsClientOptions Options { get; }

        public EnKashCardsClient Client { get; }

        public string CompanyId => Partner.CompanyId;

        public static async Task<TestSandbox> StartAsync(
            bool encrypted,
            Action<SandboxOptions>? configureSandbox = null,
            Action<EnKashCardsClientOptions>? configureClient = null,
            IBodyEncryption? encryption = null,
            bool recordWire = false)
        {
            var sandboxOptions = new SandboxOptions();
            configureSandbox?.Invoke(sandboxOptions);
            var server = await SandboxServer.StartAsync(sandboxOptions);
            try
            {
                var partner = server.Partner(encrypted);
                var options = OptionsFor(server, partner);
                configureClient?.Invoke(options);
                options.Encryption ??= encryption;
                var wire = recordWire ? new WireRecorder() : null;
                var blocker = new LookupBlocker(wire is null ? new HttpClientHandler() : wire);
                var http = new HttpClient(blocker);
                http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                var client = new EnKashCardsClient(http, options);
                return new TestSandbox(server, partner, http, wire, options, client);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        public static EnKashCardsClientOptions OptionsFor(SandboxServer server, SandboxPartner partner) => new EnKashCardsClientOptions
        {
            BaseUrl = server.BaseUrl,
            TokenUrl = server.TokenUrl,
            Username = partner.Username,
            Password = partner.Password,
            ClientId = partner.ClientId,
            ClientSecret = partner.ClientSecret,
            PartnerId = partner.PartnerId,
            EncryptionEnabled = partner.EncryptionEnabled,
            Timeout = TimeSpan.FromSeconds(30),
        };

        /// <summary>Another client for the same server and partner, with its own token cache.</summary>
        public EnKashCardsClient NewClient(Action<EnKashCardsClientOptions>? configure = null, IBodyEncryption? encryption = null)
        {
            var options = OptionsFor(Server, Partner);
            configure?.Invoke(options);
            options.Encryption ??= encryption;
            return new EnKashCardsClient(Http, options);
        }

        public async Task<string> CreateAccountAsync(CardAccountType type, CancellationToken cancellationToken = default)
        {
            var account = await Client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = Partner.CompanyId,
                CompanyName = Partner.CompanyName,
                PlanMasterId = Partner.PlanMasterId,
                Email = "admin@example.com",
                Mobile = "9876543210",
                AccountTitle = type.Value + " programme",
                AccountType = type,
            }, cancellationToken);
            return account.CardAccountId ?? throw new InvalidOperationException("no cardAccountId");
        }

        public Task<Card> CreateCardAsync(string cardAccountId, decimal? loadAmount = null, string firstName = "Asha", CancellationToken cancellationToken = default)
            => Client.Cards.CreateCardAsync(NewCardRequest(cardAccountId, loadAmount, firstName), cancellationToken);

        public CreateCardRequest NewCardRequest(string cardAccountId, decimal? loadAmount = null, string firstName = "Asha") => new CreateCardRequest
        {
            CompanyId = Partner.CompanyId,
            CardAccountId = cardAccountId,
            Email = "holder@example.com",
            Mobile = "9123456780",
            Title = "Ms",
            FirstName = firstName,
            LastName = "Rao",
            Gender = Gender.Female,
            City = "Pune",
            Country = "India",
            PhysicalCard = false,
            LoadAmount = loadAmount,
        };

        public Task<LoadCardBalanceResult> LoadAsync(Card card, decimal amount, string? reference = null, CancellationToken cancellationToken = default)
            => Client.Cards.LoadCardBalanceAsync(new LoadCardBalanceRequest
            {
                CompanyId = Partner.CompanyId,
                CardAccountId = card.CardAccountId,
                EnKashCardId = card.EnKashCardId,
                Amount = amount,
                TransactionType = TransactionType.Credit,
                Type = BalanceEntryType.AllocateFund,
                TransactionCode = TransactionCode.Allocation,
                UniqueReferenceNumber = reference ?? "REF-" + Guid.NewGuid().ToString("N"),
            }, cancellationToken);

        /// <summary>
        /// A load whose failure is seen as the wire delivered it (ApiConnectionException, ApiHttpException, ...): for tests
        /// of the sandbox's faults. The client's lookup by reference is refused before it leaves the client, so its
        /// outcome exception carries the original failure, which is thrown instead.
        /// </summary>
        public async Task<LoadCardBalanceResult> LoadRawAsync(Card card, decimal amount, string? reference = null, CancellationToken cancellationToken = default)
        {
            LookupBlocker.Blocked.Value = true;
            try
            {
                return await LoadAsync(card, amount, reference, cancellationToken);
            }
            catch (ApiException ex) when (ex is ApiOutcomeUnknownException or ApiNotAppliedException && ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
            finally
            {
                LookupBlocker.Blocked.Value = false;
            }
        }

        /// <summary>Refuses the transaction search of the flows that ask for it, so it never reaches the sandbox.</summary>
        private sealed class LookupBlocker : DelegatingHandler
        {
            public static readonly AsyncLocal<bool> Blocked = new AsyncLocal<bool>();

            public LookupBlocker(HttpMessageHandler inner)
                : base(inner)
            {
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => Blocked.Value && request.RequestUri!.AbsolutePath.EndsWith("/transaction/all", StringComparison.Ordinal)
                    ? throw new HttpRequestException("the lookup is blocked by the test")
                    : base.SendAsync(request, cancellationToken);
        }

        public Task<Card> GetCardAsync(Card card, CancellationToken cancellationToken = default)
            => Client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = Partner.CompanyId, CardAccountId = card.CardAccountId ?? throw new InvalidOperationException("the card has no cardAccountId"), EnKashCardId = card.EnKashCardId }, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }
}
