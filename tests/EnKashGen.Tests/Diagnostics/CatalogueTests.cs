using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using EnKashGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace EnKashGen.Tests.Diagnostics;

/// <summary>The catalogue: one descriptor per kind of problem, ids shared only by kinds of one severity, real message formats.</summary>
public class CatalogueTests
{
    private static readonly IReadOnlyList<(string Name, DiagnosticDescriptor Descriptor)> Descriptors = typeof(DiagnosticCatalogue)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (f.Name, (DiagnosticDescriptor)f.GetValue(null)!))
        .ToList();

    [Fact]
    public void Kinds_that_share_an_id_share_its_title_severity_and_category()
    {
        Assert.True(Descriptors.Count > 40, $"only {Descriptors.Count} descriptors found");
        foreach (var group in Descriptors.GroupBy(d => d.Descriptor.Id))
        {
            var first = group.First().Descriptor;
            Assert.All(group, d =>
            {
                Assert.Equal(first.DefaultSeverity, d.Descriptor.DefaultSeverity);
                Assert.Equal(first.Title.ToString(), d.Descriptor.Title.ToString());
                Assert.Equal("EnKashGen", d.Descriptor.Category);
            });
        }
    }

    [Fact]
    public void The_ids_whose_severity_a_project_can_set_are_exactly_the_catalogues_ids()
    {
        Assert.Equal(Descriptors.Select(d => d.Descriptor.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal), DiagnosticCatalogue.Ids);
    }

    [Fact]
    public void Every_message_format_says_something_of_its_own()
    {
        foreach (var (name, descriptor) in Descriptors)
        {
            var format = descriptor.MessageFormat.ToString();
            var text = Regex.Replace(format, @"\{\d+\}", string.Empty);
            Assert.True(text.Count(char.IsLetter) >= 10, $"{name} ({descriptor.Id}) has the message format '{format}'");
        }
    }

    [Fact]
    public void Every_placeholder_of_a_format_is_numbered_from_zero_without_gaps()
    {
        foreach (var (name, descriptor) in Descriptors)
        {
            var format = descriptor.MessageFormat.ToString();
            var used = Regex.Matches(format.Replace("{{", string.Empty).Replace("}}", string.Empty), @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value)).Distinct().OrderBy(i => i).ToList();
            Assert.True(used.SequenceEqual(Enumerable.Range(0, used.Count)), $"{name}: '{format}'");
            // The format must be usable by string.Format with as many arguments as it numbers.
            _ = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, used.Select(i => (object)("a" + i)).ToArray());
        }
    }

    [Fact]
    public void Every_id_is_documented_in_the_readme_and_the_support_document()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var support = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "openapi-support.md"));
        foreach (var id in Descriptors.Select(d => d.Descriptor.Id).Distinct())
        {
            Assert.Contains("| " + id + " |", readme, StringComparison.Ordinal);
            Assert.Contains("| " + id + " |", support, StringComparison.Ordinal);
        }
    }
}
