using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>C# spellings of model types, always <c>global::</c>-qualified.</summary>
    internal sealed class TypeNames
    {
        private readonly string _ns;
        private readonly EmitContext _context;

        public TypeNames(string ns, EmitContext context)
        {
            _ns = ns;
            _context = context;
        }

        public string Declared(string name) => "global::" + _ns + "." + name;


        /// <summary>The type without a nullable annotation on the outside; element annotations are included.</summary>
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
            TypeKind.Object or TypeKind.Enum or TypeKind.Union => Declared(type.Name!),
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
