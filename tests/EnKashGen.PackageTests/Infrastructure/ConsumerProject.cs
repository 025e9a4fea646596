using System.Collections.Generic;
using System.IO;
using Xunit;

namespace EnKashGen.PackageTests.Infrastructure;

/// <summary>A fresh console project in the temporary folder, written by hand the way a user starts one.</summary>
internal sealed class ConsumerProject
{
    private readonly PackedPackage _package;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    private ConsumerProject(PackedPackage package, string directory, IReadOnlyDictionary<string, string?> environment)
    {
        _package = package;
        Directory = directory;
        _environment = environment;
    }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "App.csproj");

    /// <summary>
    /// Writes App.csproj (net10.0 console, nullable, warnings as errors) with optional extra properties and items.
    /// Commands run with the private package folder unless <paramref name="environment"/> says otherwise.
    /// </summary>
    public static ConsumerProject Create(PackedPackage package, string name, string extraProperties = "", string extraContent = "", IReadOnlyDictionary<string, string?>? environment = null)
    {
        var project = new ConsumerProject(package, package.NewProjectDirectory(name), environment ?? package.ConsumerEnvironment);
        File.WriteAllText(project.ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>{Indent(extraProperties, "    ")}
              </PropertyGroup>{Indent(extraContent, "  ")}
            </Project>

            """);
        return project;
    }

    /// <summary><c>dotnet add package EnKashGen --version &lt;packed version&gt;</c> (restores from the temporary feed).</summary>
    public CommandResult AddEnKashGenPackage() => AddPackage("EnKashGen");

    /// <summary><c>dotnet add package &lt;id&gt; --version &lt;packed version&gt;</c> for a package of the temporary feed.</summary>
    public CommandResult AddPackage(string id)
    {
        var result = Dotnet("add", "package", id, "--version", _package.Version);
        result.ShouldSucceedCleanly();
        Assert.DoesNotContain("warn :", result.Output);
        return result;
    }

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary><c>dotnet build</c>; fails on any warning, and on any sign that the generator did not load or run.</summary>
    public CommandResult Build(params string[] extraArguments)
    {
        var arguments = new List<string> { "build", "-nologo", "-nodeReuse:false" };
        arguments.AddRange(extraArguments);
        return Dotnet(arguments.ToArray()).ShouldSucceedCleanly();
    }

    /// <summary><c>dotnet run --no-build</c>: runs the program built last and returns its output.</summary>
    public string Run(params string[] extraArguments) => RunWith(new Dictionary<string, string?>(), extraArguments);

    /// <summary><see cref="Run"/> with extra environment variables for the program.</summary>
    public string RunWith(IReadOnlyDictionary<string, string?> environment, params string[] extraArguments)
    {
        var arguments = new List<string> { "run", "--no-build" };
        arguments.AddRange(extraArguments);
        var merged = new Dictionary<string, string?>(_environment);
        foreach (var (name, value) in environment)
        {
            merged[name] = value;
        }
        var result = DotNetCli.Run(Directory, merged, arguments.ToArray());
        Assert.True(result.ExitCode == 0, "The program failed. " + result);
        return result.Output;
    }

    public CommandResult Dotnet(params string[] arguments) => DotNetCli.Run(Directory, _environment, arguments);

    private static string Indent(string text, string indent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }
        var lines = text.Trim('\n', '\r').Replace("\r\n", "\n").Split('\n');
        return "\n" + string.Join("\n", System.Array.ConvertAll(lines, line => indent + line));
    }
}
