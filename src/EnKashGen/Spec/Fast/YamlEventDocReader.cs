using System;
using System.Collections.Generic;
using System.IO;
using SharpYaml;
using SharpYaml.Events;

namespace EnKashGen.Spec.Fast
{
    /// <summary>
    /// YAML into a <see cref="DocNode"/> tree through SharpYaml's own event parser, so values, styles and positions are
    /// exactly those the OpenAPI reader's representation model (<c>YamlStream.Load</c>) and <see cref="PointerLocator"/>
    /// see. Refused (null): syntax errors, aliases (the representation model would share the node, the locator would not
    /// find inside it), tagged or complex keys, duplicate keys, more than one document.
    /// </summary>
    internal static class YamlEventDocReader
    {
        private const int MaxDepth = 400;

        public static DocNode? Parse(string text)
        {
            try
            {
                var parser = Parser.CreateParser(new StringReader(text));
                if (!Next(parser, out var ev) || ev is not StreamStart)
                {
                    return null;
                }
                if (!Next(parser, out ev) || ev is not DocumentStart)
                {
                    return null;
                }
                if (!Next(parser, out ev))
                {
                    return null;
                }
                var root = Read(parser, ev, 0);
                if (root is null || !Next(parser, out ev) || ev is not DocumentEnd)
                {
                    return null;
                }
                if (!Next(parser, out ev) || ev is not StreamEnd)
                {
                    return null;
                }
                return root;
            }
            catch (Exception)
            {
                // A YAML error: the reader reports it.
                return null;
            }
        }

        private static bool Next(IParser parser, out ParsingEvent ev)
        {
            if (parser.MoveNext() && parser.Current is { } current)
            {
                ev = current;
                return true;
            }
            ev = null!;
            return false;
        }

        private static DocSpan Span(ParsingEvent ev) => new DocSpan(ev.Start.Line, ev.Start.Column, ev.End.Line, ev.End.Column);

        private static bool IsExplicit(ScalarStyle style) => style == ScalarStyle.SingleQuoted || style == ScalarStyle.DoubleQuoted || style == ScalarStyle.Literal || style == ScalarStyle.Folded;

        private static DocNode? Read(IParser parser, ParsingEvent ev, int depth)
        {
            if (depth > MaxDepth)
            {
                return null;
            }
            switch (ev)
            {
                case Scalar scalar:
                    return DocNode.Scalar(scalar.Value ?? string.Empty, IsExplicit(scalar.Style), Span(scalar));
                case MappingStart:
                    {
                        var node = DocNode.Mapping(Span(ev));
                        var members = node.Members!;
                        HashSet<string>? keys = null;
                        while (true)
                        {
                            if (!Next(parser, out var keyEvent))
                            {
                                return null;
                            }
                            if (keyEvent is MappingEnd)
                            {
                                return node;
                            }
                            if (keyEvent is not Scalar key || !string.IsNullOrEmpty(key.Tag) || key.Value is null)
                            {
                                return null;
                            }
                            if (!Next(parser, out var valueEvent))
                            {
                                return null;
                            }
                            var value = Read(parser, valueEvent, depth + 1);
                            if (value is null)
                            {
                                return null;
                            }
                            if (members.Count < 8)
                            {
                                foreach (var member in members)
                                {
                                    if (string.Equals(member.Key, key.Value, StringComparison.Ordinal))
                                    {
                                        return null;
                                    }
                                }
                            }
                            else
                            {
                                if (keys is null)
                                {
                                    keys = new HashSet<string>(StringComparer.Ordinal);
                                    foreach (var member in members)
                                    {
                                        keys.Add(member.Key);
                                    }
                                }
                                if (!keys.Add(key.Value))
                                {
                                    return null;
                                }
                            }
                            members.Add(new DocMember(key.Value, Span(key), value));
                        }
                    }
                case SequenceStart:
                    {
                        var node = DocNode.Sequence(Span(ev));
                        var items = node.Items!;
                        while (true)
                        {
                            if (!Next(parser, out var itemEvent))
                            {
                                return null;
                            }
                            if (itemEvent is SequenceEnd)
                            {
                                return node;
                            }
                            var item = Read(parser, itemEvent, depth + 1);
                            if (item is null)
                            {
                                return null;
                            }
                            items.Add(item);
                        }
                    }
                default:
                    // AnchorAlias, or anything unexpected.
                    return null;
            }
        }
    }
}
