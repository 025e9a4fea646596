using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.Corpus;

/// <summary>A place in a spec file: its path and 0-based line, as Roslyn locations count lines.</summary>
public sealed record SpecLine(string Path, int Line)
{
    /// <summary>The line that carries the comment "# mark: <paramref name="mark"/>" (exactly one must).</summary>
    public static SpecLine Marked(string path, string mark) => Containing(path, "# mark: " + mark, wholeSuffix: true);

    /// <summary>The one line of <paramref name="path"/> that contains <paramref name="text"/> (or ends with it).</summary>
    public static SpecLine Containing(string path, string text, bool wholeSuffix = false) =>
        Containing(path, File.ReadAllText(path), text, wholeSuffix);

    public static SpecLine Containing(string path, string fileText, string text, bool wholeSuffix = false)
    {
        var lines = fileText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var hits = lines.Select((l, i) => (l, i)).Where(x => wholeSuffix ? x.l.TrimEnd().EndsWith(text, StringComparison.Ordinal) : x.l.Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(hits.Count == 1, $"expected one line with '{text}' in {path}, found {hits.Count}");
        return new SpecLine(path, hits[0].i);
    }

    public override string ToString() => System.IO.Path.GetFileName(Path) + ":" + (Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Assertions on the generator's diagnostics, by id, severity and the line they point at.</summary>
public static class SpecDiagnostics
{
    public static bool IsAt(this Diagnostic d, SpecLine place) =>
        d.Location.Kind == LocationKind.ExternalFile
        && d.Location.GetLineSpan().Path == place.Path
        && d.Location.GetLineSpan().StartLinePosition.Line == place.Line;

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => "  " + d.Id + " " + d.DefaultSeverity + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The one diagnostic <paramref name="id"/> at <paramref name="place"/>, with the severity given.</summary>
    public static Diagnostic Single(CorpusResult result, string id, SpecLine place, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
    {
        var at = result.GeneratorDiagnostics.Where(d => d.Id == id && d.IsAt(place)).ToList();
        Assert.True(at.Count == 1, $"expected one {id} at {place}, found {at.Count}; the diagnostics are:\n{Describe(result.GeneratorDiagnostics)}");
        Assert.Equal(severity, at[0].DefaultSeverity);
        return at[0];
    }

    /// <summary>Whether the generator reported <paramref name="id"/> at <paramref name="place"/>.</summary>
    public static bool Has(CorpusResult result, string id, SpecLine place) => result.GeneratorDiagnostics.Any(d => d.Id == id && d.IsAt(place));

    /// <summary>
    /// Every diagnostic of warning severity or above is one of <paramref name="allowed"/> (id and place): nothing the
    /// spec does not deserve, and nothing located elsewhere than where the construct is.
    /// </summary>
    public static void NoWarningsBut(CorpusResult result, params (string Id, SpecLine Place)[] allowed)
    {
        var unexpected = result.GeneratorDiagnostics
            .Where(d => d.DefaultSeverity >= DiagnosticSeverity.Warning)
            .Where(d => !allowed.Any(a => a.Id == d.Id && d.IsAt(a.Place)))
            .ToList();
        Assert.True(unexpected.Count == 0, "unexpected diagnostics:\n" + Describe(unexpected));
    }
}
