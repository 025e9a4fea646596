using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// How parameter values become the text of a path, query or header: path styles (simple, label, matrix), arrays of
    /// plain values joined by commas, and unions of primitives written as the primitive they hold, never as JSON text.
    /// </summary>
    internal sealed partial class ClientEmitter
    {
        /// <summary>The C# expression of a path parameter's part of the path: escaped, with the prefix of its style.</summary>
        private string PathValue(ParameterModel p)
        {
            var nullable = !p.Required || p.Type.Nullable;
            var prefix = p.Style switch
            {
                ParameterStyle.Label => ".",
                ParameterStyle.Matrix => ";" + System.Uri.EscapeDataString(p.WireName) + "=",
                _ => string.Empty,
            };
            string text;
            if (IsPlainArray(p.Type))
            {
                // Items are escaped one by one: the separators between them are part of the path, not of a value.
                var element = p.Type.Element!;
                var separator = !p.Explode ? "," : p.Style switch
                {
                    ParameterStyle.Label => ".",
                    ParameterStyle.Matrix => prefix,
                    _ => ",",
                };
                var items = "global::System.Linq.Enumerable.Select(" + p.Name + ", item => global::System.Uri.EscapeDataString(" + Format(element, "item", element.Nullable) + "))";
                text = "string.Join(" + Literals.String(separator) + ", " + items + ")";
                if (nullable)
                {
                    text = "(" + p.Name + " is null ? string.Empty : " + text + ")";
                }
            }
            else
            {
                text = "global::System.Uri.EscapeDataString(" + Format(p.Type, p.Name, nullable) + ")";
            }
            return prefix.Length == 0 ? text : Literals.String(prefix) + " + " + text;
        }

        /// <summary>An array whose items are plain values (no objects, maps, unions or arrays): written as items joined by commas.</summary>
        private static bool IsPlainArray(TypeRef type) =>
            type.Kind == TypeKind.Array && !type.IsObjectLike && type.Element!.Kind is not (TypeKind.Array or TypeKind.Any);

        /// <summary>Items joined by commas: the simple style of headers and the non-exploded form of cookies.</summary>
        private string ArrayText(TypeRef type, string value)
        {
            var element = type.Element!;
            return "string.Join(\",\", global::System.Linq.Enumerable.Select(" + value + ", item => " + Format(element, "item", element.Nullable) + "))";
        }

        /// <summary>A union as the text of the value it holds: a string without JSON quotes, a number or boolean as written in JSON.</summary>
        private string UnionText(TypeRef type, string value) =>
            Rt + ".JsonPrimitives.ParameterText(" + value + ", " + _plan.CodecOf(type.WithNullable(false)) + ")";
    }
}
