using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EnKashGen.Reading;
using SharpYaml.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace EnKashGen.Tests.Reading;

/// <summary>
/// Random YAML documents built from the constructs real specs use, and random edits of them: whenever SharpYaml loads
/// one, the scan must count at least the depth, the widest collection and the alias expansion SharpYaml builds (it
/// may count more, never less). Seeded, so a failure repeats; ENKASHGEN_FUZZ_SEED picks another seed for a longer hunt.
/// </summary>
public sealed class InputScannerFuzzTests(ITestOutputHelper output)
{
    private const int Documents = 1200;
    private const int EditsPerDocument = 6;

    [Fact]
    public void Scan_never_counts_less_than_SharpYaml_builds()
    {
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("ENKASHGEN_FUZZ_SEED"), out var seed) ? seed : 20260101);
        int loaded = 0, exact = 0, generated = 0;
        var failures = new List<string>();
        for (var d = 0; d < Documents && failures.Count < 5; d++)
        {
            var document = new Generator(random).Document();
            generated += Shape(document) is null ? 0 : 1;
            foreach (var text in Edits(document, random).Prepend(document))
            {
                if (Shape(text) is not { } shape)
                {
                    continue;
                }
                loaded++;
                if (Problem(text, shape, ref exact) is { } problem)
                {
                    failures.Add(problem + "\n---- document ----\n" + text);
                    break;
                }
            }
        }
        output.WriteLine($"{generated} of {Documents} generated documents and {loaded - generated} edits loaded by SharpYaml; {exact} counted exactly");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(loaded > Documents, "too few generated documents load");
    }

    private static string? Problem(string text, (int Depth, int Members, long Expansion) shape, ref int exact)
    {
        var (depth, members, expansion) = shape;
        if (depth > 0 && InputScanner.Check(text, InputLimits.Default with { MaxDepth = depth - 1 }) is null)
        {
            return $"depth {depth} not seen";
        }
        if (members > 0 && InputScanner.Check(text, InputLimits.Default with { MaxMembers = members - 1 }) is null)
        {
            return $"{members} members not seen";
        }
        if (expansion > 0 && InputScanner.Check(text, InputLimits.Default with { MaxAliasExpansion = (int)Math.Min(int.MaxValue, expansion - 1), MaxDepth = 10_000 }) is null)
        {
            return $"alias expansion of {expansion} nodes not seen";
        }
        if (InputScanner.Check(text, InputLimits.Default with { MaxDepth = Math.Max(depth, 1), MaxMembers = Math.Max(members, 1) }) is null)
        {
            exact++;
        }
        return null;
    }

    /// <summary>Random insertions, deletions and duplications of the characters YAML structure hangs on.</summary>
    private static IEnumerable<string> Edits(string text, Random random)
    {
        const string alphabet = "[]{},:?-#&*!|>'\" \n\t\\x";
        yield return text.Replace("\n", "\r\n", StringComparison.Ordinal);
        for (var i = 0; i < EditsPerDocument; i++)
        {
            var b = new StringBuilder(text);
            for (var e = random.Next(1, 4); e > 0 && b.Length > 0; e--)
            {
                var at = random.Next(b.Length);
                switch (random.Next(5))
                {
                    case 0:
                        b.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    case 1:
                        b.Remove(at, 1);
                        break;
                    case 2:
                        // Indent a line more (or less, by removing the character there).
                        var lineStart = b.ToString(0, at).LastIndexOf('\n') + 1;
                        b.Insert(lineStart, new string(' ', random.Next(1, 4)));
                        break;
                    case 3:
                        var next = b.ToString().IndexOf('\n', at);
                        if (next >= 0)
                        {
                            b.Remove(next, 1);
                        }
                        break;
                    default:
                        var length = Math.Min(random.Next(1, 30), b.Length - at);
                        b.Insert(at, b.ToString(at, length));
                        break;
                }
            }
            yield return b.ToString();
        }
    }

    /// <summary>
    /// Depth, widest collection and the nodes aliases add when the document is expanded, as SharpYaml loads it; null
    /// when SharpYaml does not load it (or aliases make it cyclic or huge).
    /// </summary>
    private static (int Depth, int Members, long Expansion)? Shape(string text)
    {
        // SharpYaml hashes mapping keys recursively, so a key that contains an alias to itself overflows its stack while
        // loading: exactly what the scan is there to stop, and it does (the test host would crash otherwise).
        if (InputScanner.Check(text, InputLimits.Default) is { } v && v.Message.Contains("expands without end", StringComparison.Ordinal))
        {
            return null;
        }
        YamlStream stream;
        try
        {
            stream = new YamlStream();
            stream.Load(new StringReader(text));
        }
        catch (Exception)
        {
            return null;
        }
        int depth = 0, members = 0;
        long expanded = 0;
        var distinct = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(YamlNode Node, int Level)>();
        foreach (var document in stream.Documents)
        {
            pending.Push((document.RootNode, 0));
        }
        while (pending.Count > 0)
        {
            var (node, level) = pending.Pop();
            if (++expanded > 1_000_000 || level > 500)
            {
                return null;
            }
            distinct.Add(node);
            switch (node)
            {
                case YamlMappingNode mapping:
                    depth = Math.Max(depth, level + 1);
                    members = Math.Max(members, mapping.Children.Count);
                    foreach (var pair in mapping.Children)
                    {
                        pending.Push((pair.Key, level + 1));
                        pending.Push((pair.Value, level + 1));
                    }
                    break;
                case YamlSequenceNode sequence:
                    depth = Math.Max(depth, level + 1);
                    members = Math.Max(members, sequence.Children.Count);
                    foreach (var child in sequence.Children)
                    {
                        pending.Push((child, level + 1));
                    }
                    break;
            }
        }
        return (depth, members, expanded - distinct.Count);
    }

    /// <summary>Documents from the constructs specs use, with scalars full of characters that look like structure.</summary>
    private sealed class Generator(Random random)
    {
        private static readonly string[] Plain = { "x", "a b", "a*b", "x & y", "http://h/p?q=1", "a#b", "50%", "-1", "[not]", "{no}", "a, b", "it's", "say \"hi\"", "~", "true" };
        private static readonly string[] Text = { "[", "]", "{", "}", "- ", "? ", ": ", "#", "&a", "*a", "!t", "|", ">", "'", "\"", "---", "x", " " };
        private readonly StringBuilder _b = new();
        private readonly List<string> _anchors = new();
        private int _budget;
        private int _words;

        public string Document()
        {
            _b.Clear();
            _anchors.Clear();
            _budget = random.Next(10, 60);
            if (random.Next(4) == 0)
            {
                _b.Append("%YAML 1.1\n---\n");
            }
            if (random.Next(2) == 0)
            {
                BlockMap(0);
            }
            else
            {
                BlockSeq(0);
            }
            if (random.Next(5) == 0)
            {
                // Anchors belong to their document.
                _anchors.Clear();
                _b.Append("---\n");
                BlockMap(0);
            }
            return _b.ToString();
        }

        private void BlockMap(int indent)
        {
            var entries = random.Next(1, 4);
            for (var i = 0; i < entries; i++)
            {
                if (i > 0)
                {
                    _b.Append(' ', indent);
                }
                Key(indent);
                BlockValue(indent, indentlessAllowed: true);
            }
        }

        private void BlockSeq(int indent)
        {
            var items = random.Next(1, 4);
            for (var i = 0; i < items; i++)
            {
                if (i > 0)
                {
                    _b.Append(' ', indent);
                }
                _b.Append("- ");
                switch (random.Next(4))
                {
                    case 0 when _budget-- > 0:
                        BlockMap(indent + 2);
                        break;
                    case 1 when _budget-- > 0:
                        BlockSeq(indent + 2);
                        break;
                    default:
                        // BlockValue writes its own separating space.
                        _b.Length--;
                        BlockValue(indent, indentlessAllowed: false);
                        break;
                }
            }
        }

        private void Key(int indent)
        {
            switch (random.Next(8))
            {
                case 0:
                    _b.Append('"').Append(Escape(Pick(Text) + Pick(Text))).Append(_words++).Append("\":");
                    break;
                case 1:
                    _b.Append('\'').Append(Pick(Text).Replace("'", "''", StringComparison.Ordinal)).Append(_words++).Append("':");
                    break;
                case 2:
                    _b.Append("? ").Append(PlainWord()).Append('\n').Append(' ', indent).Append(':');
                    break;
                case 3:
                    _b.Append('[').Append(PlainWord()).Append(", ").Append(PlainWord()).Append("]:");
                    break;
                default:
                    _b.Append(PlainWord()).Append(':');
                    break;
            }
        }

        /// <summary>After "key:" or "-": a value on the same line, or a collection on the lines below.</summary>
        private void BlockValue(int indent, bool indentlessAllowed)
        {
            if (random.Next(6) == 0 && _anchors.Count > 0)
            {
                _b.Append(" *").Append(Pick(_anchors)).Append('\n');
                return;
            }
            string? anchor = null;
            if (random.Next(6) == 0)
            {
                anchor = "n" + random.Next(1000);
                _b.Append(" &").Append(anchor);
            }
            if (random.Next(8) == 0)
            {
                _b.Append(" !t");
            }
            var choice = _budget-- > 0 ? random.Next(10) : 5 + random.Next(5);
            switch (choice)
            {
                case 0:
                case 1:
                    _b.Append(Comment()).Append('\n').Append(' ', indent + 2);
                    BlockMap(indent + 2);
                    break;
                case 2:
                    _b.Append(Comment()).Append('\n');
                    var seqIndent = indentlessAllowed && random.Next(2) == 0 ? indent : indent + 2;
                    _b.Append(' ', seqIndent);
                    BlockSeq(seqIndent);
                    break;
                case 3:
                    _b.Append(' ');
                    Flow(0);
                    _b.Append(Comment()).Append('\n');
                    break;
                case 4:
                    _b.Append(random.Next(2) == 0 ? " |" : " >-").Append('\n');
                    for (var l = random.Next(1, 4); l > 0; l--)
                    {
                        _b.Append(' ', indent + 2).Append('x').Append(Pick(Text)).Append(Pick(Text)).Append(Pick(Text)).Append('\n');
                    }
                    break;
                case 5:
                    _b.Append(" \"").Append(Escape(Pick(Text) + Pick(Text))).Append('"').Append(Comment()).Append('\n');
                    break;
                case 6:
                    _b.Append(" '").Append((Pick(Text) + Pick(Text)).Replace("'", "''", StringComparison.Ordinal)).Append('\'').Append('\n');
                    break;
                case 9:
                    // An empty value, maybe with a comment line after it.
                    _b.Append('\n');
                    if (random.Next(2) == 0)
                    {
                        _b.Append(' ', random.Next(indent + 3)).Append("# ").Append(Pick(Text)).Append('\n');
                    }
                    break;
                default:
                    var plain = Pick(Plain);
                    var comment = Comment();
                    _b.Append(' ').Append(plain).Append(comment).Append('\n');
                    if (comment.Length == 0 && plain[0] is not ('[' or '{') && random.Next(4) == 0)
                    {
                        // A plain scalar goes on over lines indented more than its collection.
                        _b.Append(' ', indent + 2).Append(Pick(Plain)).Append('\n');
                    }
                    break;
            }
            if (anchor is not null)
            {
                _anchors.Add(anchor);
            }
        }

        private void Flow(int level)
        {
            var mapping = random.Next(2) == 0;
            _b.Append(mapping ? '{' : '[');
            var entries = random.Next(0, 4);
            for (var i = 0; i < entries; i++)
            {
                if (i > 0)
                {
                    _b.Append(random.Next(6) == 0 ? ",\n  " : ", ");
                }
                if (random.Next(8) == 0)
                {
                    _b.Append("? ");
                }
                if (mapping || random.Next(5) == 0)
                {
                    _b.Append(random.Next(6) == 0 ? "\"" + PlainWord() + "\":" : PlainWord() + ": ");
                }
                if (random.Next(10) == 0)
                {
                    _b.Append("!t ");
                }
                if (level < 4 && random.Next(3) == 0)
                {
                    if (random.Next(4) == 0)
                    {
                        var anchor = "f" + _words++;
                        _b.Append('&').Append(anchor).Append(' ');
                        Flow(level + 1);
                        _anchors.Add(anchor);
                    }
                    else
                    {
                        Flow(level + 1);
                    }
                }
                else if (random.Next(6) == 0 && _anchors.Count > 0)
                {
                    _b.Append('*').Append(Pick(_anchors));
                }
                else if (random.Next(3) == 0)
                {
                    _b.Append('"').Append(Escape(Pick(Text))).Append('"');
                }
                else
                {
                    _b.Append(PlainWord());
                }
            }
            _b.Append(mapping ? '}' : ']');
        }

        private string Comment() => random.Next(5) == 0 ? " # " + Pick(Text) + Pick(Text) : "";

        // Keys must differ within a mapping (SharpYaml refuses duplicates), so every word is new.
        private string PlainWord() => "k" + _words++;

        private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
    }
}
