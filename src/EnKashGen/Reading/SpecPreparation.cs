using System;
using System.Collections.Generic;
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
        public static bool MarkNullable(JsonNode root, bool openApi30)
        {
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
                            case "$ref" when !hasExternalReference && member.Value is JsonValue value && value.TryGetValue<string>(out var reference) && !reference.StartsWith("#", StringComparison.Ordinal):
                                hasExternalReference = true;
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
