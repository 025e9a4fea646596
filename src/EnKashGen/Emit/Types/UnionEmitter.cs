using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Writes a oneOf/anyOf type: one nullable property per variant, exactly one of which is set after reading (or Json,
    /// when no variant accepts the value). The runtime's union codec chooses the variant from the variants' table.
    /// </summary>
    internal static class UnionEmitter
    {
        private const string Rt = EmitPlan.Runtime;
        private const string Element = "global::System.Text.Json.JsonElement";

        public static void Write(SourceWriter w, EmitPlan plan, UnionType u)
        {
            var types = plan.Types;
            // The type's own name, unqualified: used only in type positions, inside its own declaration (see EnumEmitter).
            var type = u.Name;
            w.Doc((u.Description is null ? string.Empty : u.Description + "\n") + "One of: " + string.Join(", ", u.Variants.Select(v => v.Name)) + ". Exactly one property is set; Json holds a value no variant accepts.");
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + type + "." + ReservedNames.CodecClass + "))]");
            using (w.Block(plan.Api.Accessibility + " sealed partial class " + u.Name))
            {
                w.Line("private readonly int _variant;");
                w.Line("private readonly object _value;");
                w.Line();
                w.Line("private " + u.Name + "(int variant, object value) => (_variant, _value) = (variant, value);");
                w.Line();
                for (var i = 0; i < u.Variants.Count; i++)
                {
                    var v = u.Variants[i];
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    w.Doc("Set when the value is a " + v.Name + ".");
                    w.Line("public " + types.Nullable(v.Type, true) + " " + v.Name + " => _variant == " + n + " ? (" + types.Of(v.Type) + ")_value : null;");
                    w.Line();
                }
                w.Doc(u.DiscriminatorProperty is null
                    ? "Set when no variant accepts the value: the JSON as received, written back unchanged."
                    : "Set when no variant accepts the value or its " + u.DiscriminatorProperty + " is none the spec lists: the JSON as received, written back unchanged.");
                w.Line("public " + Element + "? Json => _variant < 0 ? (" + Element + ")_value : null;");
                w.Line();
                for (var i = 0; i < u.Variants.Count; i++)
                {
                    var v = u.Variants[i];
                    var guard = types.IsValueType(v.Type) ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
                    w.Line("public static " + type + " From" + v.Name + "(" + types.Of(v.Type) + " value) => new " + type + "(" + i.ToString(CultureInfo.InvariantCulture) + ", " + guard + ");");
                    w.Line();
                }
                w.Line("public static " + type + " FromJson(" + Element + " value) => new " + type + "(-1, value);");
                w.Line();
                w.Doc("The value as JSON, sensitive members written as ***.");
                w.Line("public override string ToString() => " + Literals.String(u.Name + " ") + " + " + Rt + ".DebugText.Json(this, " + ReservedNames.CodecClass + ".Instance);");
                w.Line();
                using (w.Block("internal sealed class " + ReservedNames.CodecClass + " : " + Rt + ".UnionCodec<" + type + ">"))
                {
                    w.Line("internal static readonly " + ReservedNames.CodecClass + " Instance = new " + ReservedNames.CodecClass + "();");
                    w.Line();
                    w.Line("public " + ReservedNames.CodecClass + "()");
                    w.Line("    : base(");
                    w.Line("        " + (u.DiscriminatorProperty is null ? "null" : Literals.String(u.DiscriminatorProperty)) + (u.Variants.Count > 0 ? "," : string.Empty));
                    for (var i = 0; i < u.Variants.Count; i++)
                    {
                        var v = u.Variants[i];
                        var values = string.Concat(v.DiscriminatorValues.Select(d => ", " + Literals.String(d)));
                        w.Line("        " + Rt + ".UnionVariant." + (v.IsDefault ? "Default(" : "Of(") + plan.CodecOf(v.Type.WithNullable(false)) + values + ")" + (i + 1 < u.Variants.Count ? "," : string.Empty));
                    }
                    w.Line("    )");
                    w.Line("{");
                    w.Line("}");
                    w.Line();
                    w.Line("protected override " + type + " Create(int variant, object value) => new " + type + "(variant, value);");
                    w.Line();
                    w.Line("protected override int VariantOf(" + type + " union, out object? value)");
                    w.Line("{");
                    w.Line("    value = union._value;");
                    w.Line("    return union._variant;");
                    w.Line("}");
                }
            }
        }
    }
}
