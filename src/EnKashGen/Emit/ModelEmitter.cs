using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>Emits one model class and its nested reflection-free JSON converter.</summary>
    internal sealed class ModelEmitter
    {
        private const string Json = "global::System.Text.Json";
        private const string Prim = "global::EnKashGen.Runtime.JsonPrimitives";

        private readonly ApiModel _api;
        private readonly EmitContext _context;
        private readonly TypeNames _types;
        private readonly Dictionary<string, EnumType> _enums;

        public ModelEmitter(ApiModel api, EmitContext context, TypeNames types)
        {
            _api = api;
            _context = context;
            _types = types;
            _enums = api.Enums.ToDictionary(e => e.Name);
        }

        /// <summary>Writes the type into <paramref name="w"/>, a file that <see cref="Header.Start"/> opened.</summary>
        public void Write(SourceWriter w, ModelType model)
        {
            w.Doc(model.Description);
            if (model.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(model.Name + " is deprecated in the spec.") + ")]");
            }
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _types.Converter(model.Name) + "))]");
            using (w.Block(_api.Accessibility + " sealed partial class " + model.Name))
            {
                foreach (var property in model.Properties)
                {
                    EmitProperty(w, property);
                    w.Line();
                }
                if (model.AdditionalProperties is not null)
                {
                    w.Doc(model.AdditionalProperties.Kind == TypeKind.Any
                        ? "Members the spec does not describe, kept so that the value round-trips unchanged."
                        : "Additional members (the schema's additionalProperties).");
                    w.Line("public global::System.Collections.Generic.IDictionary<string, " + _types.Nullable(model.AdditionalProperties, model.AdditionalProperties.Nullable) + ">? " + model.AdditionalPropertiesName + " { get; set; }");
                    w.Line();
                }
                EmitToString(w, model);
                w.Line();
                EmitConverter(w, model);
            }
        }

        private bool IsNullable(PropertyModel p) => !p.Required || p.Type.Nullable;

        // A deprecated member carries [Obsolete], which C# does not allow on a required member (CS9042).
        private bool UsesRequiredKeyword(PropertyModel p) => _context.SupportsRequiredMembers && p.Required && !p.ReadOnly && !p.Deprecated;

        private void EmitProperty(SourceWriter w, PropertyModel p)
        {
            w.Doc(p.Description);
            var remarks = new StringBuilder("JSON name: " + p.JsonName + ".");
            if (p.Sensitive)
            {
                remarks.Append(" Sensitive: never written by ToString().");
            }
            if (p.ReadOnly)
            {
                remarks.Append(" Read-only: set by the server.");
            }
            if (p.WriteOnly)
            {
                remarks.Append(" Write-only: sent, never returned.");
            }
            w.Doc(remarks.ToString(), "remarks");
            if (p.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(p.JsonName + " is deprecated in the spec.") + ")]");
            }
            var nullable = IsNullable(p);
            var type = _types.Nullable(p.Type, nullable);
            var modifier = UsesRequiredKeyword(p) ? "required " : string.Empty;
            var initializer = string.Empty;
            var defaultLiteral = p.DefaultValue is null ? null : DefaultLiteral(p.Type, p.DefaultValue);
            if (defaultLiteral is not null && !UsesRequiredKeyword(p))
            {
                initializer = " = " + defaultLiteral + ";";
            }
            else if (!nullable && !_types.IsValueType(p.Type) && !UsesRequiredKeyword(p))
            {
                initializer = " = default!;";
            }
            w.Line("public " + modifier + type + " " + p.Name + " { get; set; }" + initializer);
        }

        internal string? DefaultLiteral(TypeRef type, string raw)
        {
            var inv = CultureInfo.InvariantCulture;
            switch (type.Kind)
            {
                case TypeKind.String:
                    return Literals.String(raw);
                case TypeKind.Boolean:
                    return bool.TryParse(raw, out var b) ? (b ? "true" : "false") : null;
                case TypeKind.Int32:
                    return int.TryParse(raw, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : null;
                case TypeKind.Int64:
                    return long.TryParse(raw, NumberStyles.Integer, inv, out var l) ? l.ToString(inv) + "L" : null;
                case TypeKind.Decimal:
                    return decimal.TryParse(raw, NumberStyles.Float, inv, out var m) ? m.ToString(inv) + "m" : null;
                case TypeKind.Double:
                    return double.TryParse(raw, NumberStyles.Float, inv, out var d) && !double.IsInfinity(d) && !double.IsNaN(d) ? d.ToString("R", inv) + "d" : null;
                case TypeKind.Single:
                    return float.TryParse(raw, NumberStyles.Float, inv, out var f) && !float.IsInfinity(f) && !float.IsNaN(f) ? f.ToString("R", inv) + "f" : null;
                case TypeKind.Enum:
                    if (_enums.TryGetValue(type.Name!, out var e))
                    {
                        var member = e.Members.FirstOrDefault(x => x.Value == raw);
                        return member is null ? null : _types.Declared(e.Name) + "." + member.Name;
                    }
                    return null;
                default:
                    return null;
            }
        }

        private void EmitToString(SourceWriter w, ModelType model)
        {
            w.Doc("Describes the value for logs and debugging; sensitive members are written as ***.");
            using (w.Block("public override string ToString()"))
            {
                w.Line("var text = new global::System.Text.StringBuilder(" + Literals.String(model.Name + " { ") + ");");
                var first = true;
                foreach (var p in model.Properties)
                {
                    var label = (first ? string.Empty : ", ") + p.Name + " = ";
                    first = false;
                    if (p.Sensitive)
                    {
                        var isSet = _types.IsValueType(p.Type) && !IsNullable(p) ? "true" : p.Name + " is not null";
                        w.Line("text.Append(" + Literals.String(label) + ").Append(" + isSet + " ? global::EnKashGen.Runtime.DebugText.Redacted : \"null\");");
                    }
                    else
                    {
                        w.Line("global::EnKashGen.Runtime.DebugText.Append(text, " + Literals.String(label) + ", " + p.Name + ");");
                    }
                }
                if (model.AdditionalPropertiesName is not null)
                {
                    using (w.Block("if (" + model.AdditionalPropertiesName + " is { Count: > 0 } additional)"))
                    {
                        w.Line("text.Append(" + Literals.String((first ? string.Empty : ", ") + "(+") + ").Append(additional.Count).Append(\" more)\");");
                    }
                }
                w.Line("return text.Append(\" }\").ToString();");
            }
        }

        private void EmitConverter(SourceWriter w, ModelType model)
        {
            var type = _types.Declared(model.Name);
            var json = new JsonCode(_types);
            w.Doc("Reads and writes " + model.Name + " with Utf8JsonReader/Utf8JsonWriter, without reflection (trimming and Native AOT safe).");
            using (w.Block("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type + ">"))
            {
                var props = model.Properties;
                var utf8Literals = UsesUtf8Literals(model);
                for (var i = 0; i < props.Count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    if (!utf8Literals)
                    {
                        w.Line("private static readonly byte[] s_utf8" + n + " = global::System.Text.Encoding.UTF8.GetBytes(" + Literals.String(props[i].JsonName) + ");");
                    }
                    w.Line("private static readonly " + Json + ".JsonEncodedText s_name" + n + " = " + Json + ".JsonEncodedText.Encode(" + Literals.String(props[i].JsonName) + ");");
                }
                if (props.Count > 0)
                {
                    w.Line();
                }

                w.Line("public override " + type + " Read(ref " + Json + ".Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + ".JsonSerializerOptions options) => ReadValue(ref reader);");
                w.Line();
                w.Line("public override void Write(" + Json + ".Utf8JsonWriter writer, " + type + " value, " + Json + ".JsonSerializerOptions options) => WriteValue(writer, value);");
                w.Line();

                EmitMatch(w, model, utf8Literals);
                w.Line();
                EmitRead(w, model, json);
                w.Line();
                EmitWrite(w, model, json);
            }
        }

        /// <summary>
        /// Whether the property names can be <c>"..."u8</c> literals (C# 11+, and no name holds a lone surrogate, which has
        /// no UTF-8 form); otherwise each name's bytes are a static field.
        /// </summary>
        private bool UsesUtf8Literals(ModelType model) =>
            _context.SupportsUtf8Literals && model.Properties.All(p => !HasLoneSurrogate(p.JsonName));

        private static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }
            return false;
        }

        private static void EmitMatch(SourceWriter w, ModelType model, bool utf8Literals)
        {
            var props = model.Properties;
            string Bytes(int index) => utf8Literals ? Literals.String(props[index].JsonName) + "u8" : "s_utf8" + index.ToString(CultureInfo.InvariantCulture);
            w.Doc("The index of the property under the reader, or -1.");
            using (w.Block("private static int Match(ref " + Json + ".Utf8JsonReader reader)"))
            {
                if (props.Count == 0)
                {
                    w.Line("return -1;");
                    return;
                }
                using (w.Block("if (!reader.HasValueSequence && !reader.ValueIsEscaped)"))
                {
                    w.Line("var name = reader.ValueSpan;");
                    using (w.Block("switch (name.Length)"))
                    {
                        var byLength = props.Select((p, i) => (Length: Encoding.UTF8.GetByteCount(p.JsonName), Index: i)).GroupBy(x => x.Length).OrderBy(g => g.Key);
                        foreach (var group in byLength)
                        {
                            w.Line("case " + group.Key.ToString(CultureInfo.InvariantCulture) + ":");
                            w.Indent();
                            foreach (var (_, index) in group)
                            {
                                var n = index.ToString(CultureInfo.InvariantCulture);
                                w.Line("if (global::System.MemoryExtensions.SequenceEqual(name, " + Bytes(index) + ")) return " + n + ";");
                            }
                            w.Line("break;");
                            w.Outdent();
                        }
                    }
                    w.Line("return -1;");
                }
                for (var i = 0; i < props.Count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    w.Line("if (reader.ValueTextEquals(" + Bytes(i) + ")) return " + n + ";");
                }
                w.Line("return -1;");
            }
        }

        private void EmitRead(SourceWriter w, ModelType model, JsonCode json)
        {
            var type = _types.Declared(model.Name);
            var props = model.Properties;
            w.Doc("Reads a " + model.Name + "; the reader is on its StartObject token and ends on its EndObject token.");
            using (w.Block("public static " + type + " ReadValue(ref " + Json + ".Utf8JsonReader reader)"))
            {
                w.Line(Prim + ".ExpectStart(ref reader, " + Json + ".JsonTokenType.StartObject, " + Literals.String(model.Name) + ");");
                for (var i = 0; i < props.Count; i++)
                {
                    w.Line(_types.Of(props[i].Type) + "? p" + i.ToString(CultureInfo.InvariantCulture) + " = default;");
                }
                var extra = model.AdditionalProperties;
                if (extra is not null)
                {
                    w.Line("global::System.Collections.Generic.Dictionary<string, " + _types.Nullable(extra, extra.Nullable) + ">? extra = null;");
                }
                using (w.Block("while (reader.Read() && reader.TokenType == " + Json + ".JsonTokenType.PropertyName)"))
                {
                    using (w.Block("switch (Match(ref reader))"))
                    {
                        for (var i = 0; i < props.Count; i++)
                        {
                            var n = i.ToString(CultureInfo.InvariantCulture);
                            w.Line("case " + n + ":");
                            w.Indent();
                            w.Line(Prim + ".MoveToValue(ref reader);");
                            json.Read(w, props[i].Type, "p" + n, model.Name + "." + props[i].JsonName);
                            w.Line("break;");
                            w.Outdent();
                        }
                        w.Line("default:");
                        w.Indent();
                        if (extra is not null && extra.Kind == TypeKind.Any && !extra.Nullable)
                        {
                            w.Line(Prim + ".ReadUnknown(ref reader, ref extra);");
                        }
                        else if (extra is not null)
                        {
                            using (w.Block())
                            {
                                w.Line("var name = reader.GetString()!;");
                                w.Line(Prim + ".MoveToValue(ref reader);");
                                w.Line(_types.Of(extra) + "? item;");
                                json.Read(w, extra, "item", model.Name);
                                if (extra.Nullable || extra.Kind == TypeKind.Any)
                                {
                                    w.Line("(extra ??= new global::System.Collections.Generic.Dictionary<string, " + _types.Nullable(extra, extra.Nullable) + ">())[name] = item" + (!extra.Nullable && _types.IsValueType(extra) ? ".Value" : string.Empty) + ";");
                                }
                                else
                                {
                                    using (w.Block("if (item is not null)"))
                                    {
                                        w.Line("(extra ??= new global::System.Collections.Generic.Dictionary<string, " + _types.Nullable(extra, extra.Nullable) + ">())[name] = item" + (_types.IsValueType(extra) ? ".Value" : string.Empty) + ";");
                                    }
                                }
                            }
                        }
                        else
                        {
                            w.Line(Prim + ".MoveToValue(ref reader);");
                            w.Line("reader.Skip();");
                        }
                        w.Line("break;");
                        w.Outdent();
                    }
                }

                using (w.StatementBlock("return new " + type))
                {
                    for (var i = 0; i < props.Count; i++)
                    {
                        var p = props[i];
                        var n = "p" + i.ToString(CultureInfo.InvariantCulture);
                        string value;
                        if (p.Required && !p.Type.Nullable)
                        {
                            // A missing required member fails the read, naming the member (members are checked in order).
                            value = n + " ?? throw " + Prim + ".MissingRequired(" + Literals.String(model.Name) + ", " + Literals.String(p.JsonName) + ")";
                        }
                        else
                        {
                            value = n;
                            var literal = p.DefaultValue is null ? null : DefaultLiteral(p.Type, p.DefaultValue);
                            if (literal is not null)
                            {
                                value = n + " ?? " + literal;
                            }
                        }
                        w.Line(p.Name + " = " + value + ",");
                    }
                    if (extra is not null)
                    {
                        w.Line(model.AdditionalPropertiesName + " = extra,");
                    }
                }
            }
        }

        private void EmitWrite(SourceWriter w, ModelType model, JsonCode json)
        {
            var type = _types.Declared(model.Name);
            var props = model.Properties;
            w.Doc("Writes a " + model.Name + " as a JSON object; absent optional members are left out.");
            using (w.Block("public static void WriteValue(" + Json + ".Utf8JsonWriter writer, " + type + " value)"))
            {
                w.Line("writer.WriteStartObject();");
                for (var i = 0; i < props.Count; i++)
                {
                    var p = props[i];
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    var nullable = IsNullable(p);
                    var valueType = _types.IsValueType(p.Type);
                    if (!nullable && valueType)
                    {
                        w.Line("writer.WritePropertyName(s_name" + n + ");");
                        json.Write(w, p.Type, "value." + p.Name);
                        continue;
                    }
                    w.Line("var v" + n + " = value." + p.Name + ";");
                    using (w.Block("if (v" + n + " is not null)"))
                    {
                        w.Line("writer.WritePropertyName(s_name" + n + ");");
                        json.Write(w, p.Type, valueType ? "v" + n + ".Value" : "v" + n);
                    }
                    if (p.Required)
                    {
                        using (w.Block("else"))
                        {
                            w.Line("writer.WriteNull(s_name" + n + ");");
                        }
                    }
                }
                var extra = model.AdditionalProperties;
                if (extra is not null)
                {
                    using (w.Block("if (value." + model.AdditionalPropertiesName + " is { } extra)"))
                    {
                        using (w.Block("foreach (var pair in extra)"))
                        {
                            w.Line("writer.WritePropertyName(pair.Key);");
                            if (extra.Nullable || !_types.IsValueType(extra))
                            {
                                using (w.Block("if (pair.Value is null)"))
                                {
                                    w.Line("writer.WriteNullValue();");
                                }
                                using (w.Block("else"))
                                {
                                    json.Write(w, extra, _types.IsValueType(extra) ? "pair.Value.Value" : "pair.Value");
                                }
                            }
                            else
                            {
                                json.Write(w, extra, "pair.Value");
                            }
                        }
                    }
                }
                w.Line("writer.WriteEndObject();");
            }
        }
    }
}
