using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Writes an open enum: a readonly struct with a static member per documented value that also carries values the
    /// spec does not list, so an API that adds a value never breaks deserialization and the raw value round-trips. It is a
    /// record struct: the compiler writes its value equality (ordinal, over the raw value) and its operators.
    /// </summary>
    internal static class EnumEmitter
    {
        private const string Rt = EmitPlan.Runtime;

        public static void Write(SourceWriter w, EmitPlan plan, EnumType e)
        {
            // The type's own name, unqualified: every use below is in a type position, where a simple name finds only
            // types, and inside its own declaration (or its namespace, for the attribute) it can only be this one.
            var type = e.Name;
            var raw = e.IsInteger ? "long" : "string";
            var allowed = string.Join(", ", e.Members.Select(m => m.Value));
            w.Doc((e.Description is null ? string.Empty : e.Description + "\n") + "Documented values: " + allowed + "; others are kept too (see IsKnown).");
            if (e.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(e.Name + " is deprecated in the spec.") + ")]");
            }
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + type + "." + ReservedNames.CodecClass + "))]");
            using (w.Block(plan.Api.Accessibility + " readonly partial record struct " + e.Name + " : " + Rt + ".IKnownValue"))
            {
                foreach (var m in e.Members)
                {
                    w.Doc((m.Description is null ? string.Empty : m.Description + " ") + "(" + m.Value + ")");
                    w.Line("public static readonly " + type + " " + m.Name + " = new(" + Literal(e, m.Value) + ");");
                    w.Line();
                }
                if (e.IsInteger)
                {
                    w.Line("private readonly long _value;");
                    w.Line("private readonly bool _set;");
                    w.Line();
                    w.Doc("Wraps any value, documented or not.");
                    w.Line("public " + e.Name + "(long value) => (_value, _set) = (value, true);");
                    w.Line();
                    w.Doc("The value on the wire.");
                    w.Line("public long Value => _value;");
                    w.Line();
                    w.Doc("Whether the spec documents the value.");
                    w.Line("public bool IsKnown => _set && " + ReservedNames.CodecClass + ".Instance.IsKnown(_value);");
                    w.Line();
                    w.Line("public override string ToString() => _value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                }
                else
                {
                    w.Line("private readonly string? _value;");
                    w.Line();
                    w.Doc("Wraps any value, documented or not.");
                    w.Line("public " + e.Name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
                    w.Line();
                    w.Doc("The value on the wire (empty when unset).");
                    w.Line("public string Value => _value ?? string.Empty;");
                    w.Line();
                    w.Doc("Whether the spec documents the value.");
                    w.Line("public bool IsKnown => " + ReservedNames.CodecClass + ".Instance.IsKnown(_value);");
                    w.Line();
                    w.Line("public override string ToString() => Value;");
                }
                w.Line();
                w.Line("public static explicit operator " + type + "(" + raw + " value) => new(value);");
                w.Line();
                w.Doc("The documented values, in spec order.");
                w.Line("public static global::System.Collections.Generic.IReadOnlyList<" + type + "> KnownValues { get; } = new " + type + "[] { " + string.Join(", ", e.Members.Select(m => m.Name)) + " };");
                w.Line();
                w.Line(Rt + ".IEnumValues " + Rt + ".IKnownValue.Values => " + ReservedNames.CodecClass + ".Instance;");
                w.Line();
                var codecBase = e.IsInteger ? Rt + ".IntegerEnumCodec<" + type + ">" : Rt + ".EnumCodec<" + type + ">";
                using (w.Block("internal sealed class " + ReservedNames.CodecClass + " : " + codecBase))
                {
                    w.Line("internal static readonly " + ReservedNames.CodecClass + " Instance = new();");
                    w.Line();
                    w.Line("public " + ReservedNames.CodecClass + "()");
                    w.Line("    : base(" + (e.Extensible ? "acceptsUnknown: true" : "acceptsUnknown: false") + string.Concat(e.Members.Select(m => ", " + Literal(e, m.Value))) + ")");
                    w.Line("{");
                    w.Line("}");
                    w.Line();
                    if (e.IsInteger)
                    {
                        w.Line("protected override " + type + " Create(long value) => new(value);");
                        w.Line();
                        w.Line("protected override long ValueOf(" + type + " value) => value.Value;");
                    }
                    else
                    {
                        w.Line("protected override " + type + " Create(string value) => new(value);");
                    }
                }
            }
        }

        private static string Literal(EnumType e, string value) => e.IsInteger
            ? long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L"
            : Literals.String(value);
    }
}
