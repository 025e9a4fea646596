using System;
using System.Collections.Generic;
using System.IO;
using SharpYaml;
using SharpYaml.Events;
using SharpYaml.Serialization;

using EnKashGen.Spec.Fast;

namespace EnKashGen.Tests.FastYaml
{
    /// <summary>
    /// The test oracle for the fast YAML parser: SharpYaml (the library Microsoft.OpenApi.Readers loads YAML with)
    /// turned into a <see cref="DocNode"/> tree, written independently of the generator's readers, from both SharpYaml
    /// paths (parser events and the YamlStream representation model). Aliases are followed (the alias reuses the
    /// node); what is not one spec (a syntax error, no or several documents, duplicate or non-scalar keys, an unknown
    /// alias) gives null.
    /// </summary>
    internal static class SharpYamlDocNodes
    {
        /// <summary>Builds the tree from SharpYaml's parser events (the faster of the two SharpYaml paths). Never throws.</summary>
        public static DocNode? Read(string text)
        {
            try
            {
                return new EventBuilder(Parser.CreateParser(new StringReader(text))).Build();
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>Builds the tree from SharpYaml's representation model (<see cref="YamlStream"/>), as the OpenAPI reader loads it. Never throws.</summary>
        public static DocNode? ReadYamlStream(string text)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is null)
                {
                    return null;
                }
                return Convert(stream.Documents[0].RootNode, new Dictionary<YamlNode, DocNode>(ReferenceEqualityComparer.Instance));
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static DocSpan Span(Mark start, Mark end) => new DocSpan(start.Line, start.Column, end.Line, end.Column);

        private static DocNode? Convert(YamlNode node, Dictionary<YamlNode, DocNode> seen)
        {
            // An alias is the very node it names: convert it once.
            if (seen.TryGetValue(node, out var done))
            {
                return done;
            }
            DocNode? result;
            switch (node)
            {
                case YamlScalarNode scalar:
                    result = DocNode.Scalar(scalar.Value ?? string.Empty, IsExplicit(scalar.Style), Span(scalar.Start, scalar.End));
                    seen.Add(node, result);
                    return result;
                case YamlSequenceNode sequence:
                    result = DocNode.Sequence(Span(sequence.Start, sequence.End));
                    seen.Add(node, result);
                    foreach (var child in sequence.Children)
                    {
                        var item = Convert(child, seen);
                        if (item is null)
                        {
                            return null;
                        }
                        result.Items!.Add(item);
                    }
                    return result;
                case YamlMappingNode mapping:
                    result = DocNode.Mapping(Span(mapping.Start, mapping.End));
                    seen.Add(node, result);
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var pair in mapping.Children)
                    {
                        if (pair.Key is not YamlScalarNode key || !keys.Add(key.Value ?? string.Empty))
                        {
                            return null;
                        }
                        var value = Convert(pair.Value, seen);
                        if (value is null)
                        {
                            return null;
                        }
                        result.Members!.Add(new DocMember(key.Value ?? string.Empty, Span(key.Start, key.End), value));
                    }
                    return result;
                default:
                    return null;
            }
        }

        private static bool IsExplicit(ScalarStyle style) =>
            style == ScalarStyle.SingleQuoted || style == ScalarStyle.DoubleQuoted || style == ScalarStyle.Literal || style == ScalarStyle.Folded;

        private sealed class ReferenceEqualityComparer : IEqualityComparer<YamlNode>
        {
            public static readonly ReferenceEqualityComparer Instance = new ReferenceEqualityComparer();

            public bool Equals(YamlNode? x, YamlNode? y) => ReferenceEquals(x, y);

            public int GetHashCode(YamlNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }

        /// <summary>Consumes the event stream of exactly one document into a tree.</summary>
        private sealed class EventBuilder
        {
            private readonly IParser _parser;
            private Dictionary<string, DocNode>? _anchors;

            public EventBuilder(IParser parser)
            {
                _parser = parser;
            }

            public DocNode? Build()
            {
                if (!Next(out var ev) || ev is not StreamStart)
                {
                    return null;
                }
                if (!Next(out ev) || ev is not DocumentStart)
                {
                    return null;
                }
                if (!Next(out ev))
                {
                    return null;
                }
                var root = Node(ev, 0);
                if (root is null || !Next(out ev) || ev is not DocumentEnd)
                {
                    return null;
                }
                // A second document is not one spec: leave it to the reader.
                if (!Next(out ev) || ev is not StreamEnd)
                {
                    return null;
                }
                return root;
            }

            private bool Next(out ParsingEvent ev)
            {
                if (_parser.MoveNext() && _parser.Current is { } current)
                {
                    ev = current;
                    return true;
                }
                ev = null!;
                return false;
            }

            private DocNode? Node(ParsingEvent ev, int depth)
            {
                if (depth > 1000)
                {
                    return null;
                }
                DocNode node;
                switch (ev)
                {
                    case Scalar scalar:
                        node = DocNode.Scalar(scalar.Value ?? string.Empty, IsExplicit(scalar.Style), Span(scalar.Start, scalar.End));
                        Anchor(scalar.Anchor, node);
                        return node;
                    case AnchorAlias alias:
                        return _anchors is not null && alias.Value is not null && _anchors.TryGetValue(alias.Value, out var target) ? target : null;
                    case SequenceStart sequenceStart:
                        node = DocNode.Sequence(Span(sequenceStart.Start, sequenceStart.End));
                        Anchor(sequenceStart.Anchor, node);
                        while (true)
                        {
                            if (!Next(out var child))
                            {
                                return null;
                            }
                            if (child is SequenceEnd)
                            {
                                return node;
                            }
                            var item = Node(child, depth + 1);
                            if (item is null)
                            {
                                return null;
                            }
                            node.Items!.Add(item);
                        }
                    case MappingStart mappingStart:
                        node = DocNode.Mapping(Span(mappingStart.Start, mappingStart.End));
                        Anchor(mappingStart.Anchor, node);
                        HashSet<string>? keys = null;
                        while (true)
                        {
                            if (!Next(out var keyEvent))
                            {
                                return null;
                            }
                            if (keyEvent is MappingEnd)
                            {
                                return node;
                            }
                            if (keyEvent is not Scalar key)
                            {
                                // A collection or alias as a key: not an OpenAPI document.
                                return null;
                            }
                            var keyText = key.Value ?? string.Empty;
                            if (node.Members!.Count > 0)
                            {
                                keys ??= FirstKeys(node.Members);
                                if (!keys.Add(keyText))
                                {
                                    return null;
                                }
                            }
                            if (key.Anchor is not null)
                            {
                                Anchor(key.Anchor, DocNode.Scalar(keyText, IsExplicit(key.Style), Span(key.Start, key.End)));
                            }
                            if (!Next(out var valueEvent))
                            {
                                return null;
                            }
                            var value = Node(valueEvent, depth + 1);
                            if (value is null)
                            {
                                return null;
                            }
                            node.Members.Add(new DocMember(keyText, Span(key.Start, key.End), value));
                        }
                    default:
                        return null;
                }
            }

            private static HashSet<string> FirstKeys(List<DocMember> members)
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in members)
                {
                    keys.Add(member.Key);
                }
                return keys;
            }

            private void Anchor(string? name, DocNode node)
            {
                if (name is not null)
                {
                    (_anchors ??= new Dictionary<string, DocNode>(StringComparer.Ordinal))[name] = node;
                }
            }
        }
    }
}
