using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EnKashGen.Diagnostics;
using EnKashGen.Model;
using EnKashGen.Reading;
using Microsoft.OpenApi;

namespace EnKashGen.Mapping
{
    /// <summary>
    /// Turns a document read by Microsoft.OpenApi into an <see cref="ApiModel"/>: decides every C# name (unique,
    /// deterministic), maps schemas to types, and records what it cannot express as diagnostics with a JSON pointer.
    /// References are always followed to the schema they lead to here, never read through the reader's reference
    /// objects, so reference cycles end in a diagnostic instead of an exception.
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        private const string EnvelopeExtension = "x-enkash-envelope";
        private const string EncryptionExtension = "x-enkash-encryption";
        private const string TokenExtension = "x-enkash-token";

        /// <summary>How deeply schemas may nest (each level a C# stack frame or more) before the rest is untyped JSON.</summary>
        private const int MaxDepth = 64;

        /// <summary>How many references in a row are followed before the chain counts as a cycle.</summary>
        private const int MaxReferenceHops = 64;

        /// <summary>JSON Schema keywords of OpenAPI 3.1 that no C# type expresses; each use is reported, then ignored.</summary>
        private static readonly string[] UnsupportedKeywords =
        {
            "prefixItems", "if", "then", "else", "dependentSchemas", "dependentRequired", "patternProperties", "unevaluatedItems",
            "$dynamicRef", "$recursiveRef",
        };

        /// <summary>Keywords the reader keeps aside that carry no meaning for the generated types.</summary>
        private static readonly HashSet<string> HarmlessKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "$comment", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$schema", "$vocabulary", "examples", "example",
            "contentSchema", "minContains", "maxContains", "propertyNames", "contains",
        };

        private readonly OpenApiDocument _doc;
        private readonly Dictionary<IOpenApiSchema, SchemaUse> _resolved = new Dictionary<IOpenApiSchema, SchemaUse>(ReferenceComparer<IOpenApiSchema>.Instance);
        private readonly DiagnosticBag _diagnostics;
        private readonly SpecOrigins _origins;
        private readonly JsonNode? _source;
        private readonly string _namespace;
        private readonly string _clientName;
        private readonly string _accessibility;
        private readonly string _specFileName;

        // Case-insensitive: type names become file (hint) names, which the compiler and many file systems compare ignoring case.
        private readonly NameScope _typeNames = new NameScope(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<OpenApiSchema, TypeRef> _memo = new Dictionary<OpenApiSchema, TypeRef>(ReferenceComparer<OpenApiSchema>.Instance);
        private readonly Dictionary<OpenApiSchema, string> _componentNames = new Dictionary<OpenApiSchema, string>(ReferenceComparer<OpenApiSchema>.Instance);
        private readonly Dictionary<OpenApiSchema, string> _componentPointers = new Dictionary<OpenApiSchema, string>(ReferenceComparer<OpenApiSchema>.Instance);

        // The name hint of every component: the types inside a component are named from the component, whoever maps it
        // first, so that they keep their names when a filter maps only some components, and in another order.
        private readonly Dictionary<OpenApiSchema, string> _componentHints = new Dictionary<OpenApiSchema, string>(ReferenceComparer<OpenApiSchema>.Instance);
        private readonly OperationFilter? _filter;
        private readonly List<ObjectType> _models = new List<ObjectType>();
        private readonly List<EnumType> _enums = new List<EnumType>();
        private readonly List<UnionType> _unions = new List<UnionType>();
        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<OpenApiSchema> _inProgress = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
        private readonly HashSet<OpenApiSchema> _keywordsChecked = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
        private readonly Dictionary<(string Union, string Variant), string> _variantPointers = new Dictionary<(string Union, string Variant), string>();

        /// <summary>The unions of oneOf/anyOf in the order their mapping began (the order the document leads to them).</summary>
        private readonly List<string> _unionsStarted = new List<string>();
        private int _depth;

        /// <param name="source">The node the reader read; messages quote references as written there (the reader keeps only what it understood).</param>
        /// <param name="filter">The spec's operation filters; when set, only the operations they select are generated, and only the schemas those (and webhooks) use.</param>
        public ModelBuilder(OpenApiDocument doc, string @namespace, string clientName, string accessibility, string specFileName, DiagnosticBag diagnostics, SpecOrigins origins, JsonNode? source = null, OperationFilter? filter = null)
        {
            _source = source;
            _filter = filter;
            _doc = doc;
            _namespace = @namespace;
            _clientName = clientName;
            _accessibility = accessibility;
            _specFileName = specFileName;
            _diagnostics = diagnostics;
            _origins = origins;
        }

        public ApiModel Build()
        {
            // Names the generator itself declares in the namespace come first, so spec types never take them.
            foreach (var suffix in ReservedNames.ClientTypeSuffixes)
            {
                _typeNames.Reserve(_clientName + suffix);
            }

            var schemas = _doc.Components?.Schemas;
            var renamed = new List<(OpenApiSchema Schema, string Key, string Unique, string Name, string Pointer)>();
            if (schemas is not null)
            {
                FindHierarchies(schemas);
                foreach (var pair in schemas)
                {
                    if (pair.Value is not OpenApiSchema schema)
                    {
                        // A component that is only a $ref to another one is not a type of its own: it uses its target's.
                        continue;
                    }
                    var pointer = "#/components/schemas/" + PointerLocator.Escape(pair.Key);
                    _componentPointers[schema] = pointer;
                    _componentHints[schema] = Naming.Pascal(pair.Key, "Schema");
                    if (IsDeclared(schema))
                    {
                        var name = Naming.Pascal(pair.Key, "Schema");
                        var unique = _typeNames.Unique(name);
                        if (unique != name)
                        {
                            renamed.Add((schema, pair.Key, unique, name, pointer));
                        }
                        _componentNames[schema] = unique;
                    }
                }
                // Every base gets a type for the values whose discriminator the spec does not list; spec names come first.
                foreach (var node in _nodes.Values.Where(n => n.Children.Count > 0 && _componentNames.ContainsKey(n.Schema)))
                {
                    node.UnknownName = _typeNames.Unique("Unknown" + _componentNames[node.Schema]);
                }
            }

            var envelope = ReadEnvelope(out var envelopeSchema);
            if (schemas is not null)
            {
                // Every component is a type users may use, unless a filter says which operations they use: then the
                // operations (and webhooks) map the components they reach, and nothing else is mapped or reported.
                // Names were reserved above either way, so a filter renames nothing. The envelope, and wrappers that
                // only narrow its payload, are wire shapes the client unwraps: no method returns them, so they are
                // generated only when something else (a property, a body, an unenveloped response) reaches them.
                foreach (var pair in _filter is null ? schemas : Enumerable.Empty<KeyValuePair<string, IOpenApiSchema>>())
                {
                    if (pair.Value is not null && !IsEnvelopeShape(pair.Value, envelopeSchema))
                    {
                        Map(pair.Value, Naming.Pascal(pair.Key, "Schema"), "#/components/schemas/" + PointerLocator.Escape(pair.Key));
                    }
                }
            }

            var encryption = ReadEncryption();
            var schemes = ReadSecuritySchemes();
            var groups = new List<GroupModel>();
            var operations = ReadReplay(ReadOperations(envelope, envelopeSchema, encryption, schemes, groups));
            ReadWebhooks();
            MapPendingSubtypes();
            FinishHierarchies();

            // A rename is news only for the components that are generated.
            foreach (var (_, key, unique, taken, pointer) in renamed.Where(r => _memo.ContainsKey(r.Schema)))
            {
                Report(DiagnosticCatalogue.SchemaRenamed, pointer, key, unique, taken);
            }

            BreakUnionCycles();
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
                encryption,
                ReadTokenFlow(operations));
        }

        /// <summary>
        /// The token flow of the operation marked <c>x-enkash-token</c>, or null (reported) when the client cannot run
        /// it by itself: it needs a body model (its members are filled from the options of the same names), no required
        /// parameter, and a JSON response model with a text <c>access_token</c>.
        /// </summary>
        private TokenFlowModel? ReadTokenFlow(List<OperationModel> operations)
        {
            var marked = operations.Where(o => o.IsTokenOperation).ToList();
            if (marked.Count == 0)
            {
                return null;
            }
            var op = marked[0];
            var pointer = "#/paths/" + PointerLocator.Escape(op.Path) + "/" + op.HttpMethod.ToLowerInvariant();
            foreach (var other in marked.Skip(1))
            {
                Report(DiagnosticCatalogue.SecondTokenOperation, "#/paths/" + PointerLocator.Escape(other.Path) + "/" + other.HttpMethod.ToLowerInvariant(), other.OperationId, TokenExtension, op.OperationId);
            }
            string? problem = null;
            var form = op.Body is { Kind: BodyKind.Json or BodyKind.Form, Type: { Kind: TypeKind.Object } bodyType } ? _models.FirstOrDefault(m => m.Name == bodyType.Name) : null;
            var result = op.Response is { Kind: BodyKind.Json, Type: { Kind: TypeKind.Object } resultType } ? _models.FirstOrDefault(m => m.Name == resultType.Name) : null;
            var access = result?.Properties.FirstOrDefault(p => p.JsonName == "access_token" && p.Type.Kind == TypeKind.String);
            if (form is null)
            {
                problem = "its request body is not an object of named members";
            }
            else if (op.Parameters.FirstOrDefault(p => p.Required) is { } parameter)
            {
                problem = $"its required parameter '{parameter.WireName}' has no value the client could send";
            }
            else if (result is null)
            {
                problem = "its response is not a JSON object";
            }
            else if (access is null)
            {
                problem = "its response has no text member 'access_token'";
            }
            if (problem is not null)
            {
                Report(DiagnosticCatalogue.TokenOperationUnusable, pointer, op.OperationId, TokenExtension, problem);
                return null;
            }
            var expires = result!.Properties.FirstOrDefault(p => p.JsonName == "expires_in" && p.Type.Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal or TypeKind.Double or TypeKind.Single);
            return new TokenFlowModel(op.OperationId, form!.Name, result.Name, access!.Name, expires?.Name, expires is not null && (!expires.Required || expires.Type.Nullable));
        }

        // ---------------------------------------------------------------- references

        /// <summary>A use of a schema: where it leads (null when it leads nowhere) and what the use itself adds.</summary>
        private readonly struct SchemaUse
        {
            public SchemaUse(IOpenApiSchema use, OpenApiSchema? target, string? referenceId, string? reference, bool external, bool cycle)
            {
                Use = use;
                Target = target;
                ReferenceId = referenceId;
                Reference = reference;
                External = external;
                Cycle = cycle;
            }

            public IOpenApiSchema Use { get; }
            public OpenApiSchema? Target { get; }

            /// <summary>The component the first reference names (<c>Pet</c> for <c>#/components/schemas/Pet</c>).</summary>
            public string? ReferenceId { get; }

            /// <summary>The reference as written, for messages.</summary>
            public string? Reference { get; }

            public bool External { get; }
            public bool Cycle { get; }
            public bool IsReference => Use is OpenApiSchemaReference;
        }

        /// <summary>
        /// Follows references (<c>A: {$ref: B}</c>, <c>B: {$ref: C}</c>, ...) to the schema they lead to. The reader
        /// resolves a reference anew on every read of its target (splitting its text each time), and the mapping reads
        /// most references several times, so each reference's answer is kept.
        /// </summary>
        private SchemaUse Resolve(IOpenApiSchema schema)
        {
            if (schema is OpenApiSchema direct)
            {
                return new SchemaUse(schema, direct, null, null, false, false);
            }
            if (!_resolved.TryGetValue(schema, out var use))
            {
                use = Follow(schema);
                _resolved.Add(schema, use);
            }
            return use;
        }

        private static SchemaUse Follow(IOpenApiSchema schema)
        {
            string? id = null;
            string? written = null;
            var external = false;
            var current = schema;
            for (var hops = 0; hops < MaxReferenceHops; hops++)
            {
                if (current is OpenApiSchema concrete)
                {
                    return new SchemaUse(schema, concrete, id, written, external, false);
                }
                if (current is not OpenApiSchemaReference reference)
                {
                    return new SchemaUse(schema, null, id, written, external, false);
                }
                id ??= reference.Reference.Id;
                written ??= reference.Reference.ReferenceV3 ?? reference.Reference.Id;
                external |= reference.Reference.IsExternal;
                IOpenApiSchema? next;
                try
                {
                    next = reference.Target;
                }
                catch (InvalidOperationException)
                {
                    // The reader refuses to follow a chain that loops.
                    return new SchemaUse(schema, null, id, written, external, true);
                }
                if (next is null || ReferenceEquals(next, current))
                {
                    return new SchemaUse(schema, null, id, written, external, next is not null);
                }
                current = next;
            }
            return new SchemaUse(schema, null, id, written, external, true);
        }

        /// <summary>Whether a use allows null: OpenAPI 3.0's nullable (kept by the reading layer), 3.1's "null" type, or Swagger's x-nullable.</summary>
        private static bool IsNullable(SchemaUse use)
        {
            if (use.Use is OpenApiSchemaReference reference && reference.Reference.SchemaType is { } overridden && (overridden & JsonSchemaType.Null) != 0)
            {
                return true;
            }
            return use.Target is { } target && IsNullable(target);
        }

        private static bool IsNullable(OpenApiSchema schema) =>
            (schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
            || VendorExtensions.IsTrue(schema.Extensions, SpecPreparation.NullableMarker)
            || VendorExtensions.IsTrue(schema.Extensions, "x-nullable");

        /// <summary>The schema's types without null; 0 when it names none.</summary>
        private static JsonSchemaType Types(OpenApiSchema schema) => schema.Type is { } type ? type & ~JsonSchemaType.Null : 0;

        /// <summary>Whether the flags name at most one type.</summary>
        private static bool IsOneType(JsonSchemaType types) => (types & (types - 1)) == 0;

        /// <summary>
        /// A member's description: the one written beside its <c>$ref</c> (OpenAPI 3.1), else its schema's. A member that
        /// only names a schema generated as a type of its own has none: the type carries that description, and a copy on
        /// every member of the type would say the same twice.
        /// </summary>
        private static string? MemberDescription(SchemaUse use, TypeRef type)
        {
            if (use.Use is OpenApiSchemaReference reference)
            {
                if (!string.IsNullOrEmpty(reference.Reference.Description))
                {
                    return reference.Reference.Description;
                }
                if (type.Kind is TypeKind.Object or TypeKind.Enum or TypeKind.Union)
                {
                    return null;
                }
            }
            return use.Target?.Description ?? use.Target?.Title;
        }

        private static int Count<T>(ICollection<T>? items) => items?.Count ?? 0;

        // ---------------------------------------------------------------- schemas

        private bool IsDeclared(OpenApiSchema schema)
        {
            if (NodeOf(schema) is not null)
            {
                return true;
            }
            var types = Types(schema);
            if (Count(schema.Enum) > 0 && (types == 0 || types == JsonSchemaType.String || types == JsonSchemaType.Integer) && schema.Enum!.Any(v => !VendorExtensions.IsNull(v)))
            {
                return true;
            }
            if (Count(schema.AllOf) > 0 || Count(schema.OneOf) > 0 || Count(schema.AnyOf) > 0)
            {
                return true;
            }
            if (!IsOneType(types) && !((types & ~JsonSchemaType.String) is JsonSchemaType.Integer or JsonSchemaType.Number && IsNumericFormat(schema.Format)))
            {
                // A union of types (anyOf of bare types included, which the reader folds into a list of types).
                return true;
            }
            return Count(schema.Properties) > 0;
        }

        private TypeRef Map(IOpenApiSchema? schema, string hint, string pointer)
        {
            if (schema is null)
            {
                return TypeRef.AnyValue;
            }
            var use = Resolve(schema);
            if (use.Target is null)
            {
                if (use.External)
                {
                    // A reference to another file that is not a declared part: reported where it is written, by the reading layer.
                    return TypeRef.AnyValue.WithNullable(true);
                }
                if (_reported.Add(pointer))
                {
                    var written = WrittenReference(pointer) ?? use.Reference;
                    Report(use.Cycle ? DiagnosticCatalogue.ReferenceOnlyToReferences : DiagnosticCatalogue.UnresolvedReference, pointer + "/$ref", written);
                }
                return TypeRef.AnyValue.WithNullable(true);
            }
            var target = use.Target;
            var nullable = IsNullable(use);
            if (_memo.TryGetValue(target, out var known))
            {
                NoteUse(known);
                return known.WithNullable(nullable);
            }
            if (_componentPointers.TryGetValue(target, out var componentPointer))
            {
                pointer = componentPointer;
                hint = _componentHints[target];
            }
            if (_depth >= MaxDepth || !_inProgress.Add(target))
            {
                // Declared types (objects, enums, unions) are memoised before their members are mapped, so a schema met
                // again here contains itself only through arrays, maps or wrappers (A: {items: {$ref: A}}), which no C#
                // type can express; or the nesting is deeper than any real document's.
                if (_reported.Add(pointer))
                {
                    if (_depth >= MaxDepth)
                    {
                        Report(DiagnosticCatalogue.NestedTooDeep, pointer, MaxDepth);
                    }
                    else
                    {
                        Report(DiagnosticCatalogue.ContainsItselfThroughWrappers, pointer);
                    }
                }
                return TypeRef.AnyValue.WithNullable(true);
            }
            _depth++;
            try
            {
                CheckKeywords(target, pointer);
                return MapNew(target, hint, pointer, nullable);
            }
            finally
            {
                _depth--;
                _inProgress.Remove(target);
            }
        }

        /// <summary>Reports, once per schema, the JSON Schema keywords it uses that the generated types cannot express.</summary>
        private void CheckKeywords(OpenApiSchema schema, string pointer)
        {
            if (!_keywordsChecked.Add(schema))
            {
                return;
            }
            if (schema.Not is not null)
            {
                Report(DiagnosticCatalogue.NotKeyword, pointer + "/not");
            }
            if (schema.If is not null || schema.Then is not null || schema.Else is not null)
            {
                Report(DiagnosticCatalogue.ConditionalSchema, pointer + (schema.If is not null ? "/if" : schema.Then is not null ? "/then" : "/else"));
            }
            if (Count(schema.PatternProperties) > 0)
            {
                Report(DiagnosticCatalogue.PatternProperties, pointer + "/patternProperties");
            }
            if (Count(schema.DependentSchemas) > 0 || Count(schema.DependentRequired) > 0)
            {
                Report(DiagnosticCatalogue.DependentSchemas, pointer + (Count(schema.DependentSchemas) > 0 ? "/dependentSchemas" : "/dependentRequired"));
            }
            if (!string.IsNullOrEmpty(schema.DynamicRef))
            {
                Report(DiagnosticCatalogue.DynamicReference, pointer + "/$dynamicRef");
            }
            if (schema.UnrecognizedKeywords is { Count: > 0 } unknown)
            {
                foreach (var keyword in unknown.Keys)
                {
                    if (HarmlessKeywords.Contains(keyword))
                    {
                        continue;
                    }
                    if (Array.IndexOf(UnsupportedKeywords, keyword) >= 0)
                    {
                        Report(DiagnosticCatalogue.UnsupportedKeyword, pointer + "/" + PointerLocator.Escape(keyword), keyword);
                    }
                    else
                    {
                        Report(DiagnosticCatalogue.UnknownKeyword, pointer + "/" + PointerLocator.Escape(keyword), keyword);
                    }
                }
            }
        }

        /// <summary>Maps a schema not mapped before (not memoised, not on the current path).</summary>
        private TypeRef MapNew(OpenApiSchema schema, string hint, string pointer, bool nullable)
        {
            var name = _componentNames.TryGetValue(schema, out var componentName) ? componentName : null;
            var types = Types(schema);

            if (name is not null && NodeOf(schema) is not null)
            {
                // A base (its oneOf, if any, lists its derived types) or a derived type: a class of a hierarchy.
                return BuildObject(schema, name, pointer, nullable);
            }

            if (Count(schema.Enum) > 0 && (types == 0 || types == JsonSchemaType.String || types == JsonSchemaType.Integer) && schema.Enum!.Any(v => !VendorExtensions.IsNull(v)))
            {
                return BuildEnum(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Value")), pointer, nullable);
            }

            if (Count(schema.AllOf) > 0)
            {
                var parts = schema.AllOf!.Where(p => p is not null).ToList();
                // Parts that only annotate (allOf: [{$ref: X}, {description: ...}]) add no member and no rule.
                var shaping = parts.Where(p => !IsAnnotationOnly(p)).ToList();
                if (shaping.Count == 1 && name is null && Count(schema.Properties) == 0 && Count(schema.Required) == 0 && Resolve(shaping[0]).Target is not null)
                {
                    // allOf with a single $ref: a common way to attach a description or nullable to a reference.
                    var inner = Map(shaping[0], hint, pointer + "/allOf/" + parts.IndexOf(shaping[0]).ToString(CultureInfo.InvariantCulture));
                    return inner.WithNullable(inner.Nullable || nullable || parts.Any(p => p is OpenApiSchema annotation && IsAnnotationOnly(p) && IsNullable(annotation)));
                }
                return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer, nullable);
            }

            var keyword = Count(schema.OneOf) > 0 ? "oneOf" : "anyOf";
            var all = Count(schema.OneOf) > 0 ? schema.OneOf : schema.AnyOf;
            var variants = all?.Where(v => v is not null).ToList();
            if (variants is { Count: > 0 })
            {
                var typed = variants.Where(v => !IsConstraintOnly(v)).ToList();
                var nullOnly = typed.Where(IsNullOnly).ToList();
                var real = typed.Where(v => !IsNullOnly(v)).ToList();
                if (real.Count == 0)
                {
                    if (Count(schema.Properties) > 0 || types == JsonSchemaType.Object)
                    {
                        return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer, nullable);
                    }
                    return TypeRef.AnyValue.WithNullable(true);
                }
                if (real.Count == 1 && Count(schema.Properties) == 0)
                {
                    var single = Map(real[0], hint, pointer + "/" + keyword + "/" + all!.IndexOf(real[0]).ToString(CultureInfo.InvariantCulture));
                    return single.WithNullable(single.Nullable || nullable || nullOnly.Count > 0);
                }
                if (Count(schema.Properties) > 0)
                {
                    if (!real.All(v => IsRefinement(v, schema)))
                    {
                        Report(DiagnosticCatalogue.PropertiesBesideUnion, pointer);
                    }
                    return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer, nullable);
                }
                return BuildUnion(schema, real, name ?? _typeNames.Unique(Naming.Pascal(hint, "Union")), pointer).WithNullable(nullable || nullOnly.Count > 0);
            }

            if (!IsOneType(types))
            {
                // Several types (3.1's type lists, or anyOf of bare types, which the reader folds into one list). A number
                // with a numeric format that may also be written as a string is what ASP.NET Core describes for numbers
                // it also reads from strings: the number. Any other mix is a union of the types.
                var withoutString = types & ~JsonSchemaType.String;
                if (withoutString is JsonSchemaType.Integer or JsonSchemaType.Number && IsNumericFormat(schema.Format))
                {
                    types = withoutString;
                }
                else
                {
                    return BuildTypeUnion(schema, types, name ?? _typeNames.Unique(Naming.Pascal(hint, "Union")), hint, pointer).WithNullable(nullable);
                }
            }

            switch (types)
            {
                case JsonSchemaType.String:
                    return new TypeRef(StringKind(schema), Nullable: nullable, Constraints: ReadConstraints(schema, pointer));
                case JsonSchemaType.Integer:
                    return new TypeRef(schema.Format == "int32" ? TypeKind.Int32 : TypeKind.Int64, Nullable: nullable, Constraints: ReadConstraints(schema, pointer));
                case JsonSchemaType.Number:
                    var numberKind = schema.Format switch
                    {
                        "float" => TypeKind.Single,
                        "double" => TypeKind.Double,
                        "int32" => TypeKind.Int32,
                        "int64" => TypeKind.Int64,
                        _ => TypeKind.Decimal,
                    };
                    return new TypeRef(numberKind, Nullable: nullable, Constraints: ReadConstraints(schema, pointer));
                case JsonSchemaType.Boolean:
                    return new TypeRef(TypeKind.Boolean, Nullable: nullable);
                case JsonSchemaType.Array:
                    return MapArray(schema, hint, pointer, nullable);
            }

            if (types == 0 && schema.Items is not null)
            {
                return MapArray(schema, hint, pointer, nullable);
            }

            if (Count(schema.Properties) > 0)
            {
                return BuildObject(schema, name ?? _typeNames.Unique(Naming.Pascal(hint, "Model")), pointer, nullable);
            }

            if (schema.AdditionalProperties is not null)
            {
                var value = Map(schema.AdditionalProperties, hint + "Value", pointer + "/additionalProperties");
                return new TypeRef(TypeKind.Map, Element: value, Nullable: nullable);
            }

            if (types == 0 && schema.Const is { } constant)
            {
                // `const` alone: a fixed value, most often text (a discriminator's value, say).
                return new TypeRef(TypeKind.String, Nullable: nullable);
            }

            // A free-form object or a schema without a type: any JSON value, kept as is.
            return TypeRef.AnyValue.WithNullable(nullable);
        }

        private TypeRef MapArray(OpenApiSchema schema, string hint, string pointer, bool nullable)
        {
            var item = schema.Items is null ? TypeRef.AnyValue : Map(schema.Items, Singular(hint), pointer + "/items");
            return new TypeRef(TypeKind.Array, Element: item, Nullable: nullable, Constraints: ReadConstraints(schema, pointer));
        }

        private static bool IsNumericFormat(string? format) => format is "int32" or "int64" or "float" or "double" or "decimal";

        /// <summary>A value of several JSON types: a union with one variant per type, read by the token it starts with.</summary>
        private TypeRef BuildTypeUnion(OpenApiSchema schema, JsonSchemaType types, string name, string hint, string pointer)
        {
            var typeRef = new TypeRef(TypeKind.Union, name);
            _memo[schema] = typeRef;
            var shared = BeginShared(schema, name);
            var variants = new List<UnionVariant>();
            var scope = new NameScope();
            scope.Reserve(name);
            foreach (var reserved in ReservedNames.UnionMembers)
            {
                scope.Reserve(reserved);
            }
            void Add(TypeRef type) => variants.Add(new UnionVariant(scope.Unique(VariantName(type)), type, EquatableArray<string>.Empty));
            if ((types & JsonSchemaType.String) != 0)
            {
                Add(new TypeRef(StringKind(schema)));
            }
            if ((types & JsonSchemaType.Integer) != 0)
            {
                Add(new TypeRef(schema.Format == "int32" ? TypeKind.Int32 : TypeKind.Int64));
            }
            if ((types & JsonSchemaType.Number) != 0)
            {
                Add(new TypeRef(schema.Format is "float" or "double" ? TypeKind.Double : TypeKind.Decimal));
            }
            if ((types & JsonSchemaType.Boolean) != 0)
            {
                Add(new TypeRef(TypeKind.Boolean));
            }
            if ((types & JsonSchemaType.Array) != 0)
            {
                Add(new TypeRef(TypeKind.Array, Element: schema.Items is null ? TypeRef.AnyValue : Map(schema.Items, Singular(hint), pointer + "/items")));
            }
            if ((types & JsonSchemaType.Object) != 0)
            {
                Add(schema.AdditionalProperties is not null
                    ? new TypeRef(TypeKind.Map, Element: Map(schema.AdditionalProperties, hint + "Value", pointer + "/additionalProperties"))
                    : new TypeRef(TypeKind.Map, Element: TypeRef.AnyValue));
                if (Count(schema.Properties) > 0)
                {
                    Report(DiagnosticCatalogue.PropertiesOfTypeUnion, pointer + "/properties");
                }
            }
            return typeRef with { Name = AddUnion(schema, new UnionType(name, schema.Description ?? schema.Title, null, variants.ToEquatableArray()), shared) };
        }

        /// <summary>
        /// An inline schema that only annotates a value (description, title, examples, default, deprecated, readOnly,
        /// writeOnly, nullable): no type, member, rule or composition of its own.
        /// </summary>
        private static bool IsAnnotationOnly(IOpenApiSchema part)
        {
            if (part is not OpenApiSchema schema)
            {
                return false;
            }
            return (schema.Type is null || schema.Type == JsonSchemaType.Null && IsNullable(schema)) && schema.Format is null && Count(schema.Properties) == 0
                && schema.Items is null && Count(schema.AllOf) == 0 && Count(schema.OneOf) == 0 && Count(schema.AnyOf) == 0
                && schema.Not is null && Count(schema.Enum) == 0 && schema.Const is null && schema.AdditionalProperties is null
                && Count(schema.Required) == 0 && Count(schema.PatternProperties) == 0 && schema.Discriminator is null
                && schema.MaxLength is null && schema.MinLength is null && schema.Pattern is null
                && schema.Maximum is null && schema.Minimum is null && schema.ExclusiveMaximum is null && schema.ExclusiveMinimum is null
                && schema.MultipleOf is null && schema.MaxItems is null && schema.MinItems is null
                && schema.MaxProperties is null && schema.MinProperties is null
                && schema.If is null && schema.Then is null && schema.Else is null
                && Count(schema.DependentSchemas) == 0 && Count(schema.DependentRequired) == 0
                && (schema.UnrecognizedKeywords is null || schema.UnrecognizedKeywords.Count == 0);
        }

        private static bool IsConstraintOnly(IOpenApiSchema variant)
        {
            if (variant is not OpenApiSchema schema)
            {
                return false;
            }
            return schema.Type is null && Count(schema.Properties) == 0 && schema.Items is null
                && Count(schema.AllOf) == 0 && Count(schema.OneOf) == 0 && Count(schema.AnyOf) == 0 && Count(schema.Enum) == 0
                && schema.AdditionalProperties is null && !IsNullable(schema) && (Count(schema.Required) > 0 || schema.Not is not null);
        }

        /// <summary>
        /// An inline oneOf/anyOf alternative that only restates members its parent already declares (narrower enums,
        /// other required members): the parent's own properties describe every alternative.
        /// </summary>
        private static bool IsRefinement(IOpenApiSchema variant, OpenApiSchema parent)
        {
            if (variant is not OpenApiSchema schema)
            {
                return false;
            }
            var types = Types(schema);
            var parentProperties = parent.Properties ?? new Dictionary<string, IOpenApiSchema>();
            return (types == 0 || types == JsonSchemaType.Object) && schema.Items is null
                && Count(schema.AllOf) == 0 && Count(schema.OneOf) == 0 && Count(schema.AnyOf) == 0 && Count(schema.Enum) == 0
                && (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Keys.All(parentProperties.ContainsKey)
                && (schema.Required ?? new HashSet<string>()).All(parentProperties.ContainsKey);
        }

        /// <summary>A branch that only allows null: <c>{type: "null"}</c>, <c>{nullable: true}</c> or <c>{enum: [null]}</c>.</summary>
        private static bool IsNullOnly(IOpenApiSchema variant)
        {
            if (variant is not OpenApiSchema schema)
            {
                return false;
            }
            var nothingElse = Count(schema.Properties) == 0 && schema.Items is null && Count(schema.AllOf) == 0 && Count(schema.OneOf) == 0
                && Count(schema.AnyOf) == 0 && schema.AdditionalProperties is null;
            if (!nothingElse)
            {
                return false;
            }
            if (schema.Type == JsonSchemaType.Null)
            {
                return true;
            }
            if (schema.Type is null && Count(schema.Enum) > 0 && schema.Enum!.All(VendorExtensions.IsNull))
            {
                return true;
            }
            return schema.Type is null && Count(schema.Enum) == 0 && IsNullable(schema);
        }

        private static TypeKind StringKind(OpenApiSchema schema)
        {
            switch (schema.Format)
            {
                case "date-time":
                    return TypeKind.DateTimeOffset;
                case "date":
                    return TypeKind.DateOnly;
                case "uuid":
                    return TypeKind.Guid;
                case "byte":
                    return TypeKind.Base64Bytes;
                case "binary":
                    // Raw octets: a file part in multipart bodies; in JSON there is no raw form, so they travel as base64.
                    return TypeKind.Base64Bytes;
            }
            // OpenAPI 3.1 writes binary content as contentEncoding (base64 in JSON) or contentMediaType (raw octets).
            if (schema.ContentEncoding is "base64" or "base64url")
            {
                return TypeKind.Base64Bytes;
            }
            if (schema.ContentMediaType is { } media && !media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !IsJson(media))
            {
                return TypeKind.Base64Bytes;
            }
            return TypeKind.String;
        }

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
                    Report(DiagnosticCatalogue.InvalidPattern, pointer + "/pattern", ex.Message);
                    pattern = null;
                }
            }
            var (minimum, exclusiveMinimum) = Bound(schema.Minimum, schema.ExclusiveMinimum, pointer + "/minimum");
            var (maximum, exclusiveMaximum) = Bound(schema.Maximum, schema.ExclusiveMaximum, pointer + "/maximum");
            var constraints = new Constraints(
                pattern,
                schema.MinLength,
                schema.MaxLength,
                minimum,
                exclusiveMinimum,
                maximum,
                exclusiveMaximum,
                schema.MinItems,
                schema.MaxItems);
            return constraints.IsEmpty ? null : constraints;
        }

        /// <summary>A numeric bound, inclusive or exclusive (the reader gives OpenAPI 3.0's boolean form and 3.1's numeric one the same shape).</summary>
        private (string? Value, bool Exclusive) Bound(string? inclusive, string? exclusive, string pointer)
        {
            var value = exclusive ?? inclusive;
            if (value is null)
            {
                return (null, false);
            }
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                Report(DiagnosticCatalogue.BoundNotANumber, pointer, value);
                return (null, false);
            }
            return (value, exclusive is not null);
        }

        private TypeRef BuildEnum(OpenApiSchema schema, string name, string pointer, bool nullable)
        {
            var types = Types(schema);
            var isInteger = types == JsonSchemaType.Integer || (types == 0 && schema.Enum!.All(v => VendorExtensions.IsNull(v) || (VendorExtensions.IsNumber(v) && VendorExtensions.AsLong(v) is not null)));
            var typeRef = new TypeRef(TypeKind.Enum, name);
            _memo[schema] = typeRef;
            var shared = BeginShared(schema, name);

            var values = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var valueCount = 0;
            foreach (var raw in schema.Enum!)
            {
                if (VendorExtensions.IsNull(raw))
                {
                    nullable = true;
                    continue;
                }
                valueCount++;
                var value = VendorExtensions.AsString(raw);
                if (value is null || !seen.Add(value))
                {
                    continue;
                }
                if (isInteger && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    isInteger = false;
                }
                values.Add(value);
            }

            var varNames = VendorExtensions.AsStringList(VendorExtensions.Get(schema.Extensions, "x-enum-varnames"));
            if (varNames is not null && varNames.Count != valueCount)
            {
                Report(DiagnosticCatalogue.EnumNamesMismatch, pointer + "/x-enum-varnames", varNames.Count, values.Count);
                varNames = null;
            }
            var descriptions = VendorExtensions.AsStringList(VendorExtensions.Get(schema.Extensions, "x-enum-descriptions"));
            if (descriptions is not null && descriptions.Count != values.Count)
            {
                Report(DiagnosticCatalogue.EnumDescriptionsMismatch, pointer + "/x-enum-descriptions", descriptions.Count, values.Count);
                descriptions = null;
            }

            var scope = new NameScope();
            scope.Reserve(name);
            foreach (var reserved in ReservedNames.EnumMembers)
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
                    ReportAboutType(name, DiagnosticCatalogue.EnumValueRenamed, pointer + "/enum", values[i], name, unique, memberName);
                }
                members.Add(new EnumMember(unique, values[i], descriptions?[i]));
            }

            var enumType = new EnumType(name, schema.Description ?? schema.Title, schema.Deprecated, isInteger, VendorExtensions.IsTrue(schema.Extensions, "x-enum-extensible"), members.ToEquatableArray());
            return (typeRef with { Name = AddEnum(schema, enumType, shared) }).WithNullable(nullable);
        }

        private TypeRef BuildObject(OpenApiSchema schema, string name, string pointer, bool nullable)
        {
            var typeRef = new TypeRef(TypeKind.Object, name);
            _memo[schema] = typeRef;
            var shared = BeginShared(schema, name);

            var node = NodeOf(schema);
            string? baseName = null;
            if (node?.Parent is { } parent && _componentNames.ContainsKey(parent.Schema))
            {
                var baseType = Map(parent.Schema, _componentHints[parent.Schema], parent.Pointer);
                baseName = baseType.Kind == TypeKind.Object ? baseType.Name : null;
            }
            var layout = node is not null && (node.Parent is null || baseName is not null) ? LayoutOf(node) : Layout(schema, name, pointer, null, null);
            var discriminator = node?.Owner is not null ? node.Property : null;

            var properties = new List<PropertyModel>();
            foreach (var (jsonName, propertySchema, propertyPointer, propertyName) in layout.Members)
            {
                var type = Map(propertySchema, name + propertyName, propertyPointer);
                var use = Resolve(propertySchema);
                var reference = use.Use as OpenApiSchemaReference;
                properties.Add(new PropertyModel(
                    propertyName,
                    jsonName,
                    type,
                    layout.Required.Contains(jsonName),
                    MemberDescription(use, type),
                    reference?.Reference.Deprecated ?? use.Target?.Deprecated == true,
                    VendorExtensions.IsTrue(use.Target?.Extensions, "x-sensitive") || VendorExtensions.IsTrue(reference?.Reference.Extensions, "x-sensitive"),
                    reference?.Reference.ReadOnly ?? use.Target?.ReadOnly == true,
                    reference?.Reference.WriteOnly ?? use.Target?.WriteOnly == true,
                    DefaultValue(reference?.Reference.Default ?? use.Target?.Default),
                    jsonName == discriminator));
            }

            TypeRef? additionalType = null;
            if (layout.AdditionalName is not null)
            {
                // Unknown members are kept so a response round-trips even when the server knows more than the spec.
                additionalType = layout.Additional is null ? TypeRef.AnyValue : Map(layout.Additional, name + "Value", pointer + "/additionalProperties");
            }

            var model = new ObjectType(name, schema.Description ?? schema.Title, schema.Deprecated, properties.ToEquatableArray(), additionalType, layout.AdditionalName, false, baseName, layout.InheritsAdditional);
            typeRef = typeRef with { Name = AddModel(schema, model, shared) };
            if (node is not null && node.Children.Count > 0)
            {
                QueueSubtypes(node);
            }
            return typeRef.WithNullable(nullable);
        }

        /// <summary>
        /// The members of an object schema and of everything it includes through allOf, named uniquely. Below a base
        /// (<paramref name="above"/>), the base's members are left out and its names are taken; <paramref name="addedDiscriminator"/>
        /// is a discriminator member no schema declares, added as text.
        /// </summary>
        private ObjectLayout Layout(OpenApiSchema schema, string name, string pointer, ObjectLayout? above, string? addedDiscriminator)
        {
            var layout = new ObjectLayout();
            var collected = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
            IOpenApiSchema? additional = null;
            var additionalAllowed = true;
            Collect(schema, pointer, collected, layout.Required, ref additional, ref additionalAllowed);
            if (addedDiscriminator is not null && !collected.Any(c => c.JsonName == addedDiscriminator))
            {
                collected.Insert(0, (addedDiscriminator, DiscriminatorText, pointer + "/discriminator/propertyName"));
            }

            var scope = new NameScope();
            scope.Reserve(name);
            foreach (var reserved in ReservedNames.ObjectMembers)
            {
                scope.Reserve(reserved);
            }
            if (above is not null)
            {
                foreach (var taken in above.AllNames)
                {
                    scope.Reserve(taken);
                }
                layout.AllNames.AddRange(above.AllNames);
                layout.AllJsonNames.UnionWith(above.AllJsonNames);
            }
            foreach (var (jsonName, propertySchema, propertyPointer) in collected)
            {
                if (above is not null && above.AllJsonNames.Contains(jsonName))
                {
                    continue;
                }
                var propertyName = Naming.Pascal(jsonName, "Property");
                var unique = scope.Unique(propertyName);
                if (unique != propertyName)
                {
                    ReportAboutType(name, DiagnosticCatalogue.PropertyRenamed, propertyPointer, jsonName, name, unique, propertyName);
                }
                layout.Members.Add((jsonName, propertySchema, propertyPointer, unique));
                layout.AllJsonNames.Add(jsonName);
                layout.AllNames.Add(unique);
            }

            if (above is not null && (above.AdditionalName is not null || above.InheritsAdditional))
            {
                layout.InheritsAdditional = true;
            }
            else if (additional is not null || additionalAllowed)
            {
                layout.Additional = additional;
                layout.AdditionalName = scope.Unique("AdditionalProperties");
                layout.AllNames.Add(layout.AdditionalName);
            }
            return layout;
        }

        private static string? DefaultValue(JsonNode? value) => value is null || VendorExtensions.IsNull(value) ? null : VendorExtensions.AsString(value);

        /// <summary>The members of a schema and of everything it includes through allOf, each schema once.</summary>
        private void Collect(
            OpenApiSchema root,
            string rootPointer,
            List<(string JsonName, IOpenApiSchema Schema, string Pointer)> collected,
            HashSet<string> required,
            ref IOpenApiSchema? additional,
            ref bool additionalAllowed)
        {
            var visited = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
            // Where each member sits in the list; a search of the list per member would cost n^2 for n members.
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            // An explicit stack in allOf order: parts first (in order), then the schema's own members, so that a member a
            // schema declares itself wins over the one it includes.
            var stack = new Stack<(OpenApiSchema Schema, string Pointer, bool PartsDone)>();
            // The schemas whose parts are being collected: each includes the one after it, so a part among them is a loop.
            var including = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
            stack.Push((root, rootPointer, false));
            while (stack.Count > 0)
            {
                var (schema, pointer, partsDone) = stack.Pop();
                if (partsDone)
                {
                    including.Remove(schema);
                }
                else
                {
                    if (!visited.Add(schema))
                    {
                        continue;
                    }
                    stack.Push((schema, pointer, true));
                    including.Add(schema);
                    var parts = schema.AllOf ?? new List<IOpenApiSchema>();
                    for (var i = parts.Count - 1; i >= 0; i--)
                    {
                        var part = parts[i];
                        if (part is null)
                        {
                            continue;
                        }
                        var partPointer = pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture);
                        var use = Resolve(part);
                        if (use.Target is null)
                        {
                            Map(part, "Unresolved", partPointer);
                            continue;
                        }
                        if (including.Contains(use.Target))
                        {
                            if (_reported.Add(partPointer))
                            {
                                Report(DiagnosticCatalogue.AllOfLoop, partPointer);
                            }
                            continue;
                        }
                        if (stack.Count > MaxDepth * 4)
                        {
                            Report(DiagnosticCatalogue.AllOfTooDeep, partPointer, MaxDepth * 4);
                            continue;
                        }
                        stack.Push((use.Target, _componentPointers.TryGetValue(use.Target, out var p) ? p : partPointer, false));
                    }
                    continue;
                }
                if (schema.Properties is not null)
                {
                    foreach (var pair in schema.Properties)
                    {
                        var entry = (pair.Key, pair.Value, pointer + "/properties/" + PointerLocator.Escape(pair.Key));
                        if (index.TryGetValue(pair.Key, out var existing))
                        {
                            collected[existing] = entry;
                        }
                        else
                        {
                            index.Add(pair.Key, collected.Count);
                            collected.Add(entry);
                        }
                    }
                }
                if (schema.Required is not null)
                {
                    foreach (var r in schema.Required)
                    {
                        required.Add(r);
                    }
                }
                if (schema.AdditionalProperties is not null)
                {
                    additional = schema.AdditionalProperties;
                }
                if (!schema.AdditionalPropertiesAllowed || !schema.UnevaluatedProperties)
                {
                    additionalAllowed = false;
                }
            }
        }

        private TypeRef BuildUnion(OpenApiSchema schema, List<IOpenApiSchema> variants, string name, string pointer)
        {
            var typeRef = new TypeRef(TypeKind.Union, name);
            _memo[schema] = typeRef;
            var shared = BeginShared(schema, name);
            _unionsStarted.Add(name);
            var keyword = Count(schema.OneOf) > 0 ? "oneOf" : "anyOf";
            var all = Count(schema.OneOf) > 0 ? schema.OneOf! : schema.AnyOf!;
            var scope = new NameScope();
            scope.Reserve(name);
            foreach (var reserved in ReservedNames.UnionMembers)
            {
                scope.Reserve(reserved);
            }
            var discriminator = string.IsNullOrEmpty(schema.Discriminator?.PropertyName) ? null : schema.Discriminator!.PropertyName;
            var mapping = schema.Discriminator?.Mapping;
            var defaultTarget = schema.Discriminator?.DefaultMapping is { } fallback ? Resolve(fallback).Target : null;
            var result = new List<UnionVariant>();
            var seenTypes = new HashSet<TypeRef>();
            // Positions and mapping entries are looked up, not searched: a union may have 50,000 variants and as many entries.
            var positions = new Dictionary<IOpenApiSchema, int>(ReferenceComparer<IOpenApiSchema>.Instance);
            for (var i = all.Count - 1; i >= 0; i--)
            {
                if (all[i] is { } entry)
                {
                    positions[entry] = i;
                }
            }
            var mapped = discriminator is null ? null : new MappingIndex(mapping);
            var targets = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
            for (var i = 0; i < variants.Count; i++)
            {
                var variant = variants[i];
                var variantPointer = pointer + "/" + keyword + "/" + positions[variant].ToString(CultureInfo.InvariantCulture);
                var hint = name + "Option" + (i + 1).ToString(CultureInfo.InvariantCulture);
                var type = Map(variant, hint, variantPointer).WithNullable(false);
                var use = Resolve(variant);
                if (use.Target is not null)
                {
                    targets.Add(use.Target);
                }
                if (!seenTypes.Add(type))
                {
                    continue;
                }
                var variantName = scope.Unique(VariantName(type));
                var values = new List<string>();
                if (mapped is not null)
                {
                    values = mapped.ValuesOf(use);
                    CheckVariant(discriminator!, type, use, variantPointer);
                }
                var isDefault = defaultTarget is not null && ReferenceEquals(use.Target, defaultTarget);
                _variantPointers[(name, variantName)] = variantPointer;
                result.Add(new UnionVariant(variantName, type, values.ToEquatableArray(), isDefault));
            }
            if (mapped is not null)
            {
                foreach (var (key, reference, target) in mapped.Entries)
                {
                    var entryPointer = pointer + "/discriminator/mapping/" + PointerLocator.Escape(key);
                    if (target is null)
                    {
                        Report(DiagnosticCatalogue.UnionMappingUnresolved, entryPointer, key, MappingText(reference));
                    }
                    else if (!targets.Contains(target))
                    {
                        Report(DiagnosticCatalogue.UnionMappingNotAnAlternative, entryPointer, key, MappingText(reference), keyword);
                    }
                }
            }
            return typeRef with { Name = AddUnion(schema, new UnionType(name, schema.Description ?? schema.Title, discriminator, result.ToEquatableArray()), shared) };
        }

        /// <summary>
        /// A discriminator mapping read once: each entry's target resolved, and the values that name each target (or, for
        /// an entry that does not resolve, each component name), so every alternative's values are a lookup.
        /// </summary>
        private sealed class MappingIndex
        {
            private readonly Dictionary<OpenApiSchema, List<string>> _byTarget = new Dictionary<OpenApiSchema, List<string>>(ReferenceComparer<OpenApiSchema>.Instance);
            private readonly Dictionary<string, List<string>> _unresolvedByName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            private readonly HashSet<string> _keys = new HashSet<string>(StringComparer.Ordinal);

            public MappingIndex(IDictionary<string, OpenApiSchemaReference>? mapping)
            {
                if (mapping is null)
                {
                    return;
                }
                foreach (var entry in mapping)
                {
                    _keys.Add(entry.Key);
                    if (entry.Value is null)
                    {
                        continue;
                    }
                    var target = Follow(entry.Value).Target;
                    Entries.Add((entry.Key, entry.Value, target));
                    if (target is not null)
                    {
                        Add(_byTarget, target, entry.Key);
                    }
                    else if (entry.Value.Reference?.Id is { } id)
                    {
                        Add(_unresolvedByName, id.Substring(id.LastIndexOf('/') + 1), entry.Key);
                    }
                }
            }

            public List<(string Key, OpenApiSchemaReference Reference, OpenApiSchema? Target)> Entries { get; } = new List<(string, OpenApiSchemaReference, OpenApiSchema?)>();

            /// <summary>
            /// The discriminator values of an alternative: the mapping entries that name it or, when none does, the name of
            /// the component it refers to (an inline alternative has no name, so only the mapping can name it).
            /// </summary>
            public List<string> ValuesOf(SchemaUse use)
            {
                var values = new List<string>();
                if (use.Target is not null && _byTarget.TryGetValue(use.Target, out var byTarget))
                {
                    values.AddRange(byTarget);
                }
                if (use.ReferenceId is { } id && _unresolvedByName.TryGetValue(id.Substring(id.LastIndexOf('/') + 1), out var byName))
                {
                    values.AddRange(byName);
                }
                if (values.Count == 0 && use.ReferenceId is { } name && !_keys.Contains(name))
                {
                    values.Add(name);
                }
                return values;
            }

            private static void Add<TKey>(Dictionary<TKey, List<string>> map, TKey key, string value)
                where TKey : notnull
            {
                if (!map.TryGetValue(key, out var list))
                {
                    list = new List<string>();
                    map.Add(key, list);
                }
                list.Add(value);
            }
        }

        /// <summary>Reports a discriminated union's alternative that cannot carry the discriminator: not an object, or without the property.</summary>
        private void CheckVariant(string discriminator, TypeRef type, SchemaUse use, string pointer)
        {
            if (type.Kind is not (TypeKind.Object or TypeKind.Union or TypeKind.Map or TypeKind.Any))
            {
                Report(DiagnosticCatalogue.AlternativeNotAnObject, pointer, discriminator);
                return;
            }
            if (type.Kind != TypeKind.Object || use.Target is null)
            {
                return;
            }
            var members = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
            IOpenApiSchema? additional = null;
            var allowed = true;
            Collect(use.Target, pointer, members, new HashSet<string>(StringComparer.Ordinal), ref additional, ref allowed);
            var declared = members.Any(m => m.JsonName == discriminator)
                || (NodeOf(use.Target) is { } node && DeclaresAbove(node, discriminator));
            if (!declared)
            {
                Report(DiagnosticCatalogue.AlternativeWithoutDiscriminator, _componentPointers.TryGetValue(use.Target, out var component) ? component : pointer, discriminator);
            }
        }

        /// <summary>
        /// A union read tries its variants in turn without consuming anything, so a union that is its own variant through
        /// other unions (A: oneOf [B, ...], B: oneOf [A, ...]) would be tried without end, whatever the JSON. The variant
        /// that closes each such cycle (a back edge of a depth-first walk, so what remains has no cycle) becomes untyped
        /// JSON, with a warning where it is written.
        /// </summary>
        private void BreakUnionCycles()
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _unions.Count; i++)
            {
                index[_unions[i].Name] = i;
            }
            var state = new byte[_unions.Count];
            var broken = new List<(int Union, int Variant, int Target)>();
            var stack = new Stack<(int Union, int Variant)>();
            // Walked in the order the document leads to them, so the alternative cut is the one that leads back.
            var roots = _unionsStarted.Select(n => index[n]).Concat(Enumerable.Range(0, _unions.Count)).ToList();
            foreach (var root in roots)
            {
                if (state[root] != 0)
                {
                    continue;
                }
                state[root] = 1;
                stack.Push((root, 0));
                while (stack.Count > 0)
                {
                    var (u, v) = stack.Pop();
                    var variants = _unions[u].Variants;
                    if (v >= variants.Count)
                    {
                        state[u] = 2;
                        continue;
                    }
                    stack.Push((u, v + 1));
                    var type = variants[v].Type;
                    if (type.Kind != TypeKind.Union || type.Name is null || !index.TryGetValue(type.Name, out var w))
                    {
                        continue;
                    }
                    if (state[w] == 1)
                    {
                        broken.Add((u, v, w));
                    }
                    else if (state[w] == 0)
                    {
                        state[w] = 1;
                        stack.Push((w, 0));
                    }
                }
            }
            foreach (var group in broken.GroupBy(b => b.Union))
            {
                var union = _unions[group.Key];
                var variants = union.Variants.ToArray();
                foreach (var (_, v, w) in group)
                {
                    var variant = variants[v];
                    if (_variantPointers.TryGetValue((union.Name, variant.Name), out var pointer) && _reported.Add(pointer))
                    {
                        var what = w == group.Key
                            ? $"This alternative of '{union.Name}' is '{union.Name}' itself"
                            : $"This alternative of '{union.Name}' is '{_unions[w].Name}', which leads back to '{union.Name}'";
                        Report(DiagnosticCatalogue.UnionLoop, pointer, what);
                    }
                    variants[v] = variant with { Type = TypeRef.AnyValue };
                }
                _unions[group.Key] = union with { Variants = variants.ToEquatableArray() };
            }
        }

        private static string VariantName(TypeRef type) => type.Kind switch
        {
            TypeKind.Object or TypeKind.Enum or TypeKind.Union => type.Name!,
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
            var value = VendorExtensions.Get(_doc.Extensions, EnvelopeExtension);
            if (value is null)
            {
                return null;
            }
            const string pointer = "#/" + EnvelopeExtension;
            if (value is not JsonObject obj)
            {
                Report(DiagnosticCatalogue.EnvelopeNotAnObject, pointer, EnvelopeExtension);
                return null;
            }
            var schemaRef = VendorExtensions.AsString(obj["schema"]);
            var codes = VendorExtensions.AsStringList(obj["codeProperties"]) ?? new List<string> { "code" };
            var messages = VendorExtensions.AsStringList(obj["messageProperties"]) ?? new List<string> { "message" };
            var payload = VendorExtensions.AsString(obj["payloadProperty"]) ?? "payload";
            var success = VendorExtensions.AsLong(obj["successCode"]) ?? 0;
            if (schemaRef is null)
            {
                Report(DiagnosticCatalogue.EnvelopeWithoutSchema, pointer, EnvelopeExtension);
                return null;
            }
            var id = schemaRef.StartsWith("#/components/schemas/", StringComparison.Ordinal) ? schemaRef.Substring("#/components/schemas/".Length) : schemaRef;
            if (_doc.Components?.Schemas is { } schemas && schemas.TryGetValue(id, out var found) && found is not null && Resolve(found).Target is { } target)
            {
                envelopeSchema = target;
            }
            else
            {
                Report(DiagnosticCatalogue.EnvelopeSchemaMissing, pointer + "/schema", EnvelopeExtension, schemaRef);
                return null;
            }
            return new EnvelopeModel(codes.ToEquatableArray(), messages.ToEquatableArray(), payload, success);
        }

        private EncryptionModel? ReadEncryption()
        {
            var value = VendorExtensions.Get(_doc.Extensions, EncryptionExtension);
            if (value is null)
            {
                return null;
            }
            if (value is not JsonObject obj)
            {
                Report(DiagnosticCatalogue.EncryptionNotAnObject, "#/" + EncryptionExtension, EncryptionExtension);
                return null;
            }
            var request = VendorExtensions.AsString(obj["requestProperty"]) ?? "request";
            var response = VendorExtensions.AsString(obj["responseProperty"]) ?? request;
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
                var pointer = "#/components/securitySchemes/" + PointerLocator.Escape(pair.Key);
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
                            Microsoft.OpenApi.ParameterLocation.Query => SecurityKind.ApiKeyQuery,
                            Microsoft.OpenApi.ParameterLocation.Cookie => SecurityKind.ApiKeyCookie,
                            _ => SecurityKind.ApiKeyHeader,
                        };
                        model = new SecuritySchemeModel(pair.Key, kind, scheme.Name, scope.Unique(Naming.Pascal(pair.Key, "ApiKey")), scheme.Description, scheme.Deprecated);
                        break;
                    default:
                        Report(DiagnosticCatalogue.UnsupportedSecurityScheme, pointer, pair.Key, (scheme.Type?.ToString() ?? "no type") + " " + scheme.Scheme);
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
            var operationIds = new Dictionary<string, string>(StringComparer.Ordinal);
            var groupScope = new NameScope();
            groupScope.Reserve(_clientName);
            foreach (var member in ReservedNames.ClientMembers)
            {
                groupScope.Reserve(member);
            }
            var groupByTag = new Dictionary<string, GroupModel>(StringComparer.Ordinal);
            var methodScopes = new Dictionary<string, NameScope>(StringComparer.Ordinal);
            var defaultSecurity = SecurityKeys(_doc.Security, schemes);
            var tagDescriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (_doc.Tags is not null)
            {
                foreach (var tag in _doc.Tags)
                {
                    if (tag?.Name is { } tagName && !tagDescriptions.ContainsKey(tagName))
                    {
                        tagDescriptions.Add(tagName, tag.Description);
                    }
                }
            }

            var selected = _filter is null ? null : Select();
            if (_doc.Paths is null)
            {
                return operations;
            }
            foreach (var pathPair in _doc.Paths)
            {
                var path = pathPair.Key;
                var item = PathItem(pathPair.Value, "#/paths/" + PointerLocator.Escape(path));
                if (item?.Operations is null)
                {
                    continue;
                }
                foreach (var opPair in item.Operations)
                {
                    var op = opPair.Value;
                    if (op is null || (selected is not null && !selected.Contains((path, opPair.Key))))
                    {
                        continue;
                    }
                    var method = MethodName(opPair.Key);
                    var pointer = "#/paths/" + PointerLocator.Escape(path) + "/" + MethodKey(opPair.Key);

                    string? groupName = null;
                    var tag = op.Tags?.Select(TagName).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
                    if (!string.IsNullOrWhiteSpace(tag))
                    {
                        if (!groupByTag.TryGetValue(tag!, out var group))
                        {
                            // The group's property and its class are both members of the client.
                            var property = Naming.Pascal(tag, "Operations");
                            for (var n = 2; groupScope.Contains(property) || groupScope.Contains(property + ReservedNames.GroupClassSuffix); n++)
                            {
                                property = Naming.Pascal(tag, "Operations") + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            }
                            groupScope.Reserve(property);
                            groupScope.Reserve(property + ReservedNames.GroupClassSuffix);
                            tagDescriptions.TryGetValue(tag!, out var tagDescription);
                            group = new GroupModel(tag!, property, property + ReservedNames.GroupClassSuffix, tagDescription);
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

                    var operationId = string.IsNullOrWhiteSpace(op.OperationId) ? method.ToLowerInvariant() + " " + path : op.OperationId!;
                    if (!string.IsNullOrWhiteSpace(op.OperationId))
                    {
                        if (operationIds.TryGetValue(operationId, out var first))
                        {
                            Report(DiagnosticCatalogue.DuplicateOperationId, pointer + "/operationId", operationId, first);
                        }
                        else
                        {
                            operationIds.Add(operationId, method.ToUpperInvariant() + " " + path);
                        }
                    }
                    var baseName = Naming.Pascal(operationId, "Operation");
                    var methodName = methodScope.UniqueBefore(baseName, "Async");
                    if (methodName != baseName + "Async")
                    {
                        Report(DiagnosticCatalogue.OperationRenamed, pointer, operationId, methodName, baseName);
                    }
                    var typeHint = Naming.Pascal(operationId, "Operation");

                    var paramScope = new NameScope();
                    foreach (var local in ReservedNames.OperationLocals)
                    {
                        paramScope.Reserve(local);
                    }
                    var parameters = ReadParameters(item, op, path, pointer, typeHint, paramScope);

                    RequestBodyModel? body = null;
                    if (op.RequestBody is not null)
                    {
                        body = ReadBody(op.RequestBody, typeHint + "Request", pointer + "/requestBody", paramScope);
                        if (body is not null && !body.Required && VendorExtensions.IsTrue(op.Extensions, Swagger20Preparation.RequiredForm))
                        {
                            body = body with { Required = true };
                        }
                    }

                    var isToken = VendorExtensions.IsTrue(op.Extensions, TokenExtension);
                    var response = ReadResponse(op, typeHint, pointer, envelope is not null && !isToken && !VendorExtensions.IsFalse(op.Extensions, EnvelopeExtension) ? envelopeSchema : null, envelope, out var enveloped);
                    var encrypted = encryption is not null && !isToken && !VendorExtensions.IsFalse(op.Extensions, EncryptionExtension);
                    // A missing 'security' inherits the root's; 'security: []' means none.
                    var security = op.Security is null ? defaultSecurity : SecurityKeys(op.Security, schemes);

                    // The lookup method of a call with x-enkash-reconcile sits beside the call: its name is taken now.
                    _replayInputs.Add((op.Extensions, pointer, VendorExtensions.Has(op.Extensions, ReconcileExtension) ? methodScope.UniqueBefore("Reconcile" + baseName, "Async") : null));
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

        /// <summary>
        /// The operations (path and method) the spec's filters select. The token operation (x-enkash-token) is kept
        /// whenever another operation is, unless an exclude filter names it: the client needs it to authenticate the
        /// others. Unresolved path items are left to <see cref="ReadOperations"/> to report.
        /// </summary>
        private HashSet<(string Path, HttpMethod Method)> Select()
        {
            var filter = _filter!;
            var candidates = new List<(string Path, HttpMethod Method, bool Included, bool Excluded, bool Token, string? Id, string? Lookup)>();
            foreach (var pathPair in _doc.Paths ?? new OpenApiPaths())
            {
                IOpenApiPathItem? item = pathPair.Value;
                if (item is OpenApiPathItemReference reference)
                {
                    try
                    {
                        item = reference.Target;
                    }
                    catch (InvalidOperationException)
                    {
                        item = null;
                    }
                }
                if (item?.Operations is null)
                {
                    continue;
                }
                foreach (var opPair in item.Operations)
                {
                    var op = opPair.Value;
                    if (op is null)
                    {
                        continue;
                    }
                    var tags = op.Tags?.Select(TagName).Where(t => !string.IsNullOrWhiteSpace(t)).ToList() ?? new List<string>();
                    var (included, excluded) = filter.Match(pathPair.Key, tags, string.IsNullOrWhiteSpace(op.OperationId) ? null : op.OperationId);
                    var lookup = VendorExtensions.Get(op.Extensions, ReconcileExtension) is JsonObject reconcile ? VendorExtensions.AsString(reconcile["operationId"]) : null;
                    candidates.Add((pathPair.Key, opPair.Key, included, excluded, VendorExtensions.IsTrue(op.Extensions, TokenExtension), op.OperationId, lookup));
                }
            }
            var anyOther = candidates.Any(c => c.Included && !c.Excluded && !c.Token);
            // The lookup of a selected call (x-enkash-reconcile) is kept with it, as the token operation is, unless excluded.
            var lookups = new HashSet<string>(candidates.Where(c => c.Included && !c.Excluded && c.Lookup is not null).Select(c => c.Lookup!), StringComparer.Ordinal);
            var selected = new HashSet<(string, HttpMethod)>();
            foreach (var c in candidates)
            {
                if (!c.Excluded && (c.Included || (c.Token && anyOther) || (c.Id is not null && lookups.Contains(c.Id))))
                {
                    selected.Add((c.Path, c.Method));
                }
            }
            filter.ReportUnmatched(_diagnostics, selected.Count);
            return selected;
        }

        /// <summary>The payload models of webhooks (OpenAPI 3.1): the API calls the user, so there is no client method, only types.</summary>
        private void ReadWebhooks()
        {
            if (_doc.Webhooks is null)
            {
                return;
            }
            foreach (var pair in _doc.Webhooks)
            {
                var pointer = "#/webhooks/" + PointerLocator.Escape(pair.Key);
                var item = PathItem(pair.Value, pointer);
                if (item?.Operations is null)
                {
                    continue;
                }
                foreach (var opPair in item.Operations)
                {
                    var op = opPair.Value;
                    var hint = Naming.Pascal(string.IsNullOrWhiteSpace(op?.OperationId) ? pair.Key : op!.OperationId, "Webhook");
                    var operationPointer = pointer + "/" + MethodKey(opPair.Key);
                    if (op?.RequestBody is { Content: { Count: > 0 } content } && ChooseContent(content) is var (contentType, media, _) && media?.Schema is { } schema)
                    {
                        Map(schema, hint + "Payload", operationPointer + "/requestBody/content/" + PointerLocator.Escape(contentType) + "/schema");
                    }
                }
            }
        }

        private IOpenApiPathItem? PathItem(IOpenApiPathItem? item, string pointer)
        {
            if (item is null)
            {
                return null;
            }
            if (item is OpenApiPathItemReference reference)
            {
                try
                {
                    if (reference.Target is { } target)
                    {
                        return target;
                    }
                }
                catch (InvalidOperationException)
                {
                }
                if (!reference.Reference.IsExternal)
                {
                    Report(DiagnosticCatalogue.UnresolvedPathItem, pointer + "/$ref", reference.Reference.ReferenceV3);
                }
                return null;
            }
            return item;
        }

        private static string TagName(OpenApiTagReference tag)
        {
            try
            {
                return tag.Name ?? tag.Reference.Id ?? string.Empty;
            }
            catch (InvalidOperationException)
            {
                return tag.Reference.Id ?? string.Empty;
            }
        }

        /// <summary>The method as the emitter names it: <c>Get</c>, <c>Post</c>, ..., <c>Query</c>.</summary>
        private static string MethodName(HttpMethod method)
        {
            var text = method.Method.ToLowerInvariant();
            return text.Length == 0 ? "Get" : char.ToUpperInvariant(text[0]) + text.Substring(1);
        }

        private static string MethodKey(HttpMethod method) => method.Method.ToLowerInvariant();

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
                var key = scheme?.Reference?.Id;
                if (key is not null && schemes.ContainsKey(key) && !keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
            return keys;
        }

        private IOpenApiParameter? Parameter(IOpenApiParameter? parameter, string pointer)
        {
            if (parameter is OpenApiParameterReference reference)
            {
                try
                {
                    if (reference.Target is { } target)
                    {
                        return reference;
                    }
                }
                catch (InvalidOperationException)
                {
                }
                if (!reference.Reference.IsExternal)
                {
                    Report(DiagnosticCatalogue.UnresolvedParameter, pointer + "/$ref", reference.Reference.ReferenceV3);
                }
                return null;
            }
            return parameter;
        }

        private List<ParameterModel> ReadParameters(IOpenApiPathItem item, OpenApiOperation op, string path, string pointer, string typeHint, NameScope scope)
        {
            var merged = new List<(IOpenApiParameter Parameter, string Pointer)>();
            var all = new List<(IOpenApiParameter?, string)>();
            var unread = false;
            if (item.Parameters is not null)
            {
                for (var i = 0; i < item.Parameters.Count; i++)
                {
                    var parameterPointer = "#/paths/" + PointerLocator.Escape(path) + "/parameters/" + i.ToString(CultureInfo.InvariantCulture);
                    var parameter = Parameter(item.Parameters[i], parameterPointer);
                    unread |= parameter is null;
                    all.Add((parameter, parameterPointer));
                }
            }
            if (op.Parameters is not null)
            {
                for (var i = 0; i < op.Parameters.Count; i++)
                {
                    var parameterPointer = pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture);
                    var parameter = Parameter(op.Parameters[i], parameterPointer);
                    unread |= parameter is null;
                    all.Add((parameter, parameterPointer));
                }
            }
            var positions = new Dictionary<(string, Microsoft.OpenApi.ParameterLocation), int>();
            foreach (var (parameter, parameterPointer) in all)
            {
                if (parameter?.Name is null || parameter.In is not { } at)
                {
                    continue;
                }
                if (positions.TryGetValue((parameter.Name, at), out var existing))
                {
                    merged[existing] = (parameter, parameterPointer);
                }
                else
                {
                    positions.Add((parameter.Name, at), merged.Count);
                    merged.Add((parameter, parameterPointer));
                }
            }

            var result = new List<ParameterModel>();
            foreach (var (parameter, parameterPointer) in merged)
            {
                Model.ParameterLocation location;
                switch (parameter.In)
                {
                    case Microsoft.OpenApi.ParameterLocation.Path:
                        location = Model.ParameterLocation.Path;
                        break;
                    case Microsoft.OpenApi.ParameterLocation.Header:
                        location = Model.ParameterLocation.Header;
                        break;
                    case Microsoft.OpenApi.ParameterLocation.Cookie:
                        location = Model.ParameterLocation.Cookie;
                        break;
                    case Microsoft.OpenApi.ParameterLocation.Query:
                        location = Model.ParameterLocation.Query;
                        break;
                    default:
                        Report(DiagnosticCatalogue.UnsupportedParameterLocation, parameterPointer + "/in", parameter.Name, parameter.In.ToString()!.ToLowerInvariant());
                        continue;
                }
                if (location == Model.ParameterLocation.Header && (string.Equals(parameter.Name, "Content-Type", StringComparison.OrdinalIgnoreCase) || string.Equals(parameter.Name, "Accept", StringComparison.OrdinalIgnoreCase) || string.Equals(parameter.Name, "Authorization", StringComparison.OrdinalIgnoreCase)))
                {
                    // OpenAPI says these are ignored as parameters; the client sets them itself.
                    continue;
                }
                if (location == Model.ParameterLocation.Path && path.IndexOf("{" + parameter.Name + "}", StringComparison.Ordinal) < 0)
                {
                    Report(DiagnosticCatalogue.PathParameterNotInPath, parameterPointer, parameter.Name, path);
                    continue;
                }
                var schema = parameter.Schema;
                var schemaPointer = parameterPointer + "/schema";
                if (schema is null && parameter.Content is { Count: > 0 })
                {
                    var first = parameter.Content.First();
                    schema = first.Value?.Schema;
                    schemaPointer = parameterPointer + "/content/" + PointerLocator.Escape(first.Key) + "/schema";
                }
                var type = schema is null ? new TypeRef(TypeKind.String) : Map(schema, typeHint + Naming.Pascal(parameter.Name, "Parameter"), schemaPointer);
                if (type.Kind == TypeKind.Array && type.Element is { Nullable: true } element)
                {
                    // A parameter's items are written one by one into the path, query, header or cookie, where null has
                    // no form: the items are values (items that may be null, or a reference that does not resolve).
                    type = type with { Element = element.WithNullable(false) };
                }
                var style = parameter.Style switch
                {
                    null or Microsoft.OpenApi.ParameterStyle.Form => Model.ParameterStyle.Form,
                    Microsoft.OpenApi.ParameterStyle.DeepObject => Model.ParameterStyle.DeepObject,
                    Microsoft.OpenApi.ParameterStyle.SpaceDelimited => Model.ParameterStyle.SpaceDelimited,
                    Microsoft.OpenApi.ParameterStyle.PipeDelimited => Model.ParameterStyle.PipeDelimited,
                    Microsoft.OpenApi.ParameterStyle.Label when location == Model.ParameterLocation.Path => Model.ParameterStyle.Label,
                    Microsoft.OpenApi.ParameterStyle.Matrix when location == Model.ParameterLocation.Path => Model.ParameterStyle.Matrix,
                    _ => Model.ParameterStyle.Other,
                };
                var explode = parameter.Explode;
                switch (VendorExtensions.AsString(VendorExtensions.Get(parameter.Extensions, Swagger20Preparation.CollectionFormat)))
                {
                    // Swagger 2.0's own words; the reader sends csv arrays one item per name.
                    case "csv":
                        explode = false;
                        break;
                    case "multi":
                        explode = true;
                        break;
                    case "tsv":
                        style = Model.ParameterStyle.TabDelimited;
                        explode = false;
                        break;
                }
                if (style is Model.ParameterStyle.SpaceDelimited or Model.ParameterStyle.PipeDelimited or Model.ParameterStyle.TabDelimited)
                {
                    explode = false;
                }
                if (type.IsObjectLike && !IsPrimitiveUnion(type) && (location != Model.ParameterLocation.Query || style is not (Model.ParameterStyle.Form or Model.ParameterStyle.DeepObject)))
                {
                    // Query objects of style form and deepObject are written member by member (name[key]=value); other
                    // places and styles get the value's JSON text.
                    Report(DiagnosticCatalogue.ObjectParameterAsJson, parameterPointer, location.ToString().ToLowerInvariant(), parameter.Name, parameter.Style?.ToString() ?? "default");
                }
                var required = parameter.Required || location == Model.ParameterLocation.Path;
                // Unique before escaping: '@for' and 'for2' must not become '@for2' and 'for2', the same identifier.
                var name = Naming.EscapeKeyword(scope.Unique(Naming.CamelWord(parameter.Name, "value")));
                result.Add(new ParameterModel(name, parameter.Name!, location, type, required, parameter.Description, parameter.Deprecated, explode, style));
            }

            // Placeholders of the path template that no parameter describes still need a value.
            var described = new HashSet<string>(result.Where(p => p.In == Model.ParameterLocation.Path).Select(p => p.WireName), StringComparer.Ordinal);
            foreach (Match match in Regex.Matches(path, "\\{([^}/]+)\\}"))
            {
                var wire = match.Groups[1].Value;
                if (described.Add(wire))
                {
                    // A parameter reference that was not read has been reported already; it is most likely this one.
                    if (!unread)
                    {
                        Report(DiagnosticCatalogue.UndeclaredPathParameter, pointer, path, wire);
                    }
                    result.Add(new ParameterModel(Naming.EscapeKeyword(scope.Unique(Naming.CamelWord(wire, "value"))), wire, Model.ParameterLocation.Path, new TypeRef(TypeKind.String), true, null, false, false));
                }
            }
            return result;
        }

        /// <summary>A union whose variants are all primitives (anyOf: [integer, string]): a parameter writes the one it holds as text.</summary>
        private bool IsPrimitiveUnion(TypeRef type) =>
            type.Kind == TypeKind.Union && _unions.FirstOrDefault(u => u.Name == type.Name) is { } union
            && union.Variants.All(v => !v.Type.IsObjectLike && v.Type.Kind is not (TypeKind.Array or TypeKind.Any));

        private RequestBodyModel? ReadBody(IOpenApiRequestBody body, string hint, string pointer, NameScope scope)
        {
            if (body is OpenApiRequestBodyReference reference && ResolveTarget(reference) is null)
            {
                if (!reference.Reference.IsExternal)
                {
                    Report(DiagnosticCatalogue.UnresolvedRequestBody, pointer + "/$ref", reference.Reference.ReferenceV3);
                }
                return null;
            }
            if (body.Content is null || body.Content.Count == 0)
            {
                return null;
            }
            var (contentType, media, kind) = ChooseContent(body.Content);
            var mediaPointer = pointer + "/content/" + PointerLocator.Escape(contentType);
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
            if ((kind == BodyKind.Form || kind == BodyKind.Multipart) && type.Kind != TypeKind.Object)
            {
                Report(DiagnosticCatalogue.FormBodyNeedsObject, mediaPointer, contentType);
                kind = BodyKind.Json;
                contentType = "application/json";
            }
            var name = scope.Unique("body");
            return new RequestBodyModel(kind, contentType, type, body.Required, name, body.Description);
        }

        private static object? ResolveTarget(OpenApiRequestBodyReference reference)
        {
            try
            {
                return reference.Target;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private bool IsClosedEmptyObject(IOpenApiSchema schema)
        {
            if (Resolve(schema).Target is not { } target)
            {
                return false;
            }
            var types = Types(target);
            return (types == 0 || types == JsonSchemaType.Object) && Count(target.Properties) == 0
                && !target.AdditionalPropertiesAllowed && target.AdditionalProperties is null
                && Count(target.AllOf) == 0 && Count(target.OneOf) == 0 && Count(target.AnyOf) == 0 && target.Items is null;
        }

        private static (string ContentType, IOpenApiMediaType? Media, BodyKind Kind) ChooseContent(IDictionary<string, IOpenApiMediaType> content)
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

        private IOpenApiResponse? Response(IOpenApiResponse? response, string pointer)
        {
            if (response is OpenApiResponseReference reference)
            {
                try
                {
                    if (reference.Target is not null)
                    {
                        return reference;
                    }
                }
                catch (InvalidOperationException)
                {
                }
                if (!reference.Reference.IsExternal && _reported.Add(pointer))
                {
                    Report(DiagnosticCatalogue.UnresolvedResponse, pointer + "/$ref", reference.Reference.ReferenceV3);
                }
                return null;
            }
            return response;
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
                .Select(r => new KeyValuePair<string, IOpenApiResponse?>(r.Key, Response(r.Value, pointer + "/responses/" + PointerLocator.Escape(r.Key))))
                .ToList();
            if (successes.Count == 0)
            {
                return new ResponseModel(BodyKind.None, null, null);
            }
            // Swagger 2.0 responses without a schema have no body, whatever the operation produces.
            successes = successes
                .Select(r => r.Value is not null && VendorExtensions.IsTrue(r.Value.Extensions, Swagger20Preparation.NoBody) ? new KeyValuePair<string, IOpenApiResponse?>(r.Key, new OpenApiResponse { Description = r.Value.Description }) : r)
                .ToList();
            // The first success response with a body decides what the call returns (200 before 201 before 2XX).
            var chosen = successes.FirstOrDefault(r => r.Value?.Content is { Count: > 0 });
            if (chosen.Value?.Content is null)
            {
                return new ResponseModel(BodyKind.None, null, successes[0].Value?.Description);
            }
            var response = chosen.Value;
            var responsePointer = pointer + "/responses/" + PointerLocator.Escape(chosen.Key);
            var (contentType, media, kind) = ChooseContent(response.Content);
            var mediaPointer = responsePointer + "/content/" + PointerLocator.Escape(contentType);
            if (media?.ItemSchema is not null)
            {
                Report(DiagnosticCatalogue.StreamedResponse, mediaPointer + "/itemSchema");
            }
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
            var schemaTarget = schema is null ? null : Resolve(schema).Target;
            if (envelopeSchema is not null && envelope is not null && schemaTarget is not null && IncludesEnvelope(schemaTarget, envelopeSchema))
            {
                enveloped = true;
                var payloadSchema = FindProperty(schemaTarget, envelope.PayloadProperty, envelopeSchema);
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
                var otherPointer = pointer + "/responses/" + PointerLocator.Escape(other.Key) + "/content/" + PointerLocator.Escape(otherType) + "/schema";
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
            scope.Reserve(unionName);
            foreach (var reserved in ReservedNames.UnionMembers)
            {
                scope.Reserve(reserved);
            }
            var unionVariants = variants.Select(v => new UnionVariant(scope.Unique(VariantName(v.Type)), v.Type, EquatableArray<string>.Empty)).ToEquatableArray();
            _unions.Add(new UnionType(unionName, "The success responses of " + hint + ": " + string.Join(", ", variants.Select(v => v.Code)) + ".", null, unionVariants));
            return new ResponseModel(BodyKind.Json, new TypeRef(TypeKind.Union, unionName, Nullable: nullable || mayBeEmpty), response.Description, mayBeEmpty);
        }

        /// <summary>Whether a component is the envelope or an allOf wrapper around it (the form an enveloped response takes).</summary>
        private bool IsEnvelopeShape(IOpenApiSchema component, OpenApiSchema? envelope) =>
            envelope is not null && Resolve(component).Target is { } target && IncludesEnvelope(target, envelope);

        /// <summary>Whether a response schema is the envelope or includes it through allOf; each schema once.</summary>
        private bool IncludesEnvelope(OpenApiSchema schema, OpenApiSchema envelope)
        {
            var visited = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
            var stack = new Stack<OpenApiSchema>();
            stack.Push(schema);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (ReferenceEquals(current, envelope))
                {
                    return true;
                }
                if (!visited.Add(current) || current.AllOf is null)
                {
                    continue;
                }
                foreach (var part in current.AllOf)
                {
                    if (part is not null && Resolve(part).Target is { } target)
                    {
                        stack.Push(target);
                    }
                }
            }
            return false;
        }

        /// <summary>The payload schema of an enveloped response: the most specific declaration wins over the envelope's own.</summary>
        private IOpenApiSchema? FindProperty(OpenApiSchema schema, string property, OpenApiSchema envelope)
        {
            var visited = new HashSet<OpenApiSchema>(ReferenceComparer<OpenApiSchema>.Instance);
            var stack = new Stack<OpenApiSchema>();
            stack.Push(schema);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!visited.Add(current))
                {
                    continue;
                }
                if (!ReferenceEquals(current, envelope) && current.Properties is not null && current.Properties.TryGetValue(property, out var own))
                {
                    return own;
                }
                if (current.AllOf is null)
                {
                    continue;
                }
                // Later parts win: push the first part last so it is looked at last.
                for (var i = 0; i < current.AllOf.Count; i++)
                {
                    var part = current.AllOf[i];
                    if (part is not null && Resolve(part).Target is { } target && !ReferenceEquals(target, envelope))
                    {
                        stack.Push(target);
                    }
                }
            }
            return envelope.Properties is not null && envelope.Properties.TryGetValue(property, out var fallback) ? fallback : null;
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
                    case TypeKind.Object when result.Add(type.Name!) && byName.TryGetValue(type.Name!, out var model):
                        foreach (var p in model.Properties)
                        {
                            queue.Enqueue(p.Type);
                        }
                        // A request of a base type may carry any derived type; a derived type checks its bases' members.
                        if (model.BaseName is not null)
                        {
                            queue.Enqueue(new TypeRef(TypeKind.Object, model.BaseName));
                        }
                        foreach (var subtype in model.Hierarchy?.Subtypes ?? EquatableArray<SubtypeModel>.Empty)
                        {
                            queue.Enqueue(new TypeRef(TypeKind.Object, subtype.Name));
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
            if (server?.Url is null)
            {
                return null;
            }
            var url = server.Url;
            if (server.Variables is not null)
            {
                foreach (var variable in server.Variables)
                {
                    url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? string.Empty);
                }
            }
            return url;
        }

        /// <summary>The <c>$ref</c> written at <paramref name="pointer"/> in the document's node, if there is one.</summary>
        private string? WrittenReference(string pointer)
        {
            var node = _source;
            foreach (var segment in PointerLocator.Segments(pointer))
            {
                node = node switch
                {
                    JsonObject obj when obj.TryGetPropertyValue(segment, out var child) => child,
                    JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                    _ => null,
                };
                if (node is null)
                {
                    return null;
                }
            }
            return node is JsonObject holder && holder["$ref"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string pointer, params object?[] arguments)
        {
            var (file, filePointer) = _origins.Translate(pointer);
            _diagnostics.AtPointer(descriptor, filePointer, file, arguments);
        }

        private sealed class ReferenceComparer<T> : IEqualityComparer<T>
            where T : class
        {
            public static readonly ReferenceComparer<T> Instance = new ReferenceComparer<T>();

            public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

            public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
