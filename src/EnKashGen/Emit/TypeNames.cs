using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// C# spellings of model types. <see cref="Declared"/> is <c>global::</c>-qualified and fits anywhere; <see cref="Of"/>
    /// is for type positions (a member's type, a parameter's, a type argument), where C# looks a simple name up among
    /// types only: the spec's own types are named simply there, as a person would write them, unless a type the
    /// output nests in a generated class (the codecs, the client's operation groups) has the same name and would be
    /// found first. Every type of the spec is declared in the output's one namespace, so nothing else can take the name.
    /// </summary>
    internal sealed class TypeNames
    {
        private readonly string _ns;
        private readonly EmitContext _context;
        private readonly System.Collections.Generic.HashSet<string> _nested;

        /// <param name="nested">The names of the types the output nests in its classes.</param>
        public TypeNames(string ns, EmitContext context, System.Collections.Generic.IEnumerable<string> nested)
        {
            _ns = ns;
            _context = context;
            _nested = new System.Collections.Generic.HashSet<string>(nested, System.StringComparer.Ordinal);
        }

        public string Declared(string name) => "global::" + _ns + "." + name;

        /// <summary>A spec type's name for a type position: simple unless a nested type of the output has it too.</summary>
        public string InTypePosition(string name) => _nested.Contains(name) ? Declared(name) : name;

        /// <summary>The type, for a type position, without a nullable annotation on the outside; element annotations are included.</summary>
        public string Of(TypeRef type) => type.Kind switch
        {
            TypeKind.String => "string",
            TypeKind.Boolean => "bool",
            TypeKind.Int32 => "int",
            TypeKind.Int64 => "long",
            TypeKind.Single => "float",
            TypeKind.Double => "double",
            TypeKind.Decimal => "decimal",
            TypeKind.DateTimeOffset => "global::System.DateTimeOffset",
            TypeKind.DateOnly => _context.HasDateOnly ? "global::System.DateOnly" : "string",
            TypeKind.Guid => "global::System.Guid",
            TypeKind.Uri => "string",
            TypeKind.Base64Bytes => "byte[]",
            TypeKind.Any => "global::System.Text.Json.JsonElement",
            TypeKind.Object or TypeKind.Enum or TypeKind.Union => InTypePosition(type.Name!),
            TypeKind.Array => "global::System.Collections.Generic.IReadOnlyList<" + Nullable(type.Element!, type.Element!.Nullable) + ">",
            TypeKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Nullable(type.Element!, type.Element!.Nullable) + ">",
            _ => "global::System.Text.Json.JsonElement",
        };

        /// <summary>The concrete collection created when reading.</summary>
        public string Concrete(TypeRef type) => type.Kind switch
        {
            TypeKind.Array => "global::System.Collections.Generic.List<" + Nullable(type.Element!, type.Element!.Nullable) + ">",
            TypeKind.Map => "global::System.Collections.Generic.Dictionary<string, " + Nullable(type.Element!, type.Element!.Nullable) + ">",
            _ => Of(type),
        };

        public string Nullable(TypeRef type, bool nullable) => nullable ? Of(type) + "?" : Of(type);

        public bool IsValueType(TypeRef type) => type.IsValueType && !(type.Kind == TypeKind.DateOnly && !_context.HasDateOnly);

        public bool DateOnlyAsString => !_context.HasDateOnly;
    }
}
