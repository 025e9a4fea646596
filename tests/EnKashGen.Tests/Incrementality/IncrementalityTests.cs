using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EnKashGen.Tests.Incrementality;

/// <summary>
/// Parsing happens once per spec change (a change of the spec or of one of its parts, or a part added or removed);
/// C# edits and unrelated files reach no spec step, and cached values hold no Roslyn objects.
/// </summary>
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

    private const string PartsRoot = "/p/api/openapi.yaml";
    private const string ItemPart = "/p/api/schemas/item.yaml";
    private const string PathPart = "/p/api/paths/items.yaml";
    private const string ExtraPart = "/p/api/schemas/extra.yaml";

    private const string PartsRootText = """
        openapi: 3.0.3
        info:
          title: Items
          version: '1'
        paths:
          /items:
            $ref: './paths/items.yaml'
        components:
          schemas:
            Envelope:
              type: object
              properties:
                item:
                  $ref: './schemas/item.yaml#/Item'
                extra:
                  $ref: './schemas/extra.yaml#/Extra'
        """;

    private const string PathPartText = """
        get:
          operationId: listItems
          responses:
            '200':
              description: The items.
              content:
                application/json:
                  schema:
                    type: array
                    items:
                      $ref: '../schemas/item.yaml#/Item'
        """;

    private const string ItemPartText = """
        Item:
          type: object
          required: [id]
          properties:
            id:
              type: string
        """;

    private const string ExtraPartText = """
        Extra:
          type: object
          properties:
            note:
              type: string
        """;

    /// <summary>A spec of three files (root, a path item, a schema file) and, unless left out, a fourth part.</summary>
    private static List<SpecFile> PartsSpec(bool withExtra) =>
        new[]
        {
            new SpecFile(PartsRoot, PartsRootText, "Items", "ItemsClient"),
            SpecFile.Part(PathPart, PathPartText),
            SpecFile.Part(ItemPart, ItemPartText),
        }.Concat(withExtra ? new[] { SpecFile.Part(ExtraPart, ExtraPartText) } : Array.Empty<SpecFile>()).ToList();

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, ImmutableArray<AdditionalText> Texts) FirstRunWithParts(bool withExtra = true)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace App { public class A { } }" });
        var driver = GeneratorHarness.CreateDriver(PartsSpec(withExtra), out var texts, trackSteps: true);
        driver = driver.RunGenerators(compilation);
        return (driver, compilation, texts);
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step) =>
        run.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList() : new List<IncrementalStepRunReason>();

    private static string AllSource(GeneratorRunResult run) => string.Join("\n", run.GeneratedSources.Select(s => s.SourceText.ToString()));

    [Fact]
    public void A_spec_with_parts_generates_the_types_of_its_parts()
    {
        var (driver, _, _) = FirstRunWithParts();
        var run = driver.GetRunResult().Results.Single();
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Item.g.cs", StringComparison.Ordinal));
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Extra.g.cs", StringComparison.Ordinal));
        Assert.Contains("ListItemsAsync", AllSource(run), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Editing_a_part_rereads_the_spec_and_regenerates()
    {
        var (driver, compilation, texts) = FirstRunWithParts();
        Assert.DoesNotContain("Colour", AllSource(driver.GetRunResult().Results.Single()), StringComparison.Ordinal);

        var edited = ItemPartText + "\n    colour:\n      type: string\n";
        driver = driver.ReplaceAdditionalText(texts.Single(t => t.Path == ItemPart), GeneratorHarness.Text(ItemPart, edited));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, EnKashGenerator.ReadSpecStep));
        var item = run.GeneratedSources.Single(s => s.HintName.EndsWith(".Models.Item.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("Colour", item, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_spec_step_cached_for_a_spec_with_parts()
    {
        var (driver, compilation, _) = FirstRunWithParts();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public class B { public int X; } }", GeneratorHarness.ParseOptions()));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single();

        foreach (var step in run.TrackedSteps.Keys.Where(k => k.StartsWith("EnKashGen.", StringComparison.Ordinal) && k != EnKashGenerator.EmitContextStep))
        {
            var reasons = Reasons(run, step);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {r}"));
        }
        Assert.NotEmpty(Reasons(run, EnKashGenerator.ReadSpecStep));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran: {o.Reason}"));
    }

    [Fact]
    public void Editing_an_additional_file_that_is_neither_a_spec_nor_a_part_does_not_reread_the_spec()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace App { public class A { } }" });
        var files = PartsSpec(withExtra: true).Append(new SpecFile("/p/api/README.yaml", "notes: first", IsSpec: false)).ToList();
        var driver = GeneratorHarness.CreateDriver(files, out var texts, trackSteps: true).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(texts.Single(t => t.Path == "/p/api/README.yaml"), GeneratorHarness.Text("/p/api/README.yaml", "notes: second"));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();
        var reasons = Reasons(run, EnKashGenerator.ReadSpecStep);
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"the spec was read again: {r}"));
    }

    [Fact]
    public void Adding_a_part_rereads_the_spec_and_resolves_the_ref_to_it()
    {
        var (driver, compilation, _) = FirstRunWithParts(withExtra: false);
        var before = driver.GetRunResult().Results.Single();
        Assert.DoesNotContain(before.GeneratedSources, s => s.HintName.EndsWith(".Models.Extra.g.cs", StringComparison.Ordinal));
        Assert.Contains(before.Diagnostics, d => d.Id == "EKG015");

        // A build that gains an <EnKashSpecPart> passes the file and its metadata to the compiler.
        driver = driver.AddAdditionalTexts(ImmutableArray.Create(GeneratorHarness.Text(ExtraPart, ExtraPartText)))
            .WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(PartsSpec(withExtra: true)));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, EnKashGenerator.ReadSpecStep));
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Extra.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "EKG015");
    }

    [Fact]
    public void Removing_a_part_rereads_the_spec_and_reports_the_ref_that_no_longer_resolves()
    {
        var (driver, compilation, texts) = FirstRunWithParts(withExtra: true);
        Assert.DoesNotContain(driver.GetRunResult().Results.Single().Diagnostics, d => d.Id == "EKG015");

        driver = driver.RemoveAdditionalTexts(ImmutableArray.Create(texts.Single(t => t.Path == ExtraPart)))
            .WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(PartsSpec(withExtra: false)));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, EnKashGenerator.ReadSpecStep));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Extra.g.cs", StringComparison.Ordinal));
        var unresolved = Assert.Single(run.Diagnostics, d => d.Id == "EKG015");
        Assert.Equal(PartsRoot, unresolved.Location.GetLineSpan().Path);
        Assert.Equal(PartsRootText.Split('\n').ToList().FindIndex(l => l.Contains("./schemas/extra.yaml", StringComparison.Ordinal)), unresolved.Location.GetLineSpan().StartLinePosition.Line);
    }

    private static SpecFile FilteredShop(string includeTags) =>
        new SpecFile(Filtering.OperationFilterTests.ShopPath, Filtering.OperationFilterTests.Shop, "Acme.Shop", "ShopClient").With("EnKashGenIncludeTags", includeTags);

    [Fact]
    public void Changing_a_filter_rereads_the_spec_and_regenerates()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace App { public class A { } }" });
        var driver = GeneratorHarness.CreateDriver(new[] { FilteredShop("Pets") }, trackSteps: true).RunGenerators(compilation);
        var before = AllSource(driver.GetRunResult().Results.Single());
        Assert.Contains("ListPetsAsync", before, StringComparison.Ordinal);
        Assert.DoesNotContain("GetToyAsync", before, StringComparison.Ordinal);

        // The project's item metadata changes: a build passes the new options with the same spec text.
        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.Options(new[] { FilteredShop("Toys") }));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, EnKashGenerator.SpecInputStep));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run, EnKashGenerator.ReadSpecStep));
        var after = AllSource(run);
        Assert.Contains("GetToyAsync", after, StringComparison.Ordinal);
        Assert.DoesNotContain("ListPetsAsync", after, StringComparison.Ordinal);
        Assert.Contains(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Toy.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratedSources, s => s.HintName.EndsWith(".Models.Pet.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_spec_step_cached_for_a_filtered_spec()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace App { public class A { } }" });
        var driver = GeneratorHarness.CreateDriver(new[] { FilteredShop("Pets") }, trackSteps: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public class B { public int X; } }", GeneratorHarness.ParseOptions()));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single();

        foreach (var step in SpecSteps)
        {
            var reasons = Reasons(run, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {r}"));
        }
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output re-ran: {o.Reason}"));
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
