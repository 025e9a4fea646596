using System;
using System.IO;

namespace EnKashGen.Tests;

/// <summary>Locates files of the repository (the spec, snapshots) and the shared corpus from the test output folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string EnKashSpec => Path.Combine(RepoRoot, "specs", "enkash-cards.yaml");

    public static string TestsProject => Path.Combine(RepoRoot, "tests", "EnKashGen.Tests");

    /// <summary>The hand-written corpus documents (one per OpenAPI version, vendor defects, a multi-file spec).</summary>
    public static string CorpusDocuments => Path.Combine(TestsProject, "Corpus", "Documents");

    /// <summary>
    /// The public OpenAPI corpus that lives beside the repository (../shared/openapi-corpus), or beside a folder above
    /// it (a git worktree sits deeper than the main checkout), or where ENKASHGEN_CORPUS says.
    /// </summary>
    public static string Corpus => CorpusDir.Value;

    private static readonly Lazy<string> CorpusDir = new(FindCorpus);

    private static string FindCorpus()
    {
        if (Environment.GetEnvironmentVariable("ENKASHGEN_CORPUS") is { Length: > 0 } configured)
        {
            return configured;
        }
        var beside = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "openapi-corpus"));
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "openapi-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return beside;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnKashGen.sln")))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException("EnKashGen.sln not found above " + AppContext.BaseDirectory);
    }
}
