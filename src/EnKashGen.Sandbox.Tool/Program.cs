using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using EnKashGen.Sandbox;
using EnKashGen.Sandbox.Tool;

// enkash-sandbox [--port 5080 --loadDeduplication ReplayOriginal --faultScript loadCardBalance:ApplyThenDropConnection ...]
// (from a checkout: dotnet run --project src/EnKashGen.Sandbox.Tool -- ...). --help lists every setting.
var environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
{
    environment[(string)variable.Key] = variable.Value as string ?? string.Empty;
}
var settings = SandboxSettings.Read(args, environment, Path.Combine(AppContext.BaseDirectory, SandboxSettings.SettingsFileName));
if (settings.ShowHelp)
{
    Console.Write(SandboxSettings.HelpText());
    return 0;
}
if (settings.ShowVersion)
{
    Console.WriteLine(typeof(SandboxSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown");
    return 0;
}
if (settings.Errors.Count > 0)
{
    return Invalid(settings.Errors);
}

var options = settings.Options;
var faults = options.Faults;
// The faults go in once the server knows its operations, so that a misspelt operationId is an error, not silence.
options.Faults = SandboxFaults.None;
if (!settings.Quiet)
{
    options.RequestLog = line => Console.WriteLine(DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line);
}

SandboxServer server;
try
{
    server = await SandboxServer.StartAsync(options);
}
catch (IOException ex)
{
    Console.Error.WriteLine("The sandbox could not listen on 127.0.0.1:" + options.Port.ToString(CultureInfo.InvariantCulture) + ": " + ex.Message);
    Console.Error.WriteLine("Choose another port with --port N or " + SandboxSettings.EnvironmentPrefix + "PORT=N (0 picks a free one).");
    return 1;
}

await using (server)
{
    var unknown = settings.CheckOperations(server.OperationIds);
    if (unknown.Count > 0)
    {
        return Invalid(unknown);
    }
    server.Faults = faults;
    foreach (var entry in settings.Script)
    {
        server.ScriptFault(entry.OperationId, entry.Fault, entry.Count);
    }

    // The first line is the one CI scripts wait for and parse; keep its form.
    Console.WriteLine("EnKash sandbox listening on " + server.BaseUrl + " (loopback only; Ctrl+C stops it)");
    Console.WriteLine("  token URL: " + server.TokenUrl);
    Console.WriteLine("  load de-duplication: " + options.LoadDeduplication);
    Console.WriteLine("  faults: " + Describe(faults, settings.Script));
    foreach (var partner in options.Partners)
    {
        Console.WriteLine();
        Console.WriteLine("  partner " + partner.PartnerId + (partner.EncryptionEnabled ? " (bodies AES-128-ECB encrypted)" : " (plain JSON)") + ", company " + partner.CompanyId + ", plan " + partner.PlanMasterId + ":");
        Console.WriteLine("    ENKASH_BASE_URL=" + server.BaseUrl + " ENKASH_TOKEN_URL=" + server.TokenUrl + " ENKASH_PARTNER_ID=" + partner.PartnerId);
        Console.WriteLine("    ENKASH_USERNAME=" + partner.Username + " ENKASH_PASSWORD=" + partner.Password + " ENKASH_CLIENT_ID=" + partner.ClientId + " ENKASH_CLIENT_SECRET=" + partner.ClientSecret);
        Console.WriteLine("    ENKASH_ENCRYPTION=" + (partner.EncryptionEnabled ? "true" : "false") + " ENKASH_COMPANY_ID=" + partner.CompanyId + " ENKASH_PLAN_MASTER_ID=" + partner.PlanMasterId);
    }
    Console.WriteLine();
    Console.WriteLine("  (sandbox-only credentials; OTP " + options.OtpCode + ", MFA code " + options.MfaCode + ")");

    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.TrySetResult();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    await stop.Task;
    Console.WriteLine("Stopping the sandbox.");
}
return 0;

static int Invalid(IEnumerable<string> errors)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine("enkash-sandbox: " + error);
    }
    Console.Error.WriteLine("Run enkash-sandbox --help for the settings.");
    return 2;
}

static string Describe(SandboxFaults faults, IReadOnlyList<ScriptedFault> script)
{
    var parts = new List<string>();
    void Rate(string name, double rate)
    {
        if (rate > 0)
        {
            parts.Add(name + " " + rate.ToString(CultureInfo.InvariantCulture));
        }
    }
    if (faults.Latency > TimeSpan.Zero)
    {
        parts.Add("latency " + faults.Latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
    }
    Rate("dropConnection", faults.DropConnectionRate);
    Rate("serverError", faults.ServerErrorRate);
    Rate("applyThenDropConnection", faults.ApplyThenDropConnectionRate);
    Rate("applyThenServerError", faults.ApplyThenServerErrorRate);
    Rate("malformedBody", faults.MalformedBodyRate);
    if (parts.Count > 0)
    {
        parts.Add("on " + (faults.Operations is null ? "every card operation" : string.Join(", ", faults.Operations)) + (faults.IncludeTokenEndpoint ? " and the token call" : string.Empty));
    }
    parts.AddRange(script.Select(s => "next " + s.Count.ToString(CultureInfo.InvariantCulture) + " " + s.OperationId + ": " + s.Fault));
    if (parts.Count > 0 && faults.ServerErrorStatus != 503)
    {
        parts.Add("server errors are HTTP " + faults.ServerErrorStatus.ToString(CultureInfo.InvariantCulture));
    }
    return parts.Count == 0 ? "none" : string.Join("; ", parts);
}
