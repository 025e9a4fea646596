using EnKashGen.Benchmarks.Infrastructure;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace EnKashGen.Benchmarks.Generation;

/// <summary>NSwag 14.8 as its users call it: load the document (JSON, or YAML through NSwag.Core.Yaml), then one C# file.</summary>
public static class NSwagGeneration
{
    public static string Generate(string spec, string text, CSharpClientGeneratorSettings settings)
    {
        var document = BenchPaths.IsYaml(spec)
            ? global::NSwag.OpenApiYamlDocument.FromYamlAsync(text).GetAwaiter().GetResult()
            : global::NSwag.OpenApiDocument.FromJsonAsync(text).GetAwaiter().GetResult();
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    /// <summary>The client a consumer would check in: System.Text.Json, in its own namespace, everything else NSwag's default.</summary>
    public static CSharpClientGeneratorSettings SystemTextJsonSettings(string @namespace)
    {
        var settings = new CSharpClientGeneratorSettings();
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.Namespace = @namespace;
        return settings;
    }
}
