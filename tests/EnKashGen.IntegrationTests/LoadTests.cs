using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.IntegrationTests
{
    /// <summary>Runs alone: its timing should not compete with the other tests for the machine's cores.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class LoadTestCollection
    {
        public const string Name = "Load test (runs alone)";
    }

    [Collection(LoadTestCollection.Name)]
    public sealed class LoadTests
    {
        private const int Workers = 50;
        private const int CallsPerWorker = 20;

        private readonly ITestOutputHelper _output;

        public LoadTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Thousand_calls_from_fifty_tasks_complete_with_one_token_fetch(bool encrypted)
        {
            await using var env = await TestSandbox.StartAsync(encrypted);

            // Set up with a separate client, so that the client under load starts with an empty token cache.
            var setup = env.NewClient();
            var account = (await setup.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
            {
                CompanyId = env.CompanyId,
                CompanyName = env.Partner.CompanyName,
                PlanMasterId = env.Partner.PlanMasterId,
                Email = "admin@example.com",
                Mobile = "9876543210",
                AccountTitle = "Load test",
                AccountType = CardAccountType.ReloadableGpr,
            })).CardAccountId!;
            var cards = new Card[5];
            for (var i = 0; i < cards.Length; i++)
            {
                cards[i] = await setup.Cards.CreateCardAsync(env.NewCardRequest(account, firstName: "Holder" + i.ToString(CultureInfo.InvariantCulture)));
            }
            env.Server.Counters.Reset();

            var client = env.Client;
            var failures = new ConcurrentQueue<Exception>();
            var loads = 0;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                await go.Task;
                for (var call = 0; call < CallsPerWorker; call++)
                {
                    var card = cards[(worker + call) % cards.Length];
                    try
                    {
                        switch (call % 5)
                        {
                            case 0:
                            case 1:
                                await client.Cards.LoadCardBalanceAsync(new LoadCardBalanceRequest
                                {
                                    CompanyId = env.CompanyId,
                                    CardAccountId = account,
                                    EnKashCardId = card.EnKashCardId,
                                    Amount = 1.25m,
                                    TransactionType = TransactionType.Credit,
                                    UniqueReferenceNumber = "LOAD-" + worker.ToString(CultureInfo.InvariantCulture) + "-" + call.ToString(CultureInfo.InvariantCulture),
                                });
                                Interlocked.Increment(ref loads);
                                break;
                            case 2:
                                await client.Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId });
                                break;
                            case 3:
                                await client.CardControls.GetVelocityRulesAsync(new GetVelocityRulesRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId });
                                break;
                            default:
                                await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = card.EnKashCardId });
                                break;
                        }
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                    }
                }
            })).ToArray();

            var watch = Stopwatch.StartNew();
            go.SetResult();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(90));
            watch.Stop();

            _output.WriteLine("1,000 calls from 50 tasks (" + (encrypted ? "encrypted" : "plain") + "): " + watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms, " + (Workers * CallsPerWorker / watch.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " calls/s");
            Assert.Empty(failures.Select(f => f.GetType().Name + ": " + f.Message));
            Assert.Equal(1, env.Server.Counters.TokenFetches);
            Assert.Equal(1, client.TokenCache.FetchCount);
            Assert.Equal(1, env.Server.Counters.Requests("getPartnerToken"));
            Assert.Equal(Workers * CallsPerWorker, env.Server.Counters.TotalRequests - 1);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "1,000 calls took " + watch.Elapsed);

            // The state stayed consistent under concurrency: every load reached exactly one card and left the account.
            Assert.Equal(Workers * CallsPerWorker * 2 / 5, loads);
            var onCards = cards.Sum(c => env.Server.FindCard(c.EnKashCardId)!.Balance);
            Assert.Equal(loads * 1.25m, onCards);
            Assert.Equal(1_000_000m - onCards, env.Server.GetAccountBalance(account));
            var transactions = await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account });
            Assert.Equal(loads, transactions.Count);
            Assert.Equal(loads, transactions.Select(t => t.PgReferenceNumber).Distinct().Count());
        }
    }
}
