using System;
using System.Collections.Generic;

namespace EnKashGen.Reading;

/// <summary>
/// The YAML half of <see cref="InputScanner"/>. Block structure is followed line by line with a stack of the open
/// collections (kind and indentation), flow collections by their brackets; scalars, comments and block text are
/// stepped over as text. Where a reader could see more structure than the grammar's usual reading, the scan takes the
/// reading with more, so it may count a level or a node too many in malformed corners, never too few.
/// Microsoft.OpenApi reads YAML with SharpYaml 2.x, which the scan follows where it departs from YAML 1.2: any ':'
/// or '?' in a flow collection is an indicator, an alias may name an anchor defined after it (and one inside its own
/// anchored node makes a cycle), tags take in ',', '[' and ']', anchor names end at the first character that is not
/// a letter, digit, '-' or '_', and an empty "? " key in a flow sequence swallows the token after it. A document that
/// depends on those last three is scanned again the YAML 1.2 way.
/// </summary>
internal sealed class YamlScan
{
    private static readonly char[] LineBreaks = { '\r', '\n' };
    private static readonly char[] PlainStops = { ':', '#', '\r', '\n' };
    private static readonly char[] DoubleQuoteStops = { '"', '\\' };

    private readonly string _text;
    private readonly int _n;
    private readonly InputLimits _limits;
    private readonly bool _sharpYaml;
    private readonly AliasBook? _book;

    private Frame[] _frames = new Frame[16];
    private int _depth;
    private long _nodes;
    // Empty keys and values the reader materialises as empty scalars (the alias pass sizes anchored nodes with them).
    private long _empties;
    private int _aliases;
    private Exceeded? _failure;

    // A plain scalar in block context goes on over the following lines indented more than its collection.
    private bool _plainOpen;
    private int _plainStart;
    private int _plainMinIndent;

    // A flow collection that just closed inside a flow sequence: a ':' next makes it the key of a one-pair mapping,
    // which puts everything in it one level deeper than it was counted.
    private bool _afterChild;
    private int _childMax;
    private int _childDeepest;
    // The first alias use (alias pass) inside the node that may turn out to be such a key, or -1.
    private int _keyUses = -1;

    // Anchors whose node has not started yet (alias pass only): one written on the node's line, one from a line of
    // its own before it.
    private Name _inline;
    private Name _carried;

    // A "?" in a flow sequence with no key after it yet: SharpYaml's parser then swallows the next ',', ':' or ']'
    // (it skips that token as if it were the empty key), so "[? ]" leaves the sequence open.
    private bool _emptyPairKey;

    private HashSet<string>? _aliasNames;
    // The document holds something SharpYaml and YAML 1.2 readers tokenise differently (a tag, an anchor name, an
    // empty flow key).
    private bool _dependsOnReader;

    private YamlScan(string text, InputLimits limits, bool sharpYaml, AliasBook? book)
    {
        _text = text;
        _n = text.Length;
        _limits = limits;
        _sharpYaml = sharpYaml;
        _book = book;
    }

    private enum Kind : byte
    {
        BlockMap,
        BlockSeq,
        FlowMap,
        FlowSeq,
        // The one-pair mapping that "key: value" makes inside a flow sequence.
        Pair,
    }

    private ref Frame Top => ref _frames[_depth - 1];

    /// <summary>
    /// The structural pass; then, if the document uses aliases, a second pass that also follows anchors (only those
    /// whose names some alias uses, so its memory is bounded by the alias limit, not by the document).
    /// </summary>
    public static Exceeded? Check(string text, int start, InputLimits limits)
    {
        foreach (var sharpYaml in new[] { true, false })
        {
            var scan = new YamlScan(text, limits, sharpYaml, book: null);
            if (scan.Run(start) is { } structural)
            {
                return structural;
            }
            if (scan._aliasNames is { } names && new YamlScan(text, limits, sharpYaml, new AliasBook(names)).Run(start) is { } aliases)
            {
                return aliases;
            }
            if (!scan._dependsOnReader)
            {
                break;
            }
        }
        return null;
    }

    private Exceeded? Run(int p)
    {
        while (p < _n && _failure is null)
        {
            p = Line(p);
        }
        if (_failure is null)
        {
            EndDocument();
        }
        return _failure;
    }

    /// <summary>One line in block context, from its start; returns where the next line to read starts.</summary>
    private int Line(int lineStart)
    {
        var p = SkipBlanks(lineStart);
        if (p >= _n)
        {
            return _n;
        }
        var c = _text[p];
        if (c is '\r' or '\n')
        {
            // Blank lines belong to whatever multi-line scalar is open.
            return NextLine(p);
        }
        if (c == '#')
        {
            _plainOpen = false;
            return NextLine(p);
        }
        var column = p - lineStart;
        if (column == 0 && IsDocumentMarker(p))
        {
            EndDocument();
            if (c == '.' || _failure is not null)
            {
                return NextLine(p);
            }
            p = SkipBlanks(p + 3);
            return AtLineEnd(p) ? NextLine(p) : Block(p, lineStart);
        }
        if (_plainOpen && column >= _plainMinIndent)
        {
            return ContinuePlain(p);
        }
        _plainOpen = false;
        if (column == 0 && c == '%')
        {
            // A directive.
            return NextLine(p);
        }
        return Block(p, lineStart);
    }

    /// <summary>
    /// The nodes of one line in block context: first the indicators that open or continue block collections ("- ",
    /// "? ", ": ") and implicit keys, one collection each ("- - x", "- key: v"), then at most one value.
    /// </summary>
    private int Block(int p, int lineStart)
    {
        var text = _text;
        var collections = true;
        while (true)
        {
            var column = p - lineStart;
            var nodeStart = p;
            p = Properties(p);
            if (_failure is not null)
            {
                return _n;
            }
            if (AtLineEnd(p))
            {
                CarryAnchor();
                return NextLine(p);
            }
            var c = text[p];
            if (collections && p == nodeStart && c is '-' or '?' or ':' && IsBlankOrEnd(p + 1))
            {
                if (c == ':')
                {
                    CloseDeeper(column, mapEntry: true);
                    if (_depth > 0 && Top.Kind == Kind.BlockMap && Top.Indent == column && Top.ExplicitKey)
                    {
                        Top.ExplicitKey = false;
                    }
                    else if (!OpenBlock(column, Kind.BlockMap, p))
                    {
                        // A value with no "? key" before it: an entry whose key is empty.
                        return _n;
                    }
                }
                else if (!OpenBlock(column, c == '-' ? Kind.BlockSeq : Kind.BlockMap, p))
                {
                    return _n;
                }
                else if (c == '?')
                {
                    Top.ExplicitKey = true;
                }
                p = SkipBlanks(p + 1);
                if (AtLineEnd(p))
                {
                    return NextLine(p);
                }
                continue;
            }

            // Where the node's text ends, when finding out whether it is a key has already told.
            var known = -1;
            if (collections)
            {
                bool key;
                switch (c)
                {
                    case '[':
                    case '{':
                        key = FlowIsKey(p);
                        break;
                    case '"':
                    case '\'':
                        // An implicit key fits on one line and in 1024 characters.
                        known = QuotedEnd(p);
                        key = known - p <= 1024 && text.IndexOfAny(LineBreaks, p, known - p) < 0 && ColonAt(SkipBlanks(known), adjacent: true);
                        break;
                    case '*':
                        key = ColonAt(SkipBlanks(NameEnd(p + 1)), adjacent: false);
                        break;
                    case '|':
                    case '>':
                        key = false;
                        break;
                    default:
                        known = PlainLine(p, stopAtColon: true);
                        key = known < _n && text[known] == ':';
                        break;
                }
                if (key)
                {
                    if (!OpenBlock(column, Kind.BlockMap, nodeStart))
                    {
                        return _n;
                    }
                    Top.ExplicitKey = false;
                    int end;
                    switch (c)
                    {
                        case '[':
                        case '{':
                            end = Flow(p);
                            break;
                        case '*':
                            end = Alias(p, flow: false);
                            break;
                        case '"':
                        case '\'':
                            end = known;
                            Scalar(p, end - p - 2);
                            break;
                        default:
                            end = known;
                            Scalar(p, end - p);
                            break;
                    }
                    if (_failure is not null)
                    {
                        return _n;
                    }
                    p = SkipBlanks(end);
                    if (p < _n && text[p] == ':')
                    {
                        p++;
                    }
                    p = SkipBlanks(p);
                    if (AtLineEnd(p))
                    {
                        return NextLine(p);
                    }
                    // The value on the key's line cannot open a block collection.
                    collections = false;
                    continue;
                }
                CloseDeeper(column, mapEntry: false);
            }
            return Value(p, known);
        }
    }

    /// <summary>A value that opens no block collection: flow collection, quoted, plain or block scalar, alias.</summary>
    private int Value(int p, int known)
    {
        var text = _text;
        while (true)
        {
            p = Properties(p);
            if (_failure is not null)
            {
                return _n;
            }
            if (AtLineEnd(p))
            {
                CarryAnchor();
                return NextLine(p);
            }
            int end;
            switch (text[p])
            {
                case '[':
                case '{':
                    end = Flow(p);
                    break;
                case '"':
                case '\'':
                    end = known >= 0 ? known : QuotedEnd(p);
                    Scalar(p, end - p - 2);
                    break;
                case '*':
                    end = Alias(p, flow: false);
                    break;
                case '|':
                case '>':
                    return Scalar(p, 0) ? BlockScalar(p) : _n;
                default:
                    end = known >= 0 ? known : PlainLine(p, stopAtColon: false);
                    if (!Scalar(p, end - p))
                    {
                        return _n;
                    }
                    _plainOpen = end >= _n || text[end] != '#';
                    _plainStart = p;
                    _plainMinIndent = BlockIndent() + 1;
                    return NextLine(end);
            }
            if (_failure is not null)
            {
                return _n;
            }
            known = -1;
            p = SkipBlanks(end);
            if (AtLineEnd(p))
            {
                return NextLine(p);
            }
            // More text after a complete node is a parse error for every reader; it is scanned as one more node all
            // the same, so nothing in it goes unseen.
        }
    }

    /// <summary>A further line of a plain scalar in block context.</summary>
    private int ContinuePlain(int p)
    {
        var end = PlainLine(p, stopAtColon: true);
        if (end < _n && _text[end] == ':')
        {
            // A multi-line scalar cannot be a key: every reader stops here with an error.
            _plainOpen = false;
            return NextLine(end);
        }
        if (end - _plainStart > _limits.MaxStringLength)
        {
            Fail(_plainStart, Messages.Scalar(yaml: true, _limits.MaxStringLength));
            return _n;
        }
        _plainOpen = end >= _n || _text[end] != '#';
        return NextLine(end);
    }

    /// <summary>
    /// A literal or folded block scalar from its indicator; returns the start of the first line after its text. Its
    /// lines are those indented at least as much as its first non-empty line (or the indentation its header gives),
    /// and more than the collection it belongs to, the way SharpYaml decides it.
    /// </summary>
    private int BlockScalar(int p)
    {
        var text = _text;
        var i = p + 1;
        var explicitIndent = 0;
        while (i < _n && i <= p + 2)
        {
            var h = text[i];
            if (h is >= '1' and <= '9')
            {
                explicitIndent = h - '0';
            }
            else if (h is not ('+' or '-'))
            {
                break;
            }
            i++;
        }
        var parent = BlockIndent();
        var indent = explicitIndent == 0 ? 0 : parent >= 0 ? parent + explicitIndent : explicitIndent;
        var widestBlank = 0;
        long length = 0;
        var line = NextLine(i);
        while (line < _n)
        {
            var s = line;
            while (s < _n && text[s] == ' ')
            {
                s++;
            }
            if (s >= _n)
            {
                break;
            }
            var spaces = s - line;
            if (text[s] is '\r' or '\n')
            {
                if (indent == 0)
                {
                    widestBlank = Math.Max(widestBlank, spaces);
                }
                length++;
                line = NextLine(s);
                continue;
            }
            if (indent == 0)
            {
                indent = Math.Max(Math.Max(widestBlank, spaces), Math.Max(parent + 1, 1));
            }
            if (spaces < indent)
            {
                break;
            }
            var e = LineEnd(s);
            length += e - line - indent + 1;
            if (length > _limits.MaxStringLength)
            {
                Fail(p, Messages.Scalar(yaml: true, _limits.MaxStringLength));
                return _n;
            }
            line = NextLine(e);
        }
        return line;
    }

    /// <summary>A flow collection from its opening bracket to the bracket that closes it, across lines.</summary>
    private int Flow(int p)
    {
        var text = _text;
        var floor = _depth;
        while (p < _n)
        {
            var c = text[p];
            switch (c)
            {
                case ' ':
                case '\t':
                case '\r':
                case '\n':
                    p++;
                    continue;
                case '#':
                    // SharpYaml takes '#' at the start of any token for a comment.
                    p = LineEnd(p);
                    continue;
                case '[':
                case '{':
                    if (!Entry(p) || !Push(c == '[' ? Kind.FlowSeq : Kind.FlowMap, -1, p, TakeNodeAnchor()))
                    {
                        return _n;
                    }
                    p++;
                    continue;
                case ']':
                case '}':
                    if (c == ']' && SwallowedAfterEmptyKey())
                    {
                        // The pair ends here, the sequence does not.
                        PopFrame();
                        p++;
                        continue;
                    }
                    CloseFlow();
                    p++;
                    if (_depth <= floor)
                    {
                        return p;
                    }
                    continue;
                case ',':
                    var swallowed = SwallowedAfterEmptyKey();
                    EndEmptyNode();
                    _afterChild = false;
                    _keyUses = -1;
                    if (Top.Kind == Kind.Pair)
                    {
                        PopFrame();
                    }
                    // A swallowed ',' separates nothing: SharpYaml wants another one before the next entry.
                    Top.ExpectEntry = !swallowed && Top.Kind is Kind.FlowSeq or Kind.FlowMap;
                    p++;
                    continue;
                case ':':
                    if (SwallowedAfterEmptyKey())
                    {
                        p++;
                        continue;
                    }
                    if (!FlowValue(p))
                    {
                        return _n;
                    }
                    p++;
                    continue;
                case '?':
                    EndEmptyNode();
                    if (!Entry(p))
                    {
                        return _n;
                    }
                    if (Top.Kind == Kind.FlowSeq)
                    {
                        if (!Push(Kind.Pair, -1, p, default))
                        {
                            return _n;
                        }
                        _emptyPairKey = true;
                    }
                    p++;
                    continue;
                case '&':
                case '!':
                    if (!Entry(p))
                    {
                        return _n;
                    }
                    p = c == '&' ? Anchor(p) : Tag(p, flow: true);
                    continue;
                case '*':
                    p = Alias(p, flow: true);
                    continue;
                case '"':
                case '\'':
                {
                    var end = QuotedEnd(p);
                    if (!Entry(p) || !Scalar(p, end - p - 2))
                    {
                        return _n;
                    }
                    p = end;
                    continue;
                }
                default:
                {
                    var end = PlainInFlowEnd(p);
                    if (!Entry(p) || !Scalar(p, end - p))
                    {
                        return _n;
                    }
                    p = end;
                    continue;
                }
            }
        }
        return p;
    }

    /// <summary>A ':' in a flow collection (SharpYaml takes every one for a value indicator).</summary>
    private bool FlowValue(int at)
    {
        EndEmptyNode();
        var keyed = _afterChild;
        var keyUses = _keyUses;
        // With no key before it, the ':' starts an entry whose key is empty.
        var keySeen = !Top.ExpectEntry;
        if (!Entry(at) || Top.Kind != Kind.FlowSeq)
        {
            return _failure is null;
        }
        if (keyUses >= 0)
        {
            // Aliases in the key (or the key itself) re-create their nodes one level deeper too.
            _book!.Deepen(keyUses);
        }
        if (keyed)
        {
            if (_childMax + 1 > _limits.MaxDepth)
            {
                return Fail(_childDeepest, Messages.Depth(yaml: true, _limits.MaxDepth));
            }
            if (_childMax + 1 > Top.MaxDepth)
            {
                Top.MaxDepth = _childMax + 1;
                Top.DeepestAt = _childDeepest;
            }
        }
        if (!Push(Kind.Pair, -1, at, default))
        {
            return false;
        }
        if (keySeen)
        {
            // The key already counted as the sequence's item is the pair's first child, and the pair takes its place.
            _frames[_depth - 2].Children--;
            Top.Children = 1;
        }
        return true;
    }

    /// <summary>
    /// Whether SharpYaml swallows the ',', ':' or ']' here (see <see cref="_emptyPairKey"/>). The document then reads
    /// differently to other readers, so it is scanned their way too.
    /// </summary>
    private bool SwallowedAfterEmptyKey()
    {
        if (!_emptyPairKey)
        {
            return false;
        }
        _emptyPairKey = false;
        _dependsOnReader = true;
        return _sharpYaml && Top.Kind == Kind.Pair;
    }

    private void CloseFlow()
    {
        EndEmptyNode();
        _afterChild = false;
        _emptyPairKey = false;
        _keyUses = -1;
        if (Top.Kind == Kind.Pair)
        {
            PopFrame();
        }
        var closed = Top;
        PopFrame();
        if (_depth > 0 && Top.Kind == Kind.FlowSeq)
        {
            _afterChild = true;
            _childMax = closed.MaxDepth;
            _childDeepest = closed.DeepestAt;
            _keyUses = _book is not null && _book.UseCount > closed.FirstUse ? closed.FirstUse : -1;
        }
    }

    /// <summary>
    /// A block mapping entry or sequence item at <paramref name="column"/>: another entry of the collection there, or
    /// the first of a new one.
    /// </summary>
    private bool OpenBlock(int column, Kind kind, int at)
    {
        CloseDeeper(column, mapEntry: kind == Kind.BlockMap);
        if (_depth > 0 && Top.Indent == column && Top.Kind == kind)
        {
            // The anchor on the line before belonged to the previous entry's empty value.
            EndAnchor(TakeCarried());
            if (++Top.Count <= _limits.MaxMembers)
            {
                return true;
            }
            return Fail(at, kind == Kind.BlockMap ? Messages.Members(yaml: true, _limits.MaxMembers) : Messages.Items(yaml: true, _limits.MaxMembers));
        }
        return Push(kind, column, at, TakeCarried());
    }

    /// <summary>
    /// Closes the collections a node at <paramref name="column"/> cannot belong to: those indented more, and a
    /// sequence at the same indentation when a mapping entry comes (a sequence may sit at its key's indentation).
    /// </summary>
    private void CloseDeeper(int column, bool mapEntry)
    {
        while (_depth > 0 && (Top.Indent > column || (mapEntry && Top.Indent == column && Top.Kind == Kind.BlockSeq)))
        {
            PopFrame();
        }
    }

    /// <summary>The indentation of the innermost block collection, or -1 at the top of a document.</summary>
    private int BlockIndent() => _depth > 0 ? Top.Indent : -1;

    private bool Push(Kind kind, int indent, int at, Name anchor)
    {
        if (_depth >= _limits.MaxDepth)
        {
            return Fail(at, Messages.Depth(yaml: true, _limits.MaxDepth));
        }
        var flow = kind is Kind.FlowSeq or Kind.FlowMap;
        if (!flow && kind != Kind.Pair && _limits.MaxMembers < 1)
        {
            // A block collection starts with its first entry.
            return Fail(at, kind == Kind.BlockMap ? Messages.Members(yaml: true, _limits.MaxMembers) : Messages.Items(yaml: true, _limits.MaxMembers));
        }
        var record = _book is not null && anchor.IsSet ? _book.Define(NameText(anchor), _nodes + _empties, _depth + 1, open: true) : -1;
        if (!Node(at))
        {
            return false;
        }
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _depth * 2);
        }
        _frames[_depth] = new Frame
        {
            Kind = kind,
            Indent = indent,
            Count = flow ? 0 : 1,
            ExpectEntry = flow,
            MaxDepth = _depth + 1,
            DeepestAt = at,
            Record = record,
            FirstUse = _book?.UseCount ?? 0,
        };
        _depth++;
        return true;
    }

    private void PopFrame()
    {
        var frame = _frames[--_depth];
        // Every mapping entry has a key and a value, every sequence item a node; those not written are empty scalars.
        var expected = frame.Kind switch
        {
            Kind.BlockMap or Kind.FlowMap => 2L * frame.Count,
            Kind.Pair => 2,
            _ => frame.Count,
        };
        _empties += Math.Max(0, expected - frame.Children);
        if (frame.Record >= 0)
        {
            _book!.Close(frame.Record, _nodes + _empties, frame.MaxDepth);
        }
        if (_depth > 0 && frame.MaxDepth > Top.MaxDepth)
        {
            Top.MaxDepth = frame.MaxDepth;
            Top.DeepestAt = frame.DeepestAt;
        }
    }

    /// <summary>A node starting in a flow collection: the first one after '[', '{' or ',' is a new entry.</summary>
    private bool Entry(int at)
    {
        _afterChild = false;
        _emptyPairKey = false;
        _keyUses = -1;
        if (_depth == 0 || !Top.ExpectEntry)
        {
            return true;
        }
        Top.ExpectEntry = false;
        if (++Top.Count <= _limits.MaxMembers)
        {
            return true;
        }
        return Fail(at, Top.Kind == Kind.FlowMap ? Messages.Members(yaml: true, _limits.MaxMembers) : Messages.Items(yaml: true, _limits.MaxMembers));
    }

    private bool Scalar(int at, int length)
    {
        if (length > _limits.MaxStringLength)
        {
            return Fail(at, Messages.Scalar(yaml: true, _limits.MaxStringLength));
        }
        if (!Node(at))
        {
            return false;
        }
        EndAnchor(TakeNodeAnchor());
        return true;
    }

    private bool Node(int at)
    {
        if (_depth > 0)
        {
            Top.Children++;
        }
        return ++_nodes <= _limits.MaxNodes || Fail(at, Messages.Nodes(_limits.MaxNodes));
    }

    private bool Fail(int at, string message)
    {
        _failure ??= new Exceeded(at, message);
        return false;
    }

    private void EndDocument()
    {
        while (_depth > 0)
        {
            PopFrame();
        }
        _plainOpen = false;
        _afterChild = false;
        _emptyPairKey = false;
        EndEmptyNode();
        if (_book?.EndDocument(_limits) is { } exceeded)
        {
            _failure ??= exceeded;
        }
    }

    private int Properties(int p)
    {
        while (p < _n && _text[p] is '&' or '!')
        {
            p = _text[p] == '&' ? Anchor(p) : Tag(p, flow: false);
            if (_failure is not null)
            {
                return _n;
            }
            p = SkipBlanks(p);
        }
        return p;
    }

    private int Anchor(int p)
    {
        var end = NameEnd(p + 1);
        if (end - p - 1 > _limits.MaxStringLength)
        {
            Fail(p, Messages.Name(_limits.MaxStringLength));
            return _n;
        }
        if (_book is not null)
        {
            // Two anchors on one node are a parse error; the first then counts as an empty node of its own.
            EndAnchor(_inline);
            _inline = new Name(p + 1, end - p - 1);
        }
        return end;
    }

    private int Tag(int p, bool flow)
    {
        var end = TagEnd(p, flow);
        if (end - p - 1 > _limits.MaxStringLength)
        {
            Fail(p, Messages.Name(_limits.MaxStringLength));
            return _n;
        }
        return end;
    }

    private int TagEnd(int p, bool flow)
    {
        var text = _text;
        var i = p + 1;
        if (i < _n && text[i] == '<')
        {
            while (i < _n && text[i] != '>' && !IsBlankOrEnd(i))
            {
                i++;
            }
            if (i < _n && text[i] == '>')
            {
                i++;
            }
        }
        else
        {
            for (; i < _n; i++)
            {
                var c = text[i];
                if (c is ' ' or '\t' or '\r' or '\n' || (flow && c is '{' or '}'))
                {
                    break;
                }
                if (flow && c is ',' or '[' or ']')
                {
                    // SharpYaml reads these into the tag and YAML 1.2 readers end the tag here: the two see different
                    // collections, so the document is scanned both ways.
                    _dependsOnReader = true;
                    if (!_sharpYaml)
                    {
                        break;
                    }
                }
            }
        }
        return i;
    }

    private int Alias(int p, bool flow)
    {
        if (flow && !Entry(p))
        {
            return _n;
        }
        var end = NameEnd(p + 1);
        if (end - p - 1 > _limits.MaxStringLength)
        {
            Fail(p, Messages.Name(_limits.MaxStringLength));
            return _n;
        }
        if (!Node(p))
        {
            return _n;
        }
        // Each alias re-creates at least one node, so their number alone can break the budget; this also bounds what
        // the alias pass keeps.
        if (++_aliases > _limits.MaxAliasExpansion)
        {
            Fail(p, Messages.Aliases(_limits.MaxAliasExpansion));
            return _n;
        }
        var name = _text.Substring(p + 1, end - p - 1);
        if (_book is null)
        {
            (_aliasNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
        else
        {
            // An alias takes no anchor of its own (a parse error): any waiting one marks an empty node.
            EndEmptyNode();
            if (flow)
            {
                _keyUses = _book.UseCount;
            }
            _book.Use(name, p, _depth);
        }
        return end;
    }

    // Anchors waiting for their node. Outside the alias pass none is ever set, so these cost nothing.

    private void CarryAnchor()
    {
        if (_inline.IsSet)
        {
            EndAnchor(_carried);
            _carried = _inline;
            _inline = default;
        }
    }

    private Name TakeCarried()
    {
        var carried = _carried;
        _carried = default;
        return carried;
    }

    private Name TakeNodeAnchor()
    {
        if (!_inline.IsSet)
        {
            return TakeCarried();
        }
        EndAnchor(TakeCarried());
        var inline = _inline;
        _inline = default;
        return inline;
    }

    private void EndEmptyNode()
    {
        EndAnchor(_inline);
        EndAnchor(_carried);
        _inline = default;
        _carried = default;
    }

    /// <summary>An anchor on a scalar or an empty node: one node.</summary>
    private void EndAnchor(Name anchor)
    {
        if (_book is not null && anchor.IsSet)
        {
            _book.Define(NameText(anchor), _nodes + _empties, 0, open: false);
        }
    }

    private string NameText(Name name) => _text.Substring(name.Start, name.Length);

    /// <summary>
    /// Whether the flow collection at <paramref name="p"/> is an implicit key ("[a, b]: value"). A key fits on one
    /// line and in 1024 characters, so the look-ahead is bounded and the scan stays linear; it reads tokens the way
    /// <see cref="Flow"/> does (a quote inside a plain scalar is text, a tag may take in ']').
    /// </summary>
    private bool FlowIsKey(int p)
    {
        var text = _text;
        var limit = (int)Math.Min(_n, p + 1024L);
        var level = 0;
        var i = p;
        while (i < limit)
        {
            switch (text[i])
            {
                case '\r':
                case '\n':
                case '#':
                    return false;
                case ' ':
                case '\t':
                case ',':
                case ':':
                case '?':
                    i++;
                    break;
                case '[':
                case '{':
                    level++;
                    i++;
                    break;
                case ']':
                case '}':
                    if (--level == 0)
                    {
                        return ColonAt(SkipBlanks(i + 1), adjacent: true);
                    }
                    i++;
                    break;
                case '"':
                case '\'':
                    i = QuoteCloseOnLine(i, limit);
                    if (i < 0)
                    {
                        return false;
                    }
                    i++;
                    break;
                case '!':
                    i = TagEnd(i, flow: true);
                    break;
                case '&':
                case '*':
                    i = NameEnd(i + 1);
                    break;
                default:
                    i = PlainInFlowEnd(i, limit, oneLine: true);
                    break;
            }
        }
        return false;
    }

    private int QuoteCloseOnLine(int open, int limit)
    {
        var quote = _text[open];
        for (var i = open + 1; i < limit; i++)
        {
            var c = _text[i];
            if (c is '\r' or '\n')
            {
                return -1;
            }
            if (quote == '"' && c == '\\')
            {
                i++;
            }
            else if (c == quote)
            {
                if (quote == '\'' && i + 1 < limit && _text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The end of the quoted scalar at <paramref name="at"/> (after its closing quote), across lines. The search stops
    /// one character past the scalar limit; the end returned then puts the length over it.
    /// </summary>
    private int QuotedEnd(int at)
    {
        var text = _text;
        var window = (int)Math.Min(_n, at + 2L + _limits.MaxStringLength);
        var i = at + 1;
        if (text[at] == '"')
        {
            while (i < window)
            {
                var k = text.IndexOfAny(DoubleQuoteStops, i, window - i);
                if (k < 0)
                {
                    break;
                }
                if (text[k] == '\\')
                {
                    i = k + 2;
                    continue;
                }
                return k + 1;
            }
        }
        else
        {
            while (i < window)
            {
                var k = text.IndexOf('\'', i, window - i);
                if (k < 0)
                {
                    break;
                }
                if (k + 1 < _n && text[k + 1] == '\'')
                {
                    i = k + 2;
                    continue;
                }
                return k + 1;
            }
        }
        return window == _n ? _n : at + 3 + _limits.MaxStringLength;
    }

    /// <summary>
    /// Where a plain scalar's text on this line ends: at the line break, at a comment (" #"), or, when it may be a key,
    /// at ": ".
    /// </summary>
    private int PlainLine(int p, bool stopAtColon)
    {
        var i = p;
        while (true)
        {
            var k = _text.IndexOfAny(PlainStops, i);
            if (k < 0)
            {
                return _n;
            }
            switch (_text[k])
            {
                case '\r':
                case '\n':
                    return k;
                case '#':
                    if (k > p && _text[k - 1] is ' ' or '\t')
                    {
                        return k;
                    }
                    break;
                default:
                    if (stopAtColon && IsBlankOrEnd(k + 1))
                    {
                        return k;
                    }
                    break;
            }
            i = k + 1;
        }
    }

    /// <summary>
    /// The end of a plain scalar in a flow collection. It goes on over blanks and line breaks until an indicator
    /// (SharpYaml ends it at any of ",:?[]{}"), a comment or a document marker; the search stops one character past
    /// the scalar limit. With <paramref name="oneLine"/> it stops at the line break (a look-ahead within one line).
    /// </summary>
    private int PlainInFlowEnd(int p, int limit = -1, bool oneLine = false)
    {
        var text = _text;
        if (limit < 0)
        {
            limit = (int)Math.Min(_n, p + 1L + _limits.MaxStringLength);
        }
        var end = p;
        var i = p;
        while (i < limit)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                var j = i;
                while (j < _n && (text[j] is ' ' or '\t' || (!oneLine && text[j] is '\r' or '\n')))
                {
                    j++;
                }
                if (oneLine && j < _n && text[j] is '\r' or '\n')
                {
                    return j;
                }
                if (j >= _n || EndsPlainInFlow(text[j]) || text[j] == '#' || (text[j - 1] is '\r' or '\n' && IsDocumentMarker(j)))
                {
                    return end;
                }
                i = j;
                continue;
            }
            if (EndsPlainInFlow(c))
            {
                return end;
            }
            end = ++i;
        }
        return limit < _n ? limit : end;
    }

    private static bool EndsPlainInFlow(char c) => c is ',' or ':' or '?' or '[' or ']' or '{' or '}';

    /// <summary>
    /// Where an anchor or alias name ends: SharpYaml ends it at the first character that is not an ASCII letter, digit,
    /// '-' or '_' (what follows is the next token); YAML 1.2 readers at a blank or a flow indicator. Both end it at ':',
    /// so "*a: b" is a key.
    /// </summary>
    private int NameEnd(int i)
    {
        var text = _text;
        var sharp = i;
        while (sharp < _n && text[sharp] is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_')
        {
            sharp++;
        }
        var full = sharp;
        while (full < _n && text[full] is not (' ' or '\t' or '\r' or '\n' or ',' or '[' or ']' or '{' or '}' or ':'))
        {
            full++;
        }
        _dependsOnReader |= full != sharp;
        return _sharpYaml ? sharp : full;
    }

    private bool ColonAt(int i, bool adjacent) => i < _n && _text[i] == ':' && (adjacent || IsBlankOrEnd(i + 1));

    private bool IsDocumentMarker(int i) =>
        i + 2 < _n && _text[i] is '-' or '.' && _text[i + 1] == _text[i] && _text[i + 2] == _text[i] && IsBlankOrEnd(i + 3);

    private bool IsBlankOrEnd(int i) => i >= _n || _text[i] is ' ' or '\t' or '\r' or '\n';

    private bool AtLineEnd(int i) => i >= _n || _text[i] is '\r' or '\n' or '#';

    private int SkipBlanks(int i)
    {
        while (i < _n && _text[i] is ' ' or '\t')
        {
            i++;
        }
        return i;
    }

    private int LineEnd(int i)
    {
        var k = i < _n ? _text.IndexOfAny(LineBreaks, i) : -1;
        return k < 0 ? _n : k;
    }

    private int NextLine(int i)
    {
        var k = LineEnd(i);
        if (k >= _n)
        {
            return _n;
        }
        return _text[k] == '\r' && k + 1 < _n && _text[k + 1] == '\n' ? k + 2 : k + 1;
    }

    private struct Frame
    {
        public Kind Kind;
        // Block collections: the column of their entries.
        public int Indent;
        public int Count;
        // Nodes written directly inside: fewer than the entries need means empty keys or values.
        public int Children;
        // Flow collections: the next node starts a new entry.
        public bool ExpectEntry;
        // Block mappings: the last entry began with "? " and its ": " has not come yet.
        public bool ExplicitKey;
        // The deepest level reached inside, and where it was first reached.
        public int MaxDepth;
        public int DeepestAt;
        // The anchor record of this collection in the alias pass, or -1, and the first alias use inside it.
        public int Record;
        public int FirstUse;
    }

    private readonly struct Name
    {
        public Name(int start, int length)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }

        public bool IsSet => Length > 0;
    }

    /// <summary>
    /// Anchors and aliases of the current document. An alias re-creates its anchored node, aliases inside included,
    /// and nests it where the alias stands. SharpYaml resolves an alias to an anchor defined later too, and an anchor
    /// is visible inside its own node (a cycle), so sizes and depths are settled at the end of the document: each
    /// anchored node's own nodes and levels plus those of the aliases inside it, memoised per anchor, a cycle counting
    /// as endless.
    /// </summary>
    private sealed class AliasBook
    {
        private readonly HashSet<string> _names;
        private readonly Dictionary<string, int> _latest = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _waiting = new(StringComparer.Ordinal);
        private readonly List<Record> _records = new();
        private readonly List<AliasUse> _uses = new();
        private readonly List<int> _open = new();
        private long _total;

        public AliasBook(HashSet<string> names) => _names = names;

        public int UseCount => _uses.Count;

        /// <summary>The uses from <paramref name="first"/> on turned out to sit in a pair's key, one level deeper.</summary>
        public void Deepen(int first)
        {
            for (var i = first; i < _uses.Count; i++)
            {
                _uses[i] = new AliasUse(_uses[i].Offset, _uses[i].Depth + 1, _uses[i].Target);
            }
        }

        /// <summary>
        /// An anchored node starts: a collection at <paramref name="level"/> (<paramref name="open"/>, closed later)
        /// or a scalar. Only names some alias uses are kept, and a definition no alias has used is overwritten by the
        /// next one of its name, so the book never holds more than the aliases need.
        /// </summary>
        public int Define(string name, long nodesBefore, int level, bool open)
        {
            if (!_names.Contains(name))
            {
                return -1;
            }
            Record record;
            if (_latest.TryGetValue(name, out var index) && !_records[index].Open && !_records[index].Referenced)
            {
                record = _records[index];
                record.Inside.Clear();
            }
            else
            {
                record = new Record();
                index = _records.Count;
                _records.Add(record);
            }
            record.Start = nodesBefore;
            record.Own = 1;
            record.Level = level;
            record.Levels = open ? 1 : 0;
            record.Open = open;
            _latest[name] = index;
            if (_waiting.TryGetValue(name, out var early))
            {
                // Aliases that came before any anchor of their name.
                foreach (var use in early)
                {
                    _uses[use] = new AliasUse(_uses[use].Offset, _uses[use].Depth, index);
                }
                record.Referenced = true;
                _waiting.Remove(name);
            }
            if (open)
            {
                _open.Add(index);
            }
            return index;
        }

        /// <summary>An anchored collection ends; <paramref name="deepest"/> is the deepest level reached inside it.</summary>
        public void Close(int index, long nodes, int deepest)
        {
            var record = _records[index];
            record.Own = nodes - record.Start;
            record.Levels = deepest - record.Level + 1;
            record.Open = false;
            // Collections close innermost first.
            _open.RemoveAt(_open.Count - 1);
        }

        /// <summary>An alias inside <paramref name="depth"/> collections.</summary>
        public void Use(string name, int offset, int depth)
        {
            var target = -1;
            if (_latest.TryGetValue(name, out var index))
            {
                target = index;
                _records[index].Referenced = true;
            }
            var use = _uses.Count;
            _uses.Add(new AliasUse(offset, depth, target));
            if (target < 0)
            {
                if (!_waiting.TryGetValue(name, out var early))
                {
                    _waiting[name] = early = new List<int>();
                }
                early.Add(use);
            }
            // At most one record per open collection, and the depth limit bounds those.
            foreach (var open in _open)
            {
                _records[open].Inside.Add(use);
            }
        }

        /// <summary>
        /// Sizes every anchored node once, without recursion, then walks the aliases in document order: the first
        /// that nests too deep or pushes the running total over the budget is the violation.
        /// </summary>
        public Exceeded? EndDocument(InputLimits limits)
        {
            var max = limits.MaxAliasExpansion;
            var cap = max + 1L;
            var depthCap = limits.MaxDepth + 1;
            var count = _records.Count;
            var size = new long[count];
            var levels = new int[count];
            var cyclic = new bool[count];
            // 0: not sized yet, 1: being sized (met again: a cycle), 2: sized.
            var state = new byte[count];
            var pending = new Stack<(int Record, int Next)>();
            for (var root = 0; root < count; root++)
            {
                if (state[root] != 0)
                {
                    continue;
                }
                Start(root);
                while (pending.Count > 0)
                {
                    var (r, next) = pending.Pop();
                    var inside = _records[r].Inside;
                    if (next < inside.Count)
                    {
                        pending.Push((r, next + 1));
                        var t = _uses[inside[next]].Target;
                        if (t < 0)
                        {
                            continue;
                        }
                        if (state[t] == 0)
                        {
                            Start(t);
                        }
                        else if (state[t] == 1)
                        {
                            cyclic[r] = true;
                            size[r] = cap;
                            levels[r] = depthCap;
                        }
                        else
                        {
                            Add(r, inside[next], t);
                        }
                        continue;
                    }
                    state[r] = 2;
                    if (pending.Count > 0)
                    {
                        // The alias of the record below that led here.
                        var (parent, after) = pending.Peek();
                        Add(parent, _records[parent].Inside[after - 1], r);
                    }
                }
            }

            Exceeded? exceeded = null;
            foreach (var use in _uses)
            {
                if (use.Target < 0)
                {
                    // An alias to no anchor at all: the reader reports it.
                    continue;
                }
                var message = cyclic[use.Target] ? Messages.AliasCycle(max) : null;
                if (use.Depth + levels[use.Target] > limits.MaxDepth)
                {
                    exceeded = new Exceeded(use.Offset, message ?? Messages.Depth(yaml: true, limits.MaxDepth));
                    break;
                }
                _total = Math.Min(cap, _total + size[use.Target]);
                if (_total > max)
                {
                    exceeded = new Exceeded(use.Offset, message ?? Messages.Aliases(max));
                    break;
                }
            }
            _latest.Clear();
            _waiting.Clear();
            _records.Clear();
            _uses.Clear();
            _open.Clear();
            return exceeded;

            void Start(int r)
            {
                state[r] = 1;
                size[r] = Math.Min(cap, _records[r].Own);
                levels[r] = Math.Min(depthCap, _records[r].Levels);
                pending.Push((r, 0));
            }

            // Record r holds alias u, which re-creates the sized record t.
            void Add(int r, int u, int t)
            {
                size[r] = Math.Min(cap, size[r] + size[t]);
                levels[r] = Math.Min(depthCap, Math.Max(levels[r], _uses[u].Depth - _records[r].Level + 1 + levels[t]));
                cyclic[r] |= cyclic[t];
            }
        }

        private sealed class Record
        {
            public long Start;
            public long Own;
            // The level the anchored collection sits at, and how many levels it spans itself.
            public int Level;
            public int Levels;
            public bool Open;
            public bool Referenced;
            public readonly List<int> Inside = new();
        }

        private readonly struct AliasUse
        {
            public AliasUse(int offset, int depth, int target)
            {
                Offset = offset;
                Depth = depth;
                Target = target;
            }

            public int Offset { get; }

            public int Depth { get; }

            public int Target { get; }
        }
    }
}
