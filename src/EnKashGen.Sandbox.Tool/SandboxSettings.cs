using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace EnKashGen.Sandbox.Tool
{
    /// <summary>A scripted fault from the command line: the next <c>Count</c> calls of <c>OperationId</c> get <c>Fault</c>.</summary>
    internal sealed record ScriptedFault(string OperationId, SandboxFault Fault, int Count);

    /// <summary>The program's settings after reading every source; <see cref="Errors"/> says what was wrong and where.</summary>
    internal sealed class SandboxSettings
    {
        public const string EnvironmentPrefix = "ENKASH_SANDBOX_";
        public const string SettingsFileName = "sandbox.settings.json";

        private SandboxSettings()
        {
        }

        public SandboxOptions Options { get; } = new SandboxOptions { Port = 5080 };

        public bool Quiet { get; private set; }

        public bool ShowHelp { get; private set; }

        public bool ShowVersion { get; private set; }

        public List<ScriptedFault> Script { get; } = new List<ScriptedFault>();

        public List<string> Errors { get; } = new List<string>();

        /// <summary>Where the operation names came from (for errors found once the server knows its operations).</summary>
        public string? FaultOperationsSource { get; private set; }

        public string? FaultScriptSource { get; private set; }

        // The fault rates are gathered here and turned into one immutable SandboxFaults at the end.
        private TimeSpan _latency;
        private double _serverErrorRate;
        private double _malformedBodyRate;
        private double _dropConnectionRate;
        private double _applyThenDropConnectionRate;
        private double _applyThenServerErrorRate;
        private int _serverErrorStatus = 503;
        private bool _faultTokenEndpoint;
        private IReadOnlyCollection<string>? _faultOperations;

        /// <summary>One setting: its name (the JSON key, <c>--name</c> and <c>ENKASH_SANDBOX_NAME</c>), its value form, default and effect.</summary>
        private sealed record Setting(string Name, string Value, string Default, string Description, Action<SandboxSettings, string> Apply)
        {
            public bool IsFlag => Value == "true|false";
        }

        private static readonly Setting[] All =
        {
            new("port", "N", "5080", "TCP port on 127.0.0.1; 0 picks a free one.",
                (s, v) => s.Options.Port = Int(v, 0, 65535)),
            new("tokenLifetimeSeconds", "N", "86399", "expires_in of issued bearer tokens, in seconds.",
                (s, v) => s.Options.TokenLifetime = TimeSpan.FromSeconds(Int(v, 1, int.MaxValue))),
            new("seed", "N", "20250529", "Seed of ids, card numbers and fault rates; the same seed repeats a run.",
                (s, v) => s.Options.Seed = Int(v, int.MinValue, int.MaxValue)),
            new("initialAccountBalance", "AMOUNT", "1000000", "Funds a new card account starts with.",
                (s, v) => s.Options.InitialAccountBalance = Amount(v)),
            new("envelopeSpelling", "AsDocumented|Code|ResponseCode", "AsDocumented", "Envelope status members: response_code for getCardAccount and getCardDetails as EnKash's examples show, or always one spelling.",
                (s, v) => s.Options.EnvelopeSpelling = Enum<EnvelopeSpelling>(v)),
            new("loadDeduplication", "RejectDuplicate|ReplayOriginal|None", "RejectDuplicate", "A load whose uniqueReferenceNumber was already applied: refused with code 1, answered with the original result, or applied again (money moves twice).",
                (s, v) => s.Options.LoadDeduplication = Enum<LoadDeduplication>(v)),
            new("latencyMs", "N", "0", "Delay before each faulted call is handled, in milliseconds.",
                (s, v) => s._latency = TimeSpan.FromMilliseconds(Int(v, 0, int.MaxValue))),
            new("dropConnectionRate", "0..1", "0", "Share of calls whose connection is aborted before the operation runs (nothing applied).",
                (s, v) => s._dropConnectionRate = Rate(v)),
            new("serverErrorRate", "0..1", "0", "Share of calls answered with serverErrorStatus before the operation runs (nothing applied).",
                (s, v) => s._serverErrorRate = Rate(v)),
            new("applyThenDropConnectionRate", "0..1", "0", "Share of calls that run (a load moves money) and whose connection is then aborted without an answer.",
                (s, v) => s._applyThenDropConnectionRate = Rate(v)),
            new("applyThenServerErrorRate", "0..1", "0", "Share of calls that run and are then answered with serverErrorStatus instead of their answer.",
                (s, v) => s._applyThenServerErrorRate = Rate(v)),
            new("malformedBodyRate", "0..1", "0", "Share of calls that run and whose answer is cut in half (HTTP 200, unreadable).",
                (s, v) => s._malformedBodyRate = Rate(v)),
            new("serverErrorStatus", "500..599", "503", "HTTP status of injected server errors, before or after applying.",
                (s, v) => s._serverErrorStatus = Int(v, 500, 599)),
            new("faultOperations", "ID[,ID...]", "every card operation", "The operationIds the rates and the latency hit, e.g. loadCardBalance.",
                (s, v) => s._faultOperations = List(v)),
            new("faultTokenEndpoint", "true|false", "false", "Whether the rates and the latency also hit the token call (getPartnerToken).",
                (s, v) => s._faultTokenEndpoint = Bool(v)),
            new("faultScript", "ID:FAULT[:N][,...]", "none", "Deterministic faults for the first calls: the next N (default 1) calls of operation ID get FAULT, one of DropConnection, ServerError, MalformedBody, ApplyThenDropConnection, ApplyThenServerError; entries queue up in order and win over the rates.",
                (s, v) => s.Script.AddRange(ScriptEntries(v))),
            new("quiet", "true|false", "false", "No request log on standard output (the listening line is still printed).",
                (s, v) => s.Quiet = Bool(v)),
        };

        /// <summary>
        /// Reads the settings file (when it exists), then the <c>ENKASH_SANDBOX_*</c> variables of
        /// <paramref name="environment"/>, then <paramref name="args"/>; a later source wins. Never throws: every problem is
        /// an entry of <see cref="Errors"/> naming the source it came from.
        /// </summary>
        public static SandboxSettings Read(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string? settingsFile)
        {
            var settings = new SandboxSettings();
            if (args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "/h" or "/help"))
            {
                settings.ShowHelp = true;
                return settings;
            }
            if (args.Any(a => a is "--version"))
            {
                settings.ShowVersion = true;
                return settings;
            }

            var layers = new List<Layer>();
            if (settingsFile is not null && File.Exists(settingsFile))
            {
                try
                {
                    var file = new ConfigurationBuilder().AddJsonFile(settingsFile, optional: false, reloadOnChange: false).Build();
                    layers.Add(new Layer(file.AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase), key => key + " in " + settingsFile, strict: true));
                }
                catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
                {
                    settings.Errors.Add(settingsFile + " could not be read: " + (ex.InnerException?.Message ?? ex.Message));
                }
            }
            var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var variableNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in environment)
            {
                if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
                {
                    variables[name.Substring(EnvironmentPrefix.Length)] = value;
                    variableNames[name.Substring(EnvironmentPrefix.Length)] = name;
                }
            }
            // Other ENKASH_SANDBOX_* variables belong to other programs (the sample reads ENKASH_SANDBOX_LOG): not an error.
            layers.Add(new Layer(variables, key => variableNames[key], strict: false));
            try
            {
                var commandLine = new ConfigurationBuilder().AddCommandLine(Normalize(args, settings.Errors)).Build();
                layers.Add(new Layer(commandLine.AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase), key => "--" + key, strict: true));
            }
            catch (FormatException ex)
            {
                settings.Errors.Add("The command line could not be read: " + ex.Message + " Settings are given as --name value or --name=value; see --help.");
            }

            foreach (var layer in layers.Where(l => l.Strict))
            {
                foreach (var key in layer.Values.Keys)
                {
                    if (!All.Any(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase)))
                    {
                        settings.Errors.Add("Unknown setting " + layer.Label(key) + "; see --help for the settings.");
                    }
                }
            }
            foreach (var setting in All)
            {
                // The last source that has the setting wins.
                var layer = layers.LastOrDefault(l => l.Values.ContainsKey(setting.Name));
                if (layer is null)
                {
                    continue;
                }
                var value = layer.Values[setting.Name].Trim();
                var source = layer.Label(layer.Values.Keys.First(k => string.Equals(k, setting.Name, StringComparison.OrdinalIgnoreCase)));
                try
                {
                    setting.Apply(settings, value);
                }
                catch (FormatException ex)
                {
                    settings.Errors.Add(source + ": '" + value + "' is not valid: " + ex.Message);
                    continue;
                }
                if (setting.Name == "faultOperations")
                {
                    settings.FaultOperationsSource = source;
                }
                else if (setting.Name == "faultScript")
                {
                    settings.FaultScriptSource = source;
                }
            }
            if (settings.Errors.Count == 0)
            {
                settings.Options.Faults = new SandboxFaults
                {
                    Latency = settings._latency,
                    DropConnectionRate = settings._dropConnectionRate,
                    ServerErrorRate = settings._serverErrorRate,
                    ApplyThenDropConnectionRate = settings._applyThenDropConnectionRate,
                    ApplyThenServerErrorRate = settings._applyThenServerErrorRate,
                    MalformedBodyRate = settings._malformedBodyRate,
                    ServerErrorStatus = settings._serverErrorStatus,
                    IncludeTokenEndpoint = settings._faultTokenEndpoint,
                    Operations = settings._faultOperations,
                };
            }
            return settings;
        }

        /// <summary>The text of <c>--help</c>.</summary>
        public static string HelpText()
        {
            var text = new StringBuilder();
            text.AppendLine("enkash-sandbox: a local EnKash-compatible card API on 127.0.0.1, with in-memory state and fault injection.");
            text.AppendLine();
            text.AppendLine("Usage: enkash-sandbox [--setting value]...");
            text.AppendLine();
            text.AppendLine("Settings come from " + SettingsFileName + " next to the program, then " + EnvironmentPrefix + "<NAME> environment");
            text.AppendLine("variables, then the command line (--name value or --name=value); names are case-insensitive and a later");
            text.AppendLine("source wins. A true|false setting given without a value means true.");
            text.AppendLine();
            var width = All.Max(s => s.Name.Length + s.Value.Length) + 5;
            foreach (var setting in All)
            {
                var head = "  --" + setting.Name + " " + setting.Value;
                text.Append(head.PadRight(width + 2));
                text.AppendLine(setting.Description + " Default: " + setting.Default + ".");
            }
            text.AppendLine("  --help".PadRight(width + 2) + "Prints this text.");
            text.AppendLine("  --version".PadRight(width + 2) + "Prints the version.");
            text.AppendLine();
            text.AppendLine("Once it listens it prints, as its first line:");
            text.AppendLine("  EnKash sandbox listening on http://127.0.0.1:<port>/ (loopback only; Ctrl+C stops it)");
            text.AppendLine("then the token URL and, for each sandbox partner, the ENKASH_* variables that point a client at it.");
            text.AppendLine("Ctrl+C or SIGTERM stops it. Exit codes: 0 stopped, 1 could not listen, 2 invalid settings.");
            return text.ToString();
        }

        /// <summary>The names the command line, the settings file and the environment accept (for tests and docs).</summary>
        public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

        /// <summary>Checks the operationIds of faultOperations and faultScript against the ones the server answers.</summary>
        public IReadOnlyList<string> CheckOperations(IReadOnlyCollection<string> operationIds)
        {
            var errors = new List<string>();
            var known = string.Join(", ", operationIds.Order(StringComparer.Ordinal));
            foreach (var id in _faultOperations ?? Array.Empty<string>())
            {
                if (!operationIds.Contains(id))
                {
                    errors.Add(FaultOperationsSource + ": unknown operationId '" + id + "'; the sandbox answers " + known + ".");
                }
            }
            foreach (var entry in Script)
            {
                if (!operationIds.Contains(entry.OperationId))
                {
                    errors.Add(FaultScriptSource + ": unknown operationId '" + entry.OperationId + "'; the sandbox answers " + known + ".");
                }
            }
            return errors;
        }

        private sealed class Layer
        {
            public Layer(IReadOnlyDictionary<string, string> values, Func<string, string> label, bool strict)
            {
                Values = new Dictionary<string, string>(values.ToDictionary(p => p.Key, p => p.Value), StringComparer.OrdinalIgnoreCase);
                Label = label;
                Strict = strict;
            }

            public Dictionary<string, string> Values { get; }

            public Func<string, string> Label { get; }

            /// <summary>Whether an unknown name is an error (the command line and the settings file) or belongs to someone else (the environment).</summary>
            public bool Strict { get; }
        }

        /// <summary>
        /// Checks the shape of the command line, which the configuration reader would otherwise skip in silence (a bare
        /// value, a single-dash switch, a name without its value), and gives a true|false setting written as a bare flag
        /// (<c>--quiet</c>, last or before another setting) the value true.
        /// </summary>
        private static string[] Normalize(IReadOnlyList<string> args, List<string> errors)
        {
            var result = new List<string>(args.Count + 2);
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg.Substring(2) : arg.StartsWith('/') ? arg.Substring(1) : null;
                if (name is null)
                {
                    errors.Add(arg.StartsWith('-')
                        ? "Unknown switch " + arg + "; settings are given as --name value, for example --port 5080."
                        : "Unexpected argument '" + arg + "'; settings are given as --name value, for example --port " + arg + ".");
                    continue;
                }
                var key = name.Split('=', 2)[0];
                if (!All.Any(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add("Unknown setting " + arg.Split('=', 2)[0] + "; see --help for the settings.");
                    if (!name.Contains('=') && i + 1 < args.Count && !args[i + 1].StartsWith('-') && !args[i + 1].StartsWith('/'))
                    {
                        i++;
                    }
                    continue;
                }
                result.Add(arg);
                if (name.Contains('='))
                {
                    continue;
                }
                var isFlag = All.Any(s => s.IsFlag && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
                var next = i + 1 < args.Count ? args[i + 1] : null;
                if (isFlag && (next is null || next.StartsWith('-') || next.StartsWith('/')))
                {
                    result.Add("true");
                }
                else if (next is null)
                {
                    errors.Add(arg + " needs a value; see --help.");
                }
                else
                {
                    result.Add(next);
                    i++;
                }
            }
            return result.ToArray();
        }

        private static int Int(string value, int min, int max)
        {
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException("expected a whole number from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ".");
            }
            if (number < min || number > max)
            {
                throw new FormatException("must be from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ".");
            }
            return number;
        }

        private static double Rate(string value)
        {
            if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate > 1)
            {
                throw new FormatException("expected a probability from 0 to 1, such as 0.25.");
            }
            return rate;
        }

        private static decimal Amount(string value)
        {
            if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                throw new FormatException("expected an amount such as 1000000 or 2500.50.");
            }
            return amount;
        }

        private static bool Bool(string value) => bool.TryParse(value, out var flag) ? flag : throw new FormatException("expected true or false.");

        private static T Enum<T>(string value)
            where T : struct, System.Enum
        {
            // Enum.TryParse also takes numbers; only the names are documented.
            var name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
            return name is null
                ? throw new FormatException("expected one of " + string.Join(", ", System.Enum.GetNames<T>()) + ".")
                : System.Enum.Parse<T>(name);
        }

        private static IReadOnlyCollection<string> List(string value)
        {
            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return items.Length == 0 ? throw new FormatException("expected one or more operationIds separated by commas, such as loadCardBalance,createCard.") : items;
        }

        private static IEnumerable<ScriptedFault> ScriptEntries(string value)
        {
            var entries = new List<ScriptedFault>();
            foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = entry.Split(':', StringSplitOptions.TrimEntries);
                if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
                {
                    throw new FormatException("entry '" + entry + "' is not of the form operationId:Fault or operationId:Fault:count, such as loadCardBalance:ApplyThenDropConnection:2.");
                }
                SandboxFault fault;
                try
                {
                    fault = Enum<SandboxFault>(parts[1]);
                }
                catch (FormatException ex)
                {
                    throw new FormatException("entry '" + entry + "': fault " + ex.Message);
                }
                var count = 1;
                if (parts.Length == 3)
                {
                    try
                    {
                        count = Int(parts[2], 1, 1_000_000);
                    }
                    catch (FormatException ex)
                    {
                        throw new FormatException("entry '" + entry + "': count " + ex.Message);
                    }
                }
                entries.Add(new ScriptedFault(parts[0], fault, count));
            }
            return entries.Count == 0 ? throw new FormatException("expected at least one entry such as loadCardBalance:ApplyThenDropConnection.") : entries;
        }
    }
}
