using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace EnKashGen.Reading
{
    /// <summary>What EnKashGen does to a spec's node before Microsoft.OpenApi reads it.</summary>
    internal static class SpecPreparation
    {
        /// <summary>
        /// The extension that keeps OpenAPI 3.0's <c>nullable: true</c> on schemas without a <c>type</c>
        /// (<c>allOf: [{$ref: ...}]</c> or <c>anyOf: [...]</c> with <c>nullable: true</c>, common in real specs):
        /// Microsoft.OpenApi records nullable only as a flag of <c>type</c> and drops it when there is none.
        /// </summary>
        public const string NullableMarker = "x-enkashgen-nullable";

        /// <summary>
        /// Marks nullable schemas that have no type (see <see cref="NullableMarker"/>) and tells whether the node holds
        /// any <c>$ref</c> to another file. Walks the whole node once, without recursion.
        /// </summary>
        public static bool MarkNullable(JsonNode root, bool openApi30) => Prepare(root, openApi30, out _);

        /// <summary>
        /// <see cref="MarkNullable"/>, and whether the node holds a local <c>$ref</c> into a schema rather than to a whole
        /// component (<c>#/components/schemas/A/$defs/B</c>), which the reader cannot follow.
        /// </summary>
        public static bool Prepare(JsonNode root, bool openApi30, out bool schemaPointers)
        {
            schemaPointers = false;
            var hasExternalReference = false;
            var stack = new Stack<JsonNode>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is JsonObject obj)
                {
                    JsonNode? nullable = null;
                    var hasType = false;
                    foreach (var member in obj)
                    {
                        switch (member.Key)
                        {
                            case "nullable":
                                nullable = member.Value;
                                break;
                            case "type":
                                hasType = true;
                                break;
                            case "$ref" when member.Value is JsonValue value && value.TryGetValue<string>(out var reference):
                                if (!reference.StartsWith("#", StringComparison.Ordinal))
                                {
                                    hasExternalReference = true;
                                }
                                else if (!schemaPointers && IntoSchema(reference))
                                {
                                    schemaPointers = true;
                                }
                                break;
                        }
                        if (member.Value is JsonObject or JsonArray)
                        {
                            stack.Push(member.Value);
                        }
                    }
                    if (openApi30 && !hasType && nullable is JsonValue flag && flag.TryGetValue<bool>(out var isNullable) && isNullable)
                    {
                        obj[NullableMarker] = true;
                    }
                }
                else if (node is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        if (item is JsonObject or JsonArray)
                        {
                            stack.Push(item);
                        }
                    }
                }
            }
            return hasExternalReference;
        }

        private static readonly string[] SchemaSections = { "#/components/schemas/", "#/definitions/" };

        /// <summary>A reference to something inside a schema component, not to the component itself.</summary>
        private static bool IntoSchema(string reference)
        {
            foreach (var section in SchemaSections)
            {
                if (reference.StartsWith(section, StringComparison.Ordinal) && reference.IndexOf('/', section.Length) > section.Length)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Makes every schema that a reference points into (<c>#/components/schemas/Observation/$defs/Coordinates</c>,
        /// <c>.../properties/x</c>) a component of its own, leaving a reference where it was: the reader resolves only
        /// references to whole components, and the schema keeps one identity (one C# type) wherever it is used.
        /// </summary>
        public static void HoistSchemaPointers(JsonObject root, bool swagger2, string rootPath, List<Origin> origins)
        {
            var sectionPrefix = swagger2 ? "#/definitions/" : "#/components/schemas/";
            var holders = new List<JsonObject>();
            var stack = new Stack<JsonNode>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is JsonObject obj)
                {
                    if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference) && reference.StartsWith(sectionPrefix, StringComparison.Ordinal) && IntoSchema(reference))
                    {
                        holders.Add(obj);
                    }
                    foreach (var member in obj)
                    {
                        if (member.Value is JsonObject or JsonArray)
                        {
                            stack.Push(member.Value);
                        }
                    }
                }
                else if (node is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        if (item is JsonObject or JsonArray)
                        {
                            stack.Push(item);
                        }
                    }
                }
            }
            if (holders.Count == 0)
            {
                return;
            }
            var section = swagger2 ? root["definitions"] as JsonObject : (root["components"] as JsonObject)?["schemas"] as JsonObject;
            if (section is null)
            {
                return;
            }
            // Deepest first: a schema inside another hoisted schema leaves first, so the outer one moves with a reference.
            var pointers = holders.Select(h => h["$ref"]!.GetValue<string>()).Distinct(StringComparer.Ordinal)
                .OrderByDescending(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal).ToList();
            var moved = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pointer in pointers)
            {
                var segments = PointerLocator.Segments(pointer, percentEncoded: true);
                JsonNode? parent = null;
                JsonNode? node = root;
                foreach (var segment in segments)
                {
                    parent = node;
                    node = node switch
                    {
                        JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                        JsonArray array when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                        _ => null,
                    };
                    if (node is null)
                    {
                        break;
                    }
                }
                if (node is not JsonObject target || parent is null || segments.Count == 0)
                {
                    // Does not exist: left for the mapper, which reports the reference as unresolved.
                    continue;
                }
                var last = segments[segments.Count - 1];
                var baseName = char.IsDigit(last[0]) && segments.Count > 1 ? segments[segments.Count - 2] + last : last;
                var name = Sanitize(baseName);
                for (var i = 2; section.ContainsKey(name); i++)
                {
                    name = Sanitize(baseName) + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                var newPointer = sectionPrefix + PointerLocator.Escape(name);
                var placeholder = new JsonObject { ["$ref"] = newPointer };
                if (parent is JsonObject parentObject)
                {
                    parentObject[last] = placeholder;
                }
                else
                {
                    var array = (JsonArray)parent;
                    var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
                    array[index] = placeholder;
                }
                section[name] = target;
                moved[pointer] = newPointer;
                origins.Add(new Origin(newPointer.Substring(1), rootPath, pointer.Substring(1)));
            }
            foreach (var holder in holders)
            {
                if (moved.TryGetValue(holder["$ref"]!.GetValue<string>(), out var newPointer))
                {
                    holder["$ref"] = newPointer;
                }
            }
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!(char.IsLetterOrDigit(chars[i]) && chars[i] < 128) && chars[i] != '.' && chars[i] != '-' && chars[i] != '_')
                {
                    chars[i] = '_';
                }
            }
            return chars.Length == 0 ? "Schema" : new string(chars);
        }

        /// <summary>The version field of a spec: <c>openapi</c> (3.x) or <c>swagger</c> (2.0), with its value as written.</summary>
        public static (string? Field, string? Value) Version(JsonObject root)
        {
            foreach (var field in new[] { "openapi", "swagger" })
            {
                if (root.TryGetPropertyValue(field, out var node) && node is JsonValue value)
                {
                    if (value.TryGetValue<string>(out var text))
                    {
                        return (field, text);
                    }
                    // `openapi: 3.0` unquoted in YAML is a number; the reader needs text.
                    return (field, value.ToJsonString());
                }
            }
            return (null, null);
        }
    }
}
