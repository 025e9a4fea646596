using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace EnKashGen.PackageTests.Infrastructure;

/// <summary>The outcome of one <c>dotnet</c> command.</summary>
internal sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Duration)
{
    public override string ToString() =>
        $"`{CommandLine}` in {WorkingDirectory} exited with {ExitCode} after {Duration.TotalSeconds:0.0}s:\n{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI as a child process with a controlled environment.</summary>
internal static partial class DotNetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Compiler messages that mean the generator did not load or did not run.</summary>
    private static readonly string[] GeneratorFailureIds = { "CS8784", "CS8785", "CS8032", "AD0001" };

    [GeneratedRegex(@"(?:^|\s)(?:warning|error) [A-Z]+[0-9]+", RegexOptions.Multiline)]
    private static partial Regex WarningOrError();

    public static CommandResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
        => Execute(DotNetExecutable(), workingDirectory, environment, arguments);

    /// <summary>Runs a program that a publish produced (a native executable), in the same clean environment as the CLI.</summary>
    public static CommandResult RunProgram(string workingDirectory, string executable, params string[] arguments)
        => Execute(executable, workingDirectory, new Dictionary<string, string?>(), arguments);

    private static CommandResult Execute(string executable, string workingDirectory, IReadOnlyDictionary<string, string?> environment, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test host may run under an MSBuild that exported its own locations; the child CLI must find its own.
        foreach (var inherited in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild worker nodes outlive the command.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var commandLine = (executable == DotNetExecutable() ? "dotnet" : executable) + " " + string.Join(' ', arguments);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + commandLine);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"`{commandLine}` in {workingDirectory} did not finish within {Timeout.TotalMinutes} minutes");
        }
        // A build server started by the command may keep the pipes open; the command's own output is complete by now.
        Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(20));
        watch.Stop();
        var output = new StringBuilder();
        output.Append(stdout.IsCompletedSuccessfully ? stdout.Result : "(stdout not captured)\n");
        if (stderr.IsCompletedSuccessfully && stderr.Result.Length > 0)
        {
            output.Append("--- stderr ---\n").Append(stderr.Result);
        }
        return new CommandResult(commandLine, workingDirectory, process.ExitCode, output.ToString(), watch.Elapsed);
    }

    /// <summary>Asserts that the command succeeded without any warning, and that the generator loaded and ran.</summary>
    public static CommandResult ShouldSucceedCleanly(this CommandResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException("Command failed. " + result);
        }
        foreach (var id in GeneratorFailureIds)
        {
            if (result.Output.Contains(id, StringComparison.Ordinal))
            {
                throw new Xunit.Sdk.XunitException($"The generator failed to load or run ({id}). " + result);
            }
        }
        if (WarningOrError().IsMatch(result.Output))
        {
            throw new Xunit.Sdk.XunitException("Command reported warnings. " + result);
        }
        return result;
    }

    private static string DotNetExecutable()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && System.IO.File.Exists(host) ? host : "dotnet";
    }
}
