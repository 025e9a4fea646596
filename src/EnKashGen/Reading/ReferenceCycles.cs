using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using EnKashGen.Diagnostics;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Components that are only references to other components of their section, in a loop (<c>A: {$ref: B}</c>,
    /// <c>B: {$ref: A}</c>), never reach an object. Microsoft.OpenApi throws wherever it follows one (its validation of a
    /// discriminator, every property of a response, parameter or path item reference), so such loops are cut before the
    /// reader sees the document: each reference of the loop gets a warning at its line, a schema of the loop becomes a
    /// schema without constraints (untyped JSON), and any other component of the loop is left out, so what refers to it
    /// is reported as not resolving.
    /// </summary>
    internal static class ReferenceCycles
    {
        private static readonly (string Section, string Kind)[] Sections3 =
        {
            ("schemas", "schema"), ("responses", "response"), ("parameters", "parameter"), ("examples", "example"),
            ("requestBodies", "request body"), ("headers", "header"), ("securitySchemes", "security scheme"), ("links", "link"),
            ("callbacks", "callback"), ("pathItems", "path item"), ("mediaTypes", "media type"),
        };

        private static readonly (string Section, string Kind)[] Sections2 =
        {
            ("definitions", "schema"), ("parameters", "parameter"), ("responses", "response"),
        };

        public static void Break(JsonObject root, bool swagger2, DiagnosticBag diagnostics, SpecOrigins origins)
        {
            var holder = swagger2 ? root : root["components"] as JsonObject;
            if (holder is null)
            {
                return;
            }
            foreach (var (section, kind) in swagger2 ? Sections2 : Sections3)
            {
                if (holder[section] is JsonObject components)
                {
                    Break(components, swagger2 ? new[] { section } : new[] { "components", section }, kind, diagnostics, origins);
                }
            }
        }

        private static void Break(JsonObject components, string[] sectionPath, string kind, DiagnosticBag diagnostics, SpecOrigins origins)
        {
            // Each component refers to at most one other, so the references form chains that end in an object or in a loop.
            var next = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in components)
            {
                if (entry.Value is JsonObject obj && obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference)
                    && reference.StartsWith("#/", StringComparison.Ordinal) && Target(reference, sectionPath) is { } target && components.ContainsKey(target))
                {
                    next[entry.Key] = target;
                }
            }
            if (next.Count == 0)
            {
                return;
            }

            // 1: on the chain being followed, 2: done.
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var loops = new List<List<string>>();
            foreach (var start in next.Keys)
            {
                var chain = new List<string>();
                var at = start;
                while (at is not null && !state.ContainsKey(at))
                {
                    state[at] = 1;
                    chain.Add(at);
                    at = next.TryGetValue(at, out var n) ? n : null;
                }
                if (at is not null && state[at] == 1)
                {
                    loops.Add(chain.Skip(chain.IndexOf(at)).ToList());
                }
                foreach (var name in chain)
                {
                    state[name] = 2;
                }
            }

            var sectionPointer = "#/" + string.Join("/", sectionPath);
            // Components copied in from parts, or moved by EnKashGen, are named as they are written.
            string Written(string name)
            {
                var pointer = sectionPointer + "/" + PointerLocator.Escape(name);
                var (file, filePointer) = origins.Translate(pointer);
                return file is not null ? System.IO.Path.GetFileName(file) + filePointer : filePointer;
            }
            foreach (var loop in loops)
            {
                var path = string.Join(" -> ", loop.Concat(new[] { loop[0] }).Select(n => "'" + Written(n) + "'"));
                for (var i = 0; i < loop.Count; i++)
                {
                    var name = loop[i];
                    var written = Written(loop[(i + 1) % loop.Count]);
                    var message = kind == "schema"
                        ? $"The reference '{written}' only leads to other references in a cycle ({path}) and never reaches a schema; the value is generated as untyped JSON"
                        : $"The reference '{written}' only leads to other references in a cycle ({path}) and never reaches a {kind}; the {kind} is left out, and each reference to it does not resolve";
                    var (file, filePointer) = origins.Translate(sectionPointer + "/" + PointerLocator.Escape(name) + "/$ref");
                    diagnostics.AtPointer(DiagnosticIds.UnresolvedReference, message, filePointer, file);
                }
                foreach (var name in loop)
                {
                    if (kind == "schema")
                    {
                        ((JsonObject)components[name]!).Remove("$ref");
                    }
                    else
                    {
                        components.Remove(name);
                    }
                }
            }
        }

        /// <summary>The component a local reference names in the section at <paramref name="sectionPath"/>; null for anything else.</summary>
        private static string? Target(string reference, string[] sectionPath)
        {
            var segments = PointerLocator.Segments(reference, percentEncoded: true);
            if (segments.Count != sectionPath.Length + 1)
            {
                return null;
            }
            for (var i = 0; i < sectionPath.Length; i++)
            {
                if (!string.Equals(segments[i], sectionPath[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }
            return segments[sectionPath.Length];
        }
    }
}
