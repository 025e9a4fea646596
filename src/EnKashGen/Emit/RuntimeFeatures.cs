using System;
using System.Collections.Generic;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// The parts of the shared runtime that only some clients use. Each is a preprocessor symbol in the runtime sources
    /// (<c>#if ENKASHGEN_MAPS</c>): src/EnKashGen.Runtime defines them all and compiles everything, and the generator
    /// emits a part only when a spec of the compilation needs it, so a client's build compiles no codec, reader or send
    /// path that none of its operations can reach.
    /// </summary>
    [Flags]
    internal enum RuntimeFeature
    {
        None = 0,
        Int32 = 1 << 0,
        Int64 = 1 << 1,
        Single = 1 << 2,
        Double = 1 << 3,
        Decimal = 1 << 4,
        DateTimeOffset = 1 << 5,
        DateOnly = 1 << 6,
        Guid = 1 << 7,
        Bytes = 1 << 8,
        Lists = 1 << 9,
        Maps = 1 << 10,

        /// <summary>Lists and maps whose items may be JSON null.</summary>
        NullableItems = 1 << 11,
        Unions = 1 << 12,
        Hierarchy = 1 << 13,

        /// <summary>Objects and arrays written into the query member by member (form or deepObject).</summary>
        QueryObjects = 1 << 14,

        /// <summary>Header and cookie parameters.</summary>
        Headers = 1 << 15,
        TextResponses = 1 << 16,
        BinaryResponses = 1 << 17,

        /// <summary>Operations whose success has no body the client reads.</summary>
        EmptyResponses = 1 << 18,

        /// <summary>JSON results that may also come as an empty success body.</summary>
        OptionalResponses = 1 << 19,

        /// <summary>Results that may be JSON null.</summary>
        NullableResults = 1 << 20,

        /// <summary>Request rules checked on each item of a list or map: text rules and documented enum values.</summary>
        ItemRules = 1 << 21,

        /// <summary>Members that are required and may be JSON null: written as null when they hold none.</summary>
        NullMembers = 1 << 22,

        /// <summary>Open enums of integer values.</summary>
        IntegerEnums = 1 << 23,

        All = (1 << 24) - 1,
    }

    internal static class RuntimeFeatures
    {
        /// <summary>The preprocessor symbol of each feature, as the runtime sources and src/EnKashGen.Runtime spell it.</summary>
        public static readonly IReadOnlyDictionary<string, RuntimeFeature> Symbols = BuildSymbols();

        private static Dictionary<string, RuntimeFeature> BuildSymbols()
        {
            var symbols = new Dictionary<string, RuntimeFeature>(StringComparer.Ordinal);
            foreach (RuntimeFeature feature in Enum.GetValues(typeof(RuntimeFeature)))
            {
                if (feature is not (RuntimeFeature.None or RuntimeFeature.All))
                {
                    symbols.Add(Symbol(feature), feature);
                }
            }
            return symbols;
        }

        /// <summary>ENKASHGEN_ and the feature's name in upper case, words joined by '_': NullableItems is ENKASHGEN_NULLABLE_ITEMS.</summary>
        public static string Symbol(RuntimeFeature feature)
        {
            var name = feature.ToString();
            var text = new System.Text.StringBuilder("ENKASHGEN_", 2 * name.Length + 10);
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    text.Append('_');
                }
                text.Append(char.ToUpperInvariant(name[i]));
            }
            return text.ToString();
        }

        /// <summary>What the client generated from <paramref name="api"/> uses of the runtime.</summary>
        public static RuntimeFeature Of(ApiModel api)
        {
            var features = RuntimeFeature.None;
            foreach (var model in api.Models)
            {
                foreach (var p in model.Properties)
                {
                    features |= OfType(p.Type);
                    if (p.Required && p.Type.Nullable)
                    {
                        features |= RuntimeFeature.NullMembers;
                    }
                }
                if (model.AdditionalProperties is not null)
                {
                    features |= OfType(model.AdditionalProperties);
                }
                if (model.Hierarchy is not null || model.Discriminator is not null || model.BaseName is not null)
                {
                    features |= RuntimeFeature.Hierarchy;
                }
            }
            foreach (var e in api.Enums)
            {
                if (e.IsInteger)
                {
                    features |= RuntimeFeature.IntegerEnums;
                }
            }
            if (api.Unions.Count > 0)
            {
                features |= RuntimeFeature.Unions;
            }
            foreach (var union in api.Unions)
            {
                foreach (var v in union.Variants)
                {
                    features |= OfType(v.Type);
                }
            }
            foreach (var op in api.Operations)
            {
                foreach (var p in op.Parameters)
                {
                    features |= OfType(p.Type);
                    if (p.In is ParameterLocation.Header or ParameterLocation.Cookie)
                    {
                        features |= RuntimeFeature.Headers;
                    }
                    else if (p.In == ParameterLocation.Query && p.Type.IsObjectLike)
                    {
                        features |= RuntimeFeature.QueryObjects;
                    }
                }
                if (op.Body is not null)
                {
                    features |= OfType(op.Body.Type);
                }
                var response = op.Response;
                if (response.Type is not null)
                {
                    features |= OfType(response.Type);
                    if (response.Type.Nullable)
                    {
                        features |= RuntimeFeature.NullableResults;
                    }
                }
                features |= response.Kind switch
                {
                    BodyKind.Json when response.Type is not null => !op.Enveloped && response.MayBeEmpty ? RuntimeFeature.OptionalResponses : RuntimeFeature.None,
                    BodyKind.Text => RuntimeFeature.TextResponses,
                    BodyKind.Binary => RuntimeFeature.BinaryResponses,
                    _ => RuntimeFeature.EmptyResponses,
                };
            }
            return features;
        }

        private static RuntimeFeature OfType(TypeRef type)
        {
            var features = RuntimeFeature.None;
            // Bounded by the depth of the type (lists of lists), which the reader limits.
            for (var current = type; current is not null; current = current.Element)
            {
                features |= current.Kind switch
                {
                    TypeKind.Int32 => RuntimeFeature.Int32,
                    TypeKind.Int64 => RuntimeFeature.Int64,
                    TypeKind.Single => RuntimeFeature.Single,
                    TypeKind.Double => RuntimeFeature.Double,
                    TypeKind.Decimal => RuntimeFeature.Decimal,
                    TypeKind.DateTimeOffset => RuntimeFeature.DateTimeOffset,
                    TypeKind.DateOnly => RuntimeFeature.DateOnly,
                    TypeKind.Guid => RuntimeFeature.Guid,
                    TypeKind.Base64Bytes => RuntimeFeature.Bytes,
                    TypeKind.Array => RuntimeFeature.Lists | OfItems(current.Element!),
                    TypeKind.Map => RuntimeFeature.Maps | OfItems(current.Element!),
                    _ => RuntimeFeature.None,
                };
            }
            return features;
        }

        private static RuntimeFeature OfItems(TypeRef item) =>
            (item.Nullable ? RuntimeFeature.NullableItems : RuntimeFeature.None)
            | (item.Kind == TypeKind.Enum || item.Constraints is { IsEmpty: false } ? RuntimeFeature.ItemRules : RuntimeFeature.None);
    }
}
