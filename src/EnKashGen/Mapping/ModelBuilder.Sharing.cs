using System;
using System.Collections.Generic;
using EnKashGen.Model;
using Microsoft.OpenApi;

namespace EnKashGen.Mapping
{
    /// <summary>
    /// Inline schemas that map to the same type become one type: the first met (in the order the document leads to them)
    /// keeps its name, later ones use it. "The same" is decided on the mapped result (members, their JSON and C# names,
    /// types, required, nullable, constraints, defaults, member docs; enum values; union variants), never on where the
    /// schemas are written, so it is one dictionary look-up per type, with the type itself (its name left out) as key.
    /// Component schemas keep their own types: their names are the spec's and users may rely on them.
    /// </summary>
    /// <remarks>
    /// A type's own description is left out of the key: for an inline schema it is the text of the property, body or
    /// response that uses it, which the generated code already shows there. When uses disagree, the shared type keeps no
    /// summary rather than one that describes only some of its uses.
    /// A type is memoised before its members are mapped, so a member may already name it (a schema that contains itself
    /// through a reference to an inline pointer). Such a type is never folded into another: its members would name a
    /// type that is not generated.
    /// </remarks>
    internal sealed partial class ModelBuilder
    {
        private readonly Dictionary<ObjectType, int> _modelShapes = new Dictionary<ObjectType, int>();
        private readonly Dictionary<EnumType, int> _enumShapes = new Dictionary<EnumType, int>();
        private readonly Dictionary<UnionType, int> _unionShapes = new Dictionary<UnionType, int>();

        /// <summary>Inline types being mapped, with the reports that name them (sent once the name is final).</summary>
        private readonly Dictionary<string, List<(Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string Pointer, object?[] Arguments)>> _building =
            new Dictionary<string, List<(Microsoft.CodeAnalysis.DiagnosticDescriptor, string, object?[])>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Types under construction that something already names: they keep their own names.</summary>
        private readonly HashSet<string> _namedWhileBuilding = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Starts an inline type; components and hierarchy classes are never shared.</summary>
        private bool BeginShared(OpenApiSchema schema, string name)
        {
            if (_componentPointers.ContainsKey(schema) || NodeOf(schema) is not null || _building.ContainsKey(name))
            {
                return false;
            }
            _building[name] = new List<(Microsoft.CodeAnalysis.DiagnosticDescriptor, string, object?[])>();
            return true;
        }

        /// <summary>Notes that a type met again through the memo is named before it is complete.</summary>
        private void NoteUse(TypeRef known)
        {
            if (known.Name is not null && _building.Count > 0 && _building.ContainsKey(known.Name))
            {
                _namedWhileBuilding.Add(known.Name);
            }
        }

        /// <summary>Reports a problem whose message names a type (argument 1), with the name the type ends up with.</summary>
        private void ReportAboutType(string typeName, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string pointer, params object?[] arguments)
        {
            if (_building.TryGetValue(typeName, out var pending))
            {
                pending.Add((descriptor, pointer, arguments));
            }
            else
            {
                Report(descriptor, pointer, arguments);
            }
        }

        private string AddModel(OpenApiSchema schema, ObjectType model, bool shared)
        {
            if (!shared)
            {
                _models.Add(model);
                return model.Name;
            }
            var key = model with { Name = string.Empty, Description = null };
            var name = Finish(schema, model.Name, key, _modelShapes, _models.Count, i => _models[i].Name, out var index);
            if (index < 0)
            {
                _models.Add(model);
            }
            else if (_models[index].Description is { } kept && kept != model.Description)
            {
                _models[index] = _models[index] with { Description = null };
            }
            return name;
        }

        private string AddEnum(OpenApiSchema schema, EnumType type, bool shared)
        {
            if (!shared)
            {
                _enums.Add(type);
                return type.Name;
            }
            var key = type with { Name = string.Empty, Description = null };
            var name = Finish(schema, type.Name, key, _enumShapes, _enums.Count, i => _enums[i].Name, out var index);
            if (index < 0)
            {
                _enums.Add(type);
            }
            else if (_enums[index].Description is { } kept && kept != type.Description)
            {
                _enums[index] = _enums[index] with { Description = null };
            }
            return name;
        }

        private string AddUnion(OpenApiSchema schema, UnionType type, bool shared)
        {
            if (!shared)
            {
                _unions.Add(type);
                return type.Name;
            }
            var key = type with { Name = string.Empty, Description = null };
            var name = Finish(schema, type.Name, key, _unionShapes, _unions.Count, i => _unions[i].Name, out var index);
            if (index < 0)
            {
                _unions.Add(type);
                return name;
            }
            if (_unions[index].Description is { } kept && kept != type.Description)
            {
                _unions[index] = _unions[index] with { Description = null };
            }
            // The folded union was never generated: nothing may walk or report it under its released name.
            var started = _unionsStarted.LastIndexOf(type.Name);
            if (started >= 0)
            {
                _unionsStarted.RemoveAt(started);
            }
            foreach (var variant in type.Variants)
            {
                _variantPointers.Remove((type.Name, variant.Name));
            }
            return name;
        }

        /// <summary>
        /// Decides the name of a finished inline type: an earlier type of the same shape, when there is one it may share
        /// (<paramref name="index"/> is then its position), else its own (<paramref name="index"/> is -1, and the type
        /// becomes the one later types of its shape share). Sends the reports that name it, with that name.
        /// </summary>
        private string Finish<T>(OpenApiSchema schema, string name, T key, Dictionary<T, int> shapes, int position, Func<int, string> nameAt, out int index)
            where T : notnull
        {
            var pending = _building[name];
            _building.Remove(name);
            var named = _namedWhileBuilding.Remove(name);
            var final = name;
            if (!named && shapes.TryGetValue(key, out index))
            {
                final = nameAt(index);
                _typeNames.Release(name);
                var kind = _memo[schema].Kind;
                _memo[schema] = new TypeRef(kind, final);
            }
            else
            {
                index = -1;
                if (!shapes.ContainsKey(key))
                {
                    shapes[key] = position;
                }
            }
            foreach (var (descriptor, pointer, arguments) in pending)
            {
                arguments[1] = final;
                Report(descriptor, pointer, arguments);
            }
            return final;
        }
    }
}
