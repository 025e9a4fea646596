using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Writes a model class: its properties, and a nested <c>Codec</c> that gives the runtime's object codec the JSON
    /// names of the members and one line per member to read it, one to write it and, for request types, one to check it.
    /// </summary>
    internal static class ObjectEmitter
    {
        private const string Rt = EmitPlan.Runtime;
        private const string Reader = "global::System.Text.Json.Utf8JsonReader";

        public static void Write(SourceWriter w, EmitPlan plan, ObjectType model)
        {
            var types = plan.Types;
            // The type's own name, unqualified: it is used only in type positions (the converter attribute, the codec's
            // signatures), where a simple name finds only types, and inside its own declaration it can only be this one.
            // Other types' codecs are named in full (plan.CodecOf): those are expressions, where a member could be meant.
            var type = model.Name;
            var hierarchy = model.Hierarchy;
            w.Doc(model.Description);
            if (model.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(model.Name + " is deprecated in the spec.") + ")]");
            }
            w.Line(Header.GeneratedCode);
            w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + type + "." + ReservedNames.CodecClass + "))]");
            var kind = hierarchy is null ? "sealed partial class " : hierarchy.IsAbstract ? "abstract partial class " : "partial class ";
            var bases = new List<string>();
            if (model.BaseName is not null)
            {
                bases.Add(types.Declared(model.BaseName));
            }
            var ownRawMembers = model.AdditionalProperties is { } raw && IsRawJson(raw) && !model.AdditionalPropertiesInherited;
            if (ownRawMembers)
            {
                bases.Add(Rt + ".IAdditionalProperties");
            }
            var baseList = bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
            using (w.Block(plan.Api.Accessibility + " " + kind + model.Name + baseList))
            {
                foreach (var property in model.Properties)
                {
                    WriteProperty(w, plan, property);
                    w.Line();
                }
                if (model.AdditionalProperties is { } extra && !model.AdditionalPropertiesInherited)
                {
                    w.Doc(extra.Kind == TypeKind.Any
                        ? "Members the spec does not describe, kept and written back unchanged."
                        : "Additional members (the schema's additionalProperties).");
                    var dictionary = "global::System.Collections.Generic.IDictionary<string, " + types.Nullable(extra, extra.Nullable) + ">?";
                    w.Line("public " + dictionary + " " + model.AdditionalPropertiesName + " { get; set; }");
                    w.Line();
                    if (ownRawMembers && model.AdditionalPropertiesName != "AdditionalProperties")
                    {
                        w.Line(dictionary + " " + Rt + ".IAdditionalProperties.AdditionalProperties { get => " + model.AdditionalPropertiesName + "; set => " + model.AdditionalPropertiesName + " = value; }");
                        w.Line();
                    }
                }
                WriteConstructors(w, plan, model);
                w.Doc("The value as JSON, sensitive members written as ***.");
                w.Line("public override string ToString() => " + ReservedNames.CodecClass + ".Instance.Describe(this);");
                w.Line();
                WriteCodec(w, plan, model, type);
            }
            if (hierarchy is not null)
            {
                w.Line();
                WriteUnknown(w, plan, model, hierarchy);
            }
        }

        /// <summary>
        /// A derived type (or a base that can be a value itself) writes its discriminator value from its constructor. Other
        /// types have only the implicit one: the codec sets their required members in an object initializer.
        /// </summary>
        private static void WriteConstructors(SourceWriter w, EmitPlan plan, ObjectType model)
        {
            if (model.Hierarchy is { IsAbstract: true } || plan.DiscriminatorInit(model) is not { } init)
            {
                return;
            }
            var required = plan.RequiredMembers(model).Count > 0;
            w.DocMarkup("Creates a " + model.Name + " (" + Literals.XmlText(init.JsonName) + " " + Literals.XmlText(init.Value) + ")" + (required ? "; set its required members in the object initializer." : "."));
            w.Line("public " + model.Name + "() => " + init.Assignment + ";");
            w.Line();
        }

        /// <summary>Members of any JSON value, held as JsonElement: what additionalProperties true (or absent) means.</summary>
        private static bool IsRawJson(TypeRef extra) => extra.Kind == TypeKind.Any && !extra.Nullable;

        /// <summary>The type of the values of a base whose discriminator the spec does not list: written back as they were read.</summary>
        private static void WriteUnknown(SourceWriter w, EmitPlan plan, ObjectType model, HierarchyModel hierarchy)
        {
            var element = "global::System.Text.Json.JsonElement";
            var known = string.Join(", ", hierarchy.OwnValues.Concat(hierarchy.Subtypes.SelectMany(t => t.Values)));
            w.Doc("A " + model.Name + " whose " + hierarchy.DiscriminatorJsonName + " is none the spec lists" + (known.Length == 0 ? string.Empty : " (" + known + ")")
                + ": the members of " + model.Name + " as read from it, and the JSON as received, which is what it is written as.");
            w.Line(Header.GeneratedCode);
            using (w.Block(plan.Api.Accessibility + " sealed partial class " + hierarchy.UnknownName + " : " + plan.Types.Declared(model.Name) + ", " + Rt + ".IUnknownVariant"))
            {
                var required = plan.RequiredMembers(model).Count > 0;
                if (required)
                {
                    w.Line("#pragma warning disable CS8618");
                    w.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
                }
                w.Line("internal " + hierarchy.UnknownName + "(" + element + " json) => " + hierarchy.UnknownJsonProperty + " = json;");
                if (required)
                {
                    w.Line("#pragma warning restore CS8618");
                }
                w.Line();
                w.Doc("The JSON as received; the value is written as this, whatever its members are set to.");
                w.Line("public " + element + " " + hierarchy.UnknownJsonProperty + " { get; }");
                if (hierarchy.UnknownJsonProperty != "Json")
                {
                    w.Line();
                    w.Line(element + " " + Rt + ".IUnknownVariant.Json => " + hierarchy.UnknownJsonProperty + ";");
                }
            }
        }

        private static bool IsNullable(PropertyModel p) => !p.Required || p.Type.Nullable;

        /// <summary>Required in JSON: present and not null; a writeOnly member never comes back in a response.</summary>
        private static bool MustBePresent(PropertyModel p) => p.Required && !p.Type.Nullable && !p.WriteOnly;

        // A deprecated member carries [Obsolete], which C# does not allow on a required member (CS9042). A discriminator
        // is set by the type's constructor.
        internal static bool UsesRequiredKeyword(EmitPlan plan, PropertyModel p) => plan.Context.SupportsRequiredMembers && p.Required && !p.ReadOnly && !p.Deprecated && !p.Discriminator;

        private static void WriteProperty(SourceWriter w, EmitPlan plan, PropertyModel p)
        {
            var summary = p.Description;
            if (p.Sensitive)
            {
                summary = (summary is null ? string.Empty : summary + "\n") + "Sensitive: ToString() writes it as ***.";
            }
            if (p.ReadOnly)
            {
                summary = (summary is null ? string.Empty : summary + "\n") + "Read-only: set by the server.";
            }
            if (p.WriteOnly)
            {
                summary = (summary is null ? string.Empty : summary + "\n") + "Write-only: sent, never returned.";
            }
            w.Doc(summary);
            if (p.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(p.JsonName + " is deprecated in the spec.") + ")]");
            }
            // A writeOnly member is null in every value read from a response, so its C# type says it may be: a request
            // still requires it (the C# required keyword, and the check before sending).
            var nullable = IsNullable(p) || p.WriteOnly;
            var type = plan.Types.Nullable(p.Type, nullable);
            var required = UsesRequiredKeyword(plan, p);
            var initializer = string.Empty;
            var defaultLiteral = p.DefaultValue is null ? null : DefaultLiteral(plan, p.Type, p.DefaultValue);
            if (defaultLiteral is not null && !required)
            {
                initializer = " = " + defaultLiteral + ";";
            }
            else if (!nullable && !plan.Types.IsValueType(p.Type) && !required)
            {
                initializer = " = default!;";
            }
            w.Line("public " + (required ? "required " : string.Empty) + type + " " + p.Name + " { get; set; }" + initializer);
        }

        internal static string? DefaultLiteral(EmitPlan plan, TypeRef type, string raw)
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
                    if (plan.Enums.TryGetValue(type.Name!, out var e))
                    {
                        var member = e.Members.FirstOrDefault(x => x.Value == raw);
                        return member is null ? null : plan.Types.Declared(e.Name) + "." + member.Name;
                    }
                    return null;
                default:
                    return null;
            }
        }

        private static void WriteCodec(SourceWriter w, EmitPlan plan, ObjectType model, string type)
        {
            var props = model.Properties;
            // A derived type's codec hides its base's (Cat.Codec, not Pet.Codec, reads a Cat).
            var hides = model.BaseName is null ? string.Empty : "new ";
            using (w.Block("internal " + hides + "sealed class " + ReservedNames.CodecClass + " : " + Rt + ".ObjectCodec<" + type + ">"))
            {
                w.Line("internal static readonly " + ReservedNames.CodecClass + " Instance = new();");
                w.Line();
                var arguments = new List<string> { Literals.String(model.Name) };
                var required = Indexes(props, MustBePresent);
                if (required is not null)
                {
                    arguments.Add("required: " + required);
                }
                var sensitive = Indexes(props, p => p.Sensitive);
                if (sensitive is not null)
                {
                    arguments.Add("sensitive: " + sensitive);
                }
                if (model.AdditionalProperties is null)
                {
                    arguments.Add("keepsUnknown: false");
                }
                var readOnly = Indexes(props, p => p.ReadOnly);
                if (readOnly is not null)
                {
                    arguments.Add("readOnly: " + readOnly);
                }
                if (model.BaseName is not null)
                {
                    arguments.Add("inherits: " + plan.Types.Declared(model.BaseName) + "." + ReservedNames.CodecClass + ".Instance");
                }
                if (model.Hierarchy is { } hierarchy)
                {
                    arguments.Add("discriminator: " + Literals.String(hierarchy.DiscriminatorJsonName));
                    if (hierarchy.IsAbstract)
                    {
                        arguments.Add("isAbstract: true");
                    }
                }
                w.Line("public " + ReservedNames.CodecClass + "()");
                WriteBaseCall(w, arguments, props.Select(p => Literals.String(p.JsonName)).ToList());
                w.Line("{");
                w.Line("}");
                w.Line();

                if (model.Hierarchy is not { IsAbstract: true })
                {
                    // Required members start as placeholders (the base codec reads each one or fails).
                    var requiredMembers = plan.RequiredMembers(model);
                    var initializer = requiredMembers.Count == 0 ? string.Empty : " { " + string.Join(", ", requiredMembers.Select(name => name + " = default!")) + " }";
                    w.Line("protected override " + type + " Create() => new()" + initializer + ";");
                    w.Line();
                }
                if (model.Hierarchy is { } polymorphic)
                {
                    WriteSubtypes(w, plan, model, polymorphic);
                }

                if (props.Count > 0)
                {
                    using (w.Block("protected override void ReadMember(ref " + Reader + " reader, int index, " + type + " value)"))
                    {
                        using (w.Block("switch (index)"))
                        {
                            for (var i = 0; i < props.Count; i++)
                            {
                                w.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ": value." + props[i].Name + " = " + ReadExpression(plan, props[i].Type, IsNullable(props[i])) + "; break;");
                            }
                        }
                    }
                    w.Line();
                }

                // Raw JSON members (the usual case) are read and written by the base codec (IAdditionalProperties).
                if (model.AdditionalProperties is { } extra && !IsRawJson(extra))
                {
                    var keepNull = extra.Nullable || extra.Kind == TypeKind.Any ? "true" : "false";
                    var read = Rt + ".MemberReader.Unknown(ref reader, name, value." + model.AdditionalPropertiesName + ", " + plan.CodecOf(extra.WithNullable(false)) + ", keepNull: " + keepNull + ")";
                    w.Line("protected override void ReadUnknown(ref " + Reader + " reader, string name, " + type + " value) => value." + model.AdditionalPropertiesName + " = " + read + ";");
                    w.Line();
                }

                var typedExtra = model.AdditionalProperties is { } extraType && !IsRawJson(extraType) ? extraType : null;
                if (props.Count > 0 || typedExtra is not null)
                {
                    using (w.Block("protected override void WriteMembers(" + Rt + ".MemberWriter writer, " + type + " value)"))
                    {
                        for (var i = 0; i < props.Count; i++)
                        {
                            w.Line(WriteStatement(plan, props[i], i));
                        }
                        if (typedExtra is not null)
                        {
                            w.Line("writer.Unknown(value." + model.AdditionalPropertiesName + ", " + plan.CodecOf(typedExtra.WithNullable(false)) + ");");
                        }
                    }
                    w.Line();
                }

                if (model.Validated)
                {
                    var checks = new List<string>();
                    var rules = new List<string>();
                    for (var i = 0; i < props.Count; i++)
                    {
                        if (!props[i].ReadOnly)
                        {
                            ValidationEmitter.Member(plan, props[i], i, checks, rules);
                        }
                    }
                    if (checks.Count > 0)
                    {
                        foreach (var rule in rules)
                        {
                            w.Line(rule);
                        }
                        if (rules.Count > 0)
                        {
                            w.Line();
                        }
                        using (w.Block("protected override void ValidateMembers(" + Rt + ".MemberValidator validator, " + type + " value)"))
                        {
                            foreach (var check in checks)
                            {
                                w.Line(check);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>The derived types of a base for its codec, with the discriminator values that name each, and its unknown type.</summary>
        private static void WriteSubtypes(SourceWriter w, EmitPlan plan, ObjectType model, HierarchyModel hierarchy)
        {
            var entries = new List<string>();
            if (hierarchy.OwnValues.Count > 0)
            {
                entries.Add(Rt + ".Subtype.Of(Instance" + string.Concat(hierarchy.OwnValues.Select(v => ", " + Literals.String(v))) + ")");
            }
            foreach (var subtype in hierarchy.Subtypes)
            {
                entries.Add(Rt + ".Subtype.Of(" + plan.Types.Declared(subtype.Name) + "." + ReservedNames.CodecClass + ".Instance" + string.Concat(subtype.Values.Select(v => ", " + Literals.String(v))) + ")");
            }
            w.Line("protected override " + Rt + ".Subtypes CreateSubtypes() => new " + Rt + ".Subtypes(");
            w.Indent();
            w.Line(Literals.String(hierarchy.DiscriminatorJsonName) + (entries.Count > 0 ? "," : ");"));
            for (var i = 0; i < entries.Count; i++)
            {
                w.Line(entries[i] + (i + 1 < entries.Count ? "," : ");"));
            }
            w.Outdent();
            w.Line();
            w.Line("protected override " + plan.Types.Declared(model.Name) + " CreateUnknown(global::System.Text.Json.JsonElement json) => new " + plan.Types.Declared(hierarchy.UnknownName) + "(json);");
            w.Line();
        }

        /// <summary>
        /// The call of the base codec's constructor: the type's name, the JSON names of its members (a member's index is
        /// its place among them) and the other arguments. Names that do not fit on the line go on lines of their own.
        /// </summary>
        private static void WriteBaseCall(SourceWriter w, List<string> arguments, List<string> names)
        {
            var rest = arguments.Count == 1 ? string.Empty : ", " + string.Join(", ", arguments.Skip(1));
            var inline = names.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", names) + " }";
            if (names.Count == 0 || inline.Length + rest.Length <= 90)
            {
                w.Line("    : base(" + arguments[0] + ", " + inline + rest + ")");
                return;
            }
            w.Line("    : base(" + arguments[0] + ", new[]");
            w.Line("    {");
            var line = new System.Text.StringBuilder();
            foreach (var name in names)
            {
                var item = name + ",";
                if (line.Length > 0 && line.Length + 1 + item.Length > 100)
                {
                    w.Line("        " + line);
                    line.Clear();
                }
                line.Append(line.Length == 0 ? string.Empty : " ").Append(item);
            }
            w.Line("        " + line);
            w.Line("    }" + rest + ")");
        }

        private static string? Indexes(EquatableArray<PropertyModel> props, System.Func<PropertyModel, bool> predicate)
        {
            var indexes = new List<string>();
            for (var i = 0; i < props.Count; i++)
            {
                if (predicate(props[i]))
                {
                    indexes.Add(i.ToString(CultureInfo.InvariantCulture));
                }
            }
            return indexes.Count == 0 ? null : "new[] { " + string.Join(", ", indexes) + " }";
        }

        /// <summary>
        /// Reads a member value with the reader on it, with the codec base class's readers. Members that may not be null
        /// are never read from a JSON null (the codec refuses that first); nullable ones read JSON null (and, for numbers
        /// and booleans, empty text) as null.
        /// </summary>
        internal static string ReadExpression(EmitPlan plan, TypeRef type, bool nullable)
        {
            var suffix = nullable ? "OrNull" : string.Empty;
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Uri:
                    return "String" + suffix + "(ref reader)";
                case TypeKind.DateOnly when plan.Types.DateOnlyAsString:
                    return "String" + suffix + "(ref reader)";
                case TypeKind.Boolean:
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                case TypeKind.DateTimeOffset:
                case TypeKind.DateOnly:
                case TypeKind.Guid:
                    return type.Kind + suffix + "(ref reader)";
                case TypeKind.Base64Bytes:
                    return "Bytes" + suffix + "(ref reader)";
                case TypeKind.Any:
                    return "Json" + suffix + "(ref reader)";
            }
            var codec = plan.CodecOf(type.WithNullable(false));
            if (!nullable)
            {
                return "Value(ref reader, " + codec + ")";
            }
            return (plan.Types.IsValueType(type) ? "StructOrNull" : "ValueOrNull") + "(ref reader, " + codec + ")";
        }

        private static string WriteStatement(EmitPlan plan, PropertyModel p, int index)
        {
            var nullable = IsNullable(p);
            var orNull = p.Required && nullable ? "OrNull" : string.Empty;
            var n = index.ToString(CultureInfo.InvariantCulture);
            var value = "value." + p.Name;
            switch (p.Type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Uri:
                    return "writer.String" + orNull + "(" + n + ", " + value + ");";
                case TypeKind.DateOnly when plan.Types.DateOnlyAsString:
                    return "writer.String" + orNull + "(" + n + ", " + value + ");";
                case TypeKind.Boolean:
                    return "writer.Boolean" + orNull + "(" + n + ", " + value + ");";
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                    return "writer.Number" + orNull + "(" + n + ", " + value + ");";
            }
            var codec = plan.CodecOf(p.Type.WithNullable(false));
            return plan.Types.IsValueType(p.Type)
                ? "writer.Struct" + orNull + "(" + n + ", " + value + ", " + codec + ");"
                : "writer.Value" + orNull + "(" + n + ", " + value + ", " + codec + ");";
        }
    }
}
