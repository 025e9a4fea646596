using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SharpYaml;
using SharpYaml.Serialization;

namespace EnKashGen.Tests.Corpus;

/// <summary>
/// Seeded mutations of an OpenAPI document, or of one part of a multi-file spec: on its node tree (delete, duplicate,
/// retype and transplant nodes, break references, garble strings and keys, add schema keywords, redefine components
/// as references to each other) written out as JSON, or on its YAML or JSON text (delete, duplicate, swap, re-indent
/// and garble lines, truncate). The same seed and index always give the same mutant.
/// </summary>
public sealed class SpecMutator
{
    private static readonly string[] OddTexts =
    {
        "\"", "\\", "*/", "/*", "\n", "\r\n", "\u2028", "\u2029", "\u0085", "#error x", "} class X {", "</summary>", "\\u0022", "\0", "\u001b",
        "\ud800", "😀", "ä", "名前", "\u200b", "\ufeff", "{", "}", "{id}", "...", "~1", "%2F", "@", "$", "'", "`", " ", "\t", "-", "_", "1", "class", "Value",
    };

    private static readonly string[] Types = { "string", "integer", "number", "boolean", "array", "object", "null", "strin", "file", "" };

    private static readonly string[] Formats = { "date-time", "date", "int32", "int64", "float", "double", "decimal", "uuid", "byte", "binary", "uri", "password", "weird" };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Component sections besides schemas whose entries the mutator makes references to each other.</summary>
    private static readonly string[] OtherSections = { "responses", "parameters", "requestBodies", "headers", "pathItems", "examples" };

    private readonly JsonNode _tree;
    private readonly string[] _lines;
    private readonly string _extension;
    private readonly List<string> _components;
    private readonly List<(string Section, string Name)> _otherComponents;
    private readonly IReadOnlyList<string> _references;

    /// <param name="text">The document (or part) as written, YAML or JSON.</param>
    /// <param name="references">
    /// References that lead out of this file (to the other files of a multi-file spec, relative to this one), which the
    /// mutator writes in place of the file's own references or uses to define components.
    /// </param>
    public SpecMutator(string text, IReadOnlyList<string>? references = null)
    {
        _lines = text.Replace("\r\n", "\n").Split('\n');
        _references = references ?? Array.Empty<string>();
        if (text.TrimStart().StartsWith('{'))
        {
            _extension = ".json";
            _tree = JsonNode.Parse(text)!;
        }
        else
        {
            _extension = ".yaml";
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            _tree = ToJson(stream.Documents[0].RootNode)!;
        }
        _components = (_tree["components"]?["schemas"] as JsonObject)?.Select(p => p.Key).ToList() ?? new List<string>();
        _otherComponents = OtherSections
            .SelectMany(section => ((_tree["components"]?[section] as JsonObject)?.Select(p => p.Key) ?? Enumerable.Empty<string>()).Select(name => (section, name)))
            .ToList();
    }

    /// <summary>The unmutated document as JSON.</summary>
    public string BaseJson => _tree.ToJsonString();

    /// <summary>
    /// Mutant <paramref name="index"/> of <paramref name="seed"/>, the extension of the text it is (a text mutant keeps
    /// the document's, a tree mutant is JSON, on one line or indented), and a line describing each mutation applied.
    /// </summary>
    public (string Text, string Extension, List<string> Log) Mutate(int seed, int index)
    {
        var random = new Random(unchecked(seed * 7919 + index));
        var log = new List<string>();
        if (random.Next(4) == 0)
        {
            return (MutateText(random, log), _extension, log);
        }
        var tree = _tree.DeepClone();
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            tree = MutateTree(tree, random, log) ?? tree;
        }
        // Indented JSON puts each member on a line of its own, so diagnostics have lines to be located at.
        return (random.Next(2) == 0 ? tree.ToJsonString() : tree.ToJsonString(Indented), ".json", log);
    }

    // ------------------------------------------------------------------ text

    private string MutateText(Random random, List<string> log)
    {
        var lines = _lines.ToList();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count && lines.Count > 1; i++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    log.Add("delete line " + at + ": " + lines[at].Trim());
                    lines.RemoveAt(at);
                    break;
                case 1:
                    log.Add("duplicate line " + at + ": " + lines[at].Trim());
                    lines.Insert(at, lines[at]);
                    break;
                case 2:
                    log.Add("re-indent line " + at);
                    lines[at] = random.Next(2) == 0 ? "  " + lines[at] : (lines[at].StartsWith("  ", StringComparison.Ordinal) ? lines[at].Substring(2) : lines[at]);
                    break;
                case 3:
                    var odd = Odd(random);
                    var position = random.Next(lines[at].Length + 1);
                    log.Add("insert " + Show(odd) + " in line " + at + " at " + position);
                    lines[at] = lines[at].Insert(position, odd);
                    break;
                case 4:
                    var other = random.Next(lines.Count);
                    log.Add("swap lines " + at + " and " + other);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                default:
                    var text = string.Join("\n", lines);
                    var cut = random.Next(text.Length);
                    log.Add("truncate at " + cut);
                    return text.Substring(0, cut);
            }
        }
        return string.Join("\n", lines);
    }

    // ------------------------------------------------------------------ tree

    private JsonNode? MutateTree(JsonNode root, Random random, List<string> log)
    {
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, JsonNode? Node, string Path)>();
        Collect(root, null, null, -1, "#", nodes);
        var (parent, key, index, node, path) = nodes[random.Next(nodes.Count)];
        switch (random.Next(11))
        {
            case 0:
                if (parent is null)
                {
                    return null;
                }
                log.Add("delete " + path);
                Remove(parent, key, index);
                return root;
            case 1:
                if (parent is JsonObject dupObject)
                {
                    var newKey = key + Odd(random);
                    if (!dupObject.ContainsKey(newKey))
                    {
                        log.Add("duplicate " + path + " as " + Show(newKey));
                        dupObject[newKey] = node?.DeepClone();
                    }
                }
                else if (parent is JsonArray dupArray)
                {
                    log.Add("duplicate " + path);
                    dupArray.Insert(index, node?.DeepClone());
                }
                return root;
            case 2:
                var replacement = RandomValue(random);
                log.Add("retype " + path + " to " + Show(replacement?.ToJsonString() ?? "null"));
                return Replace(root, parent, key, index, replacement);
            case 3:
            {
                var refs = nodes.Where(n => n.Key == "$ref").ToList();
                if (refs.Count == 0)
                {
                    return root;
                }
                var target = refs[random.Next(refs.Count)];
                var broken = BrokenRef(random);
                log.Add("reference " + target.Path + " to " + Show(broken));
                ((JsonObject)target.Parent!)["$ref"] = broken;
                return root;
            }
            case 4:
            {
                var strings = nodes.Where(n => n.Node is JsonValue v && v.TryGetValue<string>(out _)).ToList();
                if (strings.Count == 0)
                {
                    return root;
                }
                var target = strings[random.Next(strings.Count)];
                var garbled = Garble(target.Node!.GetValue<string>(), random);
                log.Add("garble " + target.Path + " to " + Show(garbled));
                return Replace(root, target.Parent, target.Key, target.Index, JsonValue.Create(garbled));
            }
            case 5:
            {
                var members = nodes.Where(n => n.Parent is JsonObject).ToList();
                var target = members[random.Next(members.Count)];
                var renamed = random.Next(3) == 0 ? Odd(random) : Garble(target.Key!, random);
                log.Add("rename " + target.Path + " to " + Show(renamed));
                Rename((JsonObject)target.Parent!, target.Key!, renamed);
                return root;
            }
            case 6:
            case 7:
            case 8:
            {
                var schemas = nodes.Where(n => n.Node is JsonObject o && (o.ContainsKey("type") || o.ContainsKey("properties") || o.ContainsKey("$ref") || o.ContainsKey("allOf"))).ToList();
                if (schemas.Count == 0)
                {
                    return root;
                }
                var target = schemas[random.Next(schemas.Count)];
                var (keyword, value) = SchemaKeyword(random);
                log.Add("set " + target.Path + "/" + keyword + " to " + Show(value?.ToJsonString() ?? "null"));
                ((JsonObject)target.Node!)[keyword] = value;
                return root;
            }
            case 9:
            {
                // Transplant: a copy of one subtree replaces another.
                var source = nodes[random.Next(nodes.Count)];
                log.Add("transplant " + source.Path + " to " + path);
                return Replace(root, parent, key, index, source.Node?.DeepClone());
            }
            default:
            {
                if (random.Next(3) == 0)
                {
                    return DefineOther(root, random, log);
                }
                // A component schema defined as another's alias, or in terms of others.
                if (_components.Count < 2 || root["components"]?["schemas"] is not JsonObject schemas)
                {
                    return root;
                }
                var name = _components[random.Next(_components.Count)];
                var other = _components[random.Next(_components.Count)];
                var combinator = new[] { "allOf", "oneOf", "anyOf", "$ref", "items", "additionalProperties" }[random.Next(6)];
                log.Add("define " + name + " by " + combinator + " " + other);
                schemas[name] = combinator == "$ref"
                    ? new JsonObject { ["$ref"] = "#/components/schemas/" + other }
                    : combinator is "items" or "additionalProperties"
                        ? new JsonObject { ["type"] = combinator == "items" ? "array" : "object", [combinator] = new JsonObject { ["$ref"] = "#/components/schemas/" + name } }
                        : new JsonObject { [combinator] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + other }, new JsonObject { ["$ref"] = "#/components/schemas/" + name }) };
                return root;
            }
        }
    }

    /// <summary>
    /// A component other than a schema (a response, parameter, path item, ...) defined as a reference to another of its
    /// section, to itself, or out of the file: reference cycles the reader cannot follow.
    /// </summary>
    private JsonNode DefineOther(JsonNode root, Random random, List<string> log)
    {
        if (_otherComponents.Count == 0)
        {
            return root;
        }
        var (section, name) = _otherComponents[random.Next(_otherComponents.Count)];
        if (root["components"]?[section] is not JsonObject components)
        {
            return root;
        }
        var sameSection = _otherComponents.Where(c => c.Section == section).ToList();
        var target = _references.Count > 0 && random.Next(3) == 0
            ? _references[random.Next(_references.Count)]
            : "#/components/" + section + "/" + sameSection[random.Next(sameSection.Count)].Name;
        log.Add("define " + section + "/" + name + " as a reference to " + Show(target));
        components[name] = new JsonObject { ["$ref"] = target };
        return root;
    }

    private (string Keyword, JsonNode? Value) SchemaKeyword(Random random)
    {
        string Component() => _components.Count == 0 ? "Nope" : _components[random.Next(_components.Count)];
        switch (random.Next(16))
        {
            case 0: return ("type", JsonValue.Create(Types[random.Next(Types.Length)]));
            case 1: return ("format", JsonValue.Create(Formats[random.Next(Formats.Length)]));
            case 2: return ("nullable", JsonValue.Create(random.Next(2) == 0));
            case 3: return ("enum", new JsonArray(JsonValue.Create(Odd(random)), JsonValue.Create(Odd(random)), null, JsonValue.Create(random.Next(-2, 3)), JsonValue.Create(Odd(random))));
            case 4: return ("allOf", new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + Component() }, new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [Odd(random)] = new JsonObject { ["type"] = Types[random.Next(Types.Length)] } } }));
            case 5: return ("oneOf", new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + Component() }, new JsonObject { ["$ref"] = "#/components/schemas/" + Component() }, new JsonObject { ["type"] = Types[random.Next(Types.Length)] }));
            case 6: return ("anyOf", new JsonArray(new JsonObject { ["type"] = Types[random.Next(Types.Length)], ["nullable"] = true }, new JsonObject { ["$ref"] = "#/components/schemas/" + Component() }));
            case 7: return ("discriminator", new JsonObject { ["propertyName"] = Odd(random), ["mapping"] = new JsonObject { [Odd(random)] = "#/components/schemas/" + Component(), ["x"] = "Nope" } });
            case 8: return ("additionalProperties", random.Next(3) switch { 0 => JsonValue.Create(false), 1 => new JsonObject(), _ => new JsonObject { ["$ref"] = "#/components/schemas/" + Component() } });
            case 9: return ("required", new JsonArray(JsonValue.Create(Odd(random)), JsonValue.Create("code")));
            case 10: return ("default", RandomValue(random));
            case 11: return ("items", new JsonObject { ["$ref"] = "#/components/schemas/" + Component() });
            case 12: return ("properties", new JsonObject { [Odd(random)] = new JsonObject { ["type"] = Types[random.Next(Types.Length)], ["format"] = Formats[random.Next(Formats.Length)], ["default"] = RandomValue(random) }, [Odd(random)] = new JsonObject { ["$ref"] = "#/components/schemas/" + Component() } });
            case 13: return ("pattern", JsonValue.Create(new[] { "^[a-z]+$", "(", "[", "\\", "^\"$", "(?<x>a)\\k<y>", "*" }[random.Next(7)]));
            case 14: return (new[] { "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems" }[random.Next(6)], RandomValue(random));
            default: return (new[] { "readOnly", "writeOnly", "deprecated", "x-sensitive", "x-enum-extensible", "exclusiveMinimum" }[random.Next(6)], random.Next(3) == 0 ? RandomValue(random) : JsonValue.Create(true));
        }
    }

    private JsonNode? RandomValue(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(Odd(random)),
        2 => JsonValue.Create(0),
        3 => JsonValue.Create(-1),
        4 => JsonValue.Create(1.5),
        5 => JsonValue.Create(long.MaxValue),
        6 => JsonValue.Create(true),
        7 => new JsonObject(),
        8 => new JsonArray(),
        9 => new JsonObject { ["type"] = Types[random.Next(Types.Length)] },
        10 => new JsonArray(JsonValue.Create(Odd(random)), JsonValue.Create(1)),
        _ => JsonValue.Create(1e308),
    };

    private string BrokenRef(Random random)
    {
        if (_references.Count > 0 && random.Next(3) == 0)
        {
            // Into the other files of the spec: to what exists there, to what does not, and to a file not declared.
            var reference = _references[random.Next(_references.Count)];
            return random.Next(4) switch
            {
                0 => reference + "/Nope",
                1 => reference.Substring(0, reference.IndexOf('#') < 0 ? reference.Length : reference.IndexOf('#')) + "#",
                2 => "./undeclared.yaml#/X",
                _ => reference,
            };
        }
        var component = _components.Count == 0 ? "X" : _components[random.Next(_components.Count)];
        return random.Next(10) switch
        {
            0 => "#/components/schemas/Nope",
            1 => "#/components/schemas/",
            2 => "#/components/schemas/" + component + "/properties/code",
            3 => "other.yaml#/components/schemas/" + component,
            4 => "#",
            5 => "",
            6 => "#/paths/~1x/get",
            7 => "#/components/responses/" + component,
            8 => "#/components/schemas/" + Garble(component, random),
            _ => "#/components/schemas/" + component,
        };
    }

    private static string Odd(Random random) => OddTexts[random.Next(OddTexts.Length)] + (random.Next(2) == 0 ? OddTexts[random.Next(OddTexts.Length)] : string.Empty);

    private static string Garble(string text, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return string.Empty;
            case 1:
                return new string(text.Reverse().ToArray());
            case 2:
                return text + text + text;
            default:
                var sb = new StringBuilder(text);
                var count = 1 + random.Next(3);
                for (var i = 0; i < count; i++)
                {
                    sb.Insert(random.Next(sb.Length + 1), Odd(random));
                }
                return sb.ToString();
        }
    }

    private static string Show(string text) => JsonSerializer.Serialize(text.Length > 60 ? text.Substring(0, 60) + "…" : text);

    private static void Collect(JsonNode? node, JsonNode? parent, string? key, int index, string path, List<(JsonNode?, string?, int, JsonNode?, string)> nodes)
    {
        nodes.Add((parent, key, index, node, path));
        if (node is JsonObject obj)
        {
            foreach (var pair in obj.ToList())
            {
                Collect(pair.Value, obj, pair.Key, -1, path + "/" + pair.Key.Replace("~", "~0").Replace("/", "~1"), nodes);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Collect(array[i], array, null, i, path + "/" + i.ToString(CultureInfo.InvariantCulture), nodes);
            }
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(key!);
        }
        else if (parent is JsonArray array)
        {
            array.RemoveAt(index);
        }
    }

    private static JsonNode? Replace(JsonNode root, JsonNode? parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key!] = value;
        }
        else if (parent is JsonArray array)
        {
            array[index] = value;
        }
        else
        {
            return value ?? root;
        }
        return root;
    }

    private static void Rename(JsonObject obj, string key, string newKey)
    {
        if (obj.ContainsKey(newKey))
        {
            return;
        }
        var pairs = obj.ToList();
        obj.Clear();
        foreach (var pair in pairs)
        {
            obj[pair.Key == key ? newKey : pair.Key] = pair.Value;
        }
    }

    // ------------------------------------------------------------------ YAML to JSON

    private static readonly Regex Integer = new("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Real = new("^[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var pair in map.Children)
                {
                    obj[((YamlScalarNode)pair.Key).Value!] = ToJson(pair.Value);
                }
                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(ToJson).ToArray());
            case YamlScalarNode scalar:
                var value = scalar.Value ?? string.Empty;
                if (scalar.Style != ScalarStyle.Plain)
                {
                    return JsonValue.Create(value);
                }
                if (value is "" or "~" or "null")
                {
                    return null;
                }
                if (value is "true" or "false")
                {
                    return JsonValue.Create(value == "true");
                }
                if (Integer.IsMatch(value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    return JsonValue.Create(l);
                }
                if (Real.IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return JsonValue.Create(d);
                }
                return JsonValue.Create(value);
            default:
                return null;
        }
    }
}
