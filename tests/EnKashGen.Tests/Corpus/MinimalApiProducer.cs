using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Runs tests/EnKashGen.Corpus.MinimalApi (an ASP.NET Core minimal API) as a child process on a free loopback port,
/// fetches the OpenAPI document it serves, and stops it. A child process, because the API loads the
/// Microsoft.OpenApi that Microsoft.AspNetCore.OpenApi needs, another major version than the generator's.
/// </summary>
public static class MinimalApiProducer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The API's entry assembly, as the test project's build located it.</summary>
    public static string Assembly =>
        typeof(MinimalApiProducer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "EnKashGen.Corpus.MinimalApi")?.Value
        ?? throw new InvalidOperationException("the test assembly does not say where EnKashGen.Corpus.MinimalApi was built (see LocateCorpusMinimalApi in EnKashGen.Tests.csproj)");

    /// <summary>GETs <paramref name="documentPath"/> from a fresh instance of the API and returns the document's text.</summary>
    public static async Task<string> FetchDocumentAsync(string documentPath = "/openapi/v1.json")
    {
        var assembly = Assembly;
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("EnKashGen.Corpus.MinimalApi is not built", assembly);
        }
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        // It stops by itself when this process goes away (its standard input closes), so it can never linger.
        start.ArgumentList.Add("--exit-when-stdin-closes");
        start.ArgumentList.Add("true");
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + assembly);
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var address = await ReadAddressAsync(process, timeout.Token).ConfigureAwait(false);
            if (address is null)
            {
                lock (errors)
                {
                    throw new InvalidOperationException("EnKashGen.Corpus.MinimalApi did not start (exit code " + (process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none") + "):\n" + errors);
                }
            }
            Assert127(address);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            return await http.GetStringAsync(new Uri(documentPath, UriKind.Relative)).ConfigureAwait(false);
        }
        finally
        {
            Stop(process);
        }
    }

    private static async Task<Uri?> ReadAddressAsync(Process process, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (line is null)
            {
                return null;
            }
            const string Prefix = "listening on ";
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return new Uri(line.Substring(Prefix.Length).Trim());
            }
        }
    }

    private static void Assert127(Uri address)
    {
        if (address.Host != "127.0.0.1")
        {
            throw new InvalidOperationException("EnKashGen.Corpus.MinimalApi must listen on 127.0.0.1 only, not " + address);
        }
    }

    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        if (!process.WaitForExit(15_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The dotnet host that runs the tests (the SDK sets DOTNET_HOST_PATH under dotnet test).</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }
}
