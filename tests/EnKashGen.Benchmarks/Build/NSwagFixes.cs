using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EnKashGen.Benchmarks.Build;

/// <summary>
/// The mechanical fixes a consumer makes so that NSwag's output for a corpus document compiles, before checking it in:
/// nothing that changes what the client does, only names.
/// </summary>
public static class NSwagFixes
{
    private static readonly Regex NotIdentifier = new("[^A-Za-z0-9_]", RegexOptions.CultureInvariant);

    /// <summary>"NSwagClient.cs(1234,17): error CS0102: The type 'T' already contains a definition for 'Member'".</summary>
    private static readonly Regex Duplicate = new(@"NSwagClient\.cs\((?<line>\d+),(?<column>\d+)\): error CS0102: .*'(?<name>[^']+)'", RegexOptions.CultureInvariant);

    /// <summary>A copy of a JSON document whose operationIds have '_' for every character a C# identifier cannot have.</summary>
    public static bool OperationIdsAsIdentifiers(string json, out string fixedJson, out int renamed)
    {
        renamed = 0;
        var root = JsonNode.Parse(json);
        if (root?["paths"] is JsonObject paths)
        {
            foreach (var operation in paths.Select(p => p.Value).OfType<JsonObject>().SelectMany(p => p.Select(m => m.Value)).OfType<JsonObject>())
            {
                if (operation["operationId"] is JsonValue value && value.TryGetValue<string>(out var id) && NotIdentifier.IsMatch(id))
                {
                    operation["operationId"] = NotIdentifier.Replace(id, "_");
                    renamed++;
                }
            }
        }
        fixedJson = renamed > 0 ? root!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : json;
        return renamed > 0;
    }

    /// <summary>Renames each member the compiler reported as a duplicate (CS0102) to Name_2, Name_3, ... at the reported place.</summary>
    public static bool RenameDuplicateMembers(string code, IEnumerable<string> errors, out string fixedCode, out int renamed)
    {
        var lines = code.Split('\n');
        renamed = 0;
        foreach (var match in errors.Select(e => Duplicate.Match(e)).Where(m => m.Success).GroupBy(m => (m.Groups["line"].Value, m.Groups["column"].Value)).Select(g => g.First()))
        {
            var line = int.Parse(match.Groups["line"].Value) - 1;
            var column = int.Parse(match.Groups["column"].Value) - 1;
            var name = match.Groups["name"].Value;
            if (line < 0 || line >= lines.Length || string.CompareOrdinal(lines[line], column, name, 0, name.Length) != 0)
            {
                continue;
            }
            var suffix = 2;
            while (code.Contains(name + "_" + suffix, StringComparison.Ordinal))
            {
                suffix++;
            }
            lines[line] = lines[line].Substring(0, column) + name + "_" + suffix + lines[line].Substring(column + name.Length);
            renamed++;
        }
        fixedCode = string.Join('\n', lines);
        return renamed > 0;
    }
}
