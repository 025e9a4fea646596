using System.Globalization;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits the statements that read or write one value with <c>Utf8JsonReader</c>/<c>Utf8JsonWriter</c>, so every
    /// converter is straight-line code with no reflection and no options lookups.
    /// </summary>
    internal sealed class JsonCode
    {
        private const string Json = "global::System.Text.Json";
        private const string Prim = "global::EnKashGen.Runtime.JsonPrimitives";
        private readonly TypeNames _types;
        private int _counter;

        public JsonCode(TypeNames types)
        {
            _types = types;
        }

        /// <summary>Reads the value under the reader into <paramref name="target"/>, a variable of the nullable form of the type.</summary>
        public void Read(SourceWriter w, TypeRef type, string target, string label)
        {
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Uri:
                    w.Line(target + " = " + Prim + ".ReadString(ref reader);");
                    break;
                case TypeKind.DateOnly when _types.DateOnlyAsString:
                    w.Line(target + " = " + Prim + ".ReadString(ref reader);");
                    break;
                case TypeKind.Boolean:
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                case TypeKind.DateTimeOffset:
                case TypeKind.DateOnly:
                case TypeKind.Guid:
                    w.Line(target + " = " + Prim + ".Read" + type.Kind + "(ref reader);");
                    break;
                case TypeKind.Base64Bytes:
                    w.Line(target + " = " + Prim + ".ReadBytes(ref reader);");
                    break;
                case TypeKind.Any:
                    w.Line(target + " = " + Prim + ".ReadElement(ref reader);");
                    break;
                case TypeKind.Model:
                case TypeKind.Union:
                    w.Line(target + " = reader.TokenType == " + Json + ".JsonTokenType.Null ? null : " + _types.Converter(type.Name!) + ".ReadValue(ref reader);");
                    break;
                case TypeKind.Enum:
                    w.Line(target + " = reader.TokenType == " + Json + ".JsonTokenType.Null ? (" + _types.Of(type) + "?)null : " + _types.Converter(type.Name!) + ".ReadValue(ref reader);");
                    break;
                case TypeKind.Array:
                    ReadArray(w, type, target, label);
                    break;
                case TypeKind.Map:
                    ReadMap(w, type, target, label);
                    break;
            }
        }

        private void ReadArray(SourceWriter w, TypeRef type, string target, string label)
        {
            var n = Next();
            var element = type.Element!;
            var list = "list" + n;
            var item = "item" + n;
            using (w.Block("if (reader.TokenType == " + Json + ".JsonTokenType.Null)"))
            {
                w.Line(target + " = null;");
            }
            using (w.Block("else"))
            {
                w.Line(Prim + ".ExpectStart(ref reader, " + Json + ".JsonTokenType.StartArray, " + Literals.String(label) + ");");
                w.Line("var " + list + " = new " + _types.Concrete(type) + "();");
                using (w.Block("while (reader.Read() && reader.TokenType != " + Json + ".JsonTokenType.EndArray)"))
                {
                    w.Line(_types.Of(element) + "? " + item + ";");
                    Read(w, element, item, label);
                    AddItem(w, element, item, list + ".Add(", ")", label);
                }
                w.Line(target + " = " + list + ";");
            }
        }

        private void ReadMap(SourceWriter w, TypeRef type, string target, string label)
        {
            var n = Next();
            var element = type.Element!;
            var map = "map" + n;
            var key = "key" + n;
            var item = "item" + n;
            using (w.Block("if (reader.TokenType == " + Json + ".JsonTokenType.Null)"))
            {
                w.Line(target + " = null;");
            }
            using (w.Block("else"))
            {
                w.Line(Prim + ".ExpectStart(ref reader, " + Json + ".JsonTokenType.StartObject, " + Literals.String(label) + ");");
                w.Line("var " + map + " = new " + _types.Concrete(type) + "();");
                using (w.Block("while (reader.Read() && reader.TokenType == " + Json + ".JsonTokenType.PropertyName)"))
                {
                    w.Line("var " + key + " = reader.GetString()!;");
                    w.Line(Prim + ".MoveToValue(ref reader);");
                    w.Line(_types.Of(element) + "? " + item + ";");
                    Read(w, element, item, label);
                    AddItem(w, element, item, map + "[" + key + "] = ", string.Empty, label);
                }
                w.Line(target + " = " + map + ";");
            }
        }

        private void AddItem(SourceWriter w, TypeRef element, string item, string prefix, string suffix, string label)
        {
            if (element.Nullable)
            {
                w.Line(prefix + item + suffix + ";");
                return;
            }
            using (w.Block("if (" + item + " is null)"))
            {
                w.Line("throw new " + Json + ".JsonException(" + Literals.String("A null item was found in " + label + ", which does not allow null items.") + ");");
            }
            w.Line(prefix + item + (_types.IsValueType(element) ? ".Value" : string.Empty) + suffix + ";");
        }

        /// <summary>Writes <paramref name="expr"/>, a non-null value of the type.</summary>
        public void Write(SourceWriter w, TypeRef type, string expr)
        {
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Uri:
                case TypeKind.DateTimeOffset:
                case TypeKind.Guid:
                    w.Line("writer.WriteStringValue(" + expr + ");");
                    break;
                case TypeKind.DateOnly:
                    w.Line(_types.DateOnlyAsString ? "writer.WriteStringValue(" + expr + ");" : Prim + ".WriteDateOnly(writer, " + expr + ");");
                    break;
                case TypeKind.Boolean:
                    w.Line("writer.WriteBooleanValue(" + expr + ");");
                    break;
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                    w.Line("writer.WriteNumberValue(" + expr + ");");
                    break;
                case TypeKind.Base64Bytes:
                    w.Line("writer.WriteBase64StringValue(" + expr + ");");
                    break;
                case TypeKind.Any:
                    w.Line(Prim + ".WriteElement(writer, " + expr + ");");
                    break;
                case TypeKind.Model:
                case TypeKind.Union:
                case TypeKind.Enum:
                    w.Line(_types.Converter(type.Name!) + ".WriteValue(writer, " + expr + ");");
                    break;
                case TypeKind.Array:
                {
                    var item = "item" + Next();
                    w.Line("writer.WriteStartArray();");
                    using (w.Block("foreach (var " + item + " in " + expr + ")"))
                    {
                        WriteItem(w, type.Element!, item);
                    }
                    w.Line("writer.WriteEndArray();");
                    break;
                }
                case TypeKind.Map:
                {
                    var pair = "pair" + Next();
                    w.Line("writer.WriteStartObject();");
                    using (w.Block("foreach (var " + pair + " in " + expr + ")"))
                    {
                        w.Line("writer.WritePropertyName(" + pair + ".Key);");
                        WriteItem(w, type.Element!, pair + ".Value");
                    }
                    w.Line("writer.WriteEndObject();");
                    break;
                }
            }
        }

        private void WriteItem(SourceWriter w, TypeRef element, string item)
        {
            var valueType = _types.IsValueType(element);
            if (!element.Nullable && valueType)
            {
                Write(w, element, item);
                return;
            }
            using (w.Block("if (" + item + " is null)"))
            {
                w.Line("writer.WriteNullValue();");
            }
            using (w.Block("else"))
            {
                Write(w, element, valueType ? item + ".Value" : item);
            }
        }

        private string Next()
        {
            _counter++;
            return _counter.ToString(CultureInfo.InvariantCulture);
        }
    }
}
