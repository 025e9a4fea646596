using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EnKashGen.Tests.Incrementality;

/// <summary>Parsing happens once per spec change; C# edits reach no spec step, and cached values hold no Roslyn objects.</summary>
public class IncrementalityTests
{
    private static readonly string[] SpecSteps = { EnKashGenerator.SpecInputStep, EnKashGenerator.ReadSpecStep };

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(string specText) => FirstRun(specText, out _);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(string specText, out AdditionalText spec)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace App { public class A { } }" });
        var driver = GeneratorHarness.CreateDriver(new[] { new SpecFile("/p/enkash-cards.yaml", specText) }, out var texts, trackSteps: true);
        spec = texts.Single();
        driver = driver.RunGenerators(compilation);
        return (driver, compilation);
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_spec_step_cached()
    {
        var (driver, compilation) = FirstRun(File.ReadAllText(TestPaths.EnKashSpec));

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public class B { public int X; } }", GeneratorHarness.ParseOptions()));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single();

        foreach (var step in SpecSteps)
        {
            var reasons = run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {r}"));
        }
        // The context derived from the compilation is recomputed, but compares equal, so nothing downstream re-runs.
        var context = run.TrackedSteps[EnKashGenerator.EmitContextStep].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(context, r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"emit context changed: {r}"));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran: {o.Reason}"));
    }

    [Fact]
    public void A_spec_edit_reparses_and_regenerates()
    {
        var original = File.ReadAllText(TestPaths.EnKashSpec);
        var (driver, compilation) = FirstRun(original, out var specText);
        Assert.DoesNotContain("AuditTrail", string.Join("\n", driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString())));

        var edited = original.Replace("  schemas:\n", "  schemas:\n    AuditTrail:\n      type: object\n      description: Added by the test.\n      properties:\n        actor: {type: string}\n", StringComparison.Ordinal);
        Assert.NotEqual(original, edited);
        var oldText = driver.GetRunResult().Results.Single();
        driver = driver.ReplaceAdditionalText(specText, GeneratorHarness.Text("/p/enkash-cards.yaml", edited));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        var parse = run.TrackedSteps[EnKashGenerator.ReadSpecStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, parse);
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Models.AuditTrail.g.cs", StringComparison.Ordinal));
        Assert.NotEqual(oldText.GeneratedSources.Length, run.GeneratedSources.Length);
    }

    [Fact]
    public void Cached_pipeline_values_hold_no_roslyn_objects_or_openapi_objects()
    {
        var (driver, _) = FirstRun(File.ReadAllText(TestPaths.EnKashSpec));
        var run = driver.GetRunResult().Results.Single();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var values = run.TrackedSteps
            .Where(s => s.Key.StartsWith("EnKashGen.", StringComparison.Ordinal))
            .SelectMany(s => s.Value)
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            AssertNoForbiddenObjects(value, visited, "step output");
        }
    }

    private static void AssertNoForbiddenObjects(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }
        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }
        var type = value.GetType();
        Assert.False(value is Microsoft.CodeAnalysis.Compilation, $"Compilation held at {path}");
        Assert.False(value is ISymbol, $"ISymbol held at {path}");
        Assert.False(value is SyntaxNode, $"SyntaxNode held at {path}");
        Assert.False(value is SyntaxTree, $"SyntaxTree held at {path}");
        Assert.False(value is Location, $"Location held at {path}");
        Assert.False(value is Diagnostic, $"Diagnostic held at {path}");
        Assert.False(value is AdditionalText, $"AdditionalText held at {path}");
        Assert.False(type.Namespace?.StartsWith("Microsoft.OpenApi", StringComparison.Ordinal) == true, $"OpenAPI object {type} held at {path}");

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoForbiddenObjects(item, visited, path + "[" + i++ + "]");
            }
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoForbiddenObjects(field.GetValue(value), visited, path + "." + field.Name);
        }
    }
}
