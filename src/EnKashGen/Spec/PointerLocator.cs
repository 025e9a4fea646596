using System;
using System.Collections.Generic;
using System.IO;
using EnKashGen.Model;
using EnKashGen.Spec.Fast;
using SharpYaml;
using SharpYaml.Events;

namespace EnKashGen.Spec
{
    /// <summary>
    /// Finds the line and column of JSON pointers (<c>#/paths/~1a/get</c>) in the spec text. It walks the YAML/JSON
    /// event stream once for all pointers of a spec, and only when a diagnostic needs a location, so clean specs never
    /// pay for it.
    /// </summary>
    internal sealed class PointerLocator
    {
        private readonly string _path;
        private readonly string _text;
        private List<int>? _lineStarts;
        private DocNode? _tree;

        public PointerLocator(string path, string text)
        {
            _path = path;
            _text = text;
        }

        /// <summary>
        /// Locates from <paramref name="root"/>, the document's tree with SharpYaml's positions, instead of scanning the
        /// text again; the locations are the same.
        /// </summary>
        internal void UseTree(DocNode root) => _tree = root;

        public LocationInfo AtLine(int line, int column)
        {
            var lineLength = LineLength(line);
            return new LocationInfo(_path, line, Math.Min(column, lineLength), line, lineLength);
        }

        public LocationInfo Start() => new LocationInfo(_path, 0, 0, 0, LineLength(0));

        /// <summary>
        /// Which of <paramref name="pointers"/> are written in the text, exactly (no fallback to a parent). The object
        /// model cannot tell some things apart, e.g. an operation without <c>security</c> from one with <c>security: []</c>.
        /// </summary>
        public HashSet<string> Existing(IReadOnlyList<string> pointers)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            var leaves = Build(pointers, out var root, out var nodes);
            try
            {
                Fill(root, nodes);
            }
            catch (Exception)
            {
                // A spec that does not scan has already been reported; keep what was found.
            }
            for (var i = 0; i < pointers.Count; i++)
            {
                if (leaves[i][leaves[i].Length - 1].Location is not null)
                {
                    result.Add(pointers[i]);
                }
            }
            return result;
        }

        private static List<TrieNode[]> Build(IReadOnlyList<string> pointers, out TrieNode root, out int nodes)
        {
            root = new TrieNode();
            nodes = 1;
            var leaves = new List<TrieNode[]>(pointers.Count);
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
                leaves.Add(chain.ToArray());
            }
            return leaves;
        }

        /// <summary>Locates each pointer; a pointer that does not exist falls back to its deepest existing parent.</summary>
        public IReadOnlyList<LocationInfo> Locate(IReadOnlyList<string> pointers)
        {
            var leaves = Build(pointers, out var root, out var nodes);
            try
            {
                Fill(root, nodes);
            }
            catch (Exception)
            {
                // A spec that does not even scan has already been reported with the scanner's own line; keep what was found.
            }

            var result = new List<LocationInfo>(pointers.Count);
            foreach (var chain in leaves)
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

        /// <summary>Gives the trie its locations: from the document's tree when there is one, else from the text.</summary>
        private void Fill(TrieNode root, int nodes)
        {
            if (_tree is not null)
            {
                WalkTree(root, _tree);
            }
            else
            {
                Walk(root, nodes);
            }
        }

        /// <summary>Walks the event stream until every one of the <paramref name="unlocated"/> trie nodes has a location.</summary>
        private void Walk(TrieNode root, int unlocated)
        {
            var parser = Parser.CreateParser(new StringReader(_text));
            var stack = new Stack<Frame>();
            var rootSeen = false;
            while (parser.MoveNext())
            {
                var ev = parser.Current;
                if (ev is null || ev is StreamStart || ev is DocumentStart || ev is DocumentEnd || ev is StreamEnd)
                {
                    continue;
                }
                if (ev is MappingEnd || ev is SequenceEnd)
                {
                    if (stack.Count > 0)
                    {
                        stack.Pop();
                    }
                    AfterNode(stack);
                    continue;
                }

                TrieNode? nodeTrie;
                if (stack.Count == 0)
                {
                    if (rootSeen)
                    {
                        return;
                    }
                    rootSeen = true;
                    nodeTrie = root;
                }
                else
                {
                    var frame = stack.Peek();
                    if (frame.IsMapping && frame.ExpectingKey)
                    {
                        // The key's position is where a pointer to the member is reported.
                        var key = ev is Scalar scalarKey ? scalarKey.Value : null;
                        TrieNode? child = null;
                        if (key is not null && frame.Trie is not null)
                        {
                            frame.Trie.Children.TryGetValue(key, out child);
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
                        if (ev is MappingStart || ev is SequenceStart)
                        {
                            // Complex keys are not used by OpenAPI; skip their content.
                            stack.Push(new Frame(ev is MappingStart, null));
                        }
                        continue;
                    }
                    if (frame.IsMapping)
                    {
                        nodeTrie = frame.PendingChild;
                    }
                    else
                    {
                        var index = frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        nodeTrie = null;
                        if (frame.Trie is not null)
                        {
                            frame.Trie.Children.TryGetValue(index, out nodeTrie);
                        }
                    }
                }

                if (nodeTrie is not null && nodeTrie.Location is null)
                {
                    nodeTrie.Location = Mark(ev);
                    if (--unlocated == 0)
                    {
                        // Everything asked for is found: the rest of the document need not be scanned.
                        return;
                    }
                }

                if (ev is MappingStart)
                {
                    stack.Push(new Frame(true, nodeTrie));
                }
                else if (ev is SequenceStart)
                {
                    stack.Push(new Frame(false, nodeTrie));
                }
                else
                {
                    AfterNode(stack);
                }
            }
        }

        /// <summary>
        /// The tree counterpart of <see cref="Walk"/>: a node is where its event is, a member where its key is, an item where
        /// the item is.
        /// </summary>
        private void WalkTree(TrieNode trie, DocNode node)
        {
            if (trie.Location is null)
            {
                trie.Location = Mark(node.Span);
            }
            if (trie.Children.Count == 0)
            {
                return;
            }
            if (node.Kind == DocNodeKind.Mapping)
            {
                foreach (var member in node.Members!)
                {
                    if (trie.Children.TryGetValue(member.Key, out var child))
                    {
                        if (child.Location is null)
                        {
                            child.Location = Mark(member.KeySpan);
                        }
                        WalkTree(child, member.Value);
                    }
                }
            }
            else if (node.Kind == DocNodeKind.Sequence)
            {
                var items = node.Items!;
                foreach (var pair in trie.Children)
                {
                    // The event walk names items by their index written in invariant digits; nothing else matches.
                    if (int.TryParse(pair.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                        && index < items.Count
                        && index.ToString(System.Globalization.CultureInfo.InvariantCulture) == pair.Key)
                    {
                        WalkTree(pair.Value, items[index]);
                    }
                }
            }
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

        private LocationInfo Mark(ParsingEvent ev) => Mark(ev.Start.Line, ev.Start.Column, ev.End.Line, ev.End.Column);

        private LocationInfo Mark(DocSpan span) => Mark(span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);

        private LocationInfo Mark(int startLine, int startColumn, int endLine, int endColumn)
        {
            if (endLine != startLine || endColumn <= startColumn)
            {
                return AtLine(startLine, startColumn);
            }
            return new LocationInfo(_path, startLine, startColumn, endLine, endColumn);
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

        internal static IEnumerable<string> Segments(string pointer)
        {
            var p = pointer;
            if (p.StartsWith("#", StringComparison.Ordinal))
            {
                p = p.Substring(1);
            }
            if (p.Length == 0)
            {
                yield break;
            }
            foreach (var raw in p.TrimStart('/').Split('/'))
            {
                yield return Uri.UnescapeDataString(raw.Replace("~1", "/").Replace("~0", "~"));
            }
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
