using System;
using System.IO;
using EnKashGen.Benchmarks.Generation;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>
/// Writes what each selected document becomes, for reading and for counting by construct: every source EnKashGen adds
/// (namespace Bench.Api, client BenchClient, as in the consumer build benchmark) and NSwag's System.Text.Json file,
/// into DIR/&lt;document&gt;/enkashgen/ and DIR/&lt;document&gt;/NSwagClient.cs.
/// </summary>
public static class GeneratedDump
{
    public static void Write(string directory, TextWriter log)
    {
        foreach (var spec in BenchPaths.SelectedSpecs())
        {
            var text = BenchPaths.ReadSpec(spec);
            var target = Path.Combine(directory, Path.GetFileNameWithoutExtension(spec), "enkashgen");
            Directory.CreateDirectory(target);
            var host = new GeneratorHost(BenchPaths.SpecPath(spec), text, "Bench.Api", "BenchClient");
            var driver = host.CreateDriver().RunGenerators(host.Compilation);
            GeneratorHost.CheckRun(driver, spec);
            long chars = 0;
            foreach (var source in driver.GetRunResult().Results[0].GeneratedSources)
            {
                var code = source.SourceText.ToString();
                chars += code.Length;
                File.WriteAllText(Path.Combine(target, source.HintName), code);
            }
            var nswag = "";
            try
            {
                nswag = NSwagGeneration.Generate(spec, text, NSwagGeneration.SystemTextJsonSettings("Bench.Api"));
                File.WriteAllText(Path.Combine(directory, Path.GetFileNameWithoutExtension(spec), "NSwagClient.cs"), nswag);
            }
            catch (Exception e)
            {
                log.WriteLine($"{spec}: NSwag failed: {e.GetType().Name}: {e.Message}");
            }
            log.WriteLine($"{spec}: EnKashGen {chars:N0} chars, NSwag {nswag.Length:N0} chars -> {target}");
        }
    }
}
