using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using EnKashGen.Emit;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SharpYaml.Serialization;
using Xunit;

namespace EnKashGen.Tests.Compiling;

/// <summary>
/// What a generated client shows its users: the spec's types, the client, its options and the documented runtime
/// surface, and nothing of the plumbing; and two projects that each generate a client can reference each other.
/// </summary>
public class PublicSurfaceTests
{
    /// <summary>The runtime types users are meant to see, as the README and docs/ describe them.</summary>
    private static readonly string[] DocumentedRuntime =
    {
        "AccessToken", "AesEcbBodyEncryption", "ApiAuthenticationException", "ApiConnectionException", "ApiDecryptionException",
        "ApiEncryptionException", "ApiErrorException", "ApiException", "ApiHttpException", "ApiNotAppliedException",
        "ApiOutcomeUnknownException", "ApiRequestMarkers", "ApiResponseFormatException", "ApiTimeoutException", "ApiValidationException", "BearerTokenCache", "IApiLogSink", "IApiLogSink.Level", "IBodyEncryption",
        "PassThroughBodyEncryption", "ValidationError",
    };

    private const string Pets = "openapi: 3.0.0\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.example'}]\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      tags: [pets]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}\ncomponents:\n  schemas:\n    Pet: {type: object, required: [name], properties: {name: {type: string, maxLength: 20}}}\n";

    [Fact]
    public void The_only_public_types_are_the_specs_types_the_client_its_options_and_the_documented_runtime()
    {
        var spec = File.ReadAllText(TestPaths.EnKashSpec);
        var assembly = Generate("Cards", new SpecFile("/p/specs/enkash-cards.yaml", spec, "Acme.EnKash", "EnKashCardsClient"));

        var visible = PublicTypes(assembly.Assembly.GlobalNamespace).ToList();
        var runtime = visible.Where(t => t.ContainingNamespace.ToDisplayString() == "EnKashGen.Runtime").Select(t => t.ToDisplayString().Substring("EnKashGen.Runtime.".Length)).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(DocumentedRuntime.OrderBy(n => n, System.StringComparer.Ordinal).ToArray(), runtime);

        var schemas = SchemaNames(spec);
        var client = new[] { "EnKashCardsClient", "EnKashCardsClientOptions", "EnKashCardsClientJson" };
        var unexpected = visible
            .Where(t => t.ContainingNamespace.ToDisplayString() == "Acme.EnKash")
            .Where(t => !(t.ContainingType is null ? client.Contains(t.Name) || schemas.Contains(t.Name) : t.ContainingType.Name == "EnKashCardsClient" && t.Name.EndsWith("Operations")))
            .Select(t => t.ToDisplayString())
            .ToList();
        Assert.Empty(unexpected);
        Assert.DoesNotContain(visible, t => t.ContainingNamespace.ToDisplayString() is not ("Acme.EnKash" or "EnKashGen.Runtime"));
        // The client does not list the runtime's plumbing among its interfaces.
        var clientType = assembly.GetTypeByMetadataName("Acme.EnKash.EnKashCardsClient")!;
        Assert.Empty(clientType.AllInterfaces);
    }

    [Fact]
    public void Two_projects_that_each_generate_a_client_can_reference_each_other_without_clashes()
    {
        var cards = Generate("Cards", new SpecFile("/cards/specs/enkash-cards.yaml", File.ReadAllText(TestPaths.EnKashSpec), "Acme.EnKash", "EnKashCardsClient"));
        using var image = new MemoryStream();
        var emitted = cards.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var cardsReference = MetadataReference.CreateFromImage(image.ToArray());

        // The second project uses the first one's client and catches one exception type for both.
        var app = Generate(
            "App",
            new SpecFile("/app/specs/pets.yaml", Pets, "Acme.Pets", "PetsClient"),
            new[] { cardsReference },
            "namespace App { public static class Use { public static bool Both(EnKashGen.Runtime.ApiException e) => e is EnKashGen.Runtime.ApiTimeoutException; public static System.Type Cards => typeof(Acme.EnKash.EnKashCardsClient); public static System.Type Pets => typeof(Acme.Pets.PetsClient); } }");

        Assert.Empty(app.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        // The public runtime surface comes from the referenced project; the app does not declare a second one.
        var exception = app.GetTypeByMetadataName("EnKashGen.Runtime.ApiException");
        Assert.NotNull(exception);
        Assert.Equal("Cards", exception!.ContainingAssembly.Name);
        Assert.DoesNotContain(app.SyntaxTrees, t => Path.GetFileName(t.FilePath) == RuntimeEmitter.PublicFile);
        Assert.Contains(app.SyntaxTrees, t => Path.GetFileName(t.FilePath) == RuntimeEmitter.InternalFile);
    }

    private static CSharpCompilation Generate(string assemblyName, SpecFile spec, IEnumerable<MetadataReference>? references = null, string? source = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(source is null ? new string[0] : new[] { source }, references: GeneratorHarness.References.AddRange(references ?? Enumerable.Empty<MetadataReference>()))
            .WithAssemblyName(assemblyName);
        var driver = GeneratorHarness.CreateDriver(new[] { spec });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var result = (CSharpCompilation)output;
        Assert.Empty(result.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return result;
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            foreach (var visible in PublicTypes(type))
            {
                yield return visible;
            }
        }
        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var visible in PublicTypes(child))
            {
                yield return visible;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> PublicTypes(INamedTypeSymbol type)
    {
        if (type.DeclaredAccessibility != Accessibility.Public)
        {
            yield break;
        }
        yield return type;
        foreach (var nested in type.GetTypeMembers().SelectMany(PublicTypes))
        {
            yield return nested;
        }
    }

    /// <summary>The component schema names of the spec in PascalCase, as a reader of the spec would expect the types to be named.</summary>
    private static HashSet<string> SchemaNames(string yaml)
    {
        var root = (IDictionary<object, object>)new Serializer().Deserialize(yaml)!;
        var schemas = (IDictionary<object, object>)((IDictionary<object, object>)root["components"])["schemas"];
        return schemas.Keys.Select(k => char.ToUpperInvariant(((string)k)[0]) + ((string)k).Substring(1)).ToHashSet();
    }
}
