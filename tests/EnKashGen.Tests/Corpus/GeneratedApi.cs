using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using EnKashGen.Tests.Constructs;
using EnKashGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// What a user of a generated client sees, read from the compiled output through Roslyn's symbols: types, their
/// members with nullability, and the operation methods with their parameters and result types. Types are written as
/// C# shows them with global:: names ("string?", "int", "global::System.Guid",
/// "global::System.Collections.Generic.IReadOnlyList&lt;global::Ns.Tag&gt;?").
/// </summary>
public sealed class GeneratedApi
{
    private static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private readonly Compilation _compilation;

    public GeneratedApi(CorpusResult result, string ns, string client)
    {
        Result = result;
        Namespace = ns;
        ClientName = client;
        _compilation = result.Generation.Compilation;
    }

    public CorpusResult Result { get; }

    /// <summary>Generates one of the hand-written corpus documents (Corpus/Documents).</summary>
    /// <param name="checkExamples">Sets the spec's <c>EnKashGenCheckExamples</c> metadata to true.</param>
    public static GeneratedApi FromDocument(string file, string ns, string client, bool checkExamples = false)
    {
        var path = Path.Combine(TestPaths.CorpusDocuments, file);
        var spec = new SpecFile(path, File.ReadAllText(path), ns, client);
        return new GeneratedApi(CorpusRunner.Run(new[] { checkExamples ? spec.With("EnKashGenCheckExamples", "true") : spec }), ns, client);
    }

    public string Namespace { get; }

    public string ClientName { get; }

    /// <summary>The same output, loadable and callable (see <see cref="Generated"/>).</summary>
    public Generated Runtime => new(Result.Generation, Namespace, ClientName);

    public static string Display(ITypeSymbol type) => type.ToDisplayString(Format);

    /// <summary>The names of the generated types of one kind (Models, Enums, Unions), sorted.</summary>
    public IReadOnlyList<string> TypeNames(string kind) =>
        Result.Generation.Sources.Where(s => s.HintName.StartsWith(Namespace + "." + ClientName + "." + kind + ".", StringComparison.Ordinal))
            .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Where(t => t.Parent is BaseNamespaceDeclarationSyntax))
            .Select(t => t.Identifier.ValueText)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    public IReadOnlyList<string> AllTypeNames => TypeNames("Models").Concat(TypeNames("Enums")).Concat(TypeNames("Unions")).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public INamedTypeSymbol Type(string name) =>
        _compilation.GetTypeByMetadataName(Namespace + "." + name)
        ?? throw new Xunit.Sdk.XunitException($"no generated type {Namespace}.{name}; the spec's types are: {string.Join(", ", AllTypeNames)}");

    /// <summary>Public instance properties of a generated type: name → type as C# shows it.</summary>
    public IReadOnlyDictionary<string, string> Properties(string typeName) =>
        Type(typeName).GetMembers().OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && !p.IsIndexer)
            .ToDictionary(p => p.Name, p => Display(p.Type), StringComparer.Ordinal);

    public string PropertyType(string typeName, string property)
    {
        var properties = Properties(typeName);
        return properties.TryGetValue(property, out var type)
            ? type
            : throw new Xunit.Sdk.XunitException($"{typeName} has no property {property}; it has: {string.Join(", ", properties.Keys)}");
    }

    public IPropertySymbol Property(string typeName, string property) =>
        Type(typeName).GetMembers(property).OfType<IPropertySymbol>().SingleOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"{typeName} has no property {property}");

    /// <summary>Whether a type is one of the generated open enums (declared in an Enums file).</summary>
    public bool IsEnum(string name) => TypeNames("Enums").Contains(name, StringComparer.Ordinal);

    /// <summary>The wire values an open enum documents, in spec order (its static members' constructor arguments).</summary>
    public IReadOnlyList<string> EnumValues(string name)
    {
        Assert.True(IsEnum(name), name + " is not a generated enum; the enums are: " + string.Join(", ", TypeNames("Enums")));
        var type = Type(name);
        return type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.IsStatic && SymbolEqualityComparer.Default.Equals(f.Type, type))
            .Select(f => f.DeclaringSyntaxReferences.Single().GetSyntax())
            .OfType<VariableDeclaratorSyntax>()
            .Select(v => v.Initializer?.Value)
            .OfType<BaseObjectCreationExpressionSyntax>()
            .Select(c => c.ArgumentList!.Arguments.Single().Expression)
            .OfType<LiteralExpressionSyntax>()
            .Select(l => l.Token.ValueText)
            .ToList();
    }

    /// <summary>
    /// Every public operation method of the client and its tag groups (methods ending in Async declared in the
    /// client file), wherever the grouping put it.
    /// </summary>
    public IReadOnlyList<IMethodSymbol> Operations
    {
        get
        {
            var client = Result.Generation.Sources.Where(s => s.HintName == Namespace + "." + ClientName + ".Client.g.cs").ToList();
            if (client.Count == 0)
            {
                return Array.Empty<IMethodSymbol>();
            }
            var tree = client.Single().SyntaxTree;
            var model = _compilation.GetSemanticModel(_compilation.SyntaxTrees.Single(t => t.FilePath == tree.FilePath));
            return model.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Select(m => (IMethodSymbol)model.GetDeclaredSymbol(m)!)
                .Where(m => m.DeclaredAccessibility == Accessibility.Public && m.ContainingType.DeclaredAccessibility == Accessibility.Public && m.Name.EndsWith("Async", StringComparison.Ordinal))
                .ToList();
        }
    }

    public IReadOnlyList<string> OperationNames => Operations.Select(m => m.ContainingType.Name + "." + m.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public IMethodSymbol? FindOperation(string method) => Operations.SingleOrDefault(m => m.Name == method);

    public IMethodSymbol Operation(string method) =>
        FindOperation(method) ?? throw new Xunit.Sdk.XunitException($"no operation {method}; the client has: {string.Join(", ", OperationNames)}");

    /// <summary>An operation's parameters (without the CancellationToken): name → type.</summary>
    public static IReadOnlyList<(string Name, string Type)> Parameters(IMethodSymbol method) =>
        method.Parameters.Where(p => p.Type.Name != "CancellationToken").Select(p => (p.Name, Display(p.Type))).ToList();

    /// <summary>What awaiting the operation gives: the T of Task&lt;T&gt;, or "void" for a Task.</summary>
    public static string ResultType(IMethodSymbol method) =>
        method.ReturnType is INamedTypeSymbol { IsGenericType: true } task ? Display(task.TypeArguments[0]) : "void";

    /// <summary>The name (in the spec's namespace) of the item type of an array parameter.</summary>
    public string ElementTypeName(IMethodSymbol method, string parameter)
    {
        var type = (INamedTypeSymbol)method.Parameters.Single(p => p.Name == parameter).Type;
        var item = type.TypeArguments.Single();
        Assert.Equal(Namespace, item.ContainingNamespace.ToDisplayString());
        return item.MetadataName;
    }

    public string Global(string name) => "global::" + Namespace + "." + name;

    /// <summary>A client (from the loaded output) whose calls go to <paramref name="handler"/>, with the options given set.</summary>
    public object CreateClient(Generated runtime, HttpMessageHandler handler, params (string Name, object? Value)[] options)
    {
        Type(ClientName + "Options");
        var optionsType = runtime.LoadedType(ClientName + "Options");
        var instance = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("BaseUrl")!.SetValue(instance, new Uri("https://api.example/"));
        foreach (var (name, value) in options)
        {
            (optionsType.GetProperty(name) ?? throw new InvalidOperationException("no option " + name)).SetValue(instance, value);
        }
        return Activator.CreateInstance(runtime.LoadedType(ClientName), new HttpClient(handler), instance)!;
    }

    /// <summary>Calls an operation wherever the grouping put it (on the client or on its tag group).</summary>
    public Task<object?> CallAsync(object client, string method, params (string Name, object? Value)[] args)
    {
        var symbol = Operation(method);
        var target = client;
        if (symbol.ContainingType.Name != ClientName)
        {
            var group = client.GetType().GetProperties().Single(p => p.PropertyType.Name == symbol.ContainingType.Name);
            target = group.GetValue(client)!;
        }
        return Generated.CallAsync(target, method, args);
    }

    /// <summary>The XML documentation a member shows in the IDE.</summary>
    public static string Documentation(ISymbol symbol) => symbol.GetDocumentationCommentXml() ?? string.Empty;
}
