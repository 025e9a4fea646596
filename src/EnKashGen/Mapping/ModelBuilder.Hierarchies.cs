using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EnKashGen.Diagnostics;
using EnKashGen.Model;
using EnKashGen.Reading;
using Microsoft.OpenApi;

namespace EnKashGen.Mapping
{
    /// <summary>
    /// allOf with a discriminator as C# class hierarchies. A component schema with a discriminator that others name in
    /// their allOf is a base class; each of those is a derived class holding only the members it adds. A pass over the
    /// components before anything is mapped finds the hierarchies (cutting cycles and reporting the defects of their
    /// discriminators), so that mapping never has to discover one by recursion; the hierarchy of every generated type
    /// is completed once all types are known.
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        /// <summary>How many classes deep a hierarchy may be before the deeper types are generated on their own.</summary>
        private const int MaxHierarchyDepth = 32;

        private readonly Dictionary<OpenApiSchema, HierarchyNode> _nodes = new Dictionary<OpenApiSchema, HierarchyNode>(ReferenceComparer<OpenApiSchema>.Instance);

        // Subtypes are mapped after the type that found them, each from the top, so that no recursion follows a hierarchy.
        private readonly Queue<HierarchyNode> _pendingSubtypes = new Queue<HierarchyNode>();

        private readonly Dictionary<OpenApiSchema, Dictionary<OpenApiSchema, List<string>>> _mappedValues = new Dictionary<OpenApiSchema, Dictionary<OpenApiSchema, List<string>>>(ReferenceComparer<OpenApiSchema>.Instance);

        /// <summary>A component schema's place in a hierarchy.</summary>
        private sealed class HierarchyNode
        {
            public HierarchyNode(OpenApiSchema schema, string key, string pointer)
            {
                Schema = schema;
                Key = key;
                Pointer = pointer;
            }

            public OpenApiSchema Schema { get; }

            /// <summary>The component's name in the document: its implicit discriminator value.</summary>
            public string Key { get; }

            public string Pointer { get; }

            public HierarchyNode? Parent { get; set; }

            public List<HierarchyNode> Children { get; } = new List<HierarchyNode>();

            /// <summary>The schema declares a discriminator (and may be a base).</summary>
            public bool IsBase { get; set; }

            /// <summary>The node whose discriminator applies here: this one or the nearest base above.</summary>
            public HierarchyNode? Owner { get; set; }

            public bool IsAbstract { get; set; }

            public string? UnknownName { get; set; }

            /// <summary>The discriminator member is declared nowhere in the hierarchy: this node gets it as a string.</summary>
            public bool AddsDiscriminator { get; set; }

            public ObjectLayout? Layout { get; set; }

            public bool InHierarchy => Parent is not null || Children.Count > 0;

            public string Property => Owner!.Schema.Discriminator!.PropertyName!;

            public int Depth
            {
                get
                {
                    var depth = 0;
                    for (var n = Parent; n is not null && depth <= MaxHierarchyDepth; n = n.Parent)
                    {
                        depth++;
                    }
                    return depth;
                }
            }
        }

        /// <summary>The members of an object type, named; for a derived type, only those it adds to its bases'.</summary>
        private sealed class ObjectLayout
        {
            public List<(string JsonName, IOpenApiSchema Schema, string Pointer, string Name)> Members { get; } = new List<(string, IOpenApiSchema, string, string)>();

            public HashSet<string> Required { get; } = new HashSet<string>(StringComparer.Ordinal);

            public IOpenApiSchema? Additional { get; set; }

            /// <summary>The name of the additional members dictionary this type declares itself, if any.</summary>
            public string? AdditionalName { get; set; }

            /// <summary>A base declares the additional members dictionary: this type uses it.</summary>
            public bool InheritsAdditional { get; set; }

            /// <summary>The JSON names of this type's members and of its bases'.</summary>
            public HashSet<string> AllJsonNames { get; } = new HashSet<string>(StringComparer.Ordinal);

            /// <summary>The C# member names this type and its bases declare: a derived type must not hide them.</summary>
            public List<string> AllNames { get; } = new List<string>();
        }

        private static readonly OpenApiSchema DiscriminatorText = new OpenApiSchema { Type = JsonSchemaType.String };

        private HierarchyNode? NodeOf(OpenApiSchema schema) => _nodes.TryGetValue(schema, out var node) && node.InHierarchy ? node : null;

        /// <summary>Finds the hierarchies among the components: bases, their derived types, the discriminator of each.</summary>
        private void FindHierarchies(IDictionary<string, IOpenApiSchema> schemas)
        {
            foreach (var pair in schemas)
            {
                if (pair.Value is OpenApiSchema schema && !_nodes.ContainsKey(schema))
                {
                    _nodes.Add(schema, new HierarchyNode(schema, pair.Key, "#/components/schemas/" + PointerLocator.Escape(pair.Key)));
                }
            }
            foreach (var node in _nodes.Values)
            {
                node.IsBase = CanBeBase(node.Schema);
            }

            // A schema derives from the first schema its allOf names that is a base or already derives from one; a
            // type three levels down may be met before its parent has found its own, so this repeats until nothing moves.
            var changed = true;
            for (var round = 0; changed && round <= MaxHierarchyDepth; round++)
            {
                changed = false;
                foreach (var node in _nodes.Values)
                {
                    if (node.Parent is not null || !CanDerive(node.Schema))
                    {
                        continue;
                    }
                    var parts = node.Schema.AllOf!;
                    for (var i = 0; i < parts.Count; i++)
                    {
                        if (parts[i] is not OpenApiSchemaReference || Resolve(parts[i]).Target is not { } target
                            || ReferenceEquals(target, node.Schema) || !_nodes.TryGetValue(target, out var parent)
                            || !(parent.IsBase || parent.Parent is not null))
                        {
                            continue;
                        }
                        if (Reaches(parent, node))
                        {
                            Report(DiagnosticCatalogue.HierarchyLoop, node.Pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), node.Key, parent.Key);
                            break;
                        }
                        if (parent.Depth + 1 >= MaxHierarchyDepth)
                        {
                            Report(DiagnosticCatalogue.HierarchyTooDeep, node.Pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), node.Key, MaxHierarchyDepth);
                            break;
                        }
                        node.Parent = parent;
                        parent.Children.Add(node);
                        changed = true;
                        for (var j = i + 1; j < parts.Count; j++)
                        {
                            if (parts[j] is OpenApiSchemaReference && Resolve(parts[j]).Target is { } other && _nodes.TryGetValue(other, out var second) && second.IsBase)
                            {
                                Report(DiagnosticCatalogue.TwoDiscriminatedBases, node.Pointer + "/allOf/" + j.ToString(CultureInfo.InvariantCulture), node.Key, parent.Key, second.Key);
                            }
                        }
                        break;
                    }
                }
            }

            foreach (var node in _nodes.Values.Where(n => n.InHierarchy))
            {
                var owner = node;
                while (owner is not null && !owner.IsBase)
                {
                    owner = owner.Parent;
                }
                node.Owner = owner;
            }
            foreach (var node in _nodes.Values.Where(n => n.IsBase))
            {
                CheckMapping(node);
            }
            foreach (var node in _nodes.Values.Where(n => n.Children.Count > 0))
            {
                // A base is abstract unless its own discriminator maps a value to it: every value it may hold is then
                // one of its derived types, or unknown.
                node.IsAbstract = node.Parent is null && !MappedValues(node.Owner!, node).Any();
                if (node.Owner == node && !DeclaresAbove(node, node.Property))
                {
                    node.AddsDiscriminator = true;
                    if (Count(node.Schema.OneOf) == 0 && Count(node.Schema.AnyOf) == 0)
                    {
                        Report(DiagnosticCatalogue.DiscriminatorNotAProperty, node.Pointer + "/discriminator/propertyName", node.Property, node.Key);
                    }
                }
            }
        }

        /// <summary>A schema with a discriminator that can be a class: an object, not an enum; with oneOf/anyOf only when every alternative derives from it.</summary>
        private bool CanBeBase(OpenApiSchema schema)
        {
            if (string.IsNullOrEmpty(schema.Discriminator?.PropertyName) || Count(schema.Enum) > 0 || Types(schema) is not (0 or JsonSchemaType.Object))
            {
                return false;
            }
            var alternatives = Count(schema.OneOf) > 0 ? schema.OneOf! : Count(schema.AnyOf) > 0 ? schema.AnyOf! : null;
            if (alternatives is null)
            {
                return true;
            }
            // Pet: {oneOf: [Cat, Dog], discriminator}, Cat: {allOf: [Pet, ...]}: the alternatives are its derived types.
            var real = alternatives.Where(a => a is not null && !IsNullOnly(a)).ToList();
            return real.Count > 0 && real.All(a => a is OpenApiSchemaReference && Resolve(a).Target is { } target && !ReferenceEquals(target, schema)
                && target.AllOf is { } parts && parts.Any(p => p is OpenApiSchemaReference && ReferenceEquals(Resolve(p).Target, schema)));
        }

        /// <summary>A schema that can be a derived class: an object made with allOf, with no alternatives of its own.</summary>
        private static bool CanDerive(OpenApiSchema schema) =>
            Count(schema.AllOf) > 0 && Count(schema.Enum) == 0 && Types(schema) is 0 or JsonSchemaType.Object
            && !(schema.OneOf ?? new List<IOpenApiSchema>()).Concat(schema.AnyOf ?? new List<IOpenApiSchema>()).Any(v => v is not null && !IsNullOnly(v) && !IsConstraintOnly(v));

        private static bool Reaches(HierarchyNode from, HierarchyNode target)
        {
            var steps = 0;
            for (var n = from; n is not null && steps <= MaxHierarchyDepth; n = n.Parent, steps++)
            {
                if (n == target)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Whether a base or the schema itself (through allOf parts that are not bases) declares the member.</summary>
        private bool DeclaresAbove(HierarchyNode node, string jsonName)
        {
            for (var n = node; n is not null; n = n.Parent)
            {
                var members = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
                IOpenApiSchema? additional = null;
                var allowed = true;
                Collect(n.Schema, n.Pointer, members, new HashSet<string>(StringComparer.Ordinal), ref additional, ref allowed);
                if (members.Any(m => m.JsonName == jsonName))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The values the discriminator of <paramref name="owner"/> maps to <paramref name="node"/> explicitly.</summary>
        private List<string> MappedValues(HierarchyNode owner, HierarchyNode node)
        {
            // Each mapping is resolved once: a base may have as many derived types as mapping entries, 50,000 of each.
            if (!_mappedValues.TryGetValue(owner.Schema, out var byTarget))
            {
                byTarget = new Dictionary<OpenApiSchema, List<string>>(ReferenceComparer<OpenApiSchema>.Instance);
                foreach (var entry in owner.Schema.Discriminator?.Mapping ?? new Dictionary<string, OpenApiSchemaReference>())
                {
                    if (entry.Value is not null && Resolve(entry.Value).Target is { } target)
                    {
                        if (!byTarget.TryGetValue(target, out var keys))
                        {
                            keys = new List<string>();
                            byTarget.Add(target, keys);
                        }
                        keys.Add(entry.Key);
                    }
                }
                _mappedValues.Add(owner.Schema, byTarget);
            }
            return byTarget.TryGetValue(node.Schema, out var values) ? values : new List<string>();
        }

        /// <summary>
        /// The values that name <paramref name="node"/> under the discriminator of <paramref name="owner"/>: its mapping
        /// entries, or (when none names it) its schema name, unless that is a mapping entry for another type.
        /// </summary>
        private List<string> ValuesOf(HierarchyNode owner, HierarchyNode node)
        {
            var values = MappedValues(owner, node).ToList();
            if (values.Count == 0 && owner.Schema.Discriminator?.Mapping?.ContainsKey(node.Key) != true)
            {
                values.Add(node.Key);
            }
            return values;
        }

        /// <summary>Reports mapping entries that lead nowhere or to a schema that does not derive from the base.</summary>
        private void CheckMapping(HierarchyNode node)
        {
            if (node.Schema.Discriminator?.Mapping is not { Count: > 0 } mapping)
            {
                return;
            }
            foreach (var entry in mapping)
            {
                var pointer = node.Pointer + "/discriminator/mapping/" + PointerLocator.Escape(entry.Key);
                var target = entry.Value is null ? null : Resolve(entry.Value).Target;
                if (target is null)
                {
                    Report(DiagnosticCatalogue.HierarchyMappingUnresolved, pointer, entry.Key, MappingText(entry.Value), node.Key);
                }
                else if (!_nodes.TryGetValue(target, out var mapped) || !(mapped == node || Reaches(mapped, node)))
                {
                    Report(DiagnosticCatalogue.HierarchyMappingNotDerived, pointer, entry.Key, MappingText(entry.Value), node.Key);
                }
            }
        }

        private static string MappingText(OpenApiSchemaReference? reference) => reference?.Reference.ReferenceV3 ?? reference?.Reference.Id ?? "nothing";

        /// <summary>
        /// The members of a hierarchy type: its bases' come first and are not repeated (a member a derived schema
        /// declares again, its discriminator included, stays the base's), and its names avoid every name its bases declare.
        /// </summary>
        private ObjectLayout LayoutOf(HierarchyNode node)
        {
            if (node.Layout is not null)
            {
                return node.Layout;
            }
            var above = node.Parent is null ? null : LayoutOf(node.Parent);
            var layout = Layout(node.Schema, _componentNames[node.Schema], node.Pointer, above, node.AddsDiscriminator ? node.Property : null);
            node.Layout = layout;
            return layout;
        }

        /// <summary>Maps the derived types of a base once its own type exists; they are reached through it.</summary>
        private void QueueSubtypes(HierarchyNode node)
        {
            foreach (var child in node.Children)
            {
                _pendingSubtypes.Enqueue(child);
            }
        }

        private void MapPendingSubtypes()
        {
            while (_pendingSubtypes.Count > 0)
            {
                var node = _pendingSubtypes.Dequeue();
                if (!_memo.ContainsKey(node.Schema))
                {
                    Map(node.Schema, _componentHints[node.Schema], node.Pointer);
                }
            }
        }

        /// <summary>
        /// Completes every generated hierarchy: bases learn their derived types (those generated, at any depth) and the
        /// values that name them, derived types the value they write and the dictionary of additional members they share.
        /// </summary>
        private void FinishHierarchies()
        {
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _models.Count; i++)
            {
                byName[_models[i].Name] = i;
            }
            ObjectType? Model(HierarchyNode node) =>
                _memo.TryGetValue(node.Schema, out var type) && type.Kind == TypeKind.Object && byName.TryGetValue(type.Name!, out var index) ? _models[index] : null;

            var updates = new Dictionary<string, ObjectType>(StringComparer.Ordinal);
            foreach (var node in _nodes.Values.Where(n => n.InHierarchy))
            {
                var model = Model(node);
                if (model is null)
                {
                    continue;
                }
                var updated = model;
                if (model.BaseName is not null)
                {
                    updated = updated with { Discriminator = DiscriminatorOf(node, model, byName) };
                    var (additional, additionalName) = InheritedAdditional(model, byName);
                    if (model.AdditionalPropertiesInherited)
                    {
                        updated = updated with { AdditionalProperties = additional, AdditionalPropertiesName = additionalName };
                    }
                }
                if (node.Children.Count > 0)
                {
                    var owner = node.Owner!;
                    var subtypes = new List<SubtypeModel>();
                    var visited = new HashSet<HierarchyNode>();
                    var stack = new Stack<HierarchyNode>(node.Children.AsEnumerable().Reverse());
                    while (stack.Count > 0)
                    {
                        var current = stack.Pop();
                        if (!visited.Add(current))
                        {
                            continue;
                        }
                        var derived = Model(current);
                        if (derived is not null && derived.BaseName is not null)
                        {
                            subtypes.Add(new SubtypeModel(derived.Name, ValuesOf(owner, current).ToEquatableArray()));
                        }
                        for (var i = current.Children.Count - 1; i >= 0; i--)
                        {
                            stack.Push(current.Children[i]);
                        }
                    }
                    var own = node.IsAbstract ? new List<string>() : ValuesOf(owner, node);
                    var unknownJson = new NameScope();
                    foreach (var taken in LayoutOf(node).AllNames)
                    {
                        unknownJson.Reserve(taken);
                    }
                    updated = updated with
                    {
                        Hierarchy = new HierarchyModel(node.Property, node.IsAbstract, own.ToEquatableArray(), node.UnknownName!, unknownJson.Unique("Json"), subtypes.ToEquatableArray()),
                    };
                }
                updates[model.Name] = updated;
            }
            for (var i = 0; i < _models.Count; i++)
            {
                if (updates.TryGetValue(_models[i].Name, out var updated))
                {
                    _models[i] = updated;
                }
            }
        }

        /// <summary>The value a derived type writes, under the discriminator of its parent, and the base member that holds it.</summary>
        private DiscriminatorValue? DiscriminatorOf(HierarchyNode node, ObjectType model, Dictionary<string, int> byName)
        {
            var owner = node.Parent!.Owner;
            if (owner is null)
            {
                return null;
            }
            var value = ValuesOf(owner, node).FirstOrDefault();
            var property = owner.Property;
            for (var current = model; current?.BaseName is not null && byName.TryGetValue(current.BaseName, out var index);)
            {
                current = _models[index];
                var declared = current.Properties.FirstOrDefault(p => p.JsonName == property);
                if (declared is not null)
                {
                    return value is null ? null : new DiscriminatorValue(value, property, declared.Name, declared.Type);
                }
            }
            return null;
        }

        private (TypeRef? Type, string? Name) InheritedAdditional(ObjectType model, Dictionary<string, int> byName)
        {
            var steps = 0;
            for (var current = model; current.BaseName is not null && byName.TryGetValue(current.BaseName, out var index) && steps <= MaxHierarchyDepth; steps++)
            {
                current = _models[index];
                if (!current.AdditionalPropertiesInherited && current.AdditionalPropertiesName is not null)
                {
                    return (current.AdditionalProperties, current.AdditionalPropertiesName);
                }
            }
            return (null, null);
        }
    }
}
