using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.Benchmarks.Build;

/// <summary>One finished <c>dotnet</c> command: exit code, output, wall time, and the peak memory of its process tree.</summary>
public sealed record CommandRun(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed, long PeakTreeRssBytes)
{
    private static readonly Regex Message = new(@"(?:^|\s)(?<kind>warning|error) (?<id>[A-Z]+[0-9]+)\s*:", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Distinct compiler and MSBuild messages of one kind (the summary at the end repeats each one).</summary>
    public IReadOnlyList<string> Messages(string kind) => Output
        .Split('\n')
        .Select(l => l.Trim())
        .Where(l => Message.Match(l) is { Success: true } m && m.Groups["kind"].Value == kind)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>How many of each message id, most frequent first (e.g. "CS0108 x12, CS8618 x3").</summary>
    public string MessageIds(string kind) => string.Join(", ", Messages(kind)
        .Select(l => Message.Match(l).Groups["id"].Value)
        .GroupBy(id => id)
        .OrderByDescending(g => g.Count())
        .Select(g => $"{g.Key} x{g.Count()}"));
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process and samples the resident memory of the whole process tree it starts
/// (MSBuild in the CLI process, the compiler process) from /proc, every <see cref="SampleInterval"/>.
/// </summary>
public static class DotNetProcess
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    private static readonly long PageSize = Environment.SystemPageSize;

    public static CommandRun Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
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
        // `dotnet run` may export MSBuild's own locations; the child CLI must find its own.
        foreach (var inherited in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // Every build starts with no server of any kind: no MSBuild nodes or MSBuild server survive a command.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var commandLine = "dotnet " + string.Join(' ', arguments);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + commandLine);
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, TreeRss(process.Id));
                Thread.Sleep(SampleInterval);
            }
        });
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            sampling.Cancel();
            throw new TimeoutException($"`{commandLine}` in {workingDirectory} did not finish within {timeout.TotalMinutes} minutes");
        }
        watch.Stop();
        sampling.Cancel();
        sampler.Wait();
        Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(20));
        output.Append(stdout.IsCompletedSuccessfully ? stdout.Result : "(stdout not captured)\n");
        if (stderr.IsCompletedSuccessfully)
        {
            output.Append(stderr.Result);
        }
        return new CommandRun(commandLine, process.ExitCode, output.ToString(), watch.Elapsed, peak);
    }

    /// <summary>The summed resident set of a process and all its descendants, from /proc (0 where there is no /proc).</summary>
    private static long TreeRss(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || ParentOf(pid) is not { } parent)
            {
                continue;
            }
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = new List<int>();
            }
            list.Add(pid);
        }
        long total = 0;
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            total += Rss(pid);
            if (children.TryGetValue(pid, out var list))
            {
                list.ForEach(pending.Push);
            }
        }
        return total;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long Rss(int pid)
    {
        try
        {
            // /proc/<pid>/statm: size resident shared ... in pages.
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * PageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
