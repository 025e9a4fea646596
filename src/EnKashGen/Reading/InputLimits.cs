using System;
using System.Globalization;

namespace EnKashGen.Reading;

/// <summary>
/// Bounds on a spec's raw text. Parsers recurse per nesting level and allocate per node, so a hostile document can
/// overflow the compiler's stack or exhaust its memory; these bounds are checked by <see cref="InputScanner"/> before
/// any parser sees the text. The defaults sit far above real specs (GitHub's 13 MB description: depth 22, at most
/// 1,876 members in one object, longest string 16,884 characters).
/// </summary>
/// <param name="MaxLength">Characters in the whole document.</param>
/// <param name="MaxDepth">Nesting of objects and arrays (mappings and sequences), counted as JSON would nest them.</param>
/// <param name="MaxMembers">Members of one object, or items of one array.</param>
/// <param name="MaxStringLength">Characters of one string, key, scalar or block text (as written, escapes included).</param>
/// <param name="MaxNodes">Objects, arrays, keys and scalars in the whole document.</param>
/// <param name="MaxAliasExpansion">Nodes that YAML aliases re-create, summed over every alias.</param>
/// <param name="MaxRepeatedCopies">
/// Nodes that references re-create when they copy an object of a part in place (a 3.0 path item, say) that has been
/// copied before, summed over a multi-file spec; a first copy is bounded by the part itself.
/// </param>
internal sealed record InputLimits(int MaxLength, int MaxDepth, int MaxMembers, int MaxStringLength, int MaxNodes, int MaxAliasExpansion, int MaxRepeatedCopies)
{
    public static readonly InputLimits Default = new(
        MaxLength: 64 * 1024 * 1024,
        MaxDepth: 64,
        MaxMembers: 50_000,
        MaxStringLength: 1024 * 1024,
        MaxNodes: 5_000_000,
        MaxAliasExpansion: 10_000,
        MaxRepeatedCopies: 500_000);
}

/// <summary>The first limit a document exceeds, and where (zero-based line and column, in UTF-16 characters).</summary>
internal readonly struct LimitViolation
{
    public LimitViolation(string message, int line, int column)
    {
        Message = message;
        Line = line;
        Column = column;
    }

    public string Message { get; }

    public int Line { get; }

    public int Column { get; }

    public override string ToString() => $"({Line},{Column}): {Message}";
}

/// <summary>
/// One linear pass over a spec's text that bounds what a parser would build from it, without building anything:
/// no recursion (the text may nest a million levels), O(n) time, memory proportional to the nesting depth (plus, for
/// YAML documents with aliases, to the number of aliases, which is itself bounded).
/// </summary>
internal static class InputScanner
{
    private static readonly char[] LineBreaks = { '\r', '\n' };

    /// <summary>Null when <paramref name="text"/> is within every limit, else the first limit it exceeds.</summary>
    public static LimitViolation? Check(string text, InputLimits limits)
    {
        if (text.Length > limits.MaxLength)
        {
            return Locate(text, new Exceeded(limits.MaxLength, Messages.Length(text.Length, limits.MaxLength)));
        }

        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var first = start;
        while (first < text.Length && text[first] is ' ' or '\t' or '\r' or '\n')
        {
            first++;
        }

        Exceeded? exceeded;
        // Microsoft.OpenApi reads a document as JSON when it starts with a bracket and as YAML otherwise.
        if (first < text.Length && (text[first] == '{' || text[first] == '['))
        {
            var json = new JsonScan(text, limits);
            exceeded = json.Run(first);
            // A reader that goes through YAML (one chosen by file extension may) sees comments, quotes, anchors, aliases and further documents in text that is not
            // plain JSON, and with them structure the JSON scan cannot see; such text gets the YAML scan as well.
            if (exceeded is null && json.NotPlainJson)
            {
                exceeded = YamlScan.Check(text, start, limits);
            }
        }
        else
        {
            exceeded = YamlScan.Check(text, start, limits);
        }

        return exceeded is { } e ? Locate(text, e) : null;
    }

    /// <summary>Turns an offset into a zero-based line and column; CRLF, CR and LF each end a line, as in YAML.</summary>
    private static LimitViolation Locate(string text, Exceeded exceeded)
    {
        var offset = Math.Min(exceeded.Offset, text.Length);
        int line = 0, lineStart = 0;
        while (lineStart < offset)
        {
            var k = text.IndexOfAny(LineBreaks, lineStart, offset - lineStart);
            if (k < 0)
            {
                break;
            }
            lineStart = text[k] == '\r' && k + 1 < offset && text[k + 1] == '\n' ? k + 2 : k + 1;
            line++;
        }
        var column = offset - lineStart;
        if (line == 0 && column > 0 && text[0] == '\uFEFF')
        {
            // Editors do not show the byte order mark, so columns of the first line start after it.
            column--;
        }
        return new LimitViolation(exceeded.Message, line, column);
    }
}

/// <summary>Where a limit was first exceeded (a character offset) and the message that says which.</summary>
internal readonly struct Exceeded
{
    public Exceeded(int offset, string message)
    {
        Offset = offset;
        Message = message;
    }

    public int Offset { get; }

    public string Message { get; }
}

/// <summary>
/// The messages name the limit, what exceeded it and the limit's value, and never quote the document: a spec may hold
/// example credentials.
/// </summary>
internal static class Messages
{
    public static string Length(int length, int max) =>
        Format("The document is {0:N0} characters long; EnKashGen reads specs of up to {1:N0} characters", length, max);

    public static string Depth(bool yaml, int max) => yaml
        ? Format("The document nests mappings and sequences more than {0} levels deep; EnKashGen reads specs up to {0} levels", max)
        : Format("The document nests objects and arrays more than {0} levels deep; EnKashGen reads specs up to {0} levels", max);

    public static string Members(bool yaml, int max) => yaml
        ? Format("A mapping has more than {0:N0} entries; EnKashGen reads mappings of up to {0:N0} entries", max)
        : Format("An object has more than {0:N0} members; EnKashGen reads objects of up to {0:N0} members", max);

    public static string Items(bool yaml, int max) => yaml
        ? Format("A sequence has more than {0:N0} items; EnKashGen reads sequences of up to {0:N0} items", max)
        : Format("An array has more than {0:N0} items; EnKashGen reads arrays of up to {0:N0} items", max);

    public static string Scalar(bool yaml, int max) => yaml
        ? Format("A scalar (string, key or block text) is longer than {0:N0} characters; EnKashGen reads scalars of up to {0:N0} characters", max)
        : Format("A string is longer than {0:N0} characters; EnKashGen reads strings of up to {0:N0} characters", max);

    public static string Name(int max) =>
        Format("An anchor, alias or tag is longer than {0:N0} characters; EnKashGen reads them up to {0:N0} characters", max);

    public static string Nodes(int max) =>
        Format("The document has more than {0:N0} nodes (objects, arrays, keys and values); EnKashGen reads specs of up to {0:N0} nodes", max);

    public static string Copies(int max) =>
        Format("References that copy an object of a part in place copy the same objects again and again, more than {0:N0} nodes in all (references that repeat at every level grow the spec exponentially); EnKashGen allows up to {0:N0}", max);

    public static string Aliases(int max) =>
        Format("YAML aliases expand to more than {0:N0} nodes in total (each alias copies its anchored node, aliases inside it included); EnKashGen allows up to {0:N0}", max);

    public static string AliasCycle(int max) =>
        Format("A YAML alias leads back, through the aliases in its anchored node, to a node that contains it, so it expands without end; EnKashGen allows aliases to expand to at most {0:N0} nodes in total", max);

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}

/// <summary>
/// The JSON scan: brackets, strings (with escapes) and the scalars between them. Each level keeps only whether it is
/// an object, whether its next token is a key, and how many members or items it has.
/// </summary>
internal sealed class JsonScan
{
    private static readonly char[] QuoteOrBackslash = { '"', '\\' };

    private readonly string _text;
    private readonly InputLimits _limits;
    private Level[] _levels = new Level[16];
    private int _depth;
    private long _nodes;
    private bool _afterKey;

    public JsonScan(string text, InputLimits limits)
    {
        _text = text;
        _limits = limits;
    }

    /// <summary>
    /// The text holds something a JSON parser rejects but a YAML reader would take as structure or as the start of a
    /// quoted scalar: a scalar with characters other than letters, digits, '.', '+' and '-', or anything after the root.
    /// </summary>
    public bool NotPlainJson { get; private set; }

    public Exceeded? Run(int i)
    {
        var text = _text;
        var n = text.Length;
        var rootClosed = false;
        while (i < n)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }
            // Text after the root value is another document (or a mapping with the root as its key) to a YAML reader.
            NotPlainJson |= rootClosed;
            var afterKey = _afterKey;
            _afterKey = false;
            switch (c)
            {
                case ':':
                    // Anywhere but after a key, a YAML reader makes a ':' a one-pair mapping ("[a: b]").
                    NotPlainJson |= !afterKey;
                    i++;
                    continue;
                case ',':
                    if (_depth > 0 && _levels[_depth - 1].IsObject)
                    {
                        _levels[_depth - 1].ExpectKey = true;
                    }
                    i++;
                    continue;
                case '{':
                case '[':
                    if (Value(i) is { } opened)
                    {
                        return opened;
                    }
                    if (_depth >= _limits.MaxDepth)
                    {
                        return new Exceeded(i, Messages.Depth(yaml: false, _limits.MaxDepth));
                    }
                    if (_depth == _levels.Length)
                    {
                        Array.Resize(ref _levels, _depth * 2);
                    }
                    _levels[_depth++] = new Level { IsObject = c == '{', ExpectKey = c == '{' };
                    i++;
                    continue;
                case '}':
                case ']':
                    if (_depth > 0)
                    {
                        _depth--;
                        rootClosed = _depth == 0;
                    }
                    else
                    {
                        NotPlainJson = true;
                    }
                    i++;
                    continue;
                case '"':
                {
                    if (Value(i) is { } counted)
                    {
                        return counted;
                    }
                    var end = StringEnd(i);
                    if (end - i - 2 > _limits.MaxStringLength)
                    {
                        return new Exceeded(i, Messages.Scalar(yaml: false, _limits.MaxStringLength));
                    }
                    i = end;
                    continue;
                }
                default:
                {
                    if (Value(i) is { } counted)
                    {
                        return counted;
                    }
                    // Numbers, true, false, null (and whatever else sits between delimiters); the search stops one
                    // character past the string limit.
                    var j = i;
                    var plain = true;
                    var limit = (int)Math.Min(n, i + 1L + _limits.MaxStringLength);
                    while (j < limit)
                    {
                        var d = text[j];
                        if (d is ' ' or '\t' or '\r' or '\n' or '{' or '}' or '[' or ']' or ',' or ':' or '"')
                        {
                            break;
                        }
                        plain &= d is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '+' or '-';
                        j++;
                    }
                    // In YAML a quote inside a plain scalar is text, not the start of a string.
                    NotPlainJson |= !plain || (j < n && text[j] == '"');
                    if (j - i > _limits.MaxStringLength)
                    {
                        return new Exceeded(i, Messages.Scalar(yaml: false, _limits.MaxStringLength));
                    }
                    i = j;
                    continue;
                }
            }
        }
        return null;
    }

    /// <summary>Counts a value (or key) starting at <paramref name="at"/> against the node and member limits.</summary>
    private Exceeded? Value(int at)
    {
        if (++_nodes > _limits.MaxNodes)
        {
            return new Exceeded(at, Messages.Nodes(_limits.MaxNodes));
        }
        if (_depth == 0)
        {
            return null;
        }
        ref var level = ref _levels[_depth - 1];
        if (level.IsObject && !level.ExpectKey)
        {
            return null;
        }
        level.ExpectKey = false;
        _afterKey = level.IsObject;
        if (++level.Count > _limits.MaxMembers)
        {
            return new Exceeded(at, level.IsObject ? Messages.Members(yaml: false, _limits.MaxMembers) : Messages.Items(yaml: false, _limits.MaxMembers));
        }
        return null;
    }

    /// <summary>
    /// The end of the string at <paramref name="at"/> (after its closing quote). The search stops one character past
    /// the string limit, so a 20 MB string costs no more than a long one; the end returned then puts the length over.
    /// </summary>
    private int StringEnd(int at)
    {
        var n = _text.Length;
        var window = (int)Math.Min(n, at + 2L + _limits.MaxStringLength);
        var i = at + 1;
        while (i < window)
        {
            var k = _text.IndexOfAny(QuoteOrBackslash, i, window - i);
            if (k < 0)
            {
                break;
            }
            if (_text[k] == '\\')
            {
                i = k + 2;
                continue;
            }
            return k + 1;
        }
        return window == n ? n : at + 3 + _limits.MaxStringLength;
    }

    private struct Level
    {
        public bool IsObject;
        public bool ExpectKey;
        public int Count;
    }
}
