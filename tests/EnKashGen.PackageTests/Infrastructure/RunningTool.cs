using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace EnKashGen.PackageTests.Infrastructure;

/// <summary>
/// A command started the way a CI script starts it: in the background, its output read line by line until the line it
/// promises to print, then stopped with SIGTERM. Dispose kills it if it is still running.
/// </summary>
internal sealed class RunningTool : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waits = new();

    private RunningTool(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the command printed so far (standard output and standard error, in arrival order).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static RunningTool Start(string executable, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
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
        var process = new Process { StartInfo = start };
        var tool = new RunningTool(process);
        process.OutputDataReceived += (_, e) => tool.Received(e.Data);
        process.ErrorDataReceived += (_, e) => tool.Received(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start " + executable);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Waits until a line matches <paramref name="pattern"/>; fails with the output so far if it does not come or the command exits first.</summary>
    public Match WaitForLine(Regex pattern, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }
            _waits.Add((pattern, seen));
        }
        var exited = _process.WaitForExitAsync();
        var first = Task.WaitAny(new Task[] { seen.Task, exited }, timeout);
        if (first == 0)
        {
            return seen.Task.Result;
        }
        throw new Xunit.Sdk.XunitException(first == 1
            ? $"The command exited with {_process.ExitCode} before printing a line matching {pattern}:\n{Output}"
            : $"No line matching {pattern} within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Sends SIGTERM, as a CI runner stopping a background service does, and waits for the command to exit.</summary>
    public int Terminate(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows has no SIGTERM; a console program is ended there.
                _process.Kill(entireProcessTree: true);
            }
            else if (Kill(_process.Id, SigTerm) != 0)
            {
                throw new InvalidOperationException("kill(SIGTERM) failed with errno " + Marshal.GetLastWin32Error());
            }
        }
        if (!_process.WaitForExit(timeout))
        {
            throw new Xunit.Sdk.XunitException($"The command did not stop within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
        }
        _process.WaitForExit(); // drains the output handlers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                var match = _waits[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waits[i].Seen.TrySetResult(match);
                    _waits.RemoveAt(i);
                }
            }
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
