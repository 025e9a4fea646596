using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits a oneOf/anyOf type: one nullable property per variant, exactly one of which is set after reading; a
    /// discriminator picks the variant directly, otherwise the object variant whose members fit best is tried first
    /// and then variants are tried in spec order. A value no variant accepts is kept as raw JSON, so nothing is dropped.
    /// </summary>
    internal sealed class UnionEmitter
    {
        private const string Json = "global::System.Text.Json";
        private readonly ApiModel _api;
        private readonly TypeNames _types;
        private readonly Dictionary<string, ModelType> _models;

        public UnionEmitter(ApiModel api, TypeNames types)
        {
            _api = api;
            _types = types;
            _models = api.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        }

        /// <summary>Writes the type into <paramref name="w"/>, a file that <see cref="Header.Start"/> opened.</summary>
        public void Write(SourceWriter w, UnionType u)
        {
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
                var picked = PickableVariants(u);
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
                    if (picked.Count > 1)
                    {
                        // Several object variants: the one whose members fit the object best is tried first.
                        using (w.Block("if (reader.TokenType == " + Json + ".JsonTokenType.StartObject)"))
                        {
                            using (w.Block("switch (Pick(reader))"))
                            {
                                foreach (var (index, _) in picked)
                                {
                                    var n = index.ToString(CultureInfo.InvariantCulture);
                                    w.Line("case " + n + ":");
                                    w.Indent();
                                    w.Line("if (TryOption" + n + "(ref reader, out var picked" + n + ")) return picked" + n + ";");
                                    w.Line("break;");
                                    w.Outdent();
                                }
                            }
                        }
                    }
                    for (var i = 0; i < u.Variants.Count; i++)
                    {
                        var n = i.ToString(CultureInfo.InvariantCulture);
                        using (w.Block("if ((" + TokenTest(u.Variants[i].Type) + ") && TryOption" + n + "(ref reader, out var result" + n + "))"))
                        {
                            w.Line("return result" + n + ";");
                        }
                    }
                    w.Line("return new " + type + " { Json = " + Json + ".JsonElement.ParseValue(ref reader) };");
                }
                w.Line();
                for (var i = 0; i < u.Variants.Count; i++)
                {
                    var v = u.Variants[i];
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    w.Doc("Reads the value as a " + v.Name + " from a copy of the reader; the reader moves on only when that succeeds.");
                    using (w.Block("private static bool TryOption" + n + "(ref " + Json + ".Utf8JsonReader reader, out " + type + " result)"))
                    {
                        w.Line("var copy = reader;");
                        using (w.Block("try"))
                        {
                            w.Line("var value = Option" + n + "(ref copy);");
                            using (w.Block("if (value is not null)"))
                            {
                                w.Line("reader = copy;");
                                w.Line("result = new " + type + " { " + v.Name + " = value };");
                                w.Line("return true;");
                            }
                        }
                        using (w.Block("catch (" + Json + ".JsonException)"))
                        {
                            w.Line("// Not this variant.");
                        }
                        using (w.Block("catch (global::System.InvalidOperationException)"))
                        {
                            w.Line("// Not this variant.");
                        }
                        using (w.Block("catch (global::System.FormatException)"))
                        {
                            w.Line("// Not this variant.");
                        }
                        w.Line("result = null!;");
                        w.Line("return false;");
                    }
                    w.Line();
                }
                if (picked.Count > 1)
                {
                    EmitPick(w, picked);
                    w.Line();
                }
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

        /// <summary>The object variants whose members are known: (variant index, model).</summary>
        private List<(int Index, ModelType Model)> PickableVariants(UnionType u)
        {
            var result = new List<(int, ModelType)>();
            for (var i = 0; i < u.Variants.Count; i++)
            {
                var t = u.Variants[i].Type;
                if (t.Kind == TypeKind.Model && _models.TryGetValue(t.Name!, out var model))
                {
                    result.Add((i, model));
                }
            }
            return result;
        }

        /// <summary>
        /// Emits Pick: reading a copy of the reader, it counts for each object variant the members it knows and the
        /// required members present. A variant qualifies when all its required members are there and, if it allows no
        /// additional members, no unknown one is; the qualifying variant that knows most members wins (spec order on ties).
        /// </summary>
        private static void EmitPick(SourceWriter w, List<(int Index, ModelType Model)> picked)
        {
            w.Doc("The index of the object variant that fits the object under the reader best, or -1.");
            using (w.Block("private static int Pick(" + Json + ".Utf8JsonReader reader)"))
            {
                foreach (var (index, model) in picked)
                {
                    var n = index.ToString(CultureInfo.InvariantCulture);
                    w.Line("var known" + n + " = 0;");
                    if (model.Properties.Any(p => p.Required))
                    {
                        w.Line("var required" + n + " = 0;");
                    }
                    w.Line("var unknown" + n + " = false;");
                }
                var names = new List<string>();
                foreach (var (_, model) in picked)
                {
                    foreach (var p in model.Properties)
                    {
                        if (!names.Contains(p.JsonName))
                        {
                            names.Add(p.JsonName);
                        }
                    }
                }
                using (w.Block("while (reader.Read() && reader.TokenType == " + Json + ".JsonTokenType.PropertyName)"))
                {
                    var first = true;
                    foreach (var name in names)
                    {
                        using (w.Block((first ? "if" : "else if") + " (reader.ValueTextEquals(" + Literals.String(name) + "))"))
                        {
                            foreach (var (index, model) in picked)
                            {
                                var n = index.ToString(CultureInfo.InvariantCulture);
                                var property = model.Properties.FirstOrDefault(p => p.JsonName == name);
                                if (property is not null)
                                {
                                    w.Line("known" + n + "++;");
                                    if (property.Required)
                                    {
                                        w.Line("required" + n + "++;");
                                    }
                                }
                                else if (model.AdditionalProperties is null)
                                {
                                    w.Line("unknown" + n + " = true;");
                                }
                            }
                        }
                        first = false;
                    }
                    var closed = picked.Where(x => x.Model.AdditionalProperties is null).ToList();
                    if (closed.Count > 0)
                    {
                        using (w.Block(first ? null : "else"))
                        {
                            foreach (var (index, _) in closed)
                            {
                                w.Line("unknown" + index.ToString(CultureInfo.InvariantCulture) + " = true;");
                            }
                        }
                    }
                    w.Line("reader.Read();");
                    w.Line("reader.Skip();");
                }
                w.Line("var best = -1;");
                w.Line("var bestKnown = -1;");
                foreach (var (index, model) in picked)
                {
                    var n = index.ToString(CultureInfo.InvariantCulture);
                    var requiredCount = model.Properties.Count(p => p.Required);
                    var requiredTest = requiredCount == 0 ? string.Empty : "required" + n + " >= " + requiredCount.ToString(CultureInfo.InvariantCulture) + " && ";
                    using (w.Block("if (" + requiredTest + "!unknown" + n + " && known" + n + " > bestKnown)"))
                    {
                        w.Line("best = " + n + ";");
                        w.Line("bestKnown = known" + n + ";");
                    }
                }
                w.Line("return best;");
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
