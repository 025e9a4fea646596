using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EnKashGen.PackageTests.HostCompatibility;

/// <summary>Reads an assembly's identity and references from its metadata, without loading it.</summary>
public static class AssemblyMetadata
{
    /// <summary>Reads <paramref name="image"/> (a whole PE file). Fails with the file name when it is not a managed assembly.</summary>
    public static ShippedAssembly Read(string fileName, ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        MetadataReader metadata;
        try
        {
            if (!pe.HasMetadata)
            {
                throw new BadImageFormatException($"{fileName} has no .NET metadata, so no compiler host can load it as an analyzer");
            }
            metadata = pe.GetMetadataReader();
        }
        catch (BadImageFormatException e) when (!e.Message.StartsWith(fileName, StringComparison.Ordinal))
        {
            throw new BadImageFormatException($"{fileName} is not a valid PE file: {e.Message}", e);
        }
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException($"{fileName} is a module without an assembly manifest");
        }
        var definition = metadata.GetAssemblyDefinition();
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle))
            .Select(reference => new AssemblyReference(metadata.GetString(reference.Name), reference.Version))
            .ToList();
        return new ShippedAssembly(fileName, metadata.GetString(definition.Name), definition.Version, references);
    }

    /// <summary>Reads an assembly from a stream that need not be seekable (a zip entry, for example).</summary>
    public static ShippedAssembly Read(string fileName, Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(fileName, ImmutableArray.Create(buffer.ToArray()));
    }

    /// <summary>One line per assembly and reference, for test output.</summary>
    public static string Describe(IEnumerable<ShippedAssembly> assemblies) => string.Join(Environment.NewLine, assemblies.Select(a =>
        $"{a.FileName} ({a.Name} {a.Version}) -> {string.Join(", ", a.References.Select(r => r.ToString()))}"));
}
