using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits an open enum: a readonly struct with a static member per documented value that also carries values the
    /// spec does not list, so an API that adds a value never breaks deserialization and the raw value round-trips.
    /// </summary>
    internal sealed class EnumEmitter
    {
        private const string Json = "global::System.Text.Json";
        private readonly ApiModel _api;
        private readonly TypeNames _types;

        public EnumEmitter(ApiModel api, TypeNames types)
        {
            _api = api;
            _types = types;
        }

        /// <summary>Writes the type into <paramref name="w"/>, a file that <see cref="Header.Start"/> opened.</summary>
        public void Write(SourceWriter w, EnumType e)
        {
            var type = _types.Declared(e.Name);
            var raw = e.IsInteger ? "long" : "string";
            var allowed = string.Join(", ", e.Members.Select(m => m.Value));
            w.Doc((e.Description is null ? string.Empty : e.Description + "\n") + "Documented values: " + allowed + ". Other values are kept as they are (see IsKnown).");
            if (e.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(e.Name + " is deprecated in the spec.") + ")]");
            }
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _types.Converter(e.Name) + "))]");
            using (w.Block(_api.Accessibility + " readonly partial struct " + e.Name + " : global::System.IEquatable<" + type + ">"))
            {
                foreach (var m in e.Members)
                {
                    w.Doc((m.Description is null ? string.Empty : m.Description + " ") + "(" + m.Value + ")");
                    w.Line("public static readonly " + type + " " + m.Name + " = new " + type + "(" + Literal(e, m.Value) + ");");
                    w.Line();
                }
                if (e.IsInteger)
                {
                    w.Line("private readonly long _value;");
                    w.Line("private readonly bool _set;");
                    w.Line();
                    w.Doc("Wraps any value, documented or not.");
                    using (w.Block("public " + e.Name + "(long value)"))
                    {
                        w.Line("_value = value;");
                        w.Line("_set = true;");
                    }
                    w.Line();
                    w.Doc("The value as sent on the wire.");
                    w.Line("public long Value => _value;");
                    w.Line();
                    w.Doc("Whether the value is one the spec documents.");
                    w.Line("public bool IsKnown => _set && (" + (e.Members.Count == 0 ? "false" : string.Join(" || ", e.Members.Select(m => "_value == " + Literal(e, m.Value)))) + ");");
                    w.Line();
                    w.Line("public bool Equals(" + type + " other) => _value == other._value && _set == other._set;");
                    w.Line();
                    w.Line("public override int GetHashCode() => _value.GetHashCode();");
                    w.Line();
                    w.Line("public override string ToString() => _value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                }
                else
                {
                    w.Line("private readonly string? _value;");
                    w.Line();
                    w.Doc("Wraps any value, documented or not.");
                    using (w.Block("public " + e.Name + "(string value)"))
                    {
                        w.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
                    }
                    w.Line();
                    w.Doc("The value as sent on the wire (empty for an unset value).");
                    w.Line("public string Value => _value ?? string.Empty;");
                    w.Line();
                    w.Doc("Whether the value is one the spec documents.");
                    if (e.Members.Count == 0)
                    {
                        w.Line("public bool IsKnown => false;");
                    }
                    else
                    {
                        using (w.StatementBlock("public bool IsKnown => _value switch"))
                        {
                            foreach (var m in e.Members)
                            {
                                w.Line(Literals.String(m.Value) + " => true,");
                            }
                            w.Line("_ => false,");
                        }
                    }
                    w.Line();
                    w.Line("public bool Equals(" + type + " other) => string.Equals(_value, other._value, global::System.StringComparison.Ordinal);");
                    w.Line();
                    w.Line("public override int GetHashCode() => _value is null ? 0 : global::System.StringComparer.Ordinal.GetHashCode(_value);");
                    w.Line();
                    w.Line("public override string ToString() => Value;");
                }
                w.Line();
                w.Line("public override bool Equals(object? obj) => obj is " + type + " other && Equals(other);");
                w.Line();
                w.Line("public static bool operator ==(" + type + " left, " + type + " right) => left.Equals(right);");
                w.Line();
                w.Line("public static bool operator !=(" + type + " left, " + type + " right) => !left.Equals(right);");
                w.Line();
                w.Line("public static explicit operator " + type + "(" + raw + " value) => new " + type + "(value);");
                w.Line();
                w.Doc("The documented values, in spec order.");
                w.Line("public static global::System.Collections.Generic.IReadOnlyList<" + type + "> KnownValues { get; } = new " + type + "[] { " + string.Join(", ", e.Members.Select(m => m.Name)) + " };");
                w.Line();
                w.Doc("The documented values as text, for messages.");
                w.Line("internal const string AllowedText = " + Literals.String(allowed) + ";");
                w.Line();
                w.Doc("Reads and writes " + e.Name + " without reflection; unknown values are kept.");
                using (w.Block("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type + ">"))
                {
                    w.Line("public override " + type + " Read(ref " + Json + ".Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + ".JsonSerializerOptions options) => ReadValue(ref reader);");
                    w.Line();
                    w.Line("public override void Write(" + Json + ".Utf8JsonWriter writer, " + type + " value, " + Json + ".JsonSerializerOptions options) => WriteValue(writer, value);");
                    w.Line();
                    using (w.Block("public static " + type + " ReadValue(ref " + Json + ".Utf8JsonReader reader)"))
                    {
                        if (e.IsInteger)
                        {
                            w.Line("var value = global::EnKashGen.Runtime.JsonPrimitives.ReadInt64(ref reader);");
                            w.Line("return value is null ? default : new " + type + "(value.Value);");
                        }
                        else
                        {
                            w.Line("var value = global::EnKashGen.Runtime.JsonPrimitives.ReadString(ref reader);");
                            w.Line("return value is null ? default : new " + type + "(value);");
                        }
                    }
                    w.Line();
                    using (w.Block("public static void WriteValue(" + Json + ".Utf8JsonWriter writer, " + type + " value)"))
                    {
                        w.Line(e.IsInteger ? "writer.WriteNumberValue(value.Value);" : "writer.WriteStringValue(value.Value);");
                    }
                }
            }
        }

        private static string Literal(EnumType e, string value) => e.IsInteger
            ? long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L"
            : Literals.String(value);
    }
}
