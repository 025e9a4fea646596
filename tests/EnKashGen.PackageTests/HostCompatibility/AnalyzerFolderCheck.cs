using System;
using System.Collections.Generic;
using System.Linq;

namespace EnKashGen.PackageTests.HostCompatibility;

/// <summary>An assembly reference as metadata records it: simple name and version (culture and key are not compared).</summary>
public sealed record AssemblyReference(string Name, Version Version)
{
    public override string ToString() => $"{Name} {Version}";
}

/// <summary>One assembly the package ships in analyzers/dotnet/cs, with the references its metadata records.</summary>
public sealed record ShippedAssembly(string FileName, string Name, Version Version, IReadOnlyList<AssemblyReference> References);

/// <summary>
/// A reference that neither the package nor every host satisfies, accepted because the only code that needs it never runs
/// inside the generator. Each one names the referencing assembly and the exact reference, so it covers nothing else.
/// </summary>
public sealed record NeverLoadedReference(string ReferencingAssembly, AssemblyReference Reference, string Reason)
{
    public override string ToString() => $"{ReferencingAssembly} -> {Reference}";
}

public enum AnalyzerFolderProblemKind
{
    /// <summary>The generator assembly itself is not in the folder, so nothing else can be judged.</summary>
    GeneratorMissing,

    /// <summary>Two shipped files carry the same assembly name.</summary>
    DuplicateAssembly,

    /// <summary>A reference is satisfied neither by a shipped assembly nor by every oldest host, at a high enough version.</summary>
    MissingReference,

    /// <summary>A shipped assembly that no reference needs: nothing references it, or the hosts satisfy every reference to it.</summary>
    UnusedAssembly,

    /// <summary>A shipped assembly that every oldest host already supplies at an equal or higher version.</summary>
    HostAlreadySupplies,

    /// <summary>Some references bind the host's copy and others the shipped one, so two copies of one assembly load.</summary>
    TwoCopiesLoad,

    /// <summary>A <see cref="NeverLoadedReference"/> that matches no reference any more.</summary>
    StaleNeverLoadedReference,
}

public sealed record AnalyzerFolderProblem(AnalyzerFolderProblemKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>
/// Decides whether the assemblies in the package's analyzers/dotnet/cs folder load in every supported compiler host. The rules
/// follow how Roslyn 4.8 resolves an analyzer's dependencies (docs/compiler-hosts.md): a host's own copy wins whenever its
/// version is at least the one referenced; otherwise the loader falls back to an assembly in the analyzer folder whose version
/// is at least the one referenced. A pure function of its inputs, so every rule can be tested with invented assemblies.
/// </summary>
public static class AnalyzerFolderCheck
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <param name="shipped">Every assembly in analyzers/dotnet/cs.</param>
    /// <param name="generatorAssemblyName">The generator's assembly name: the one shipped assembly nothing has to reference.</param>
    /// <param name="hostSupplied">Assemblies every oldest host supplies, each at the lowest version any of them supplies.</param>
    /// <param name="neverLoaded">Reviewed references that may stay unresolved.</param>
    public static IReadOnlyList<AnalyzerFolderProblem> Check(
        IReadOnlyList<ShippedAssembly> shipped,
        string generatorAssemblyName,
        IReadOnlyDictionary<string, Version> hostSupplied,
        IReadOnlyList<NeverLoadedReference> neverLoaded)
    {
        var problems = new List<AnalyzerFolderProblem>();
        if (!shipped.Any(a => Names.Equals(a.Name, generatorAssemblyName)))
        {
            problems.Add(new(AnalyzerFolderProblemKind.GeneratorMissing,
                $"the generator assembly {generatorAssemblyName} is not among the shipped assemblies ({string.Join(", ", shipped.Select(a => a.FileName))})"));
        }

        var byName = new Dictionary<string, ShippedAssembly>(Names);
        foreach (var assembly in shipped)
        {
            if (!byName.TryAdd(assembly.Name, assembly))
            {
                problems.Add(new(AnalyzerFolderProblemKind.DuplicateAssembly,
                    $"{assembly.FileName} and {byName[assembly.Name].FileName} are both assembly {assembly.Name}; the loader uses only one of them"));
            }
        }

        Version? HostVersion(string name) => hostSupplied.TryGetValue(name, out var version) ? version : null;
        var usedExceptions = new HashSet<NeverLoadedReference>();

        foreach (var referencing in shipped)
        {
            foreach (var reference in referencing.References)
            {
                var exception = neverLoaded.FirstOrDefault(e =>
                    Names.Equals(e.ReferencingAssembly, referencing.Name) && Names.Equals(e.Reference.Name, reference.Name) && e.Reference.Version == reference.Version);
                if (exception is not null)
                {
                    usedExceptions.Add(exception);
                    continue;
                }

                var shippedCopy = byName.GetValueOrDefault(reference.Name);
                var hostVersion = HostVersion(reference.Name);
                if ((shippedCopy is not null && shippedCopy.Version >= reference.Version) || (hostVersion is not null && hostVersion >= reference.Version))
                {
                    continue;
                }

                var found = new List<string>();
                if (shippedCopy is not null)
                {
                    found.Add($"the package ships only {shippedCopy.Version} ({shippedCopy.FileName})");
                }
                if (hostVersion is not null)
                {
                    found.Add($"the oldest hosts supply only {hostVersion}");
                }
                var detail = found.Count == 0 ? "it is neither shipped in analyzers/dotnet/cs nor supplied by every oldest compiler host" : string.Join(" and ", found);
                problems.Add(new(AnalyzerFolderProblemKind.MissingReference, $"{referencing.FileName} references {reference}, but {detail}"));
            }
        }

        foreach (var candidate in shipped)
        {
            if (Names.Equals(candidate.Name, generatorAssemblyName) || IsSatellite(candidate))
            {
                continue;
            }

            // References from other shipped assemblies, minus the reviewed ones: those never make the loader look for it.
            var incoming = shipped
                .Where(a => !ReferenceEquals(a, candidate))
                .SelectMany(a => a.References
                    .Where(r => Names.Equals(r.Name, candidate.Name))
                    .Where(r => !neverLoaded.Any(e => Names.Equals(e.ReferencingAssembly, a.Name) && Names.Equals(e.Reference.Name, r.Name) && e.Reference.Version == r.Version))
                    .Select(r => (From: a, Reference: r)))
                .ToList();
            var hostVersion = HostVersion(candidate.Name);

            if (hostVersion is not null && hostVersion >= candidate.Version)
            {
                problems.Add(new(AnalyzerFolderProblemKind.HostAlreadySupplies,
                    $"{candidate.FileName} ({candidate.Name} {candidate.Version}) is shipped, but every oldest compiler host already supplies {candidate.Name} {hostVersion}; " +
                    "the host's copy is the one that loads, and a second file of the same identity makes the .NET Framework compiler server turn the compilation away"));
                continue;
            }

            var needing = incoming.Where(i => hostVersion is null || i.Reference.Version > hostVersion).ToList();
            if (needing.Count == 0)
            {
                var why = incoming.Count == 0
                    ? $"no shipped assembly references {candidate.Name}"
                    : $"every reference to it ({Describe(incoming)}) is satisfied by the hosts' {candidate.Name} {hostVersion}, so the shipped copy never loads";
                problems.Add(new(AnalyzerFolderProblemKind.UnusedAssembly, $"{candidate.FileName} is shipped but {why}"));
                continue;
            }

            if (hostVersion is not null)
            {
                var bindingTheHost = incoming.Where(i => i.Reference.Version <= hostVersion).ToList();
                if (bindingTheHost.Count > 0)
                {
                    problems.Add(new(AnalyzerFolderProblemKind.TwoCopiesLoad,
                        $"{candidate.Name}: the oldest hosts supply {hostVersion}, so {Describe(bindingTheHost)} bind the host's copy while {Describe(needing)} bind the shipped " +
                        $"{candidate.FileName} {candidate.Version}; both copies load, and a {candidate.Name} type passed between those assemblies fails with MissingMethodException"));
                }
            }
        }

        foreach (var exception in neverLoaded.Where(e => !usedExceptions.Contains(e)))
        {
            problems.Add(new(AnalyzerFolderProblemKind.StaleNeverLoadedReference,
                $"the never-loaded reference {exception} matches no reference of a shipped assembly any more; remove it"));
        }

        return problems;
    }

    private static bool IsSatellite(ShippedAssembly assembly) => assembly.Name.EndsWith(".resources", StringComparison.OrdinalIgnoreCase);

    private static string Describe(IEnumerable<(ShippedAssembly From, AssemblyReference Reference)> references) =>
        string.Join(", ", references.Select(i => $"{i.From.FileName} -> {i.Reference.Version}"));
}
