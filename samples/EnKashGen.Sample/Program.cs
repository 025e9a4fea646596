using System;
using System.Threading;
using EnKashGen.Sample;
using EnKashGen.Sandbox;

// dotnet run --project samples/EnKashGen.Sample
//   no ENKASH_BASE_URL: starts the sandbox in-process on a free loopback port and runs the flow against it
//                       (ENKASH_ENCRYPTION=true picks the sandbox partner that encrypts its bodies,
//                       ENKASH_SANDBOX_LOG=true prints the sandbox's request log to stderr);
//   ENKASH_BASE_URL set: runs the same flow against that EnKash (see SampleSettings.FromEnvironment for the variables).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

SampleSettings? settings;
try
{
    settings = SampleSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

SandboxServer? sandbox = null;
try
{
    if (settings is null)
    {
        var options = new SandboxOptions();
        if (string.Equals(Environment.GetEnvironmentVariable("ENKASH_SANDBOX_LOG"), "true", StringComparison.OrdinalIgnoreCase))
        {
            options.RequestLog = line => Console.Error.WriteLine("  [sandbox] " + line);
        }
        sandbox = await SandboxServer.StartAsync(options, cancel.Token);
        var encrypted = bool.TryParse(Environment.GetEnvironmentVariable("ENKASH_ENCRYPTION"), out var flag) && flag;
        settings = SampleSettings.ForSandbox(sandbox, encrypted);
    }
    await SampleFlow.RunAsync(Console.Out, settings, cancel.Token);
    return 0;
}
catch (SampleFlowException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    if (sandbox is not null)
    {
        await sandbox.DisposeAsync();
    }
}
