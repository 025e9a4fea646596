using System.Collections.Generic;
using System.Globalization;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Interfaces;

namespace EnKashGen.Spec
{
    /// <summary>Tolerant readers for vendor extensions and example/default values.</summary>
    internal static class Extensions
    {
        public static IOpenApiAny? Get(IDictionary<string, IOpenApiExtension>? extensions, string name)
        {
            if (extensions is null || !extensions.TryGetValue(name, out var value))
            {
                return null;
            }
            return value as IOpenApiAny;
        }

        public static bool IsTrue(IDictionary<string, IOpenApiExtension>? extensions, string name) => AsBool(Get(extensions, name)) == true;

        public static bool IsFalse(IDictionary<string, IOpenApiExtension>? extensions, string name) => AsBool(Get(extensions, name)) == false;

        public static bool? AsBool(IOpenApiAny? value) => value switch
        {
            OpenApiBoolean b => b.Value,
            OpenApiString s when bool.TryParse(s.Value, out var parsed) => parsed,
            _ => null,
        };

        public static string? AsString(IOpenApiAny? value) => value switch
        {
            null => null,
            OpenApiNull => null,
            OpenApiString s => s.Value,
            OpenApiBoolean b => b.Value ? "true" : "false",
            OpenApiInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
            OpenApiLong l => l.Value.ToString(CultureInfo.InvariantCulture),
            OpenApiFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
            OpenApiDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
            OpenApiByte b => b.Value is null ? null : System.Convert.ToBase64String(b.Value),
            OpenApiDate d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            OpenApiDateTime dt => dt.Value.ToString("o", CultureInfo.InvariantCulture),
            OpenApiPassword p => p.Value,
            _ => null,
        };

        public static long? AsLong(IOpenApiAny? value) => value switch
        {
            OpenApiInteger i => i.Value,
            OpenApiLong l => l.Value,
            OpenApiString s when long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };

        public static List<string>? AsStringList(IOpenApiAny? value)
        {
            if (value is not OpenApiArray array)
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
