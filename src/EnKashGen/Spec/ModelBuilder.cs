using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EnKashGen.Model;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace EnKashGen.Spec
{
    /// <summary>
    /// Turns a parsed OpenAPI document into an <see cref="ApiModel"/>: decides every C# name (unique, deterministic),
    /// maps schemas to types, and records what it cannot express as diagnostics with a JSON pointer.
    /// </summary>
    internal sealed class ModelBuilder
    {
        private const string EnvelopeExtension = "x-enkash-envelope";
        private const string EncryptionExtension = "x-enkash-encryption";
        private const string TokenExtension = "x-enkash-token";

        /// <summary>How deeply schemas may nest (each level a C# stack frame or more) before the rest is untyped JSON.</summary>
        private const int MaxDepth = 64;

        private readonly OpenApiDocument _doc;
        private readonly List<PendingDiagnostic> _diagnostics;
        private readonly string _namespace;
        private readonly string _clientName;
        private readonly string _accessibility;
        private readonly string _specFileName;
        private readonly PointerLocator? _locator;

        // Case-insensitive: type names become file (hint) names, which the compiler and many file systems compare ignoring case.
        private readonly NameScope _typeNames = new NameScope(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<OpenApiSchema, TypeRef> _memo = new Dictionary<OpenApiSchema, TypeRef>(ReferenceComparer.Instance);
        private readonly Dictionary<OpenApiSchema, string> _componentNames = new Dictionary<OpenApiSchema, string>(ReferenceComparer.Instance);
        private readonly Dictionary<OpenApiSchema, string> _componentPointers = new Dictionary<OpenApiSchema, string>(ReferenceComparer.Instance);
        private readonly List<ModelType> _models = new List<ModelType>();
        private readonly List<EnumType> _enums = new List<EnumType>();
        private readonly List<UnionType> _unions = new List<UnionType>();
        private readonly HashSet<string> _reportedRefs = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<OpenApiSchema> _inProgress = new HashSet<OpenApiSchema>(ReferenceComparer.Instance);
        private int _depth;

        public ModelBuilder(OpenApiDocument doc, string @namespace, string clientName, string accessibility, string specFileName, List<PendingDiagnostic> diagnostics, PointerLocator? locator = null)
        {
            _locator = locator;
            _doc = doc;
            _namespace = @namespace;
            _clientName = clientName;
            _accessibility = accessibility;
            _specFileName = specFileName;
            _diagnostics = diagnostics;
        }

        public ApiModel Build()
        {
            // Names the generator itself declares in the namespace come first, so spec types never take them.
            foreach (var reserved in new[] { _clientName, _clientName + "Options", _clientName + "Json", _clientName + "Validators", _clientName + "ServiceCollectionExtensions", _clientName + "TokenCache" })
            {
                _typeNames.Reserve(reserved);
            }

            var schemas = _doc.Components?.Schemas ?? new Dictionary<string, OpenApiSchema>();
            foreach (var pair in schemas)
            {
                if (pair.Value is null || IsAlias(pair.Key, pair.Value))
                {
                    // A component that is only a $ref to another one is not a type of its own: it uses its target's.
                    continue;
                }
                var pointer = "#/components/schemas/" + EscapePointer(pair.Key);
                _componentPointers[pair.Value] = pointer;
                if (IsDeclared(pair.Value))
                {
                    var name = Naming.Pascal(pair.Key, "Schema");
                    var unique = _typeNames.Unique(name);
                    if (unique != name)
                    {
                        Report(DiagnosticIds.Renamed, $"Schema '{pair.Key}' is generated as '{unique}' because '{name}' is already taken", pointer);
                    }
                    _componentNames[pair.Value] = unique;
                }
            }

            foreach (var pair in schemas)
            {
                if (pair.Value is not null)
                {
                    Map(pair.Value, Naming.Pascal(pair.Key, "Schema"), "#/components/schemas/" + EscapePointer(pair.Key));
                }
            }

            var envelope = ReadEnvelope(out var envelopeSchema);
            var encryption = ReadEncryption();
            var schemes = ReadSecuritySchemes();
            var groups = new List<GroupModel>();
            var operations = ReadOperations(envelope, envelopeSchema, encryption, schemes, groups);

            var validated = RequestReachableTypes(operations);
            var models = _models.Select(m => validated.Contains(m.Name) ? m with { Validated = true } : m).OrderBy(m => m.Name, StringComparer.Ordinal);
            var enums = _enums.OrderBy(e => e.Name, StringComparer.Ordinal);
            var unions = _unions.OrderBy(u => u.Name, StringComparer.Ordinal);

            return new ApiModel(
                _namespace,
                _clientName,
                _accessibility,
                _specFileName,
                _doc.Info?.Title ?? _clientName,
                _doc.Info?.Description,
                ServerUrl(_doc.Servers),
                models.ToEquatableArray(),
                enums.ToEquatableArray(),
                unions.ToEquatableArray(),
                operations.ToEquatableArray(),
                groups.ToEquatableArray(),
                schemes.Values.ToEquatableArray(),
                envelope,
                encryption);
        }

        // ---------------------------------------------------------------- schemas

        /// <summary>
        /// Whether a component is a reference to another component. The reader resolves <c>B: {$ref: C}</c> to C's own
        /// object, which carries C's reference; chains it cannot resolve stay unresolved references.
        /// </summary>
        private static bool IsAlias(string key, OpenApiSchema schema) =>
            schema.UnresolvedReference || (schema.Reference?.Id is { } id && !string.Equals(id, key, StringComparison.Ordinal));

        private static bool IsDeclared(OpenApiSchema schema)
        {
            if (schema.UnresolvedReference)
            {
                return false;
            }
            if (schema.Enum is { Count: > 0 } && (schema.Type is null or "string" or "integer"))
            {
                return true;
            }
            if (schema.AllOf is { Count: > 0 } || schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
            {
                return true;
            }
            return schema.Properties is { Count: > 0 };
        }

        private TypeRef Map(OpenApiSchema? schema, string hint, string pointer)
        {
            if (schema is null)
            {
                return TypeRef.AnyValue;
            }
            if (schema.UnresolvedReference)
            {
                var followed = Follow(schema, out var cycle);
                if (!followed.UnresolvedReference)
                {
                    // A reference to a component that is itself only a reference: the reader leaves such chains unresolved.
                    var aliased = Map(followed, hint, pointer);
                    return aliased.WithNullable(aliased.Nullable || schema.Nullable);
                }
                var target = schema.Reference?.ReferenceV3 ?? schema.Reference?.Id ?? "?";
                if (_reportedRefs.Add(pointer))
                {
                    Report(
                        DiagnosticIds.UnresolvedReference,
                        cycle
                            ? $"The reference '{target}' only leads to other references in a cycle and never reaches a schema; the value is generated as untyped JSON"
                            : $"The reference '{target}' does not resolve to anything in this document; the value is generated as untyped JSON",
                        pointer + "/$ref");
                }
                return TypeRef.AnyValue.WithNullable(true);
            }
            if (_memo.TryGetValue(schema, out var known))
            {
                return known.WithNullable(schema.Nullable);
            }
            if (_componentPointers.TryGetValue(schema, out var componentPointer))
            {
                pointer = componentPointer;
            }
            if (_depth >= MaxDepth || !_inProgress.Add(schema))
            {
                // Declared types (objects, enums, unions) are memoised before their members are mapped, so a schema met
                // again here contains itself only through arrays, maps or wrappers (A: {items: {$ref: A}}), which no C#
                // type can express; or the nesting is deeper than any real document's.
                if (_reportedRefs.Add(pointer))
                {
                    Report(
                        DiagnosticIds.UnsupportedConstruct,
                        _depth >= MaxDepth
                            ? $"Schemas are nested more than {MaxDepth} levels deep here; the inner value is generated as untyped JSON"
                            : "This schema contains itself only through arrays, maps or single-schema wrappers, which no C# type can express; the inner value is generated as untyped JSON",
                        pointer);
                }
                return TypeRef.AnyValue.WithNullable(true);
            }
            _depth++;
            try
            {
                return MapNew(schema, hint, pointer);
            }
            finally
            {
                _depth--;
                _inProgress.Remove(schema);
            }
        }

        /// <summary>Maps a schema not mapped before (not memoised, not on the current path).</summary>
        private TypeRef MapNew(OpenApiSchema schema, string hint, string pointer)
        {
            var name = _componentNames.TryGetValue(schema, out var componentName) ? componentName : null;

            if (schema.Enum is { Count: > 0 } && (schema.Type is null or "string" or "integer") && schema.Enum.Any(v => v is not OpenApiNull))
            {
                return BuildEnum(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Value")), pointer);
            }

            if (schema.AllOf is { Count: > 0 })
            {
                var parts = schema.AllOf.Where(p => p is not null).ToList();
                if (parts.Count == 1 && name is null && schema.Properties.Count == 0 && !parts[0].UnresolvedReference)
                {
                    // allOf with a single $ref: a common way to attach a description or nullable to a reference.
                    var inner = Map(parts[0], hint, pointer + "/allOf/0");
                    return inner.WithNullable(inner.Nullable || schema.Nullable);
                }
                return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer);
            }

            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf)?.Where(v => v is not null).ToList();
            if (variants is { Count: > 0 })
            {
                var typed = variants.Where(v => !IsConstraintOnly(v)).ToList();
                var nullOnly = typed.Where(IsNullOnly).ToList();
                var real = typed.Where(v => !IsNullOnly(v)).ToList();
                if (real.Count == 0)
                {
                    if (schema.Properties.Count > 0 || schema.Type == "object")
                    {
                        return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer);
                    }
                    return TypeRef.AnyValue.WithNullable(true);
                }
                if (real.Count == 1 && schema.Properties.Count == 0)
                {
                    var keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
                    var single = Map(real[0], hint, pointer + "/" + keyword + "/" + variants.IndexOf(real[0]).ToString(CultureInfo.InvariantCulture));
                    return single.WithNullable(single.Nullable || schema.Nullable || nullOnly.Count > 0);
                }
                if (schema.Properties.Count > 0)
                {
                    if (!real.All(v => IsRefinement(v, schema)))
                    {
                        Report(DiagnosticIds.UnsupportedConstruct, "A schema with both properties and oneOf/anyOf is generated from its properties only", pointer);
                    }
                    return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer);
                }
                return BuildUnion(schema, real, name ?? _typeNames.Unique(Naming.Pascal(hint, "Union")), pointer).WithNullable(schema.Nullable || nullOnly.Count > 0);
            }

            if (schema.Not is not null)
            {
                Report(DiagnosticIds.UnsupportedConstruct, "'not' cannot be expressed in C# types and is ignored", pointer + "/not");
            }

            switch (schema.Type)
            {
                case "string":
                    return new TypeRef(StringKind(schema.Format), Nullable: schema.Nullable, Constraints: ReadConstraints(schema, pointer));
                case "integer":
                    return new TypeRef(schema.Format == "int32" ? TypeKind.Int32 : TypeKind.Int64, Nullable: schema.Nullable, Constraints: ReadConstraints(schema, pointer));
                case "number":
                    var numberKind = schema.Format switch
                    {
                        "float" => TypeKind.Single,
                        "double" => TypeKind.Double,
                        "int32" => TypeKind.Int32,
                        "int64" => TypeKind.Int64,
                        _ => TypeKind.Decimal,
                    };
                    return new TypeRef(numberKind, Nullable: schema.Nullable, Constraints: ReadConstraints(schema, pointer));
                case "boolean":
                    return new TypeRef(TypeKind.Boolean, Nullable: schema.Nullable);
                case "array":
                    var item = Map(schema.Items, Singular(hint), pointer + "/items");
                    return new TypeRef(TypeKind.Array, Element: item, Nullable: schema.Nullable, Constraints: ReadConstraints(schema, pointer));
            }

            if (schema.Type is null && schema.Items is not null)
            {
                var item = Map(schema.Items, Singular(hint), pointer + "/items");
                return new TypeRef(TypeKind.Array, Element: item, Nullable: schema.Nullable, Constraints: ReadConstraints(schema, pointer));
            }

            if (schema.Properties.Count > 0)
            {
                return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer);
            }

            if (schema.AdditionalProperties is not null)
            {
                var value = Map(schema.AdditionalProperties, hint + "Value", pointer + "/additionalProperties");
                return new TypeRef(TypeKind.Map, Element: value, Nullable: schema.Nullable);
            }

            if (schema.Type is not null and not "object")
            {
                Report(DiagnosticIds.UnsupportedConstruct, $"Schema type '{schema.Type}' is not an OpenAPI 3.0 type; the value is generated as untyped JSON", pointer + "/type");
            }
            // A free-form object or a schema without a type: any JSON value, kept as is.
            return TypeRef.AnyValue.WithNullable(schema.Nullable);
        }

        /// <summary>
        /// Follows a reference the reader left unresolved because its target component is itself a reference
        /// (<c>A: {$ref: B}</c>, <c>B: {$ref: C}</c>). Returns the first resolved schema, or the last unresolved one;
        /// <paramref name="cycle"/> tells whether the chain loops.
        /// </summary>
        private OpenApiSchema Follow(OpenApiSchema schema, out bool cycle)
        {
            cycle = false;
            var current = schema;
            HashSet<OpenApiSchema>? seen = null;
            var components = _doc.Components?.Schemas;
            while (current.UnresolvedReference)
            {
                var reference = current.Reference;
                if (reference?.Id is not { } id || reference.IsExternal || reference.Type != ReferenceType.Schema || components is null
                    || !components.TryGetValue(id, out var target) || target is null)
                {
                    return current;
                }
                if (ReferenceEquals(target, current) || !(seen ??= new HashSet<OpenApiSchema>(ReferenceComparer.Instance)).Add(current))
                {
                    cycle = true;
                    return current;
                }
                current = target;
            }
            return current;
        }

        private static bool IsConstraintOnly(OpenApiSchema schema) =>
            schema.Reference is null && schema.Type is null && schema.Properties.Count == 0 && schema.Items is null
            && schema.AllOf.Count == 0 && schema.OneOf.Count == 0 && schema.AnyOf.Count == 0 && schema.Enum.Count == 0
            && schema.AdditionalProperties is null && !schema.Nullable && (schema.Required.Count > 0 || schema.Not is not null);

        /// <summary>
        /// An inline oneOf/anyOf alternative that only restates members its parent already declares (narrower enums,
        /// other required members): the parent's own properties describe every alternative.
        /// </summary>
        private static bool IsRefinement(OpenApiSchema variant, OpenApiSchema parent) =>
            variant.Reference is null && (variant.Type is null || variant.Type == "object") && variant.Items is null
            && variant.AllOf.Count == 0 && variant.OneOf.Count == 0 && variant.AnyOf.Count == 0 && variant.Enum.Count == 0
            && variant.Properties.Keys.All(parent.Properties.ContainsKey)
            && variant.Required.All(parent.Properties.ContainsKey);

        private static bool IsNullOnly(OpenApiSchema schema) =>
            schema.Reference is null && schema.Type is null && schema.Properties.Count == 0 && schema.Items is null
            && schema.AllOf.Count == 0 && schema.OneOf.Count == 0 && schema.AnyOf.Count == 0 && schema.Nullable
            && (schema.Enum.Count == 0 || schema.Enum.All(v => v is OpenApiNull));

        private static TypeKind StringKind(string? format) => format switch
        {
            "date-time" => TypeKind.DateTimeOffset,
            "date" => TypeKind.DateOnly,
            "uuid" => TypeKind.Guid,
            "byte" => TypeKind.Base64Bytes,
            // Raw octets: a file part in multipart bodies; in JSON there is no raw form, so they travel as base64.
            "binary" => TypeKind.Base64Bytes,
            _ => TypeKind.String,
        };

        private static string Singular(string hint) => hint + "Item";

        private Constraints? ReadConstraints(OpenApiSchema schema, string pointer)
        {
            var pattern = schema.Pattern;
            if (pattern is not null)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    Report(DiagnosticIds.InvalidPattern, $"The pattern is not a valid regular expression and is not checked: {ex.Message}", pointer + "/pattern");
                    pattern = null;
                }
            }
            var constraints = new Constraints(
                pattern,
                schema.MinLength,
                schema.MaxLength,
                schema.Minimum?.ToString(CultureInfo.InvariantCulture),
                schema.ExclusiveMinimum == true,
                schema.Maximum?.ToString(CultureInfo.InvariantCulture),
                schema.ExclusiveMaximum == true,
                schema.MinItems,
                schema.MaxItems);
            return constraints.IsEmpty ? null : constraints;
        }

        private TypeRef BuildEnum(OpenApiSchema schema, string name, string pointer)
        {
            var isInteger = schema.Type == "integer" || (schema.Type is null && schema.Enum.All(v => v is OpenApiInteger or OpenApiLong or OpenApiNull));
            var typeRef = new TypeRef(TypeKind.Enum, name);
            _memo[schema] = typeRef;

            var values = new List<string>();
            var nullable = schema.Nullable;
            foreach (var raw in schema.Enum)
            {
                if (raw is OpenApiNull)
                {
                    nullable = true;
                    continue;
                }
                var value = Extensions.AsString(raw);
                if (value is null || values.Contains(value))
                {
                    continue;
                }
                if (isInteger && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    isInteger = false;
                }
                values.Add(value);
            }

            var varNames = Extensions.AsStringList(Extensions.Get(schema.Extensions, "x-enum-varnames"));
            if (varNames is not null && varNames.Count != schema.Enum.Count(v => v is not OpenApiNull))
            {
                Report(DiagnosticIds.InvalidExtension, $"x-enum-varnames has {varNames.Count} names for {values.Count} values and is ignored", pointer + "/x-enum-varnames");
                varNames = null;
            }
            var descriptions = Extensions.AsStringList(Extensions.Get(schema.Extensions, "x-enum-descriptions"));
            if (descriptions is not null && descriptions.Count != values.Count)
            {
                Report(DiagnosticIds.InvalidExtension, $"x-enum-descriptions has {descriptions.Count} entries for {values.Count} values and is ignored", pointer + "/x-enum-descriptions");
                descriptions = null;
            }

            var scope = new NameScope();
            foreach (var reserved in new[] { name, "Value", "IsKnown", "Equals", "GetHashCode", "ToString", "GetType", "KnownValues", "JsonConverter" })
            {
                scope.Reserve(reserved);
            }
            var members = new List<EnumMember>();
            for (var i = 0; i < values.Count; i++)
            {
                var source = varNames?[i] ?? values[i];
                // Stripe marks "unset" with an empty string value: Empty, rather than a renamed Value2.
                var memberName = Naming.Pascal(source, source.Length == 0 ? "Empty" : "Value");
                if (memberName.Length > 1 && memberName[0] == '_' && char.IsDigit(memberName[1]))
                {
                    memberName = "Value" + memberName.Substring(1);
                }
                var unique = scope.Unique(memberName);
                if (unique != memberName)
                {
                    Report(DiagnosticIds.Renamed, $"Enum value '{values[i]}' of '{name}' is generated as '{unique}' because '{memberName}' is already taken", pointer + "/enum");
                }
                members.Add(new EnumMember(unique, values[i], descriptions?[i]));
            }

            _enums.Add(new EnumType(name, schema.Description ?? schema.Title, schema.Deprecated, isInteger, Extensions.IsTrue(schema.Extensions, "x-enum-extensible"), members.ToEquatableArray()));
            return typeRef.WithNullable(nullable);
        }

        private TypeRef BuildObject(OpenApiSchema schema, string name, string pointer)
        {
            var typeRef = new TypeRef(TypeKind.Model, name);
            _memo[schema] = typeRef;

            var collected = new List<(string JsonName, OpenApiSchema Schema, string Pointer)>();
            var required = new HashSet<string>(StringComparer.Ordinal);
            OpenApiSchema? additional = null;
            var additionalAllowed = true;
            Collect(schema, pointer, collected, required, ref additional, ref additionalAllowed, new HashSet<OpenApiSchema>(ReferenceComparer.Instance));

            var scope = new NameScope();
            scope.Reserve(name);
            foreach (var reserved in new[] { "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "JsonConverter" })
            {
                scope.Reserve(reserved);
            }
            var properties = new List<PropertyModel>();
            foreach (var (jsonName, propertySchema, propertyPointer) in collected)
            {
                var propertyName = Naming.Pascal(jsonName, "Property");
                var unique = scope.Unique(propertyName);
                if (unique != propertyName)
                {
                    Report(DiagnosticIds.Renamed, $"Property '{jsonName}' of '{name}' is generated as '{unique}' because '{propertyName}' is already taken", propertyPointer);
                }
                var type = Map(propertySchema, name + unique, propertyPointer);
                properties.Add(new PropertyModel(
                    unique,
                    jsonName,
                    type,
                    required.Contains(jsonName),
                    propertySchema?.Description ?? propertySchema?.Title,
                    propertySchema?.Deprecated == true,
                    Extensions.IsTrue(propertySchema?.Extensions, "x-sensitive"),
                    propertySchema?.ReadOnly == true,
                    propertySchema?.WriteOnly == true,
                    propertySchema?.Default is { } def and not OpenApiNull ? Extensions.AsString(def) : null));
            }

            TypeRef? additionalType = null;
            string? additionalName = null;
            if (additional is not null)
            {
                additionalType = Map(additional, name + "Value", pointer + "/additionalProperties");
                additionalName = scope.Unique("AdditionalProperties");
            }
            else if (additionalAllowed)
            {
                // Unknown members are kept so a response round-trips even when the server knows more than the spec.
                additionalType = TypeRef.AnyValue;
                additionalName = scope.Unique("AdditionalProperties");
            }

            _models.Add(new ModelType(name, schema.Description ?? schema.Title, schema.Deprecated, properties.ToEquatableArray(), additionalType, additionalName, false));
            return typeRef.WithNullable(schema.Nullable);
        }

        private void Collect(
            OpenApiSchema schema,
            string pointer,
            List<(string JsonName, OpenApiSchema Schema, string Pointer)> collected,
            HashSet<string> required,
            ref OpenApiSchema? additional,
            ref bool additionalAllowed,
            HashSet<OpenApiSchema> visited)
        {
            if (!visited.Add(schema))
            {
                return;
            }
            for (var i = 0; i < schema.AllOf.Count; i++)
            {
                var part = schema.AllOf[i];
                if (part is null)
                {
                    continue;
                }
                var partPointer = _componentPointers.TryGetValue(part, out var p) ? p : pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture);
                if (part.UnresolvedReference)
                {
                    var followed = Follow(part, out _);
                    if (followed.UnresolvedReference)
                    {
                        Map(part, "Unresolved", pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture));
                        continue;
                    }
                    part = followed;
                    partPointer = _componentPointers.TryGetValue(part, out var followedPointer) ? followedPointer : partPointer;
                }
                Collect(part, partPointer, collected, required, ref additional, ref additionalAllowed, visited);
            }
            foreach (var pair in schema.Properties)
            {
                var existing = collected.FindIndex(c => c.JsonName == pair.Key);
                var entry = (pair.Key, pair.Value, pointer + "/properties/" + EscapePointer(pair.Key));
                if (existing >= 0)
                {
                    collected[existing] = entry;
                }
                else
                {
                    collected.Add(entry);
                }
            }
            foreach (var r in schema.Required)
            {
                required.Add(r);
            }
            if (schema.AdditionalProperties is not null)
            {
                additional = schema.AdditionalProperties;
            }
            if (!schema.AdditionalPropertiesAllowed)
            {
                additionalAllowed = false;
            }
        }

        private TypeRef BuildUnion(OpenApiSchema schema, List<OpenApiSchema> variants, string name, string pointer)
        {
            var typeRef = new TypeRef(TypeKind.Union, name);
            _memo[schema] = typeRef;
            var keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
            var all = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
            var scope = new NameScope();
            foreach (var reserved in new[] { name, "Value", "Json", "Kind", "ToString", "Equals", "GetHashCode", "GetType", "JsonConverter", "Match" })
            {
                scope.Reserve(reserved);
            }
            var discriminator = schema.Discriminator?.PropertyName;
            var result = new List<UnionVariant>();
            var seenTypes = new HashSet<TypeRef>();
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[i];
                var variantPointer = pointer + "/" + keyword + "/" + all.IndexOf(variant).ToString(CultureInfo.InvariantCulture);
                var hint = name + "Option" + (i + 1).ToString(CultureInfo.InvariantCulture);
                var type = Map(variant, hint, variantPointer).WithNullable(false);
                if (!seenTypes.Add(type))
                {
                    continue;
                }
                var variantName = scope.Unique(VariantName(type));
                var values = new List<string>();
                if (discriminator is not null && variant.Reference?.Id is { } id)
                {
                    if (schema.Discriminator?.Mapping is { Count: > 0 } mapping)
                    {
                        foreach (var m in mapping)
                        {
                            if (m.Value == id || m.Value.EndsWith("/" + id, StringComparison.Ordinal))
                            {
                                values.Add(m.Key);
                            }
                        }
                    }
                    if (values.Count == 0)
                    {
                        values.Add(id);
                    }
                }
                result.Add(new UnionVariant(variantName, type, values.ToEquatableArray()));
            }
            _unions.Add(new UnionType(name, schema.Description ?? schema.Title, discriminator, result.ToEquatableArray()));
            return typeRef;
        }

        private static string VariantName(TypeRef type) => type.Kind switch
        {
            TypeKind.Model or TypeKind.Enum or TypeKind.Union => type.Name!,
            TypeKind.Array => VariantName(type.Element!) + "List",
            TypeKind.Map => VariantName(type.Element!) + "Map",
            TypeKind.Any => "Json",
            TypeKind.Base64Bytes => "Bytes",
            _ => type.Kind.ToString(),
        };

        // ---------------------------------------------------------------- vendor extensions

        private EnvelopeModel? ReadEnvelope(out OpenApiSchema? envelopeSchema)
        {
            envelopeSchema = null;
            var value = Extensions.Get(_doc.Extensions, EnvelopeExtension);
            if (value is null)
            {
                return null;
            }
            const string pointer = "#/" + EnvelopeExtension;
            if (value is not OpenApiObject obj)
            {
                Report(DiagnosticIds.InvalidExtension, EnvelopeExtension + " must be an object (schema, codeProperties, messageProperties, payloadProperty, successCode); it is ignored", pointer);
                return null;
            }
            var schemaRef = Extensions.AsString(obj.TryGetValue("schema", out var s) ? s : null);
            var codes = Extensions.AsStringList(obj.TryGetValue("codeProperties", out var c) ? c : null) ?? new List<string> { "code" };
            var messages = Extensions.AsStringList(obj.TryGetValue("messageProperties", out var m) ? m : null) ?? new List<string> { "message" };
            var payload = Extensions.AsString(obj.TryGetValue("payloadProperty", out var p) ? p : null) ?? "payload";
            var success = Extensions.AsLong(obj.TryGetValue("successCode", out var sc) ? sc : null) ?? 0;
            if (schemaRef is not null)
            {
                var id = schemaRef.StartsWith("#/components/schemas/", StringComparison.Ordinal) ? schemaRef.Substring("#/components/schemas/".Length) : schemaRef;
                if (_doc.Components?.Schemas is { } schemas && schemas.TryGetValue(id, out var found))
                {
                    envelopeSchema = found;
                }
                else
                {
                    Report(DiagnosticIds.InvalidExtension, $"{EnvelopeExtension} names the schema '{schemaRef}', which does not exist; no operation is treated as enveloped", pointer + "/schema");
                    return null;
                }
            }
            else
            {
                Report(DiagnosticIds.InvalidExtension, $"{EnvelopeExtension} has no 'schema'; no operation is treated as enveloped", pointer);
                return null;
            }
            return new EnvelopeModel(codes.ToEquatableArray(), messages.ToEquatableArray(), payload, success);
        }

        private EncryptionModel? ReadEncryption()
        {
            var value = Extensions.Get(_doc.Extensions, EncryptionExtension);
            if (value is null)
            {
                return null;
            }
            if (value is not OpenApiObject obj)
            {
                Report(DiagnosticIds.InvalidExtension, EncryptionExtension + " must be an object; it is ignored", "#/" + EncryptionExtension);
                return null;
            }
            var request = Extensions.AsString(obj.TryGetValue("requestProperty", out var r) ? r : null) ?? "request";
            var response = Extensions.AsString(obj.TryGetValue("responseProperty", out var s) ? s : null) ?? request;
            return new EncryptionModel(request, response);
        }

        private Dictionary<string, SecuritySchemeModel> ReadSecuritySchemes()
        {
            var result = new Dictionary<string, SecuritySchemeModel>(StringComparer.Ordinal);
            var scope = new NameScope();
            foreach (var reserved in new[] { "BaseUrl", "Timeout", "TimeProvider", "EncryptionEnabled", "ClientSecret", "TokenUrl", "TokenRefreshMargin", "AccessToken", "AccessTokenProvider", "BasicUsername", "BasicPassword" })
            {
                scope.Reserve(reserved);
            }
            var schemes = _doc.Components?.SecuritySchemes;
            if (schemes is null)
            {
                return result;
            }
            foreach (var pair in schemes)
            {
                var scheme = pair.Value;
                if (scheme is null)
                {
                    continue;
                }
                var pointer = "#/components/securitySchemes/" + EscapePointer(pair.Key);
                SecuritySchemeModel? model = null;
                switch (scheme.Type)
                {
                    case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase):
                        model = new SecuritySchemeModel(pair.Key, SecurityKind.Basic, null, "BasicUsername", scheme.Description);
                        break;
                    case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase):
                        model = new SecuritySchemeModel(pair.Key, SecurityKind.Bearer, null, "AccessToken", scheme.Description);
                        break;
                    case SecuritySchemeType.OAuth2:
                    case SecuritySchemeType.OpenIdConnect:
                        model = new SecuritySchemeModel(pair.Key, SecurityKind.OAuth2, null, "AccessToken", scheme.Description);
                        break;
                    case SecuritySchemeType.ApiKey when !string.IsNullOrEmpty(scheme.Name):
                        var kind = scheme.In switch
                        {
                            Microsoft.OpenApi.Models.ParameterLocation.Query => SecurityKind.ApiKeyQuery,
                            Microsoft.OpenApi.Models.ParameterLocation.Cookie => SecurityKind.ApiKeyCookie,
                            _ => SecurityKind.ApiKeyHeader,
                        };
                        model = new SecuritySchemeModel(pair.Key, kind, scheme.Name, scope.Unique(Naming.Pascal(pair.Key, "ApiKey")), scheme.Description);
                        break;
                    default:
                        Report(DiagnosticIds.UnsupportedConstruct, $"Security scheme '{pair.Key}' ({scheme.Type} {scheme.Scheme}) is not supported; requests are sent without it", pointer);
                        break;
                }
                if (model is not null)
                {
                    result[pair.Key] = model;
                }
            }
            return result;
        }

        // ---------------------------------------------------------------- operations

        private List<OperationModel> ReadOperations(EnvelopeModel? envelope, OpenApiSchema? envelopeSchema, EncryptionModel? encryption, Dictionary<string, SecuritySchemeModel> schemes, List<GroupModel> groups)
        {
            var operations = new List<OperationModel>();
            var groupScope = new NameScope();
            groupScope.Reserve(_clientName);
            var groupByTag = new Dictionary<string, GroupModel>(StringComparer.Ordinal);
            var methodScopes = new Dictionary<string, NameScope>(StringComparer.Ordinal);
            var defaultSecurity = SecurityKeys(_doc.SecurityRequirements, schemes);
            var explicitlyUnsecured = ExplicitlyEmptySecurity(defaultSecurity);
            var tagDescriptions = (_doc.Tags ?? new List<OpenApiTag>()).Where(t => t?.Name is not null).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal);

            if (_doc.Paths is null)
            {
                return operations;
            }
            foreach (var pathPair in _doc.Paths)
            {
                var path = pathPair.Key;
                var item = pathPair.Value;
                if (item is null)
                {
                    continue;
                }
                foreach (var opPair in item.Operations)
                {
                    var op = opPair.Value;
                    var method = opPair.Key.ToString();
                    var pointer = "#/paths/" + EscapePointer(path) + "/" + method.ToLowerInvariant();

                    string? groupName = null;
                    var tag = op.Tags?.FirstOrDefault()?.Name;
                    if (!string.IsNullOrWhiteSpace(tag))
                    {
                        if (!groupByTag.TryGetValue(tag!, out var group))
                        {
                            var property = groupScope.Unique(Naming.Pascal(tag, "Operations"));
                            tagDescriptions.TryGetValue(tag!, out var tagDescription);
                            group = new GroupModel(tag!, property, property + "Operations", tagDescription);
                            groupByTag.Add(tag!, group);
                            groups.Add(group);
                        }
                        groupName = group.PropertyName;
                    }
                    var scopeKey = groupName ?? string.Empty;
                    if (!methodScopes.TryGetValue(scopeKey, out var methodScope))
                    {
                        methodScope = new NameScope();
                        methodScopes.Add(scopeKey, methodScope);
                    }

                    var operationId = string.IsNullOrWhiteSpace(op.OperationId) ? method.ToLowerInvariant() + " " + path : op.OperationId;
                    var baseName = Naming.Pascal(operationId, "Operation");
                    var methodName = methodScope.UniqueBefore(baseName, "Async");
                    if (methodName != baseName + "Async")
                    {
                        Report(DiagnosticIds.Renamed, $"Operation '{operationId}' is generated as '{methodName}' because '{baseName}Async' is already taken", pointer);
                    }
                    var typeHint = Naming.Pascal(operationId, "Operation");

                    var paramScope = new NameScope();
                    // Locals of the generated method body; parameters must not shadow them.
                    foreach (var local in new[] { "cancellationToken", "errors", "request", "fields", "files", "content", "tokenUrl", "item", "field", "file", "value", "writer", "reader" })
                    {
                        paramScope.Reserve(local);
                    }
                    var parameters = ReadParameters(item, op, path, pointer, typeHint, paramScope);

                    RequestBodyModel? body = null;
                    if (op.RequestBody is not null)
                    {
                        body = ReadBody(op.RequestBody, typeHint + "Request", pointer + "/requestBody", paramScope);
                    }

                    var isToken = Extensions.IsTrue(op.Extensions, TokenExtension);
                    var response = ReadResponse(op, typeHint, pointer, envelope is not null && !isToken && !Extensions.IsFalse(op.Extensions, EnvelopeExtension) ? envelopeSchema : null, envelope, out var enveloped);
                    var encrypted = encryption is not null && !isToken && !Extensions.IsFalse(op.Extensions, EncryptionExtension);
                    // The reader gives an empty list both for a missing 'security' (inherit the root's) and for 'security: []' (none).
                    var security = op.Security is { Count: > 0 } ? SecurityKeys(op.Security, schemes) : explicitlyUnsecured.Contains(pointer) ? new List<string>() : defaultSecurity;

                    operations.Add(new OperationModel(
                        operationId,
                        methodName,
                        groupName,
                        method,
                        path,
                        parameters.ToEquatableArray(),
                        body,
                        response,
                        op.Summary,
                        op.Description,
                        op.Deprecated,
                        enveloped,
                        encrypted,
                        isToken,
                        ServerUrl(op.Servers is { Count: > 0 } ? op.Servers : item.Servers),
                        security.ToEquatableArray()));
                }
            }
            return operations;
        }

        /// <summary>The pointers of operations that write <c>security: []</c> themselves; only looked up when the root has security.</summary>
        private HashSet<string> ExplicitlyEmptySecurity(List<string> defaultSecurity)
        {
            var pointers = new List<string>();
            if (defaultSecurity.Count > 0 && _doc.Paths is not null)
            {
                foreach (var pathPair in _doc.Paths)
                {
                    foreach (var opPair in pathPair.Value?.Operations ?? new Dictionary<OperationType, OpenApiOperation>())
                    {
                        if (opPair.Value?.Security is { Count: 0 })
                        {
                            pointers.Add("#/paths/" + EscapePointer(pathPair.Key) + "/" + opPair.Key.ToString().ToLowerInvariant());
                        }
                    }
                }
            }
            if (pointers.Count == 0 || _locator is null)
            {
                return new HashSet<string>(StringComparer.Ordinal);
            }
            var existing = _locator.Existing(pointers.Select(p => p + "/security").ToList());
            return new HashSet<string>(pointers.Where(p => existing.Contains(p + "/security")), StringComparer.Ordinal);
        }

        private static List<string> SecurityKeys(IList<OpenApiSecurityRequirement>? requirements, Dictionary<string, SecuritySchemeModel> schemes)
        {
            var keys = new List<string>();
            if (requirements is null || requirements.Count == 0)
            {
                return keys;
            }
            // The first alternative is used; it is what the API documents as the normal way in.
            foreach (var scheme in requirements[0].Keys)
            {
                var key = scheme.Reference?.Id;
                if (key is not null && schemes.ContainsKey(key) && !keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
            return keys;
        }

        private List<ParameterModel> ReadParameters(OpenApiPathItem item, OpenApiOperation op, string path, string pointer, string typeHint, NameScope scope)
        {
            var merged = new List<(OpenApiParameter Parameter, string Pointer)>();
            var all = new List<(OpenApiParameter, string)>();
            for (var i = 0; i < item.Parameters.Count; i++)
            {
                all.Add((item.Parameters[i], "#/paths/" + EscapePointer(path) + "/parameters/" + i.ToString(CultureInfo.InvariantCulture)));
            }
            for (var i = 0; i < op.Parameters.Count; i++)
            {
                all.Add((op.Parameters[i], pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture)));
            }
            foreach (var (parameter, parameterPointer) in all)
            {
                if (parameter?.Name is null || parameter.In is null)
                {
                    continue;
                }
                var existing = merged.FindIndex(m => m.Parameter.Name == parameter.Name && m.Parameter.In == parameter.In);
                if (existing >= 0)
                {
                    merged[existing] = (parameter, parameterPointer);
                }
                else
                {
                    merged.Add((parameter, parameterPointer));
                }
            }

            var result = new List<ParameterModel>();
            foreach (var (parameter, parameterPointer) in merged)
            {
                var location = parameter.In switch
                {
                    Microsoft.OpenApi.Models.ParameterLocation.Path => Model.ParameterLocation.Path,
                    Microsoft.OpenApi.Models.ParameterLocation.Header => Model.ParameterLocation.Header,
                    Microsoft.OpenApi.Models.ParameterLocation.Cookie => Model.ParameterLocation.Cookie,
                    _ => Model.ParameterLocation.Query,
                };
                if (location == Model.ParameterLocation.Header && (string.Equals(parameter.Name, "Content-Type", StringComparison.OrdinalIgnoreCase) || string.Equals(parameter.Name, "Accept", StringComparison.OrdinalIgnoreCase) || string.Equals(parameter.Name, "Authorization", StringComparison.OrdinalIgnoreCase)))
                {
                    // OpenAPI says these are ignored as parameters; the client sets them itself.
                    continue;
                }
                if (location == Model.ParameterLocation.Path && path.IndexOf("{" + parameter.Name + "}", StringComparison.Ordinal) < 0)
                {
                    Report(DiagnosticIds.UnsupportedConstruct, $"Path parameter '{parameter.Name}' does not appear in the path '{path}' and is ignored", parameterPointer);
                    continue;
                }
                var schema = parameter.Schema;
                if (schema is null && parameter.Content is { Count: > 0 })
                {
                    schema = parameter.Content.First().Value?.Schema;
                }
                var type = schema is null ? new TypeRef(TypeKind.String) : Map(schema, typeHint + Naming.Pascal(parameter.Name, "Parameter"), parameterPointer + "/schema");
                var style = parameter.Style switch
                {
                    null or Microsoft.OpenApi.Models.ParameterStyle.Form => Model.ParameterStyle.Form,
                    Microsoft.OpenApi.Models.ParameterStyle.DeepObject => Model.ParameterStyle.DeepObject,
                    _ => Model.ParameterStyle.Other,
                };
                if (type.IsObjectLike && (location != Model.ParameterLocation.Query || style == Model.ParameterStyle.Other))
                {
                    // Query objects of style form and deepObject are written member by member (name[key]=value); other
                    // places and styles get the value's JSON text.
                    Report(DiagnosticIds.UnsupportedConstruct, $"The {location.ToString().ToLowerInvariant()} parameter '{parameter.Name}' holds objects (style {parameter.Style?.ToString() ?? "default"}), which are sent as JSON text", parameterPointer);
                }
                var required = parameter.Required || location == Model.ParameterLocation.Path;
                // Unique before escaping: '@for' and 'for2' must not become '@for2' and 'for2', the same identifier.
                var name = Naming.EscapeKeyword(scope.Unique(Naming.CamelWord(parameter.Name, "value")));
                result.Add(new ParameterModel(name, parameter.Name, location, type, required, parameter.Description, parameter.Deprecated, parameter.Explode, style));
            }

            // Placeholders of the path template that no parameter describes still need a value.
            foreach (Match match in Regex.Matches(path, "\\{([^}/]+)\\}"))
            {
                var wire = match.Groups[1].Value;
                if (!result.Any(p => p.In == Model.ParameterLocation.Path && p.WireName == wire))
                {
                    Report(DiagnosticIds.UnsupportedConstruct, $"The path '{path}' uses '{{{wire}}}' but declares no such path parameter; it is generated as a required string parameter", pointer);
                    result.Add(new ParameterModel(Naming.EscapeKeyword(scope.Unique(Naming.CamelWord(wire, "value"))), wire, Model.ParameterLocation.Path, new TypeRef(TypeKind.String), true, null, false, false));
                }
            }
            return result;
        }

        private RequestBodyModel? ReadBody(OpenApiRequestBody body, string hint, string pointer, NameScope scope)
        {
            if (body.Content is null || body.Content.Count == 0)
            {
                return null;
            }
            var (contentType, media, kind) = ChooseContent(body.Content);
            var mediaPointer = pointer + "/content/" + EscapePointer(contentType);
            if ((kind == BodyKind.Form || kind == BodyKind.Multipart) && media?.Schema is { } formSchema && IsClosedEmptyObject(formSchema))
            {
                // A form that can hold no field at all (Stripe's GET and DELETE calls): there is nothing to send.
                return null;
            }
            var type = kind switch
            {
                BodyKind.Text => new TypeRef(TypeKind.String),
                BodyKind.Binary => new TypeRef(TypeKind.Base64Bytes),
                _ => Map(media?.Schema, hint, mediaPointer + "/schema"),
            };
            if ((kind == BodyKind.Form || kind == BodyKind.Multipart) && type.Kind != TypeKind.Model)
            {
                Report(DiagnosticIds.UnsupportedConstruct, $"A {contentType} body needs an object schema; it is sent as JSON text in a single field-less body instead", mediaPointer);
                kind = BodyKind.Json;
                contentType = "application/json";
            }
            var name = scope.Unique("body");
            return new RequestBodyModel(kind, contentType, type, body.Required, name, body.Description);
        }

        private static bool IsClosedEmptyObject(OpenApiSchema schema) =>
            !schema.UnresolvedReference && (schema.Type is null || schema.Type == "object") && schema.Properties.Count == 0
            && !schema.AdditionalPropertiesAllowed && schema.AdditionalProperties is null
            && schema.AllOf.Count == 0 && schema.OneOf.Count == 0 && schema.AnyOf.Count == 0 && schema.Items is null;

        private static (string ContentType, OpenApiMediaType? Media, BodyKind Kind) ChooseContent(IDictionary<string, OpenApiMediaType> content)
        {
            foreach (var pair in content)
            {
                if (IsJson(pair.Key))
                {
                    return (pair.Key, pair.Value, BodyKind.Json);
                }
            }
            foreach (var pair in content)
            {
                var ct = pair.Key.ToLowerInvariant();
                if (ct.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
                {
                    return (pair.Key, pair.Value, BodyKind.Form);
                }
                if (ct.StartsWith("multipart/", StringComparison.Ordinal))
                {
                    return (pair.Key, pair.Value, BodyKind.Multipart);
                }
            }
            foreach (var pair in content)
            {
                if (pair.Key.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
                {
                    return (pair.Key, pair.Value, BodyKind.Text);
                }
            }
            var first = content.First();
            return (first.Key, first.Value, BodyKind.Binary);
        }

        private static bool IsJson(string contentType)
        {
            var ct = contentType.ToLowerInvariant();
            var semi = ct.IndexOf(';');
            if (semi >= 0)
            {
                ct = ct.Substring(0, semi).Trim();
            }
            return ct == "application/json" || ct.EndsWith("+json", StringComparison.Ordinal) || ct == "*/*" || ct == "text/json";
        }

        private ResponseModel ReadResponse(OpenApiOperation op, string hint, string pointer, OpenApiSchema? envelopeSchema, EnvelopeModel? envelope, out bool enveloped)
        {
            enveloped = false;
            if (op.Responses is null || op.Responses.Count == 0)
            {
                return new ResponseModel(BodyKind.None, null, null);
            }
            var successes = op.Responses
                .Where(r => r.Key.Length == 3 && r.Key[0] == '2')
                .OrderBy(r => r.Key == "2XX" || r.Key == "2xx" ? 1 : 0)
                .ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            if (successes.Count == 0)
            {
                return new ResponseModel(BodyKind.None, null, null);
            }
            // The first success response with a body decides what the call returns (200 before 201 before 2XX).
            var chosen = successes.FirstOrDefault(r => r.Value?.Content is { Count: > 0 });
            if (chosen.Value?.Content is null)
            {
                return new ResponseModel(BodyKind.None, null, successes[0].Value?.Description);
            }
            var response = chosen.Value;
            var responsePointer = pointer + "/responses/" + EscapePointer(chosen.Key);
            var (contentType, media, kind) = ChooseContent(response.Content);
            var mediaPointer = responsePointer + "/content/" + EscapePointer(contentType);
            if (kind == BodyKind.Form || kind == BodyKind.Multipart)
            {
                kind = BodyKind.Text;
            }
            if (kind == BodyKind.Text)
            {
                return new ResponseModel(BodyKind.Text, new TypeRef(TypeKind.String), response.Description);
            }
            if (kind == BodyKind.Binary)
            {
                return new ResponseModel(BodyKind.Binary, new TypeRef(TypeKind.Base64Bytes), response.Description);
            }

            var schema = media?.Schema;
            if (envelopeSchema is not null && envelope is not null && schema is not null && IncludesEnvelope(schema, envelopeSchema))
            {
                enveloped = true;
                var payloadSchema = FindProperty(schema, envelope.PayloadProperty, envelopeSchema, new HashSet<OpenApiSchema>(ReferenceComparer.Instance));
                var payloadType = Map(payloadSchema, hint + "Payload", mediaPointer + "/schema");
                return new ResponseModel(BodyKind.Json, payloadType, response.Description);
            }
            var type = Map(schema, hint + "Response", mediaPointer + "/schema");
            // A success response without a body (204 beside 200, say): the call returns null when the server sends it.
            var mayBeEmpty = successes.Any(r => r.Value?.Content is not { Count: > 0 });

            // Other success responses with a different JSON body (201 vs 200, 202 "accepted" vs 200 result): the call
            // returns a union of them, so whichever the server sends is read.
            var variants = new List<(TypeRef Type, string Code)> { (type.WithNullable(false), chosen.Key) };
            var nullable = type.Nullable;
            foreach (var other in successes)
            {
                if (other.Key == chosen.Key || other.Value?.Content is not { Count: > 0 } otherContent)
                {
                    continue;
                }
                var (otherType, otherMedia, otherKind) = ChooseContent(otherContent);
                if (otherKind != BodyKind.Json)
                {
                    continue;
                }
                var otherPointer = pointer + "/responses/" + EscapePointer(other.Key) + "/content/" + EscapePointer(otherType) + "/schema";
                var mapped = Map(otherMedia?.Schema, hint + "Response" + Naming.Pascal(other.Key, "Other"), otherPointer);
                nullable |= mapped.Nullable;
                if (!variants.Any(v => v.Type.Equals(mapped.WithNullable(false))))
                {
                    variants.Add((mapped.WithNullable(false), other.Key));
                }
            }
            if (variants.Count == 1)
            {
                return new ResponseModel(BodyKind.Json, mayBeEmpty ? type.WithNullable(true) : type, response.Description, mayBeEmpty);
            }
            var unionName = _typeNames.Unique(Naming.Pascal(hint + "Result", "Result"));
            var scope = new NameScope();
            foreach (var reserved in new[] { unionName, "Value", "Json", "Kind", "ToString", "Equals", "GetHashCode", "GetType", "JsonConverter", "Match" })
            {
                scope.Reserve(reserved);
            }
            var unionVariants = variants.Select(v => new UnionVariant(scope.Unique(VariantName(v.Type)), v.Type, EquatableArray<string>.Empty)).ToEquatableArray();
            _unions.Add(new UnionType(unionName, "The success responses of " + hint + ": " + string.Join(", ", variants.Select(v => v.Code)) + ".", null, unionVariants));
            return new ResponseModel(BodyKind.Json, new TypeRef(TypeKind.Union, unionName, Nullable: nullable || mayBeEmpty), response.Description, mayBeEmpty);
        }

        private static bool IncludesEnvelope(OpenApiSchema schema, OpenApiSchema envelope, HashSet<OpenApiSchema>? visited = null)
        {
            if (ReferenceEquals(schema, envelope))
            {
                return true;
            }
            // Each schema once: allOf cycles (A allOf [A, B], B allOf [A]) end, and shared parts are not walked again.
            visited ??= new HashSet<OpenApiSchema>(ReferenceComparer.Instance);
            if (!visited.Add(schema))
            {
                return false;
            }
            foreach (var part in schema.AllOf)
            {
                if (part is not null && (ReferenceEquals(part, envelope) || IncludesEnvelope(part, envelope, visited)))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The payload schema of an enveloped response: the most specific declaration wins over the envelope's own.</summary>
        private static OpenApiSchema? FindProperty(OpenApiSchema schema, string property, OpenApiSchema envelope, HashSet<OpenApiSchema> visited)
        {
            if (!visited.Add(schema))
            {
                return null;
            }
            if (!ReferenceEquals(schema, envelope) && schema.Properties.TryGetValue(property, out var own))
            {
                return own;
            }
            for (var i = schema.AllOf.Count - 1; i >= 0; i--)
            {
                var part = schema.AllOf[i];
                if (part is null || ReferenceEquals(part, envelope))
                {
                    continue;
                }
                var found = FindProperty(part, property, envelope, visited);
                if (found is not null)
                {
                    return found;
                }
            }
            return envelope.Properties.TryGetValue(property, out var fallback) ? fallback : null;
        }

        private HashSet<string> RequestReachableTypes(List<OperationModel> operations)
        {
            var byName = _models.ToDictionary(m => m.Name, StringComparer.Ordinal);
            var unionsByName = _unions.ToDictionary(u => u.Name, StringComparer.Ordinal);
            var result = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<TypeRef>();
            foreach (var op in operations)
            {
                if (op.Body is not null)
                {
                    queue.Enqueue(op.Body.Type);
                }
            }
            while (queue.Count > 0)
            {
                var type = queue.Dequeue();
                switch (type.Kind)
                {
                    case TypeKind.Array:
                    case TypeKind.Map:
                        queue.Enqueue(type.Element!);
                        break;
                    case TypeKind.Model when result.Add(type.Name!) && byName.TryGetValue(type.Name!, out var model):
                        foreach (var p in model.Properties)
                        {
                            queue.Enqueue(p.Type);
                        }
                        break;
                    case TypeKind.Union when result.Add(type.Name!) && unionsByName.TryGetValue(type.Name!, out var union):
                        foreach (var v in union.Variants)
                        {
                            queue.Enqueue(v.Type);
                        }
                        break;
                }
            }
            return result;
        }

        // ---------------------------------------------------------------- helpers

        private static string? ServerUrl(IList<OpenApiServer>? servers)
        {
            var server = servers?.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s?.Url));
            if (server is null)
            {
                return null;
            }
            var url = server.Url;
            foreach (var variable in server.Variables)
            {
                url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
            }
            return url;
        }

        internal static string EscapePointer(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        private void Report(string id, string message, string pointer) => _diagnostics.Add(new PendingDiagnostic(id, message, pointer, -1, -1));

        private sealed class ReferenceComparer : IEqualityComparer<OpenApiSchema>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public bool Equals(OpenApiSchema? x, OpenApiSchema? y) => ReferenceEquals(x, y);

            public int GetHashCode(OpenApiSchema obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }

    /// <summary>A diagnostic whose place is known as a JSON pointer or as a line, resolved to a location at the end.</summary>
    internal readonly struct PendingDiagnostic
    {
        public PendingDiagnostic(string id, string message, string? pointer, int line, int column)
        {
            Id = id;
            Message = message;
            Pointer = pointer;
            Line = line;
            Column = column;
        }

        public string Id { get; }
        public string Message { get; }
        public string? Pointer { get; }
        public int Line { get; }
        public int Column { get; }
    }
}
