using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace EnKashGen.Mapping
{
    /// <summary>Tolerant readers for vendor extensions and for example, default and enum values.</summary>
    internal static class VendorExtensions
    {
        public static JsonNode? Get(IDictionary<string, IOpenApiExtension>? extensions, string name)
        {
            if (extensions is null || !extensions.TryGetValue(name, out var value))
            {
                return null;
            }
            return value is JsonNodeExtension node ? node.Node : null;
        }

        public static bool Has(IDictionary<string, IOpenApiExtension>? extensions, string name) => extensions is not null && extensions.ContainsKey(name);

        public static bool IsTrue(IDictionary<string, IOpenApiExtension>? extensions, string name) => AsBool(Get(extensions, name)) == true;

        public static bool IsFalse(IDictionary<string, IOpenApiExtension>? extensions, string name) => AsBool(Get(extensions, name)) == false;

        public static bool? AsBool(JsonNode? node)
        {
            if (node is not JsonValue value)
            {
                return null;
            }
            if (value.TryGetValue<bool>(out var b))
            {
                return b;
            }
            return value.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) ? parsed : null;
        }

        /// <summary>A scalar as text (numbers in invariant culture); null for null, objects and arrays.</summary>
        public static string? AsString(JsonNode? node)
        {
            if (node is not JsonValue value || node.IsJsonNullSentinel())
            {
                return null;
            }
            if (value.TryGetValue<string>(out var s))
            {
                return s;
            }
            if (value.TryGetValue<bool>(out var b))
            {
                return b ? "true" : "false";
            }
            if (value.TryGetValue<JsonElement>(out var element))
            {
                return element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.Number => element.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
            }
            if (value.TryGetValue<decimal>(out var d))
            {
                return d.ToString(CultureInfo.InvariantCulture);
            }
            if (value.TryGetValue<long>(out var l))
            {
                return l.ToString(CultureInfo.InvariantCulture);
            }
            if (value.TryGetValue<double>(out var dbl))
            {
                return dbl.ToString("R", CultureInfo.InvariantCulture);
            }
            if (value.TryGetValue<int>(out var i))
            {
                return i.ToString(CultureInfo.InvariantCulture);
            }
            return IsNull(value) ? null : value.ToJsonString();
        }

        /// <summary>JSON null: a C# null in a JSON document, or the reader's stand-in for a YAML null.</summary>
        public static bool IsNull(JsonNode? node)
        {
            if (node is null || node.IsJsonNullSentinel())
            {
                return true;
            }
            return node is JsonValue value && value.GetValueKind() == JsonValueKind.Null;
        }

        public static bool IsNumber(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;

        public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String && !node.IsJsonNullSentinel();

        public static long? AsLong(JsonNode? node)
        {
            var text = AsString(node);
            return text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }

        public static List<string>? AsStringList(JsonNode? node)
        {
            if (node is not JsonArray array)
            {
                return null;
            }
            var list = new List<string>(array.Count);
            foreach (var item in array)
            {
                var s = AsString(item);
                if (s is null)
                {
                    return null;
                }
                list.Add(s);
            }
            return list;
        }
    }
}
