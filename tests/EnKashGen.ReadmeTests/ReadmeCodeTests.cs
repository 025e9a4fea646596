using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace EnKashGen.ReadmeTests;

/// <summary>
/// Every <c>```csharp</c> block of README.md, samples/README.md and the package's readme (src/EnKashGen/PACKAGE.md) compiles against the generated clients, so the
/// documentation can never again name a namespace, type or member that does not exist.
/// <para>
/// A block is a whole program (top-level statements and types, as in a new console project) unless the line before it
/// (blank lines aside) is <c>&lt;!-- readme-code: fragment --&gt;</c>. A fragment is compiled as the body of an async method
/// that has <c>services</c> (<c>IServiceCollection</c>) and <c>configuration</c> (<c>IConfiguration</c>) in scope, beside
/// the stand-in handlers the README talks about (<c>FakeEnKash</c>, <c>FakePets</c>); its leading <c>using</c> directives
/// stay directives. Both are compiled as a user's project is: implicit usings of a console app, nullable, and every
/// warning an error. A compile error names the README file and line.
/// </para>
/// </summary>
public class ReadmeCodeTests
{
    private const string FragmentMarker = "<!-- readme-code: fragment -->";

    // PACKAGE.md is the readme nuget.org shows for the package.
    private static readonly string[] Documents = { "README.md", "samples/README.md", "src/EnKashGen/PACKAGE.md" };

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        // The test host's platform and package assemblies, and this assembly, which holds the generated clients.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(ReadmeCodeTests).Assembly.Location)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private const string StandIns = """
        sealed class FakeEnKash : global::System.Net.Http.HttpMessageHandler
        {
            protected override global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendAsync(global::System.Net.Http.HttpRequestMessage request, global::System.Threading.CancellationToken cancellationToken)
                => throw new global::System.NotSupportedException();
        }

        sealed class FakePets : global::System.Net.Http.HttpMessageHandler
        {
            protected override global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendAsync(global::System.Net.Http.HttpRequestMessage request, global::System.Threading.CancellationToken cancellationToken)
                => throw new global::System.NotSupportedException();
        }
        """;

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var document in Documents)
        {
            foreach (var block in Extract(document))
            {
                data.Add(document, block.StartLine);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_csharp_block_compiles_against_the_generated_clients(string document, int line)
    {
        var block = Extract(document).Single(b => b.StartLine == line);

        var errors = Compile(document, block);

        Assert.True(errors.Count == 0, document + ": the C# block at line " + line + (block.Fragment ? " (a fragment)" : string.Empty) + " does not compile:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void The_readme_has_its_csharp_blocks_and_both_kinds_are_checked()
    {
        var blocks = Extract("README.md");

        // The zero-configuration program, the pets call, "Calling EnKash", the DI registration and the telemetry setup.
        Assert.True(blocks.Count >= 5, "found " + blocks.Count + " C# blocks in README.md");
        Assert.Contains(blocks, b => b.Fragment);
        Assert.Contains(blocks, b => !b.Fragment);
    }

    [Fact]
    public void A_block_that_names_a_missing_namespace_fails_with_its_readme_line()
    {
        // The defect this test exists for: a README sample that imported a namespace the client does not have.
        var block = new Block(40, false, "using Acme.EnKash;\n\nvar client = new EnKashCardsClient(new HttpClient(), new EnKashCardsClientOptions());\n");

        var errors = Compile("README.md", block);

        Assert.Contains(errors, e => e.StartsWith("README.md line 40: error CS0234", StringComparison.Ordinal) && e.Contains("'EnKash'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("README.md line 42: error CS0246", StringComparison.Ordinal) && e.Contains("EnKashCardsClient", StringComparison.Ordinal));
    }

    [Fact]
    public void The_pets_spec_the_blocks_compile_against_is_the_one_the_readme_shows()
    {
        var readme = Read("README.md").Replace("\r\n", "\n");
        var shown = Regex.Match(readme, "The package test writes this spec to `specs/pets.yaml`:\n\n```yaml\n(.*?)```", RegexOptions.Singleline);

        Assert.True(shown.Success, "README.md no longer shows the pets spec after \"The package test writes this spec to `specs/pets.yaml`:\"");
        Assert.Equal(shown.Groups[1].Value, Read("tests/EnKashGen.ReadmeTests/specs/pets.yaml").Replace("\r\n", "\n"));
    }

    private static List<string> Compile(string document, Block block)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs") };
        var directive = "#line " + block.StartLine.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \"" + document + "\"\n";
        if (block.Fragment)
        {
            var lines = block.Code.Split('\n');
            var usings = lines.TakeWhile(l => l.Length == 0 || Regex.IsMatch(l, @"^using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>]+)?\s*;")).Count();
            var text = new StringBuilder();
            text.Append(directive).Append(string.Join("\n", lines.Take(usings))).Append("\n#line default\n");
            text.Append("""
                internal static class ReadmeFragment
                {
                    public static async global::System.Threading.Tasks.Task RunAsync(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::Microsoft.Extensions.Configuration.IConfiguration configuration)
                    {
                        await global::System.Threading.Tasks.Task.CompletedTask;

                """);
            text.Append("#line ").Append((block.StartLine + usings).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" \"").Append(document).Append("\"\n");
            text.Append(string.Join("\n", lines.Skip(usings))).Append("\n#line default\n    }\n}\n");
            trees.Add(CSharpSyntaxTree.ParseText(text.ToString(), parse, "Fragment.cs"));
            trees.Add(CSharpSyntaxTree.ParseText(StandIns, parse, "StandIns.cs"));
        }
        else
        {
            trees.Add(CSharpSyntaxTree.ParseText(directive + block.Code, parse, "Program.cs"));
        }
        // A whole block is a program when it has top-level statements; a block of declarations only (a class a
        // user adds to a project) is compiled as a library.
        var isProgram = !block.Fragment && trees[^1].GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            // What the SDK turns off in every project: assembly version unification notes.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
        var compilation = CSharpCompilation.Create("ReadmeBlock", trees, References.Value, options);
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d =>
            {
                var span = d.Location.GetMappedLineSpan();
                var where = span.HasMappedPath ? span.Path + " line " + (span.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "(test wrapper)";
                return where + ": " + (d.Severity == DiagnosticSeverity.Error ? "error " : "warning ") + d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            })
            .ToList();
    }

    private static List<Block> Extract(string document)
    {
        var path = Path.Combine(RepoRoot(), document);
        var blocks = new List<Block>();
        if (!File.Exists(path))
        {
            return blocks;
        }
        var lines = Read(document).Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Regex.IsMatch(lines[i], @"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase))
            {
                continue;
            }
            var previous = i - 1;
            while (previous >= 0 && lines[previous].Trim().Length == 0)
            {
                previous--;
            }
            var marker = previous >= 0 ? lines[previous].Trim() : string.Empty;
            if (marker.StartsWith("<!-- readme-code", StringComparison.Ordinal) && marker != FragmentMarker)
            {
                throw new InvalidOperationException(document + " line " + (previous + 1) + ": unknown marker '" + marker + "'; the only one is '" + FragmentMarker + "'.");
            }
            var end = i + 1;
            while (end < lines.Length && !Regex.IsMatch(lines[end], @"^\s*```\s*$"))
            {
                end++;
            }
            if (end == lines.Length)
            {
                throw new InvalidOperationException(document + " line " + (i + 1) + ": the C# block is never closed.");
            }
            // Line numbers are 1-based; the block's code starts on the line after the opening fence.
            blocks.Add(new Block(i + 2, marker == FragmentMarker, string.Join("\n", lines[(i + 1)..end]) + "\n"));
            i = end;
        }
        return blocks;
    }

    private static string Read(string document) => File.ReadAllText(Path.Combine(RepoRoot(), document));

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EnKashGen.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("EnKashGen.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record Block(int StartLine, bool Fragment, string Code);
}
