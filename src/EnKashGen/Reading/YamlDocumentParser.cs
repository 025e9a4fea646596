using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using EnKashGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Events;
using SharpYaml.Serialization;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Builds the <see cref="JsonNode"/> of a YAML spec file from SharpYaml's event stream. Microsoft.OpenApi's YAML
    /// reader keeps its node to itself; EnKashGen needs the node to bundle multi-file specs, to keep OpenAPI 3.0's
    /// <c>nullable</c> where the reader drops it, and to tell where a problem is. Plain scalars are typed by
    /// Microsoft.OpenApi's own <see cref="YamlConverter"/>, so the node holds exactly what its YAML reader would read.
    /// </summary>
    internal static class YamlDocumentParser
    {
        private const string StringTag = "tag:yaml.org,2002:str";

        public static JsonNode? Parse(string text, string? file, InputLimits limits, DiagnosticBag diagnostics)
        {
            var state = new State(limits);
            try
            {
                // SharpYaml's own depth guard sits above the scanner's limit: the scan has already bounded the text.
                var parser = new Parser<LookAheadBuffer>(new LookAheadBuffer(new StringReader(text), 8), limits.MaxDepth + 8);
                while (parser.MoveNext())
                {
                    switch (parser.Current)
                    {
                        case MappingStart mapping:
                            state.Open(new JsonObject(), mapping.Anchor, mapping.Start);
                            break;
                        case SequenceStart sequence:
                            state.Open(new JsonArray(), sequence.Anchor, sequence.Start);
                            break;
                        case Scalar scalar:
                            state.Add(new Item(ScalarValue(scalar), 1, scalar.Value ?? string.Empty, scalar.Start), scalar.Anchor);
                            break;
                        case AnchorAlias alias:
                            state.Alias(alias);
                            break;
                        case MappingEnd:
                        case SequenceEnd:
                            state.Close();
                            break;
                        case DocumentEnd:
                            // A spec is one document; anything after the first (`---` ...) is not part of it.
                            return state.Root(file, diagnostics);
                    }
                }
                return state.Root(file, diagnostics);
            }
            catch (YamlException ex)
            {
                diagnostics.AtLine(DiagnosticCatalogue.InvalidYaml, Math.Max(0, ex.Start.Line), Math.Max(0, ex.Start.Column), file, Explanation(ex));
                return null;
            }
            catch (StructureException ex)
            {
                diagnostics.AtLine(ex.Descriptor, Math.Max(0, ex.Mark.Line), Math.Max(0, ex.Mark.Column), file, ex.Arguments);
                return null;
            }
        }

        /// <summary>
        /// Quoted, literal and folded scalars are text. Plain scalars that may be numbers, booleans or null are typed by
        /// Microsoft.OpenApi's converter; any other plain scalar cannot be one and is text without asking.
        /// </summary>
        private static JsonNode? ScalarValue(Scalar scalar)
        {
            var value = scalar.Value ?? string.Empty;
            if (scalar.Style != ScalarStyle.Plain || string.Equals(scalar.Tag, StringTag, StringComparison.Ordinal) || !MayBeTyped(value))
            {
                return JsonValue.Create(value);
            }
            return new YamlScalarNode(value) { Style = ScalarStyle.Plain }.ToJsonNode();
        }

        private static bool MayBeTyped(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }
            var c = value[0];
            return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == '~' || c == 't' || c == 'T' || c == 'f' || c == 'F' || c == 'n' || c == 'N';
        }

        private static string Explanation(YamlException ex)
        {
            // "(Lin: 7, Col: 0, Chr: 69) - (Lin: 7, Col: 0, Chr: 69): While parsing ..." keeps only the explanation.
            var message = ex.Message ?? string.Empty;
            var colon = message.LastIndexOf("): ", StringComparison.Ordinal);
            return colon >= 0 ? message.Substring(colon + 3) : message;
        }

        /// <summary>A finished node: its value, how many nodes it holds (for the alias budget), its text if it is a key.</summary>
        private readonly struct Item
        {
            public Item(JsonNode? node, long count, string? keyText, Mark start)
            {
                Node = node;
                Count = count;
                KeyText = keyText;
                Start = start;
            }

            public JsonNode? Node { get; }
            public long Count { get; }
            public string? KeyText { get; }
            public Mark Start { get; }
        }

        private sealed class Frame
        {
            public Frame(JsonNode container, string? anchor, Mark start)
            {
                Container = container;
                Anchor = string.IsNullOrEmpty(anchor) ? null : anchor;
                Start = start;
            }

            public JsonNode Container { get; }
            public string? Anchor { get; }
            public Mark Start { get; }
            public string? PendingKey { get; set; }
            public Mark PendingKeyStart { get; set; }
            public bool HasPendingKey { get; set; }
            public long Count { get; set; } = 1;
        }

        private sealed class State
        {
            private readonly InputLimits _limits;
            private readonly Stack<Frame> _frames = new Stack<Frame>();
            private readonly Dictionary<string, Item> _anchors = new Dictionary<string, Item>(StringComparer.Ordinal);
            private readonly HashSet<string> _open = new HashSet<string>(StringComparer.Ordinal);
            private long _aliasNodes;
            private bool _hasRoot;
            private JsonNode? _root;

            public State(InputLimits limits) => _limits = limits;

            public void Open(JsonNode container, string? anchor, Mark start)
            {
                var frame = new Frame(container, anchor, start);
                if (frame.Anchor is not null)
                {
                    _open.Add(frame.Anchor);
                }
                _frames.Push(frame);
            }

            public void Close()
            {
                var frame = _frames.Pop();
                if (frame.HasPendingKey)
                {
                    throw new StructureException(DiagnosticCatalogue.YamlKeyWithoutValue, frame.PendingKeyStart, frame.PendingKey);
                }
                if (frame.Anchor is not null)
                {
                    _open.Remove(frame.Anchor);
                }
                Add(new Item(frame.Container, frame.Count, null, frame.Start), frame.Anchor);
            }

            public void Alias(AnchorAlias alias)
            {
                if (_open.Contains(alias.Value))
                {
                    throw new StructureException(DiagnosticCatalogue.YamlAliasInsideItself, alias.Start, alias.Value);
                }
                if (!_anchors.TryGetValue(alias.Value, out var anchored))
                {
                    throw new StructureException(DiagnosticCatalogue.YamlAliasWithoutAnchor, alias.Start, alias.Value);
                }
                _aliasNodes += anchored.Count;
                if (_aliasNodes > _limits.MaxAliasExpansion)
                {
                    throw new StructureException(DiagnosticCatalogue.AliasExpansion, alias.Start, _limits.MaxAliasExpansion);
                }
                Add(new Item(anchored.Node?.DeepClone(), anchored.Count, anchored.KeyText, alias.Start), null);
            }

            public void Add(Item item, string? anchor)
            {
                if (!string.IsNullOrEmpty(anchor))
                {
                    _anchors[anchor!] = item;
                }
                if (_frames.Count == 0)
                {
                    if (!_hasRoot)
                    {
                        _hasRoot = true;
                        _root = item.Node;
                    }
                    return;
                }
                var frame = _frames.Peek();
                frame.Count += item.Count;
                if (frame.Container is JsonArray array)
                {
                    array.Add(item.Node);
                    return;
                }
                var map = (JsonObject)frame.Container;
                if (!frame.HasPendingKey)
                {
                    if (item.Node is JsonObject or JsonArray)
                    {
                        throw new StructureException(DiagnosticCatalogue.YamlComplexKey, item.Start);
                    }
                    frame.PendingKey = item.KeyText ?? string.Empty;
                    frame.PendingKeyStart = item.Start;
                    frame.HasPendingKey = true;
                    return;
                }
                var key = frame.PendingKey!;
                frame.HasPendingKey = false;
                frame.PendingKey = null;
                if (key == "<<" && Merge(map, item.Node))
                {
                    return;
                }
                if (map.ContainsKey(key))
                {
                    throw new StructureException(DiagnosticCatalogue.DuplicateYamlKey, frame.PendingKeyStart, key);
                }
                map.Add(key, item.Node);
            }

            /// <summary>YAML's merge key (<c>&lt;&lt;: *base</c>): members of the merged mappings that the mapping does not set itself.</summary>
            private static bool Merge(JsonObject map, JsonNode? merged)
            {
                if (merged is JsonObject single)
                {
                    MergeOne(map, single);
                    return true;
                }
                if (merged is JsonArray list && list.Count > 0)
                {
                    foreach (var entry in list)
                    {
                        if (entry is not JsonObject)
                        {
                            return false;
                        }
                    }
                    foreach (var entry in list)
                    {
                        MergeOne(map, (JsonObject)entry!);
                    }
                    return true;
                }
                return false;
            }

            private static void MergeOne(JsonObject map, JsonObject source)
            {
                var members = new List<KeyValuePair<string, JsonNode?>>();
                foreach (var member in source)
                {
                    if (!map.ContainsKey(member.Key))
                    {
                        members.Add(member);
                    }
                }
                foreach (var member in members)
                {
                    map.Add(member.Key, member.Value?.DeepClone());
                }
            }

            public JsonNode? Root(string? file, DiagnosticBag diagnostics)
            {
                if (!_hasRoot || _root is null)
                {
                    diagnostics.AtStart(DiagnosticCatalogue.NoYamlContent, file);
                    return null;
                }
                return _root;
            }
        }

        /// <summary>A structural problem SharpYaml does not report itself (duplicate keys, unknown aliases, the alias budget).</summary>
        private sealed class StructureException : Exception
        {
            public StructureException(DiagnosticDescriptor descriptor, Mark mark, params object?[] arguments)
                : base(descriptor.Id)
            {
                Descriptor = descriptor;
                Mark = mark;
                Arguments = arguments;
            }

            public DiagnosticDescriptor Descriptor { get; }
            public Mark Mark { get; }
            public object?[] Arguments { get; }
        }
    }
}
