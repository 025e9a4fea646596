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

    /// <summary>"NSwagClient.cs(1234,17): error CS0509: 'Anonymous37': cannot derive from sealed type 'string'".</summary>
    private static readonly Regex SealedBase = new(@"NSwagClient\.cs\((?<line>\d+),(?<column>\d+)\): error CS0509: ", RegexOptions.CultureInvariant);

    /// <summary>"NSwagClient.cs(1234,17): error CS0246: The type or namespace name 'Llm_endpoint_params' could not be found".</summary>
    private static readonly Regex MissingType = new(@"NSwagClient\.cs\((?<line>\d+),(?<column>\d+)\): error CS0246: The type or namespace name '(?<name>[^'<]+)'", RegexOptions.CultureInvariant);

    /// <summary>The base list of a class declaration: " : Base" after "class Name".</summary>
    private static readonly Regex BaseList = new(@"(?<head>\bclass\s+\w+)\s*:\s*[\w.]+", RegexOptions.CultureInvariant);

    /// <summary>
    /// Drops the base class of each class the compiler reported as deriving from a sealed type (CS0509: NSwag writes
    /// <c>class Anonymous37 : string</c> for a schema that is an <c>allOf</c> of a string), as a consumer would.
    /// </summary>
    public static bool RemoveSealedBases(string code, IEnumerable<string> errors, out string fixedCode, out int removed)
    {
        var lines = code.Split('\n');
        removed = 0;
        foreach (var line in errors.Select(e => SealedBase.Match(e)).Where(m => m.Success).Select(m => int.Parse(m.Groups["line"].Value) - 1).Distinct())
        {
            if (line >= 0 && line < lines.Length && BaseList.IsMatch(lines[line]))
            {
                lines[line] = BaseList.Replace(lines[line], "${head}", 1);
                removed++;
            }
        }
        fixedCode = string.Join('\n', lines);
        return removed > 0;
    }

    /// <summary>
    /// Writes <c>object</c> for each type name the compiler could not find (CS0246: NSwag refers to a type it did not
    /// generate, such as <c>Llm_endpoint_params</c>), at the reported place, as a consumer would; where the name is the
    /// enum of a <c>JsonStringEnumConverter</c> attribute, the attribute goes.
    /// </summary>
    public static bool MissingTypesAsObject(string code, IEnumerable<string> errors, out string fixedCode, out int replaced)
    {
        var lines = code.Split('\n');
        replaced = 0;
        // Right to left within a line, so that earlier columns stay valid.
        foreach (var match in errors.Select(e => MissingType.Match(e)).Where(m => m.Success)
                     .GroupBy(m => (m.Groups["line"].Value, m.Groups["column"].Value)).Select(g => g.First())
                     .OrderBy(m => int.Parse(m.Groups["line"].Value)).ThenByDescending(m => int.Parse(m.Groups["column"].Value)))
        {
            var line = int.Parse(match.Groups["line"].Value) - 1;
            var column = int.Parse(match.Groups["column"].Value) - 1;
            var name = match.Groups["name"].Value;
            if (line < 0 || line >= lines.Length || string.CompareOrdinal(lines[line], column, name, 0, name.Length) != 0)
            {
                continue;
            }
            var converter = "[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<" + name + ">))]";
            var at = lines[line].IndexOf(converter, StringComparison.Ordinal);
            // A missing enum's string converter goes with it: the member becomes a plain object.
            lines[line] = at >= 0 && at <= column && column < at + converter.Length
                ? lines[line].Remove(at, converter.Length)
                : lines[line].Substring(0, column) + "object" + lines[line].Substring(column + name.Length);
            replaced++;
        }
        fixedCode = string.Join('\n', lines);
        return replaced > 0;
    }

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
