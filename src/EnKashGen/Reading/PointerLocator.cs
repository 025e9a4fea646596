using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EnKashGen.Model;
using SharpYaml;
using SharpYaml.Events;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Finds the line and column of JSON pointers (<c>#/paths/~1a/get</c>) in one spec file's text. It walks the text
    /// once for all pointers of the file, and only when a diagnostic needs a location, so clean specs never pay for it.
    /// JSON is walked by a small tokenizer (the text is known to be valid JSON by then); YAML by SharpYaml's events.
    /// A member is located at its key, an array item at the item.
    /// </summary>
    internal sealed class PointerLocator
    {
        private readonly string _path;
        private readonly string _text;
        private readonly bool _isJson;
        private List<int>? _lineStarts;

        /// <summary>
        /// Set by <see cref="Walk"/> when the mapping or sequence it was just given holds no pointer: the JSON events then
        /// skip its content (scanned for lines only, no strings made) and go on at its end.
        /// </summary>
        private bool _skipContent;

        public PointerLocator(string path, string text)
        {
            _path = path;
            _text = text;
            _isJson = DocumentParser.IsJson(text);
        }

        public string Path => _path;

        public LocationInfo AtLine(int line, int column)
        {
            var lineLength = LineLength(line);
            return new LocationInfo(_path, line, Math.Min(column, lineLength), line, lineLength);
        }

        public LocationInfo Start() => AtLine(0, 0);

        /// <summary>Locates each pointer; a pointer that does not exist falls back to its deepest existing parent.</summary>
        public IReadOnlyList<LocationInfo> Locate(IReadOnlyList<string> pointers)
        {
            var root = new TrieNode();
            var nodes = 1;
            var chains = new List<TrieNode[]>(pointers.Count);
            foreach (var pointer in pointers)
            {
                var node = root;
                var chain = new List<TrieNode> { root };
                foreach (var segment in Segments(pointer))
                {
                    if (!node.Children.TryGetValue(segment, out var child))
                    {
                        child = new TrieNode();
                        nodes++;
                        node.Children.Add(segment, child);
                    }
                    node = child;
                    chain.Add(node);
                }
                chains.Add(chain.ToArray());
            }

            try
            {
                Walk(root, nodes);
            }
            catch (Exception ex) when (ex is YamlException or FormatException or InvalidOperationException)
            {
                // A text that does not scan has been reported already, with the parser's own line; keep what was found.
            }

            var result = new List<LocationInfo>(pointers.Count);
            foreach (var chain in chains)
            {
                LocationInfo? best = null;
                foreach (var node in chain)
                {
                    if (node.Location is not null)
                    {
                        best = node.Location;
                    }
                }
                result.Add(best ?? Start());
            }
            return result;
        }

        /// <summary>Walks the text's structure until every one of the <paramref name="unlocated"/> trie nodes has a location.</summary>
        private void Walk(TrieNode root, int unlocated)
        {
            var events = _isJson ? JsonEvents() : YamlEvents();
            var stack = new Stack<Frame>();
            var rootSeen = false;
            foreach (var ev in events)
            {
                if (ev.Kind == EventKind.End)
                {
                    if (stack.Count > 0)
                    {
                        stack.Pop();
                    }
                    AfterNode(stack);
                    continue;
                }

                TrieNode? trie;
                if (stack.Count == 0)
                {
                    if (rootSeen)
                    {
                        return;
                    }
                    rootSeen = true;
                    trie = root;
                }
                else
                {
                    var frame = stack.Peek();
                    if (frame.IsMapping && frame.ExpectingKey)
                    {
                        TrieNode? child = null;
                        if (ev.Kind == EventKind.Scalar && frame.Trie is { Children.Count: > 0 })
                        {
                            frame.Trie.Children.TryGetValue(TextOf(ev), out child);
                            if (child is not null && child.Location is null)
                            {
                                child.Location = Mark(ev);
                                if (--unlocated == 0)
                                {
                                    return;
                                }
                            }
                        }
                        frame.PendingChild = child;
                        frame.ExpectingKey = false;
                        if (ev.Kind != EventKind.Scalar)
                        {
                            // Complex keys are not used by OpenAPI; their content is skipped.
                            stack.Push(new Frame(ev.Kind == EventKind.MappingStart, null));
                        }
                        continue;
                    }
                    if (frame.IsMapping)
                    {
                        trie = frame.PendingChild;
                    }
                    else
                    {
                        trie = null;
                        frame.Trie?.Children.TryGetValue(frame.Index.ToString(CultureInfo.InvariantCulture), out trie);
                    }
                }

                if (trie is not null && trie.Location is null)
                {
                    trie.Location = Mark(ev);
                    if (--unlocated == 0)
                    {
                        return;
                    }
                }

                if (ev.Kind == EventKind.Scalar)
                {
                    AfterNode(stack);
                }
                else
                {
                    stack.Push(new Frame(ev.Kind == EventKind.MappingStart, trie));
                    _skipContent = trie is not { Children.Count: > 0 };
                }
            }
        }

        /// <summary>A scalar's text: YAML events carry it, JSON events only its place (most are never needed).</summary>
        private string TextOf(StructureEvent ev)
        {
            if (ev.Text is not null)
            {
                return ev.Text;
            }
            return _text[ev.TextStart] == '"'
                ? Unescape(_text, ev.TextStart + 1, ev.TextEnd - 1)
                : _text.Substring(ev.TextStart, ev.TextEnd - ev.TextStart);
        }

        /// <summary>
        /// The index just after the <c>}</c> or <c>]</c> that closes the container opened at <paramref name="open"/>,
        /// counting the lines passed. The text is valid JSON by then, and JSON strings hold no raw line breaks.
        /// </summary>
        private static int SkipContainer(string text, int open, ref int line, ref int lineStart)
        {
            var depth = 0;
            for (var i = open; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '\n':
                        line++;
                        lineStart = i + 1;
                        break;
                    case '{':
                    case '[':
                        depth++;
                        break;
                    case '}':
                    case ']':
                        if (--depth == 0)
                        {
                            return i + 1;
                        }
                        break;
                    case '"':
                        i = ScanString(text, i) - 1;
                        break;
                }
            }
            return text.Length;
        }

        private IEnumerable<StructureEvent> YamlEvents()
        {
            var parser = new Parser<LookAheadBuffer>(new LookAheadBuffer(new StringReader(_text), 8), InputLimits.Default.MaxDepth + 8);
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart m:
                        yield return new StructureEvent(EventKind.MappingStart, null, m.Start.Line, m.Start.Column, m.End.Line, m.End.Column);
                        break;
                    case SequenceStart s:
                        yield return new StructureEvent(EventKind.SequenceStart, null, s.Start.Line, s.Start.Column, s.End.Line, s.End.Column);
                        break;
                    case Scalar scalar:
                        yield return new StructureEvent(EventKind.Scalar, scalar.Value, scalar.Start.Line, scalar.Start.Column, scalar.End.Line, scalar.End.Column);
                        break;
                    case AnchorAlias alias:
                        yield return new StructureEvent(EventKind.Scalar, alias.Value, alias.Start.Line, alias.Start.Column, alias.End.Line, alias.End.Column);
                        break;
                    case MappingEnd:
                    case SequenceEnd:
                        yield return new StructureEvent(EventKind.End, null, 0, 0, 0, 0);
                        break;
                    case DocumentEnd:
                        yield break;
                }
            }
        }

        /// <summary>The same events from JSON text, with zero-based lines and columns counted in characters.</summary>
        private IEnumerable<StructureEvent> JsonEvents()
        {
            var text = _text;
            var line = 0;
            var lineStart = 0;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                switch (c)
                {
                    case '\n':
                        line++;
                        i++;
                        lineStart = i;
                        continue;
                    case ' ':
                    case '\t':
                    case '\r':
                    case ',':
                    case ':':
                    case '\uFEFF':
                        i++;
                        continue;
                    case '{':
                    case '[':
                        var kind = c == '{' ? EventKind.MappingStart : EventKind.SequenceStart;
                        _skipContent = false;
                        yield return new StructureEvent(kind, null, line, i - lineStart, line, i - lineStart + 1);
                        if (_skipContent)
                        {
                            _skipContent = false;
                            i = SkipContainer(text, i, ref line, ref lineStart);
                            yield return new StructureEvent(EventKind.End, null, 0, 0, 0, 0);
                            continue;
                        }
                        i++;
                        continue;
                    case '}':
                    case ']':
                        yield return new StructureEvent(EventKind.End, null, 0, 0, 0, 0);
                        i++;
                        continue;
                    case '"':
                        {
                            var start = i;
                            var end = ScanString(text, i);
                            // JSON strings cannot span lines, so the column arithmetic stays on this line.
                            yield return new StructureEvent(EventKind.Scalar, null, line, start - lineStart, line, end - lineStart, start, end);
                            i = end;
                            continue;
                        }
                    default:
                        {
                            var start = i;
                            while (i < text.Length && text[i] is not (',' or '}' or ']' or ' ' or '\t' or '\r' or '\n' or ':'))
                            {
                                i++;
                            }
                            yield return new StructureEvent(EventKind.Scalar, null, line, start - lineStart, line, i - lineStart, start, i);
                            continue;
                        }
                }
            }
        }

        /// <summary>The index just after the closing quote of the string that starts at <paramref name="open"/>.</summary>
        private static int ScanString(string text, int open)
        {
            var i = open + 1;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }
                i++;
                if (c == '"')
                {
                    return i;
                }
            }
            return text.Length;
        }

        private static string Unescape(string text, int start, int end)
        {
            if (text.IndexOf('\\', start, Math.Max(0, end - start)) < 0)
            {
                return text.Substring(start, Math.Max(0, end - start));
            }
            var sb = new System.Text.StringBuilder(end - start);
            for (var i = start; i < end; i++)
            {
                var c = text[i];
                if (c != '\\' || i + 1 >= end)
                {
                    sb.Append(c);
                    continue;
                }
                var e = text[++i];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u' when i + 4 < end && int.TryParse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        sb.Append((char)code);
                        i += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }
            return sb.ToString();
        }

        private static void AfterNode(Stack<Frame> stack)
        {
            if (stack.Count == 0)
            {
                return;
            }
            var parent = stack.Peek();
            if (parent.IsMapping)
            {
                parent.ExpectingKey = true;
                parent.PendingChild = null;
            }
            else
            {
                parent.Index++;
            }
        }

        private LocationInfo Mark(StructureEvent ev)
        {
            if (ev.EndLine != ev.StartLine || ev.EndColumn <= ev.StartColumn)
            {
                return AtLine(ev.StartLine, ev.StartColumn);
            }
            return new LocationInfo(_path, ev.StartLine, ev.StartColumn, ev.EndLine, ev.EndColumn);
        }

        private int LineLength(int line)
        {
            var starts = LineStarts();
            if (line < 0 || line >= starts.Count)
            {
                return 0;
            }
            var start = starts[line];
            var end = line + 1 < starts.Count ? starts[line + 1] - 1 : _text.Length;
            if (end > start && _text[end - 1] == '\r')
            {
                end--;
            }
            return end - start;
        }

        /// <summary>The offset of each line's first character, computed once: a spec with many diagnostics must not rescan its text per location.</summary>
        private List<int> LineStarts()
        {
            if (_lineStarts is null)
            {
                var starts = new List<int> { 0 };
                for (var i = _text.IndexOf('\n'); i >= 0; i = _text.IndexOf('\n', i + 1))
                {
                    starts.Add(i + 1);
                }
                _lineStarts = starts;
            }
            return _lineStarts;
        }

        /// <summary>The unescaped segments of a JSON pointer, with or without its leading <c>#</c>.</summary>
        /// <param name="percentEncoded">A pointer written in a URI fragment (a <c>$ref</c>) may percent-encode characters; the reader's and EnKashGen's own pointers do not.</param>
        internal static List<string> Segments(string pointer, bool percentEncoded = false)
        {
            var result = new List<string>();
            var p = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
            if (p.Length == 0 || p == "/")
            {
                return result;
            }
            foreach (var raw in p.TrimStart('/').Split('/'))
            {
                var decoded = percentEncoded && raw.IndexOf('%') >= 0 ? SafeUnescape(raw) : raw;
                result.Add(decoded.Replace("~1", "/").Replace("~0", "~"));
            }
            return result;
        }

        private static string SafeUnescape(string segment)
        {
            try
            {
                return Uri.UnescapeDataString(segment);
            }
            catch (UriFormatException)
            {
                return segment;
            }
        }

        internal static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        private enum EventKind
        {
            MappingStart,
            SequenceStart,
            Scalar,
            End,
        }

        private readonly struct StructureEvent
        {
            public StructureEvent(EventKind kind, string? text, int startLine, int startColumn, int endLine, int endColumn, int textStart = 0, int textEnd = 0)
            {
                TextStart = textStart;
                TextEnd = textEnd;
                Kind = kind;
                Text = text;
                StartLine = startLine;
                StartColumn = startColumn;
                EndLine = endLine;
                EndColumn = endColumn;
            }

            public EventKind Kind { get; }
            /// <summary>The scalar's text, or null when it is JSON's: then <see cref="TextStart"/>..<see cref="TextEnd"/> (quotes included) in the file's text.</summary>
            public string? Text { get; }
            public int TextStart { get; }
            public int TextEnd { get; }
            public int StartLine { get; }
            public int StartColumn { get; }
            public int EndLine { get; }
            public int EndColumn { get; }
        }

        private sealed class TrieNode
        {
            public readonly Dictionary<string, TrieNode> Children = new Dictionary<string, TrieNode>(StringComparer.Ordinal);
            public LocationInfo? Location;
        }

        private sealed class Frame
        {
            public Frame(bool isMapping, TrieNode? trie)
            {
                IsMapping = isMapping;
                Trie = trie;
                ExpectingKey = true;
            }

            public bool IsMapping { get; }
            public TrieNode? Trie { get; }
            public bool ExpectingKey { get; set; }
            public TrieNode? PendingChild { get; set; }
            public int Index { get; set; }
        }
    }
}
