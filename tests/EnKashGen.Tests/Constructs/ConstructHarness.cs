using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Constructs;

/// <summary>The output of one small inline spec: its source, its syntax, and (on demand) its compiled types.</summary>
public sealed class Generated
{
    private Assembly? _assembly;

    public Generated(GenerationResult result, string ns, string client)
    {
        Result = result;
        Namespace = ns;
        ClientName = client;
    }

    public GenerationResult Result { get; }

    public string Namespace { get; }

    public string ClientName { get; }

    public IEnumerable<Diagnostic> Diagnostics => Result.GeneratorDiagnostics;

    /// <summary>The spec-derived files (not the shared runtime).</summary>
    public IEnumerable<GeneratedSourceResult> SpecSources => Result.Sources.Where(s => !s.HintName.StartsWith("EnKashGen.Runtime.", StringComparison.Ordinal));

    public string Source(string kindAndName) =>
        Result.Sources.Single(s => s.HintName == Namespace + "." + ClientName + "." + kindAndName + ".g.cs").SourceText.ToString();

    public string ClientSource => Source("Client");

    /// <summary>The names of the generated types of one kind (Models, Enums, Unions), sorted.</summary>
    public IReadOnlyList<string> DeclaredTypeNames(string kind)
    {
        var prefix = Namespace + "." + ClientName + "." + kind + ".";
        // From the syntax, not the file names: a spec with many types writes several types to a file.
        return Result.Sources.Where(s => s.HintName.StartsWith(prefix, StringComparison.Ordinal))
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax))
            .Select(t => t.Identifier.ValueText)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The top-level declaration (class or struct) of a generated model, enum or union.</summary>
    public TypeDeclarationSyntax Type(string name) =>
        SpecSources.SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Single(t => t.Identifier.ValueText == name && t.Parent is BaseNamespaceDeclarationSyntax);

    /// <summary>Property name → declared type text, of a generated model or union.</summary>
    public IReadOnlyDictionary<string, string> Properties(string typeName) =>
        Type(typeName).Members.OfType<PropertyDeclarationSyntax>().Where(p => p.ExplicitInterfaceSpecifier is null).ToDictionary(p => p.Identifier.ValueText, p => p.Type.ToString());

    /// <summary>
    /// The public operation methods: name → parameter list text; methods of a tag group are keyed
    /// <c>Group.Method</c> (the group's class name).
    /// </summary>
    public IReadOnlyDictionary<string, string> Operations() =>
        Result.Sources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)).SyntaxTree.GetRoot()
            .DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Modifiers.Any(t => t.ValueText == "public") && m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => m.Parent is ClassDeclarationSyntax c && c.Modifiers.Any(t => t.ValueText == "public"))
            .ToDictionary(
                m => (m.Parent is ClassDeclarationSyntax c && c.Parent is ClassDeclarationSyntax ? c.Identifier.ValueText + "." : string.Empty) + m.Identifier.ValueText,
                m => m.ParameterList.ToString());

    public Assembly Assembly => _assembly ??= Load();

    public System.Type LoadedType(string name) => Assembly.GetType(Namespace + "." + name, throwOnError: true)!;

    public JsonSerializerOptions JsonOptions => (JsonSerializerOptions)LoadedType(ClientName + "Json").GetProperty("Options")!.GetValue(null)!;

    public object? Deserialize(string typeName, string json) => JsonSerializer.Deserialize(json, LoadedType(typeName), JsonOptions);

    public string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), JsonOptions);

    public static object? Get(object target, string property) =>
        (target.GetType().GetProperty(property) ?? throw new InvalidOperationException("no property " + property + " on " + target.GetType())).GetValue(target);

    /// <summary>A client whose calls go to <paramref name="handler"/>.</summary>
    public object CreateClient(HttpMessageHandler handler, string baseUrl = "https://api.example/")
    {
        var optionsType = LoadedType(ClientName + "Options");
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("BaseUrl")!.SetValue(options, new Uri(baseUrl));
        return Activator.CreateInstance(LoadedType(ClientName), new HttpClient(handler), options)!;
    }

    /// <summary>Calls an operation method with named arguments (the others take their defaults), awaits it and returns its result.</summary>
    public static async Task<object?> CallAsync(object target, string method, params (string Name, object? Value)[] args)
    {
        var info = target.GetType().GetMethod(method) ?? throw new InvalidOperationException("no method " + method + " on " + target.GetType());
        var parameters = info.GetParameters();
        foreach (var a in args)
        {
            Assert.True(parameters.Any(p => p.Name == a.Name), "no parameter " + a.Name + " on " + method + "(" + string.Join(", ", parameters.Select(p => p.Name)) + ")");
        }
        var values = parameters.Select(p =>
        {
            var given = args.Where(a => a.Name == p.Name).ToList();
            if (given.Count == 1)
            {
                return given[0].Value;
            }
            return p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException("no value for " + p.Name);
        }).ToArray();
        var task = (Task)info.Invoke(target, values)!;
        await task.ConfigureAwait(false);
        var result = task.GetType().GetProperty("Result");
        return result is null || result.PropertyType.Name == "VoidTaskResult" ? null : result.GetValue(task);
    }

    private Assembly Load()
    {
        using var stream = new MemoryStream();
        var emit = Result.Compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        stream.Position = 0;
        return new AssemblyLoadContext("constructs-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}

public static class ConstructHarness
{
    /// <summary>
    /// Generates <paramref name="yaml"/>; asserts that the generator did not throw, reported no error (unless
    /// <paramref name="allowErrors"/>), and that the output compiles with no error and no warning.
    /// </summary>
    public static Generated Generate(string yaml, string file = "constructs.yaml", string ns = "Constructs", string client = "ConstructsClient", bool allowErrors = false)
    {
        var result = GeneratorHarness.Run("/specs/" + file, yaml, ns, client);
        Assert.True(result.Exceptions.IsEmpty, string.Join("\n", result.Exceptions));
        if (!allowErrors)
        {
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        }
        Assert.True(result.CompileDiagnostics.IsEmpty, "generated code does not compile cleanly:\n" + result.Describe(40) + "\n" + string.Join("\n", result.GeneratorDiagnostics));
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "EKG010");
        return new Generated(result, ns, client);
    }
}

/// <summary>Records each request and answers with a fixed response.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly HttpStatusCode _status;
    private readonly string? _body;
    private readonly string _contentType;

    public RecordingHandler(HttpStatusCode status = HttpStatusCode.OK, string? body = null, string contentType = "application/json")
    {
        _status = status;
        _body = body;
        _contentType = contentType;
    }

    public List<RecordedRequest> Requests { get; } = new();

    public RecordedRequest Last => Requests[^1];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));
        var response = new HttpResponseMessage(_status) { RequestMessage = request };
        if (_body is not null)
        {
            response.Content = new StringContent(_body, Encoding.UTF8, _contentType);
        }
        return response;
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
