using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.IntegrationTests.EnKash;
using EnKashGen.IntegrationTests.Infrastructure;
using EnKashGen.Runtime;
using EnKashGen.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.IntegrationTests
{
    /// <summary>
    /// Loads through the README's registration (typed client plus its replay-safe resilience handler) against the
    /// sandbox over loopback HTTP, with faults before and after the load is applied and timeouts, in every
    /// de-duplication mode: money moves once per load that callers were told succeeded, and never otherwise.
    /// </summary>
    [Collection(LoadTestCollection.Name)]
    public sealed class MoneySafetyTests
    {
        private const int Workers = 50;
        private const int LoadsPerWorker = 20;

        /// <summary>The last loads of each worker run while the sandbox answers slower than the client waits.</summary>
        private const int SlowLoadsPerWorker = 2;

        private static readonly TimeSpan ClientTimeout = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan SlowLatency = TimeSpan.FromSeconds(1.5);

        private readonly ITestOutputHelper _output;

        public MoneySafetyTests(ITestOutputHelper output) => _output = output;

        private enum Told
        {
            Applied,
            NotApplied,
            Unknown,
        }

        [Theory]
        [InlineData(LoadDeduplication.RejectDuplicate)]
        [InlineData(LoadDeduplication.ReplayOriginal)]
        [InlineData(LoadDeduplication.None)]
        public async Task Thousand_loads_with_faults_move_money_exactly_for_the_loads_callers_were_told_succeeded(LoadDeduplication mode)
        {
            await using var env = await TestSandbox.StartAsync(encrypted: false, s => s.LoadDeduplication = mode);
            var account = await env.CreateAccountAsync(CardAccountType.ReloadableGpr);
            var cards = new List<Card>();
            for (var i = 0; i < 10; i++)
            {
                cards.Add(await env.CreateCardAsync(account));
            }
            var tokensBefore = env.Server.Counters.TokenFetches;

            // The README's registration; the handler's timings are shortened so that the test runs in seconds, and its
            // circuit breaker is kept closed: at these fault rates it would open and refuse most loads before they are
            // sent (ApiNotAppliedException, correct but not what this test is about).
            var services = new ServiceCollection();
            services.AddEnKashCardsClient(o =>
                {
                    o.BaseUrl = env.Server.BaseUrl;
                    o.TokenUrl = env.Server.TokenUrl;
                    o.Username = env.Partner.Username;
                    o.Password = env.Partner.Password;
                    o.ClientId = env.Partner.ClientId;
                    o.ClientSecret = env.Partner.ClientSecret;
                    o.PartnerId = env.Partner.PartnerId;
                    o.Timeout = ClientTimeout;
                })
                .AddEnKashCardsClientResilienceHandler(o =>
                {
                    o.Retry.Delay = TimeSpan.FromMilliseconds(1);
                    o.CircuitBreaker.MinimumThroughput = 100_000;
                });
            await using var provider = services.BuildServiceProvider();
            // One call before the run, so that the token is fetched (once, for every client the factory makes) and the
            // code is warm: on a busy machine the first calls could otherwise outlive the short client timeout.
            await provider.GetRequiredService<EnKashCardsClient>().Cards.GetCardDetailsAsync(new GetCardDetailsRequest { CompanyId = env.CompanyId, CardAccountId = account, EnKashCardId = cards[0].EnKashCardId });

            env.Server.Faults = new SandboxFaults
            {
                ApplyThenDropConnectionRate = 0.08,
                ApplyThenServerErrorRate = 0.08,
                MalformedBodyRate = 0.04,
                DropConnectionRate = 0.04,
                ServerErrorRate = 0.04,
                Operations = new[] { "loadCardBalance" },
            };

            var outcomes = new ConcurrentDictionary<string, (Told Told, decimal Amount, LoadCardBalanceRequest Request)>();
            var unexpected = new ConcurrentBag<Exception>();
            var slowPhase = new CountdownEvent(Workers);
            var gate = new SemaphoreSlim(0);
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                var client = provider.GetRequiredService<EnKashCardsClient>();
                for (var i = 0; i < LoadsPerWorker; i++)
                {
                    if (i == LoadsPerWorker - SlowLoadsPerWorker)
                    {
                        // Every worker waits here until the sandbox is switched to answering slower than the client waits.
                        slowPhase.Signal();
                        await gate.WaitAsync();
                    }
                    var card = cards[(worker + i) % cards.Count];
                    var amount = 1m + worker + (i / 100m);
                    var request = new LoadCardBalanceRequest
                    {
                        CompanyId = env.CompanyId,
                        CardAccountId = card.CardAccountId,
                        EnKashCardId = card.EnKashCardId,
                        Amount = amount,
                        TransactionType = TransactionType.Credit,
                        Type = BalanceEntryType.AllocateFund,
                        TransactionCode = TransactionCode.Allocation,
                    };
                    Told told;
                    try
                    {
                        await client.Cards.LoadCardBalanceAsync(request);
                        told = Told.Applied;
                    }
                    catch (ApiNotAppliedException)
                    {
                        told = Told.NotApplied;
                    }
                    catch (ApiOutcomeUnknownException)
                    {
                        told = Told.Unknown;
                    }
                    catch (Exception ex)
                    {
                        unexpected.Add(ex);
                        continue;
                    }
                    Assert.True(outcomes.TryAdd(request.UniqueReferenceNumber!, (told, amount, request)), "a reference was generated twice");
                }
            })).ToList();

            await Task.Run(() => slowPhase.Wait(TimeSpan.FromSeconds(60)));
            env.Server.Faults = new SandboxFaults { Latency = SlowLatency, Operations = new[] { "loadCardBalance" } };
            gate.Release(Workers);
            await Task.WhenAll(workers);
            env.Server.Faults = SandboxFaults.None;

            Assert.Empty(unexpected);
            Assert.Equal(Workers * LoadsPerWorker, outcomes.Count);

            // A load whose outcome was unknown is settled by the later reconciliation, once the sandbox has finished with
            // every request: a slow request the client gave up on would have been applied (or dropped) by now.
            await Task.Delay(SlowLatency + TimeSpan.FromMilliseconds(300));
            var client = provider.GetRequiredService<EnKashCardsClient>();
            var settled = new Dictionary<string, bool>();
            foreach (var pair in outcomes.Where(p => p.Value.Told == Told.Unknown))
            {
                settled[pair.Key] = await ReconcileAsync(client, pair.Value.Request) is not null;
            }

            var counters = env.Server.Counters;
            var byReference = counters.LoadsAppliedByReference();
            var toldApplied = outcomes.Count(p => p.Value.Told == Told.Applied);
            var settledApplied = settled.Count(p => p.Value);
            _output.WriteLine($"{mode}: told applied {toldApplied}, told not applied {outcomes.Count(p => p.Value.Told == Told.NotApplied)}, unknown {settled.Count} (settled applied {settledApplied}); sandbox applied {counters.Applied("loadCardBalance")}; faults: drop-after {counters.FaultsInjected(SandboxFault.ApplyThenDropConnection)}, 5xx-after {counters.FaultsInjected(SandboxFault.ApplyThenServerError)}, malformed {counters.FaultsInjected(SandboxFault.MalformedBody)}, drop {counters.FaultsInjected(SandboxFault.DropConnection)}, 5xx {counters.FaultsInjected(SandboxFault.ServerError)}");

            Assert.Equal(toldApplied + settledApplied, counters.Applied("loadCardBalance"));
            Assert.All(byReference, pair => Assert.Equal(1, pair.Value));
            foreach (var (reference, outcome) in outcomes)
            {
                var expected = outcome.Told switch
                {
                    Told.Applied => 1,
                    Told.NotApplied => 0,
                    _ => settled[reference] ? 1 : 0,
                };
                Assert.True(expected == counters.LoadsApplied(reference), $"{reference} was told {outcome.Told} but applied {counters.LoadsApplied(reference)} times");
            }
            var moved = outcomes.Where(p => p.Value.Told == Told.Applied || (p.Value.Told == Told.Unknown && settled[p.Key])).Sum(p => p.Value.Amount);
            Assert.Equal(moved, cards.Sum(c => env.Server.FindCard(c.EnKashCardId)!.Balance));

            // Every kind of fault happened, and the slow phase left outcomes open that only the reconciliation settled.
            Assert.All(new[] { SandboxFault.ApplyThenDropConnection, SandboxFault.ApplyThenServerError, SandboxFault.MalformedBody, SandboxFault.DropConnection, SandboxFault.ServerError },
                fault => Assert.True(counters.FaultsInjected(fault) > 0, fault + " was never injected"));
            Assert.True(settled.Count >= Workers * SlowLoadsPerWorker, "the slow loads should have timed out with an unknown outcome");
            Assert.Equal(1, counters.TokenFetches - tokensBefore);
        }

        /// <summary>The reconciliation, retried while the resilience handler's circuit breaker still refuses calls.</summary>
        private static async Task<LoadCardBalanceResult?> ReconcileAsync(EnKashCardsClient client, LoadCardBalanceRequest request)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await client.Cards.ReconcileLoadCardBalanceAsync(request);
                }
                catch (ApiConnectionException) when (attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
