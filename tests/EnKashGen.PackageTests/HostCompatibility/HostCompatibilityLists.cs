using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace EnKashGen.PackageTests.HostCompatibility;

/// <summary>
/// Reads the two checked-in lists the analyzer folder is judged against: HostSuppliedAssemblies.txt (what every oldest compiler
/// host supplies) and NeverLoadedReferences.txt (reviewed references that may stay unresolved). Both allow '#' comments.
/// </summary>
public static partial class HostCompatibilityLists
{
    public const string HostSuppliedFile = "HostSuppliedAssemblies.txt";
    public const string NeverLoadedFile = "NeverLoadedReferences.txt";

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_.\-]+)\s+(?<version>\d+\.\d+\.\d+\.\d+)$")]
    private static partial Regex HostLine();

    [GeneratedRegex(@"^(?<from>[A-Za-z0-9_.\-]+)\s*->\s*(?<name>[A-Za-z0-9_.\-]+)\s+(?<version>\d+\.\d+\.\d+\.\d+)\s*#\s*(?<reason>\S.*)$")]
    private static partial Regex NeverLoadedLine();

    /// <summary>The directory of the package tests in the repository, where both lists live.</summary>
    public static string ListsFolder(string repoRoot) => Path.Combine(repoRoot, "tests", "EnKashGen.PackageTests");

    /// <summary>Parses "Name Version" lines (a '#' comment may follow) into a case-insensitive map.</summary>
    public static IReadOnlyDictionary<string, Version> ParseHostSupplied(string text, string source)
    {
        var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var (number, line) in ContentLines(text))
        {
            var match = HostLine().Match(line.Split('#')[0].TrimEnd());
            if (!match.Success)
            {
                throw new FormatException($"{source}({number}): expected 'AssemblyName 1.2.3.4', found '{line}'");
            }
            if (!result.TryAdd(match.Groups["name"].Value, Version.Parse(match.Groups["version"].Value)))
            {
                throw new FormatException($"{source}({number}): {match.Groups["name"].Value} is listed twice");
            }
        }
        return result;
    }

    /// <summary>Parses "Referencing -> Name Version # reason" lines; the reason is required.</summary>
    public static IReadOnlyList<NeverLoadedReference> ParseNeverLoaded(string text, string source)
    {
        var result = new List<NeverLoadedReference>();
        foreach (var (number, line) in ContentLines(text))
        {
            var match = NeverLoadedLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"{source}({number}): expected 'ReferencingAssembly -> AssemblyName 1.2.3.4 # why it never loads', found '{line}'");
            }
            result.Add(new NeverLoadedReference(
                match.Groups["from"].Value,
                new AssemblyReference(match.Groups["name"].Value, Version.Parse(match.Groups["version"].Value)),
                match.Groups["reason"].Value.Trim()));
        }
        return result;
    }

    public static IReadOnlyDictionary<string, Version> LoadHostSupplied(string repoRoot)
    {
        var path = Path.Combine(ListsFolder(repoRoot), HostSuppliedFile);
        return ParseHostSupplied(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<NeverLoadedReference> LoadNeverLoaded(string repoRoot)
    {
        var path = Path.Combine(ListsFolder(repoRoot), NeverLoadedFile);
        return ParseNeverLoaded(File.ReadAllText(path), path);
    }

    /// <summary>Non-empty lines with comments removed, numbered from 1. A reason after '#' stays on never-loaded lines.</summary>
    private static IEnumerable<(int Number, string Line)> ContentLines(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            yield return (i + 1, line);
        }
    }
}
