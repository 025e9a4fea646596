using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Everything decided about the output of one spec before any text is written: the C# spelling of every type, the
    /// codec of every type (and the shared fields of the collection codecs), which types are validated, which runtime
    /// types are emitted and where each type goes. The emitters are functions of (plan, model): they write, they do not
    /// decide.
    /// </summary>
    internal sealed class EmitPlan
    {
        /// <summary>
        /// Up to this many types, each type has its own file (easy to browse). Beyond it, types are written
        /// <see cref="TypesPerFile"/> to a file: the compiler checks every new file's name against all earlier ones, so
        /// thousands of files cost time quadratic in their number, and nobody browses thousands of files.
        /// </summary>
        internal const int OneFilePerTypeUpTo = 300;

        internal const int TypesPerFile = 100;

        public const string Runtime = "global::EnKashGen.Runtime";

        private readonly Dictionary<string, CompositeCodec> _composites = new Dictionary<string, CompositeCodec>(StringComparer.Ordinal);
        private readonly List<CompositeCodec> _compositeOrder = new List<CompositeCodec>();

        public EmitPlan(ApiModel api, EmitContext context)
        {
            Api = api;
            Context = context;
            Types = new TypeNames(api.Namespace, context, api.Groups.Select(g => g.ClassName).Concat(new[] { ReservedNames.CodecClass, ReservedNames.AuthenticatorClass }));
            Models = api.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
            Enums = api.Enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
            Unions = api.Unions.ToDictionary(u => u.Name, StringComparer.Ordinal);
            CodecsClass = api.ClientName + ReservedNames.CodecsSuffix;
            JsonClass = api.ClientName + ReservedNames.JsonSuffix;
            OptionsClass = api.ClientName + ReservedNames.OptionsSuffix;
            OnePerFile = api.Models.Count + api.Enums.Count + api.Unions.Count <= OneFilePerTypeUpTo;
            UsesDeprecated = api.Models.Any(m => m.Deprecated || m.Properties.Any(p => p.Deprecated)) || api.Enums.Any(e => e.Deprecated)
                || api.Operations.Any(o => o.Deprecated) || api.SecuritySchemes.Any(s => s.Deprecated);
            HintPrefix = api.Namespace + "." + api.ClientName + ".";

            foreach (var model in api.Models)
            {
                foreach (var p in model.Properties)
                {
                    Need(p.Type);
                }
                if (model.AdditionalProperties is not null)
                {
                    Need(model.AdditionalProperties);
                }
            }
            foreach (var union in api.Unions)
            {
                foreach (var v in union.Variants)
                {
                    Need(v.Type);
                }
            }
            foreach (var op in api.Operations)
            {
                foreach (var p in op.Parameters)
                {
                    Need(p.Type);
                }
                if (op.Body is not null)
                {
                    Need(op.Body.Type);
                }
                if (op.Response.Type is not null)
                {
                    Need(op.Response.Type);
                }
            }
        }

        public ApiModel Api { get; }

        public EmitContext Context { get; }

        public TypeNames Types { get; }

        public IReadOnlyDictionary<string, ObjectType> Models { get; }

        public IReadOnlyDictionary<string, EnumType> Enums { get; }

        public IReadOnlyDictionary<string, UnionType> Unions { get; }

        /// <summary>The spec's class that holds the codecs of its collection types (lists and maps), shared by all its types.</summary>
        public string CodecsClass { get; }

        /// <summary>The spec's System.Text.Json resolver.</summary>
        public string JsonClass { get; }

        public string OptionsClass { get; }

        public string HintPrefix { get; }

        /// <summary>Whether the spec deprecates a type, member, operation or security scheme: the output marks it [Obsolete] and still uses it.</summary>
        public bool UsesDeprecated { get; }

        /// <summary>Whether each type has a file of its own (small specs) or types share files (see <see cref="OneFilePerTypeUpTo"/>).</summary>
        public bool OnePerFile { get; }

        /// <summary>The collection codecs, in the order they were first needed (each is built from ones before it).</summary>
        public IReadOnlyList<CompositeCodec> Composites => _compositeOrder;

        /// <summary>The codec of a non-null value of <paramref name="type"/>: a C# expression.</summary>
        public string CodecOf(TypeRef type)
        {
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Uri:
                    return Runtime + ".Codecs.String";
                case TypeKind.DateOnly when Types.DateOnlyAsString:
                    return Runtime + ".Codecs.String";
                case TypeKind.Boolean:
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                case TypeKind.DateTimeOffset:
                case TypeKind.DateOnly:
                case TypeKind.Guid:
                    return Runtime + ".Codecs." + type.Kind;
                case TypeKind.Base64Bytes:
                    return Runtime + ".Codecs.Bytes";
                case TypeKind.Object:
                case TypeKind.Enum:
                case TypeKind.Union:
                    return Types.Declared(type.Name!) + "." + ReservedNames.CodecClass + ".Instance";
                case TypeKind.Array:
                case TypeKind.Map:
                    return "global::" + Api.Namespace + "." + CodecsClass + "." + Need(type).Field;
                default:
                    return Runtime + ".Codecs.Element";
            }
        }

        /// <summary>
        /// The C# required members of a model and its bases, the bases' first: its codec creates a value with these set
        /// to defaults, and reads each one (or fails) right after.
        /// </summary>
        public IReadOnlyList<string> RequiredMembers(ObjectType model)
        {
            var levels = new List<ObjectType>();
            for (var (current, steps) = (model, 0); current is not null && steps <= Models.Count; steps++)
            {
                levels.Add(current);
                current = current.BaseName is not null && Models.TryGetValue(current.BaseName, out var parent) ? parent : null;
            }
            var names = new List<string>();
            for (var i = levels.Count - 1; i >= 0; i--)
            {
                foreach (var p in levels[i].Properties)
                {
                    if (ObjectEmitter.UsesRequiredKeyword(this, p) && !names.Contains(p.Name))
                    {
                        names.Add(p.Name);
                    }
                }
            }
            return names;
        }

        /// <summary>
        /// The discriminator a type's constructor sets: a derived type's value (or a base's own, when it can be a value
        /// itself), as an assignment to the member that holds it; null when there is none or it is not text.
        /// </summary>
        public (string JsonName, string Value, string Assignment)? DiscriminatorInit(ObjectType model)
        {
            var value = model.Discriminator;
            if (value is null && model.Hierarchy is { IsAbstract: false, OwnValues.Count: > 0 } own && model.Properties.FirstOrDefault(p => p.Discriminator) is { } member)
            {
                value = new DiscriminatorValue(own.OwnValues[0], member.JsonName, member.Name, member.Type);
            }
            if (value is null)
            {
                return null;
            }
            var type = value.PropertyType;
            string literal;
            if (type.Kind is TypeKind.String)
            {
                literal = Literals.String(value.Value);
            }
            else if (type.Kind is TypeKind.Enum && Enums.TryGetValue(type.Name!, out var e) && !e.IsInteger)
            {
                literal = "new " + Types.Declared(e.Name) + "(" + Literals.String(value.Value) + ")";
            }
            else
            {
                return null;
            }
            return (value.JsonName, value.Value, value.PropertyName + " = " + literal);
        }

        public bool IsValidated(TypeRef type) => type.Kind == TypeKind.Object && Models.TryGetValue(type.Name!, out var model) && model.Validated;

        private CompositeCodec Need(TypeRef type)
        {
            if (type.Kind is not (TypeKind.Array or TypeKind.Map))
            {
                return default;
            }
            var key = FieldName(type);
            if (_composites.TryGetValue(key, out var known))
            {
                return known;
            }
            var element = type.Element!;
            var inner = CodecOf(element.WithNullable(false));
            string factory;
            if (!element.Nullable)
            {
                factory = type.Kind == TypeKind.Array ? "List" : "Map";
            }
            else if (Types.IsValueType(element))
            {
                factory = type.Kind == TypeKind.Array ? "ListOfNullableValues" : "MapOfNullableValues";
            }
            else
            {
                factory = type.Kind == TypeKind.Array ? "ListOfNullable" : "MapOfNullable";
            }
            var composite = new CompositeCodec(key, "global::EnKashGen.Runtime.JsonCodec<" + Types.Of(type) + ">", Runtime + ".Codecs." + factory + "(" + inner + ")");
            _composites.Add(key, composite);
            _compositeOrder.Add(composite);
            return composite;
        }

        /// <summary>A readable, unique field name for a collection type: ListOfString, MapOfNullableCard, ListOfListOfInt64.</summary>
        private string FieldName(TypeRef type)
        {
            switch (type.Kind)
            {
                case TypeKind.Array:
                    return "ListOf" + (type.Element!.Nullable ? "Nullable" : string.Empty) + FieldName(type.Element);
                case TypeKind.Map:
                    return "MapOf" + (type.Element!.Nullable ? "Nullable" : string.Empty) + FieldName(type.Element);
                case TypeKind.Object:
                case TypeKind.Enum:
                case TypeKind.Union:
                    return type.Name!;
                case TypeKind.Any:
                    return "Json";
                case TypeKind.Base64Bytes:
                    return "Bytes";
                case TypeKind.Uri:
                    return "String";
                case TypeKind.DateOnly when Types.DateOnlyAsString:
                    return "String";
                default:
                    return type.Kind.ToString();
            }
        }

        /// <summary>The files the types of the spec go to: one per type for small specs, <see cref="TypesPerFile"/> per file beyond.</summary>
        public IEnumerable<(string HintName, IReadOnlyList<T> Types)> Files<T>(string kind, IReadOnlyList<T> types, Func<T, string> name)
        {
            if (OnePerFile)
            {
                foreach (var type in types)
                {
                    yield return (HintPrefix + kind + "." + name(type) + ".g.cs", new[] { type });
                }
                yield break;
            }
            for (var start = 0; start < types.Count; start += TypesPerFile)
            {
                var count = Math.Min(TypesPerFile, types.Count - start);
                var part = new List<T>(count);
                for (var i = 0; i < count; i++)
                {
                    part.Add(types[start + i]);
                }
                yield return (HintPrefix + kind + ".Part" + (start / TypesPerFile + 1).ToString("D3", CultureInfo.InvariantCulture) + ".g.cs", part);
            }
        }
    }

    /// <summary>A shared collection codec: the field that holds it, its type, and how it is built.</summary>
    internal readonly struct CompositeCodec
    {
        public CompositeCodec(string field, string type, string initializer)
        {
            Field = field;
            Type = type;
            Initializer = initializer;
        }

        public string Field { get; }
        public string Type { get; }
        public string Initializer { get; }
    }
}
