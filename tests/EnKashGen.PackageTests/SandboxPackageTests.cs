using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using EnKashGen.PackageTests.Infrastructure;
using Xunit;

namespace EnKashGen.PackageTests;

/// <summary>
/// Uses the packed sandbox the two ways users do: the enkash-sandbox tool installed with <c>dotnet tool install</c> and
/// started like a CI service, and the EnKashGen.Sandbox library started in-process next to the generated client.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class SandboxPackageTests
{
    private static readonly Regex ListeningLine = new(@"^EnKash sandbox listening on (http://127\.0\.0\.1:(\d+)/) ", RegexOptions.CultureInvariant);
    private static readonly Regex PrintedVariable = new(@"\b(ENKASH_[A-Z_]+)=(\S+)", RegexOptions.CultureInvariant);

    private readonly PackedPackage _package;

    public SandboxPackageTests(PackedPackage package)
    {
        _package = package;
        _package.EnsureSandboxPacked();
    }

    [Fact]
    public void Installed_tool_listens_on_a_free_port_serves_the_generated_client_and_stops_on_SIGTERM()
    {
        var toolPath = Path.Combine(_package.Root, "tools");
        var install = DotNetCli.Run(_package.ConsumersRoot, _package.ConsumerEnvironment,
            "tool", "install", "--tool-path", toolPath, "EnKashGen.Sandbox.Tool", "--version", _package.Version, "--add-source", _package.Feed);
        install.ShouldSucceedCleanly();
        Assert.Contains("enkash-sandbox", install.Output);

        // The client is built before the tool starts, as a CI job would build its tests first.
        var app = ConsumerProject.Create(_package, "ToolClient");
        app.AddEnKashGenPackage();
        app.Write("Program.cs", Sources.ToolClientProgram);
        app.Build();

        var executable = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "enkash-sandbox.exe" : "enkash-sandbox");
        var environment = new Dictionary<string, string?>
        {
            // The tool's launcher finds the runtime that runs these tests.
            ["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
        };
        using var tool = RunningTool.Start(executable, environment,
            "--port", "0", "--loadDeduplication", "ReplayOriginal", "--faultScript", "loadCardBalance:ApplyThenServerError");
        var listening = tool.WaitForLine(ListeningLine, TimeSpan.FromSeconds(60));
        tool.WaitForLine(new Regex(@"sandbox-only credentials"), TimeSpan.FromSeconds(10));
        var port = int.Parse(listening.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(port, 1, 65535);
        Assert.Contains("  faults: next 1 loadCardBalance: ApplyThenServerError", tool.Output);
        Assert.Contains("  load de-duplication: ReplayOriginal", tool.Output);

        // The first partner the tool prints is the plain-JSON one; its ENKASH_* lines configure the client.
        var variables = new Dictionary<string, string?>();
        foreach (Match match in PrintedVariable.Matches(tool.Output))
        {
            variables.TryAdd(match.Groups[1].Value, match.Groups[2].Value);
        }
        Assert.Equal(listening.Groups[1].Value, variables["ENKASH_BASE_URL"]);
        var output = app.RunWith(variables);

        Assert.Matches(@"card EKC\w+ in CA\w+", output);
        // EnKash applied the load and answered 503: the client finds the load by its reference and reports it applied.
        Assert.Contains("first load: answered", output);
        Assert.Contains("transactions with PKG-TOOL-1: 1", output);
        Assert.Contains("replayed load: balance 100.00", output);
        Assert.Contains("[loadCardBalance] -> 503 Service Unavailable after the operation ran (fault, applied;", tool.Output);
        Assert.Contains("[loadCardBalance] -> 200 code 0 (replayed, not applied)", tool.Output);

        var exitCode = tool.Terminate(TimeSpan.FromSeconds(30));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM:\n{tool.Output}");
            Assert.Contains("Stopping the sandbox.", tool.Output);
        }
    }

    [Fact]
    public void Sandbox_package_and_EnKashGen_package_build_together_without_warnings_and_run_the_sandbox_in_process()
    {
        var app = ConsumerProject.Create(_package, "InProcessSandbox");
        app.AddEnKashGenPackage();
        app.AddPackage("EnKashGen.Sandbox");
        // A runtime dependency of tests, unlike the generator: the reference is not private.
        Assert.Matches($"<PackageReference Include=\"EnKashGen.Sandbox\" Version=\"{Regex.Escape(_package.Version)}\" />", app.Read("App.csproj"));
        app.Write("Program.cs", Sources.InProcessSandboxProgram);

        // Both assemblies hold EnKashGen.Runtime types (public here, internal in the sandbox): any CS0436 fails the build.
        app.Build();
        var output = app.Run();

        // The connection dropped after the load was applied: the client finds it by its reference, so the caller is
        // told it succeeded and the replay moves no money.
        Assert.Contains("first load: answered", output);
        Assert.Contains("replayed load: balance 250.00", output);
        Assert.Contains("applied: 1, replays: 1, card balance 250.00", output);
        Assert.Contains("sandbox wire types public: False", output);
    }
}
