using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// A spec split over several files (Corpus/Documents/multi-file: a root, two path items, two schema files, one of
/// them JSON, and a file of shared parameters and responses), declared as the build declares it: the root as a spec,
/// every other file as a part (<c>&lt;EnKashSpecPart&gt;</c>, i.e. AdditionalFiles with EnKashGenSpecPart="true").
/// Parts are read only from those AdditionalFiles: a $ref to anything else is a warning at the $ref, never a read.
/// </summary>
public sealed class MultiFileSpecTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(TestPaths.CorpusDocuments, "multi-file");
    private static readonly string RootPath = Path.Combine(Folder, "openapi.yaml");
    private static readonly Lazy<GeneratedApi> Output = new(() => Generate(SpecFiles()));

    private static GeneratedApi Api => Output.Value;

    /// <summary>The root as a spec and every other file of the folder as a part.</summary>
    public static IReadOnlyList<SpecFile> SpecFiles(Func<string, string, string>? edit = null) =>
        new[] { new SpecFile(RootPath, Read(RootPath, edit), "Clinic", "ClinicClient") }
            .Concat(PartPaths.Select(p => SpecFile.Part(p, Read(p, edit))))
            .ToList();

    public static IReadOnlyList<string> PartPaths =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(p => p != RootPath && (p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    private static string Read(string path, Func<string, string, string>? edit) => edit is null ? File.ReadAllText(path) : edit(path, File.ReadAllText(path));

    private static GeneratedApi Generate(IReadOnlyList<SpecFile> files) =>
        new(CorpusRunner.Run(files, "multi-file/openapi.yaml"), "Clinic", "ClinicClient");

    private static IReadOnlyList<string> AllPaths => new[] { RootPath }.Concat(PartPaths).ToList();

    [Fact]
    public void The_fixture_is_a_real_multi_file_spec()
    {
        // At least four files, one of them JSON, parts in subfolders that refer to each other relative to themselves.
        Assert.True(PartPaths.Count >= 4, "parts: " + string.Join(", ", PartPaths));
        Assert.Contains(PartPaths, p => p.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains("$ref: '../schemas/pet.yaml#/Pet'", File.ReadAllText(Path.Combine(Folder, "paths", "pets.yaml")), StringComparison.Ordinal);
        Assert.Contains("$ref: '#/Tag'", File.ReadAllText(Path.Combine(Folder, "schemas", "pet.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Generates_a_client_that_compiles_cleanly_with_every_diagnostic_in_the_file_it_concerns()
    {
        CorpusTests.AssertCompilesCleanly(Api.Result, AllPaths, output);
        SpecDiagnostics.NoWarningsBut(Api.Result);
    }

    [Fact]
    public void Every_type_from_the_parts_is_generated_once_with_its_members()
    {
        Assert.Equal(new[] { "Address", "NewPet", "Owner", "OwnerSummary", "Pet", "PetKind", "PetPage", "Problem", "Tag", "Visit" }, Api.AllTypeNames);

        var pet = Api.Properties("Pet");
        Assert.Equal("long", pet["Id"]);
        Assert.Equal("string", pet["Name"]);
        Assert.Equal("global::Clinic.PetKind", pet["Kind"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::Clinic.Tag>?", pet["Tags"]);
        Assert.Equal("global::Clinic.OwnerSummary?", pet["Owner"]);
        Assert.Equal("global::System.DateOnly?", pet["BornOn"]);
        Assert.Equal(new[] { "dog", "cat", "bird", "reptile" }, Api.EnumValues("PetKind"));

        // From the JSON part, which refers back into the YAML one.
        var owner = Api.Properties("Owner");
        Assert.Equal("global::System.Guid", owner["Id"]);
        Assert.Equal("global::Clinic.Address?", owner["Address"]);
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::Clinic.Pet>", owner["Pets"]);
        Assert.Equal("string?", Api.PropertyType("Address", "Postcode"));

        // One schema used from four files is one type.
        Assert.Equal("global::Clinic.Pet", Api.PropertyType("Visit", "Pet"));
        Assert.Equal("global::System.Collections.Generic.IReadOnlyList<global::Clinic.Pet>", Api.PropertyType("PetPage", "Items"));
        Assert.Equal("string", Api.PropertyType("Problem", "Title"));
    }

    [Fact]
    public void Path_items_from_parts_become_operations_with_their_parameters_and_results()
    {
        AssertOperation("ListPetsAsync", "global::Clinic.PetPage", ("cursor", "string?"), ("kind", "global::Clinic.PetKind?"), ("limit", "int?"));
        AssertOperation("CreatePetAsync", "global::Clinic.Pet", ("body", "global::Clinic.NewPet"));
        AssertOperation("GetPetAsync", "global::Clinic.Pet", ("petId", "long"));
        AssertOperation("DeletePetAsync", "void", ("petId", "long"));
        AssertOperation("ListOwnersAsync", "global::System.Collections.Generic.IReadOnlyList<global::Clinic.OwnerSummary>", ("cursor", "string?"), ("limit", "int?"));
        AssertOperation("GetOwnerAsync", "global::Clinic.Owner", ("ownerId", "global::System.Guid"));
        AssertOperation("AdoptPetAsync", "global::Clinic.Pet", ("body", "global::Clinic.NewPet"), ("ownerId", "global::System.Guid"));
        Assert.Equal(7, Api.Operations.Count);
    }

    [Fact]
    public async Task A_referenced_parameter_keeps_its_rules_and_a_referenced_response_its_body()
    {
        Api.Operation("ListPetsAsync");
        Api.Operation("GetPetAsync");
        var runtime = Api.Runtime;
        var handler = new RecordingHandler(System.Net.HttpStatusCode.NotFound, """{"title":"No pet 7","status":404}""", "application/problem+json");
        var client = Api.CreateClient(runtime, handler);

        // limit comes from common.yaml with minimum 1.
        var invalid = await Assert.ThrowsAnyAsync<Exception>(() => Api.CallAsync(client, "ListPetsAsync", ("limit", (int?)0)));
        Assert.Equal("ApiValidationException", invalid.GetType().Name);
        Assert.Contains("limit", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);

        var notFound = await Assert.ThrowsAnyAsync<Exception>(() => Api.CallAsync(client, "GetPetAsync", ("petId", 7L)));
        Assert.Equal("ApiHttpException", notFound.GetType().Name);
        Assert.Equal("/pets/7", Assert.Single(handler.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public void A_part_alone_generates_nothing()
    {
        var result = GeneratorHarness.Run(PartPaths.Select(p => SpecFile.Part(p, File.ReadAllText(p))));
        Assert.Empty(result.Exceptions);
        Assert.Empty(result.Sources);
        Assert.Empty(result.GeneratorDiagnostics);
    }

    [Fact]
    public void Files_next_to_the_root_that_are_not_declared_parts_are_never_read()
    {
        // The parts exist on disk beside the root, but only the root is declared: each $ref into them is one
        // warning at its line, and nothing of theirs is generated.
        var result = CorpusRunner.Run(new[] { new SpecFile(RootPath, File.ReadAllText(RootPath), "Clinic", "ClinicClient") }, "multi-file/openapi.yaml (no parts)");
        output.WriteLine(CorpusRunner.Describe(result, 60));
        Assert.Empty(result.Exceptions);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Empty(result.CompileErrors);
        Assert.Empty(result.CompileWarnings);

        var refLines = File.ReadAllLines(RootPath).Select((l, i) => (l, i)).Where(x => x.l.Contains("$ref: './", StringComparison.Ordinal)).Select(x => new SpecLine(RootPath, x.i)).ToList();
        Assert.True(refLines.Count >= 8, "the root refers to its parts " + refLines.Count + " times");
        foreach (var line in refLines)
        {
            SpecDiagnostics.Single(result, "EKG015", line);
        }
        SpecDiagnostics.NoWarningsBut(result, refLines.Select(l => ("EKG015", l)).ToArray());

        var api = new GeneratedApi(result, "Clinic", "ClinicClient");
        Assert.DoesNotContain("Owner", api.AllTypeNames);
        Assert.DoesNotContain("PetKind", api.AllTypeNames);
        Assert.DoesNotContain(result.Generation.Sources, s => s.SourceText.ToString().Contains("reptile", StringComparison.Ordinal));
    }

    [Fact]
    public void A_syntax_error_in_a_part_is_reported_in_the_part_at_its_line()
    {
        var common = Path.Combine(Folder, "common.yaml");
        // A plain scalar may not hold ": " in block YAML.
        const string Broken = "    description: How many items: a page holds.";
        var files = SpecFiles((path, text) => path == common ? text.Replace("    description: How many items a page holds.", Broken, StringComparison.Ordinal) : text);
        var brokenText = files.Single(f => f.Path == common).Text;
        Assert.Contains(Broken, brokenText, StringComparison.Ordinal);

        var result = CorpusRunner.Run(files, "multi-file/openapi.yaml (broken part)");
        output.WriteLine(CorpusRunner.Describe(result, 60));
        Assert.Empty(result.Exceptions);
        var syntax = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "EKG002");
        var span = syntax.Location.GetLineSpan();
        Assert.Equal(common, span.Path);
        var brokenLine = SpecLine.Containing(common, brokenText, Broken).Line;
        Assert.Equal(brokenLine, span.StartLinePosition.Line);
        Assert.Empty(result.CompileErrors);
    }

    [Fact]
    public void A_key_twice_in_a_JSON_part_is_reported_in_the_part_at_the_second_key()
    {
        // Duplicate keys are found only when a step of the reading meets the object; the key is then located in the
        // file that holds it, here a part, not the root.
        const string Root = """
            {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/pets": {"get": {"operationId": "listPets",
              "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "./pet.json#/Pet"}}}}}}}}}
            """;
        const string Pet = "{\n  \"Pet\": {\n    \"type\": \"object\",\n    \"description\": \"a\",\n    \"description\": \"b\"\n  }\n}\n";
        var result = GeneratorHarness.Run(new[] { new SpecFile("/p/api/openapi.json", Root), SpecFile.Part("/p/api/pet.json", Pet) });

        Assert.Empty(result.Exceptions);
        var duplicate = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "EKG002");
        Assert.Contains("'description' appears twice", duplicate.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var span = duplicate.Location.GetLineSpan();
        Assert.Equal("/p/api/pet.json", span.Path);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(4, 4), span.StartLinePosition);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "EKG010");
    }

    private static void AssertOperation(string method, string result, params (string Name, string Type)[] parameters)
    {
        var operation = Api.Operation(method);
        Assert.Equal(result, GeneratedApi.ResultType(operation));
        Assert.Equal(parameters.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), GeneratedApi.Parameters(operation).OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
    }
}

/// <summary>
/// A $ref to something that is not a declared part (an http(s) URL, an absolute path, a file: URI, a relative file
/// that exists on disk but is not declared) is one EKG015 warning at the $ref's line in the file that contains it;
/// nothing is read, and the value is generated as untyped JSON. The target file exists next to the spec and holds a
/// marker that must never reach the generated code.
/// </summary>
public sealed class UndeclaredReferenceTests(ITestOutputHelper output)
{
    private const string Marker = "7f3a9c";

    private const string Secret = """
        Secret:
          type: object
          description: LAUNCH-CODES-7f3a9c, which no generated file may hold.
          required: [launchCode7f3a9c]
          properties:
            launchCode7f3a9c:
              type: string
        """;

    public static IEnumerable<object[]> Cases => new[]
    {
        new object[] { "an https URL, in the root", "root", "https://example.com/x.yaml#/Secret" },
        new object[] { "an http URL, in a part", "part", "http://example.com/schemas/x.yaml#/Secret" },
        new object[] { "an absolute path, in the root", "root", "{dir}/api/secret.yaml#/Secret" },
        new object[] { "an absolute path, in a part", "part", "{dir}/api/secret.yaml#/Secret" },
        new object[] { "a file: URI, in the root", "root", "file://{dir}/api/secret.yaml#/Secret" },
        new object[] { "an undeclared file beside the root, in the root", "root", "./secret.yaml#/Secret" },
        new object[] { "an undeclared file, relative to the part that refers to it", "part", "../secret.yaml#/Secret" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_ref_to_anything_but_a_declared_part_is_one_warning_at_the_ref_and_nothing_is_read(string what, string where, string reference)
    {
        output.WriteLine(what);
        var dir = Path.Combine(Path.GetTempPath(), "enkashgen-refs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var root = Path.Combine(dir, "api", "openapi.yaml");
            var part = Path.Combine(dir, "api", "parts", "shared.yaml");
            Directory.CreateDirectory(Path.GetDirectoryName(part)!);
            File.WriteAllText(Path.Combine(dir, "api", "secret.yaml"), Secret);
            var target = reference.Replace("{dir}", dir, StringComparison.Ordinal);
            var rootText = Root(where == "root" ? "$ref: '" + target + "'" : "type: string");
            var partText = Part(where == "part" ? "$ref: '" + target + "'" : "type: string");
            File.WriteAllText(root, rootText);
            File.WriteAllText(part, partText);

            var result = CorpusRunner.Run(new[] { new SpecFile(root, rootText, "Refs", "RefsClient"), SpecFile.Part(part, partText) }, "undeclared $ref: " + what);
            CorpusTests.AssertCompilesCleanly(result, new[] { root, part }, output);

            var file = where == "root" ? root : part;
            var line = SpecLine.Containing(file, where == "root" ? rootText : partText, "$ref: '" + target + "'");
            var warning = SpecDiagnostics.Single(result, "EKG015", line);
            Assert.Contains(target.Split('#')[0], warning.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            SpecDiagnostics.NoWarningsBut(result, ("EKG015", line));

            var api = new GeneratedApi(result, "Refs", "RefsClient");
            Assert.Equal("global::System.Text.Json.JsonElement?", api.PropertyType(where == "root" ? "Page" : "Thing", "Extra"));
            // The declared part is read: its type is there.
            Assert.Equal("string", api.PropertyType("Thing", "Id"));
            Assert.DoesNotContain(result.Generation.Sources, s => s.SourceText.ToString().Contains(Marker, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("Secret", api.AllTypeNames);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static string Root(string extra) => $$"""
        openapi: 3.0.3
        info:
          title: Refs
          version: '1'
        paths:
          /things:
            get:
              operationId: listThings
              responses:
                '200':
                  description: A page of things.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Page'
        components:
          schemas:
            Page:
              type: object
              properties:
                thing:
                  $ref: './parts/shared.yaml#/Thing'
                extra:
                  {{extra}}
        """;

    private static string Part(string extra) => $$"""
        Thing:
          type: object
          required: [id]
          properties:
            id:
              type: string
            extra:
              {{extra}}
        """;
}
