using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EnKashGen.Sandbox;
using EnKashGen.Sandbox.Tool;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>How the enkash-sandbox command reads its settings file, ENKASH_SANDBOX_* variables and command line.</summary>
    public sealed class SandboxSettingsTests
    {
        private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

        private static SandboxSettings Read(params string[] args) => SandboxSettings.Read(args, NoVariables, settingsFile: null);

        [Fact]
        public void Without_settings_the_command_listens_on_5080_without_faults_and_refuses_duplicate_references()
        {
            var settings = Read();

            Assert.Empty(settings.Errors);
            Assert.Equal(5080, settings.Options.Port);
            Assert.Equal(TimeSpan.FromSeconds(86399), settings.Options.TokenLifetime);
            Assert.Equal(LoadDeduplication.RejectDuplicate, settings.Options.LoadDeduplication);
            Assert.Equal(SandboxFaults.None, settings.Options.Faults);
            Assert.Empty(settings.Script);
            Assert.False(settings.Quiet);
        }

        [Fact]
        public void Every_setting_is_read_from_the_command_line()
        {
            var args = new[]
            {
                "--port", "0", "--tokenLifetimeSeconds", "300", "--seed", "-4", "--initialAccountBalance", "2500.50",
                "--envelopeSpelling", "responsecode", "--loadDeduplication", "ReplayOriginal", "--latencyMs", "15",
                "--dropConnectionRate", "0.1", "--serverErrorRate", "0.2", "--applyThenDropConnectionRate", "0.3",
                "--applyThenServerErrorRate=0.4", "--malformedBodyRate", "0.05", "--serverErrorStatus", "502",
                "--faultOperations", "loadCardBalance, createCard", "--faultTokenEndpoint",
                "--faultScript", "loadCardBalance:ApplyThenDropConnection:2,createCard:serverError", "--quiet",
            };
            var settings = Read(args);

            Assert.Empty(settings.Errors);
            var options = settings.Options;
            Assert.Equal(0, options.Port);
            Assert.Equal(TimeSpan.FromSeconds(300), options.TokenLifetime);
            Assert.Equal(-4, options.Seed);
            Assert.Equal(2500.50m, options.InitialAccountBalance);
            Assert.Equal(EnvelopeSpelling.ResponseCode, options.EnvelopeSpelling);
            Assert.Equal(LoadDeduplication.ReplayOriginal, options.LoadDeduplication);
            Assert.Equal(new SandboxFaults
            {
                Latency = TimeSpan.FromMilliseconds(15),
                DropConnectionRate = 0.1,
                ServerErrorRate = 0.2,
                ApplyThenDropConnectionRate = 0.3,
                ApplyThenServerErrorRate = 0.4,
                MalformedBodyRate = 0.05,
                ServerErrorStatus = 502,
                IncludeTokenEndpoint = true,
                Operations = options.Faults.Operations,
            }, options.Faults);
            Assert.Equal(new[] { "loadCardBalance", "createCard" }, options.Faults.Operations);
            Assert.Equal(new[] { new ScriptedFault("loadCardBalance", SandboxFault.ApplyThenDropConnection, 2), new ScriptedFault("createCard", SandboxFault.ServerError, 1) }, settings.Script);
            Assert.True(settings.Quiet);
            // Every documented setting was given above.
            var given = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Substring(2).Split('=')[0]);
            Assert.Equal(SandboxSettings.Names.Order(StringComparer.Ordinal), given.Order(StringComparer.Ordinal));
        }

        [Fact]
        public void The_command_line_wins_over_variables_which_win_over_the_settings_file()
        {
            var file = Path.Combine(Path.GetTempPath(), "enkash-sandbox-settings-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, """{ "Port": 6001, "Seed": 1, "LatencyMs": 7, "LoadDeduplication": "None" }""");
            try
            {
                var variables = new Dictionary<string, string>
                {
                    ["ENKASH_SANDBOX_PORT"] = "6002",
                    ["ENKASH_SANDBOX_SEED"] = "2",
                    // Belongs to the sample, not to the command: not an error.
                    ["ENKASH_SANDBOX_LOG"] = "true",
                };

                var settings = SandboxSettings.Read(new[] { "--PORT", "6003" }, variables, file);

                Assert.Empty(settings.Errors);
                Assert.Equal(6003, settings.Options.Port);
                Assert.Equal(2, settings.Options.Seed);
                Assert.Equal(TimeSpan.FromMilliseconds(7), settings.Options.Faults.Latency);
                Assert.Equal(LoadDeduplication.None, settings.Options.LoadDeduplication);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void Bad_settings_are_errors_that_name_their_source_and_what_was_expected()
        {
            var variables = new Dictionary<string, string> { ["ENKASH_SANDBOX_SERVERERRORRATE"] = "2" };

            var settings = SandboxSettings.Read(new[] { "--port", "abc", "--nope", "1", "5080", "-p", "--loadDeduplication", "Maybe", "--faultScript", "loadCardBalance", "--serverErrorStatus", "404", "--seed" }, variables, settingsFile: null);

            Assert.Equal(new[]
            {
                "Unknown setting --nope; see --help for the settings.",
                "Unexpected argument '5080'; settings are given as --name value, for example --port 5080.",
                "Unknown switch -p; settings are given as --name value, for example --port 5080.",
                "--seed needs a value; see --help.",
                "--port: 'abc' is not valid: expected a whole number from 0 to 65535.",
                "--loadDeduplication: 'Maybe' is not valid: expected one of RejectDuplicate, ReplayOriginal, None.",
                "ENKASH_SANDBOX_SERVERERRORRATE: '2' is not valid: expected a probability from 0 to 1, such as 0.25.",
                "--serverErrorStatus: '404' is not valid: must be from 500 to 599.",
                "--faultScript: 'loadCardBalance' is not valid: entry 'loadCardBalance' is not of the form operationId:Fault or operationId:Fault:count, such as loadCardBalance:ApplyThenDropConnection:2.",
            }, settings.Errors);
        }

        [Fact]
        public void Unknown_operation_ids_are_reported_against_the_ones_the_server_answers()
        {
            var settings = Read("--faultOperations", "loadCardBalnce", "--faultScript", "createCard:ServerError,getPartnerTokn:DropConnection");
            Assert.Empty(settings.Errors);

            var errors = settings.CheckOperations(new[] { "createCard", "getPartnerToken", "loadCardBalance" });

            Assert.Equal(new[]
            {
                "--faultOperations: unknown operationId 'loadCardBalnce'; the sandbox answers createCard, getPartnerToken, loadCardBalance.",
                "--faultScript: unknown operationId 'getPartnerTokn'; the sandbox answers createCard, getPartnerToken, loadCardBalance.",
            }, errors);
        }

        [Fact]
        public void Help_lists_every_setting_and_the_line_to_wait_for()
        {
            var help = SandboxSettings.HelpText();

            Assert.True(Read("--port", "1", "--help").ShowHelp);
            Assert.True(Read("-h").ShowHelp);
            Assert.True(Read("--version").ShowVersion);
            foreach (var name in SandboxSettings.Names)
            {
                Assert.Contains("  --" + name + " ", help);
            }
            Assert.Contains("EnKash sandbox listening on http://127.0.0.1:<port>/", help);
            Assert.Contains("ENKASH_SANDBOX_", help);
        }

        [Fact]
        public void The_settings_file_shipped_with_the_command_holds_only_known_settings_with_the_built_in_defaults()
        {
            var file = Path.Combine(AppContext.BaseDirectory, SandboxSettings.SettingsFileName);
            Assert.True(File.Exists(file), file + " is not next to the program");

            var fromFile = SandboxSettings.Read(Array.Empty<string>(), NoVariables, file);
            var builtIn = Read();

            Assert.Empty(fromFile.Errors);
            Assert.Equal(builtIn.Options.Port, fromFile.Options.Port);
            Assert.Equal(builtIn.Options.Seed, fromFile.Options.Seed);
            Assert.Equal(builtIn.Options.TokenLifetime, fromFile.Options.TokenLifetime);
            Assert.Equal(builtIn.Options.LoadDeduplication, fromFile.Options.LoadDeduplication);
            Assert.Equal(builtIn.Options.Faults, fromFile.Options.Faults);
            Assert.Equal(builtIn.Quiet, fromFile.Quiet);
        }
    }
}
