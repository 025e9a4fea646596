using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits a oneOf/anyOf type: one nullable property per variant, exactly one of which is set after reading; a
    /// discriminator picks the variant directly, otherwise variants are tried in spec order. A value no variant
    /// accepts is kept as raw JSON, so nothing is dropped.
    /// </summary>
    internal sealed class UnionEmitter
    {
        private const string Json = "global::System.Text.Json";
        private readonly ApiModel _api;
        private readonly TypeNames _types;

        public UnionEmitter(ApiModel api, TypeNames types)
        {
            _api = api;
            _types = types;
        }

        public string Emit(UnionType u)
        {
            var w = Header.Start(_api);
            var type = _types.Declared(u.Name);
            w.Doc((u.Description is null ? string.Empty : u.Description + "\n") + "One of: " + string.Join(", ", u.Variants.Select(v => v.Name)) + ". Exactly one property is set; Json holds a value no variant accepts.");
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _types.Converter(u.Name) + "))]");
            using (w.Block(_api.Accessibility + " sealed partial class " + u.Name))
            {
                foreach (var v in u.Variants)
                {
                    w.Doc("Set when the value is a " + v.Name + ".");
                    w.Line("public " + _types.Nullable(v.Type, true) + " " + v.Name + " { get; private set; }");
                    w.Line();
                }
                w.Doc("Set when no variant accepts the value: the JSON as received.");
                w.Line("public " + Json + ".JsonElement? Json { get; private set; }");
                w.Line();
                foreach (var v in u.Variants)
                {
                    w.Line("public static " + type + " From" + v.Name + "(" + _types.Of(v.Type) + " value) => new " + type + " { " + v.Name + " = value };");
                    w.Line();
                }
                w.Line("public static " + type + " FromJson(" + Json + ".JsonElement value) => new " + type + " { Json = value };");
                w.Line();
                using (w.Block("public override string ToString()"))
                {
                    foreach (var v in u.Variants)
                    {
                        using (w.Block("if (" + v.Name + " is not null)"))
                        {
                            w.Line("var text = new global::System.Text.StringBuilder(" + Literals.String(u.Name + "." + v.Name + "(") + ");");
                            w.Line("global::EnKashGen.Runtime.DebugText.Append(text, " + v.Name + ");");
                            w.Line("return text.Append(')').ToString();");
                        }
                    }
                    w.Line("return " + Literals.String(u.Name + "(JSON)") + ";");
                }
                w.Line();
                EmitConverter(w, u, type);
            }
            return Header.End(w);
        }

        private void EmitConverter(SourceWriter w, UnionType u, string type)
        {
            var json = new JsonCode(_types);
            w.Doc("Reads and writes " + u.Name + " without reflection.");
            using (w.Block("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type + ">"))
            {
                w.Line("public override " + type + " Read(ref " + Json + ".Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + ".JsonSerializerOptions options) => ReadValue(ref reader);");
                w.Line();
                w.Line("public override void Write(" + Json + ".Utf8JsonWriter writer, " + type + " value, " + Json + ".JsonSerializerOptions options) => WriteValue(writer, value);");
                w.Line();
                using (w.Block("public static " + type + " ReadValue(ref " + Json + ".Utf8JsonReader reader)"))
                {
                    if (u.DiscriminatorProperty is not null && u.Variants.Any(v => v.DiscriminatorValues.Count > 0))
                    {
                        w.Line("var tag = global::EnKashGen.Runtime.UnionReading.Discriminator(reader, " + Literals.String(u.DiscriminatorProperty) + ");");
                        using (w.Block("switch (tag)"))
                        {
                            for (var i = 0; i < u.Variants.Count; i++)
                            {
                                var v = u.Variants[i];
                                if (v.DiscriminatorValues.Count == 0)
                                {
                                    continue;
                                }
                                foreach (var value in v.DiscriminatorValues)
                                {
                                    w.Line("case " + Literals.String(value) + ":");
                                }
                                w.Indent();
                                w.Line("return new " + type + " { " + v.Name + " = Option" + i.ToString(CultureInfo.InvariantCulture) + "(ref reader) };");
                                w.Outdent();
                            }
                        }
                    }
                    for (var i = 0; i < u.Variants.Count; i++)
                    {
                        var v = u.Variants[i];
                        var n = i.ToString(CultureInfo.InvariantCulture);
                        using (w.Block("if (" + TokenTest(v.Type) + ")"))
                        {
                            w.Line("var copy = reader;");
                            using (w.Block("try"))
                            {
                                w.Line("var value = Option" + n + "(ref copy);");
                                using (w.Block("if (value is not null)"))
                                {
                                    w.Line("reader = copy;");
                                    w.Line("return new " + type + " { " + v.Name + " = value };");
                                }
                            }
                            using (w.Block("catch (" + Json + ".JsonException)"))
                            {
                                w.Line("// Not this variant; try the next one.");
                            }
                            using (w.Block("catch (global::System.InvalidOperationException)"))
                            {
                                w.Line("// Not this variant; try the next one.");
                            }
                            using (w.Block("catch (global::System.FormatException)"))
                            {
                                w.Line("// Not this variant; try the next one.");
                            }
                        }
                    }
                    w.Line("return new " + type + " { Json = " + Json + ".JsonElement.ParseValue(ref reader) };");
                }
                w.Line();
                for (var i = 0; i < u.Variants.Count; i++)
                {
                    var v = u.Variants[i];
                    using (w.Block("private static " + _types.Nullable(v.Type, true) + " Option" + i.ToString(CultureInfo.InvariantCulture) + "(ref " + Json + ".Utf8JsonReader reader)"))
                    {
                        w.Line(_types.Of(v.Type) + "? value;");
                        json.Read(w, v.Type, "value", u.Name + "." + v.Name);
                        w.Line("return value;");
                    }
                    w.Line();
                }
                using (w.Block("public static void WriteValue(" + Json + ".Utf8JsonWriter writer, " + type + " value)"))
                {
                    foreach (var v in u.Variants)
                    {
                        using (w.Block("if (value." + v.Name + " is not null)"))
                        {
                            json.Write(w, v.Type, _types.IsValueType(v.Type) ? "value." + v.Name + ".Value" : "value." + v.Name);
                            w.Line("return;");
                        }
                    }
                    using (w.Block("if (value.Json is not null)"))
                    {
                        w.Line("global::EnKashGen.Runtime.JsonPrimitives.WriteElement(writer, value.Json.Value);");
                        w.Line("return;");
                    }
                    w.Line("writer.WriteNullValue();");
                }
            }
        }

        private string TokenTest(TypeRef type)
        {
            const string T = "reader.TokenType == global::System.Text.Json.JsonTokenType.";
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.DateTimeOffset:
                case TypeKind.DateOnly:
                case TypeKind.Guid:
                case TypeKind.Uri:
                case TypeKind.Base64Bytes:
                    return T + "String";
                case TypeKind.Boolean:
                    return T + "True || " + T + "False";
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                    return T + "Number";
                case TypeKind.Array:
                    return T + "StartArray";
                case TypeKind.Model:
                case TypeKind.Map:
                    return T + "StartObject";
                default:
                    return "true";
            }
        }
    }
}
