using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>
/// Where the compiler's time goes on a set of sources (for example a folder written by --dump-generated): parse, the
/// declaration pass, the method-body pass of each file (binding, flow and nullable analysis), and emit, each timed
/// in-process on one compilation like a consumer's (C# latest, nullable, the shared framework, Release, one thread) in
/// CPU time of the process (the compiler's work and its garbage collection, so that other load on the machine does not
/// count). A reading aid for the consumer build figures, not a benchmark with targets: one run.
/// </summary>
public static class CompileProfile
{
    public static void Run(string directory, TextWriter log)
    {
        var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var clock = new CpuClock();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, path: f)).ToList();
        foreach (var tree in trees)
        {
            tree.GetRoot();
        }
        var parse = clock.Elapsed;
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(dir, "*.dll").Where(IsManaged).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        var compilation = CSharpCompilation.Create(
            "Profile",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release, concurrentBuild: false));
        clock.Restart();
        var declarationErrors = compilation.GetDeclarationDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        var declarations = clock.Elapsed;
        var perFile = new List<(string File, long Chars, TimeSpan Bodies, int Errors)>();
        foreach (var tree in trees)
        {
            clock.Restart();
            var errors = compilation.GetSemanticModel(tree).GetMethodBodyDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            perFile.Add((Path.GetFileName(tree.FilePath), tree.Length, clock.Elapsed, errors));
        }
        clock.Restart();
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var emitted = clock.Elapsed;
        log.WriteLine($"{directory}: {files.Length} files, {trees.Sum(t => (long)t.Length):N0} chars");
        log.WriteLine($"parse {parse.TotalMilliseconds:N0} ms, declarations {declarations.TotalMilliseconds:N0} ms ({declarationErrors} errors), method bodies {perFile.Sum(p => p.Bodies.TotalMilliseconds):N0} ms ({perFile.Sum(p => p.Errors)} errors), emit {emitted.TotalMilliseconds:N0} ms (success {emit.Success}, {stream.Length:N0} bytes)");
        log.WriteLine("(CPU times)");
        log.WriteLine("file\tchars\tbodies_ms\terrors");
        foreach (var p in perFile)
        {
            log.WriteLine($"{p.File}\t{p.Chars}\t{p.Bodies.TotalMilliseconds:F0}\t{p.Errors}");
        }
    }

    private sealed class CpuClock
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private TimeSpan _start;

        public CpuClock() => Restart();

        public TimeSpan Elapsed
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime - _start;
            }
        }

        public void Restart()
        {
            _process.Refresh();
            _start = _process.TotalProcessorTime;
        }
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
