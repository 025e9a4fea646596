using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using EnKashGen.Sandbox;
using Microsoft.Extensions.Configuration;

// dotnet run --project samples/EnKashGen.Sandbox [-- --port 5080 --tokenLifetimeSeconds 300 --latencyMs 0 ...]
// Settings come from sandbox.settings.json, then ENKASH_SANDBOX_* environment variables, then the command line.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sandbox.settings.json"), optional: true)
    .AddEnvironmentVariables("ENKASH_SANDBOX_")
    .AddCommandLine(args)
    .Build();

int Int(string key, int fallback) => int.TryParse(configuration[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
double Rate(string key) => double.TryParse(configuration[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

var options = new SandboxOptions
{
    Port = Int("Port", 5080),
    TokenLifetime = TimeSpan.FromSeconds(Int("TokenLifetimeSeconds", 86399)),
    Seed = Int("Seed", 20250529),
    Faults = new SandboxFaults
    {
        Latency = TimeSpan.FromMilliseconds(Int("LatencyMs", 0)),
        ServerErrorRate = Rate("ServerErrorRate"),
        MalformedBodyRate = Rate("MalformedBodyRate"),
        DropConnectionRate = Rate("DropConnectionRate"),
    },
};
if (!string.Equals(configuration["Quiet"], "true", StringComparison.OrdinalIgnoreCase))
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
    Console.Error.WriteLine("Choose another port with --port N or ENKASH_SANDBOX_PORT=N (0 picks a free one).");
    return 1;
}

await using (server)
{
    Console.WriteLine("EnKash sandbox listening on " + server.BaseUrl + " (loopback only; Ctrl+C stops it)");
    Console.WriteLine("  token URL: " + server.TokenUrl);
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
