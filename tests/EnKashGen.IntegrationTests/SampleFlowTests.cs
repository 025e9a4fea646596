extern alias SampleApp;

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using EnKashGen.Sandbox;
using SampleApp::EnKashGen.Sample;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>The sample's flow, run in-process against a sandbox, as `dotnet run --project samples/EnKashGen.Sample` does.</summary>
    public sealed class SampleFlowTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Sample_flow_reports_every_step_and_no_secret(bool encrypted)
        {
            await using var server = await SandboxServer.StartAsync();
            var settings = SampleSettings.ForSandbox(server, encrypted);
            using var report = new StringWriter();

            var result = await SampleFlow.RunAsync(report, settings);

            var text = report.ToString();
            var lines = text.Split('\n');
            Assert.StartsWith("EnKash card flow against the local sandbox at " + server.BaseUrl, lines[0]);
            var steps = new[] { " 1. Token", " 2. Card accounts", " 3. Prepaid card", " 4. Gift card", " 5. Load", " 5. Lost answer", " 6. Card details", " 7. Transactions", " 8. Velocity rules", " 9. Card account", "10. Block" };
            var position = 0;
            foreach (var step in steps)
            {
                var next = text.IndexOf(step, position, StringComparison.Ordinal);
                Assert.True(next >= 0, "missing or out of order: " + step + "\n" + text);
                position = next;
            }
            Assert.Contains("status Blocked", text);
            Assert.Contains("worth INR 500.00", text);
            Assert.Contains("per transaction INR 2,000.00", text);
            // The top-up whose answer was lost: one load and one lookup on the wire, applied once, balance 1,000 + 250.
            Assert.Matches(@"Done in \d+\.\d\d s: 15 HTTP calls, 1 token fetch\.", text);
            Assert.Matches(@"5\. Lost answer +INR 250\.00 top-up: connection dropped after it was applied; found by reference [0-9A-F]{32} \(transaction \S+\), not sent again: balance INR 1,250\.00", text);
            Assert.Equal(1, server.Counters.FaultsInjected(SandboxFault.ApplyThenDropConnection));
            Assert.Equal(2, server.Counters.Applied("loadCardBalance"));
            Assert.All(server.Counters.LoadsAppliedByReference(), pair => Assert.Equal(1, pair.Value));

            Assert.Equal("BL", result.FinalPrepaidStatus);
            Assert.Equal(1250m, result.PrepaidBalance);
            Assert.Equal(500m, result.GiftBalance);
            Assert.Equal(2, result.PrepaidTransactions);
            Assert.Equal(1, result.TokenFetches);
            Assert.Equal(1, server.Counters.TokenFetches);
            Assert.Equal(server.Counters.TotalRequests, result.HttpCalls);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), "the flow took " + result.Elapsed);

            // No secret or card data beyond masked numbers.
            var partner = server.Partner(encrypted);
            var secrets = new List<string> { partner.Password, partner.ClientSecret, "ABCPR1234K" };
            foreach (var cardId in new[] { result.PrepaidCardId, result.GiftCardId })
            {
                var card = server.FindCard(cardId)!;
                secrets.Add(card.Token);
                Assert.Contains(card.MaskedNumber, text);
            }
            Assert.Equal("ABCPR1234K", server.FindCard(result.PrepaidCardId)!.Pan);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text);
            }
        }

        [Fact]
        public async Task Sample_flow_failure_names_the_step_and_the_reason()
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { InitialAccountBalance = 100m });
            using var report = new StringWriter();
            var ex = await Assert.ThrowsAsync<SampleFlowException>(() => SampleFlow.RunAsync(report, SampleSettings.ForSandbox(server)));
            Assert.Equal(4, ex.Step);
            Assert.Equal("The sample flow failed at step 4 (issue a gift card): ApiErrorException: The API rejected 'createCard' with code 1 (HTTP 200): Insufficient balance in card account", ex.Message);
            Assert.Contains(" 3. Prepaid card", report.ToString());
        }

        [Fact]
        public void Environment_without_a_base_url_means_the_sandbox()
        {
            Assert.Null(SampleSettings.FromEnvironment(_ => null));
        }

        [Fact]
        public void Incomplete_environment_names_every_missing_variable()
        {
            var ex = Assert.Throws<ArgumentException>(() => SampleSettings.FromEnvironment(name => name switch
            {
                "ENKASH_BASE_URL" => "https://pay-uat.enkash.in",
                "ENKASH_USERNAME" => "6660686687",
                "ENKASH_ENCRYPTION" => "maybe",
                _ => null,
            }));
            foreach (var name in new[] { "ENKASH_PASSWORD", "ENKASH_CLIENT_ID", "ENKASH_CLIENT_SECRET", "ENKASH_PARTNER_ID", "ENKASH_COMPANY_ID", "ENKASH_PLAN_MASTER_ID", "ENKASH_ENCRYPTION must be true or false" })
            {
                Assert.Contains(name, ex.Message);
            }
            Assert.DoesNotContain("ENKASH_USERNAME", ex.Message);
            Assert.DoesNotContain("ENKASH_TOKEN_URL", ex.Message);
        }

        [Fact]
        public void Complete_environment_configures_the_client_and_hides_secrets()
        {
            var variables = new Dictionary<string, string>
            {
                ["ENKASH_BASE_URL"] = "https://pay-uat.enkash.in",
                ["ENKASH_TOKEN_URL"] = "https://ekpayout-uat.enkash.in/oauth/token",
                ["ENKASH_USERNAME"] = "6660686687",
                ["ENKASH_PASSWORD"] = "Test@1234567",
                ["ENKASH_CLIENT_ID"] = "CEKEY1SKIU",
                ["ENKASH_CLIENT_SECRET"] = "s3cr3t-value",
                ["ENKASH_PARTNER_ID"] = "CRXXXXXXX",
                ["ENKASH_ENCRYPTION"] = "true",
                ["ENKASH_COMPANY_ID"] = "CEKEP5GSGP",
                ["ENKASH_PLAN_MASTER_ID"] = "PMGAZ7L5A",
            };
            var settings = SampleSettings.FromEnvironment(name => variables.TryGetValue(name, out var value) ? value : null)!;
            Assert.True(settings.EncryptionEnabled);
            Assert.Equal("pay-uat.enkash.in", settings.TargetName);
            var options = settings.ToClientOptions();
            Assert.Equal(new Uri("https://ekpayout-uat.enkash.in/oauth/token"), options.TokenUrl);
            Assert.Equal("CRXXXXXXX", options.PartnerId);
            Assert.DoesNotContain("Test@1234567", settings.ToString());
            Assert.DoesNotContain("s3cr3t-value", settings.ToString());
        }
    }
}
