using System;
using System.Collections.Generic;
using System.Text;

namespace EnKashGen.Spec.Fast
{
    /// <summary>
    /// A fast reader for the YAML that OpenAPI documents are written in. It gives exactly the <see cref="DocNode"/> tree
    /// <see cref="SharpYamlDocNodes"/> gives for the same text (same scalar values and styles, same members, same
    /// SharpYaml event marks), or refuses. It refuses everything outside its subset and everything it is not sure
    /// about (anchors, aliases, tags, directives, several documents, complex or duplicate keys, merge keys, tabs
    /// outside quoted and block scalars, unusual line breaks and control characters, syntax errors), so the caller can
    /// use SharpYaml, which then also reports the errors. It never throws.
    /// </summary>
    internal sealed class FastYamlParser
    {
        /// <summary>Deeper nesting is refused rather than risking the stack.</summary>
        private const int MaxDepth = 256;

        /// <summary>SharpYaml forgets a simple key more than 1024 characters before its ':'; stay well inside that.</summary>
        private const int MaxKeyLength = 1000;

        private static readonly RefusedException Refused = new RefusedException();

        private readonly string _s;
        private readonly int _n;
        private int _pos;
        private int _line;
        private int _lineStart;
        private int _depth;
        private StringBuilder? _builder;

        private FastYamlParser(string text)
        {
            _s = text;
            _n = text.Length;
        }

        private enum Context
        {
            /// <summary>The node starts a line (after its indentation).</summary>
            NewLine,

            /// <summary>The node follows <c>key: </c> on the key's line.</summary>
            AfterColon,

            /// <summary>The node follows <c>- </c> on the entry's line.</summary>
            AfterDash,
        }

        private enum PlainStop
        {
            /// <summary>End of line content, a comment, a smaller indentation, a document marker or the end of the text.</summary>
            End,

            /// <summary>A <c>:</c> followed by a blank: the scalar was a key.</summary>
            Colon,

            /// <summary>A flow indicator (flow context only).</summary>
            FlowIndicator,
        }

        private int Col => _pos - _lineStart;

        private char Cur => _pos < _n ? _s[_pos] : '\0';

        /// <summary>Parses <paramref name="text"/>; false (and a null root) when the text is refused.</summary>
        public static bool TryParse(string text, out DocNode? root)
        {
            root = null;
            if (text is null)
            {
                return false;
            }
            try
            {
                root = new FastYamlParser(text).ParseDocument();
                return true;
            }
            catch (Exception)
            {
                // RefusedException, and anything unexpected: either way SharpYaml decides.
                root = null;
                return false;
            }
        }

        /// <summary>The tree, or null when the text is refused.</summary>
        public static DocNode? Parse(string text) => TryParse(text, out var root) ? root : null;

        private static bool IsBreak(char c) => c == '\n' || c == '\r';

        private char At(int p) => p < _n ? _s[p] : '\0';

        private bool IsBlankOrBreakOrEnd(int p)
        {
            if (p >= _n)
            {
                return true;
            }
            var c = _s[p];
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private void NewLine()
        {
            _pos += _s[_pos] == '\r' ? 2 : 1;
            _line++;
            _lineStart = _pos;
        }

        private DocNode ParseDocument()
        {
            CheckCharacters();
            SkipToNextToken();
            if (AtDocumentMarker('-'))
            {
                _pos += 3;
                EndOfLine();
                SkipToNextToken();
            }
            if (_pos >= _n)
            {
                throw Refused;
            }
            var root = ParseNode(-1, Context.NewLine);
            if (root.Kind == DocNodeKind.Scalar)
            {
                throw Refused;
            }
            if (_pos < _n)
            {
                if (!AtDocumentMarker('.'))
                {
                    throw Refused;
                }
                _pos += 3;
                EndOfLine();
                SkipToNextToken();
                if (_pos < _n)
                {
                    throw Refused;
                }
            }
            return root;
        }

        /// <summary>
        /// Line breaks are LF or CRLF; no control characters, no NEL/LS/PS, no byte order mark after the start. (Given a
        /// string, SharpYaml reads a leading byte order mark as an ordinary character of the first scalar; so does this parser.)
        /// </summary>
        private void CheckCharacters()
        {
            var s = _s;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c < ' ')
                {
                    if (c == '\n' || c == '\t')
                    {
                        continue;
                    }
                    if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                    {
                        i++;
                        continue;
                    }
                    throw Refused;
                }
                if (c >= '\u007F' && (c <= '\u009F' || c == '\u2028' || c == '\u2029' || (c == '\uFEFF' && i != 0)))
                {
                    throw Refused;
                }
            }
        }

        private bool AtDocumentMarker(char c) =>
            Col == 0 && _pos + 2 < _n && _s[_pos] == c && _s[_pos + 1] == c && _s[_pos + 2] == c && IsBlankOrBreakOrEnd(_pos + 3);

        /// <summary>Skips spaces, comments and line breaks up to the next token (or the end of the text).</summary>
        private void SkipToNextToken()
        {
            while (true)
            {
                while (_pos < _n && _s[_pos] == ' ')
                {
                    _pos++;
                }
                if (_pos >= _n)
                {
                    return;
                }
                var c = _s[_pos];
                if (c == '\t')
                {
                    throw Refused;
                }
                if (c == '#')
                {
                    while (_pos < _n && !IsBreak(_s[_pos]))
                    {
                        _pos++;
                    }
                    if (_pos >= _n)
                    {
                        return;
                    }
                    c = _s[_pos];
                }
                if (!IsBreak(c))
                {
                    return;
                }
                NewLine();
            }
        }

        /// <summary>After a complete value: only spaces and a comment may follow on its line.</summary>
        private void EndOfLine()
        {
            while (_pos < _n && _s[_pos] == ' ')
            {
                _pos++;
            }
            if (_pos < _n && _s[_pos] == '#')
            {
                return;
            }
            if (_pos < _n && !IsBreak(_s[_pos]))
            {
                throw Refused;
            }
        }

        private void SkipSpaces()
        {
            while (_pos < _n && _s[_pos] == ' ')
            {
                _pos++;
            }
            if (_pos < _n && _s[_pos] == '\t')
            {
                throw Refused;
            }
        }

        private bool IsPlainStart(bool flow)
        {
            var c = Cur;
            switch (c)
            {
                case '\0':
                case ' ':
                case '\t':
                case '\r':
                case '\n':
                case ',':
                case '[':
                case ']':
                case '{':
                case '}':
                case '#':
                case '&':
                case '*':
                case '!':
                case '|':
                case '>':
                case '\'':
                case '"':
                case '%':
                case '@':
                case '`':
                    return false;
                case '-':
                    return !IsBlankOrBreakOrEnd(_pos + 1);
                case '?':
                case ':':
                    return !flow && !IsBlankOrBreakOrEnd(_pos + 1);
                default:
                    return true;
            }
        }

        /// <summary>
        /// A block node at the current position (its first character). <paramref name="indent"/> is the indentation
        /// of the enclosing block collection (SharpYaml's scanner indent; -1 at the root). Ends at the next token.
        /// </summary>
        private DocNode ParseNode(int indent, Context context)
        {
            if (++_depth > MaxDepth || (Col == 0 && (AtDocumentMarker('-') || AtDocumentMarker('.'))))
            {
                throw Refused;
            }
            var startLine = _line;
            var startCol = Col;
            var startPos = _pos;
            DocNode node;
            switch (Cur)
            {
                case '-' when IsBlankOrBreakOrEnd(_pos + 1):
                    if (context == Context.AfterColon)
                    {
                        throw Refused;
                    }
                    node = ParseBlockSequence(startCol, indentless: false);
                    _depth--;
                    return node;
                case '[':
                case '{':
                    node = ParseFlowCollection(indent);
                    EndOfLine();
                    SkipToNextToken();
                    _depth--;
                    return node;
                case '|':
                case '>':
                    node = ParseBlockScalar(indent);
                    SkipToNextToken();
                    _depth--;
                    return node;
                case '\'':
                case '"':
                    node = ScanQuoted(indent);
                    SkipSpaces();
                    if (Cur == ':' && IsBlankOrBreakOrEnd(_pos + 1))
                    {
                        // A quoted key: a compact mapping in a sequence entry, or a mapping on its own line.
                        if (context == Context.AfterColon || node.Span.EndLine != startLine || _pos - startPos > MaxKeyLength)
                        {
                            throw Refused;
                        }
                        node = ParseBlockMapping(startCol, node.Text!, node.Span, plainKey: false);
                        _depth--;
                        return node;
                    }
                    EndOfLine();
                    SkipToNextToken();
                    _depth--;
                    return node;
            }
            if (!IsPlainStart(flow: false))
            {
                throw Refused;
            }
            node = ScanPlain(indent + 1, flow: false, out var stop);
            if (stop == PlainStop.Colon)
            {
                if (context == Context.AfterColon || _line != startLine || _pos - startPos > MaxKeyLength)
                {
                    throw Refused;
                }
                node = ParseBlockMapping(startCol, node.Text!, node.Span, plainKey: true);
                _depth--;
                return node;
            }
            SkipToNextToken();
            _depth--;
            return node;
        }

        /// <summary>A block mapping whose first key has just been read; the position is at that key's ':'.</summary>
        private DocNode ParseBlockMapping(int column, string firstKey, DocSpan firstKeySpan, bool plainKey)
        {
            var mapping = DocNode.Mapping(new DocSpan(firstKeySpan.StartLine, firstKeySpan.StartColumn, firstKeySpan.StartLine, firstKeySpan.StartColumn));
            var members = mapping.Members!;
            HashSet<string>? keys = null;
            var key = firstKey;
            var keySpan = firstKeySpan;
            while (true)
            {
                if (plainKey && key == "<<")
                {
                    throw Refused;
                }
                AddKey(members, ref keys, key);

                // At ':'.
                _pos++;
                var colonLine = _line;
                var colonEnd = Col;
                SkipSpaces();
                DocNode value;
                if (_pos >= _n || _s[_pos] == '#' || IsBreak(_s[_pos]))
                {
                    SkipToNextToken();
                    if (_pos >= _n || Col < column || (Col == column && !(Cur == '-' && IsBlankOrBreakOrEnd(_pos + 1))))
                    {
                        value = DocNode.Scalar(string.Empty, false, new DocSpan(colonLine, colonEnd, colonLine, colonEnd));
                    }
                    else if (Col == column)
                    {
                        if (++_depth > MaxDepth)
                        {
                            throw Refused;
                        }
                        value = ParseBlockSequence(column, indentless: true);
                        _depth--;
                    }
                    else
                    {
                        value = ParseNode(column, Context.NewLine);
                    }
                }
                else
                {
                    value = ParseNode(column, Context.AfterColon);
                }
                members.Add(new DocMember(key, keySpan, value));

                if (_pos >= _n || Col < column)
                {
                    return mapping;
                }
                if (Col > column || AtDocumentMarker('-') || AtDocumentMarker('.'))
                {
                    if (Col == 0)
                    {
                        return mapping;
                    }
                    throw Refused;
                }
                ReadBlockKey(out key, out keySpan, out plainKey);
            }
        }

        private static void AddKey(List<DocMember> members, ref HashSet<string>? keys, string key)
        {
            if (keys is null)
            {
                for (var i = 0; i < members.Count; i++)
                {
                    if (string.Equals(members[i].Key, key, StringComparison.Ordinal))
                    {
                        throw Refused;
                    }
                }
                if (members.Count >= 8)
                {
                    keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in members)
                    {
                        keys.Add(member.Key);
                    }
                    keys.Add(key);
                }
                return;
            }
            if (!keys.Add(key))
            {
                throw Refused;
            }
        }

        /// <summary>A key at the start of a line of a block mapping, up to and not including its ':'.</summary>
        private void ReadBlockKey(out string key, out DocSpan span, out bool plain)
        {
            var startLine = _line;
            var startPos = _pos;
            DocNode scalar;
            if (Cur == '"' || Cur == '\'')
            {
                scalar = ScanQuoted(int.MaxValue);
                SkipSpaces();
                if (!(Cur == ':' && IsBlankOrBreakOrEnd(_pos + 1)))
                {
                    throw Refused;
                }
                plain = false;
            }
            else
            {
                if (!IsPlainStart(flow: false) || (Cur == '-' && IsBlankOrBreakOrEnd(_pos + 1)))
                {
                    throw Refused;
                }
                scalar = ScanPlain(Col + 1, flow: false, out var stop);
                if (stop != PlainStop.Colon)
                {
                    throw Refused;
                }
                plain = true;
            }
            if (_line != startLine || scalar.Span.EndLine != startLine || _pos - startPos > MaxKeyLength)
            {
                throw Refused;
            }
            key = scalar.Text!;
            span = scalar.Span;
        }

        /// <summary>A block sequence whose first '-' is at the position.</summary>
        private DocNode ParseBlockSequence(int column, bool indentless)
        {
            var sequence = DocNode.Sequence(new DocSpan(_line, column, _line, indentless ? column + 1 : column));
            var items = sequence.Items!;
            while (true)
            {
                // At '-' followed by a blank, a break or the end.
                _pos++;
                var dashLine = _line;
                var dashEnd = Col;
                SkipSpaces();
                DocNode item;
                if (_pos >= _n || _s[_pos] == '#' || IsBreak(_s[_pos]))
                {
                    SkipToNextToken();
                    if (_pos >= _n || Col <= column)
                    {
                        item = DocNode.Scalar(string.Empty, false, new DocSpan(dashLine, dashEnd, dashLine, dashEnd));
                    }
                    else
                    {
                        item = ParseNode(column, Context.NewLine);
                    }
                }
                else
                {
                    item = ParseNode(column, Context.AfterDash);
                }
                items.Add(item);

                if (_pos >= _n || Col < column)
                {
                    return sequence;
                }
                if (Col > column)
                {
                    throw Refused;
                }
                if (Cur == '-' && IsBlankOrBreakOrEnd(_pos + 1) && !AtDocumentMarker('-'))
                {
                    continue;
                }
                if (indentless || (Col == 0 && (AtDocumentMarker('-') || AtDocumentMarker('.'))))
                {
                    return sequence;
                }
                throw Refused;
            }
        }

        /// <summary>
        /// A plain scalar, as SharpYaml's scanner reads it. <paramref name="minContinuation"/> is the least column of a
        /// continuation line in the block context (the scanner indent + 1). Stops at the scalar's end, without skipping
        /// what follows.
        /// </summary>
        private DocNode ScanPlain(int minContinuation, bool flow, out PlainStop stop)
        {
            var startLine = _line;
            var startCol = Col;
            var startPos = _pos;
            var endPos = _pos;
            var endLine = _line;
            var endCol = startCol;
            var segmentStart = _pos;
            var firstLineEnd = -1;
            var hasLeadingBlanks = false;
            var trailingBreaks = 0;
            StringBuilder? builder = null;
            stop = PlainStop.End;
            while (true)
            {
                if (Col == 0 && (AtDocumentMarker('-') || AtDocumentMarker('.')))
                {
                    break;
                }
                if (Cur == '#')
                {
                    break;
                }
                var done = false;
                while (_pos < _n)
                {
                    var c = _s[_pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    {
                        break;
                    }
                    if (c == ':')
                    {
                        if (IsBlankOrBreakOrEnd(_pos + 1))
                        {
                            stop = PlainStop.Colon;
                            done = true;
                            break;
                        }
                        if (flow)
                        {
                            // SharpYaml rejects a ':' inside a plain scalar of a flow collection.
                            throw Refused;
                        }
                    }
                    if (flow && (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}'))
                    {
                        stop = PlainStop.FlowIndicator;
                        done = true;
                        break;
                    }
                    if (hasLeadingBlanks)
                    {
                        if (flow)
                        {
                            // A plain scalar over several lines of a flow collection: not in the subset.
                            throw Refused;
                        }
                        if (builder is null)
                        {
                            builder = Builder();
                            builder.Append(_s, startPos, firstLineEnd - startPos);
                        }
                        if (trailingBreaks == 0)
                        {
                            builder.Append(' ');
                        }
                        else
                        {
                            builder.Append('\n', trailingBreaks);
                        }
                        hasLeadingBlanks = false;
                        trailingBreaks = 0;
                        segmentStart = _pos;
                    }
                    _pos++;
                    endPos = _pos;
                    endLine = _line;
                    endCol = Col;
                }
                if (done || _pos >= _n)
                {
                    break;
                }

                // Blanks and line breaks.
                while (_pos < _n)
                {
                    var c = _s[_pos];
                    if (c == ' ')
                    {
                        _pos++;
                    }
                    else if (c == '\t')
                    {
                        throw Refused;
                    }
                    else if (c == '\n' || c == '\r')
                    {
                        if (!hasLeadingBlanks)
                        {
                            if (builder is null)
                            {
                                firstLineEnd = endPos;
                            }
                            else
                            {
                                builder.Append(_s, segmentStart, endPos - segmentStart);
                            }
                            hasLeadingBlanks = true;
                        }
                        else
                        {
                            trailingBreaks++;
                        }
                        NewLine();
                    }
                    else
                    {
                        break;
                    }
                }
                if (!flow && Col < minContinuation)
                {
                    break;
                }
                if (_pos >= _n)
                {
                    break;
                }
            }

            string text;
            if (builder is null)
            {
                text = _s.Substring(startPos, endPos - startPos);
            }
            else
            {
                if (!hasLeadingBlanks)
                {
                    builder.Append(_s, segmentStart, endPos - segmentStart);
                }
                text = builder.ToString();
            }
            return DocNode.Scalar(text, false, new DocSpan(startLine, startCol, endLine, endCol));
        }

        private StringBuilder Builder()
        {
            var builder = _builder ??= new StringBuilder();
            builder.Length = 0;
            return builder;
        }

        /// <summary>
        /// A single- or double-quoted scalar at the position, as SharpYaml's scanner reads it; ends after the closing
        /// quote. Continuation lines must be indented more than <paramref name="indent"/> (stricter than SharpYaml).
        /// </summary>
        private DocNode ScanQuoted(int indent)
        {
            var startLine = _line;
            var startCol = Col;
            var single = Cur == '\'';
            var quote = single ? '\'' : '"';
            _pos++;

            // The common case: one line, no escapes.
            var p = _pos;
            while (p < _n)
            {
                var c = _s[p];
                if (c == quote)
                {
                    if (single && p + 1 < _n && _s[p + 1] == '\'')
                    {
                        break;
                    }
                    var text = _s.Substring(_pos, p - _pos);
                    _pos = p + 1;
                    return DocNode.Scalar(text, true, new DocSpan(startLine, startCol, _line, Col));
                }
                if (c == '\\' && !single)
                {
                    break;
                }
                if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
                {
                    // Blanks are kept as they are unless a line break follows them: take the general path for those.
                    if (c == ' ' || c == '\t')
                    {
                        p++;
                        continue;
                    }
                    break;
                }
                p++;
            }

            var value = Builder();
            while (true)
            {
                if (Col == 0 && (AtDocumentMarker('-') || AtDocumentMarker('.')))
                {
                    throw Refused;
                }
                if (_pos >= _n)
                {
                    throw Refused;
                }
                var hasLeadingBlanks = false;
                var leadingBreak = false;
                var trailingBreaks = 0;
                while (_pos < _n)
                {
                    var c = _s[_pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    {
                        break;
                    }
                    if (single && c == '\'' && At(_pos + 1) == '\'')
                    {
                        value.Append('\'');
                        _pos += 2;
                    }
                    else if (c == quote)
                    {
                        break;
                    }
                    else if (!single && c == '\\' && IsBreak(At(_pos + 1)))
                    {
                        _pos++;
                        NewLine();
                        hasLeadingBlanks = true;
                        break;
                    }
                    else if (!single && c == '\\')
                    {
                        _pos = Escape(value, _pos);
                    }
                    else
                    {
                        value.Append(c);
                        _pos++;
                    }
                }
                if (_pos >= _n)
                {
                    throw Refused;
                }
                if (_s[_pos] == quote)
                {
                    break;
                }

                // Blanks and line breaks.
                var whitespaces = 0;
                var whitespaceStart = _pos;
                while (_pos < _n)
                {
                    var c = _s[_pos];
                    if (c == ' ' || c == '\t')
                    {
                        if (!hasLeadingBlanks)
                        {
                            whitespaces++;
                        }
                        _pos++;
                    }
                    else if (c == '\n' || c == '\r')
                    {
                        if (!hasLeadingBlanks)
                        {
                            whitespaces = 0;
                            leadingBreak = true;
                            hasLeadingBlanks = true;
                        }
                        else
                        {
                            trailingBreaks++;
                        }
                        NewLine();
                    }
                    else
                    {
                        break;
                    }
                }
                if (hasLeadingBlanks && _pos < _n && Col <= indent)
                {
                    throw Refused;
                }
                if (hasLeadingBlanks)
                {
                    if (leadingBreak)
                    {
                        if (trailingBreaks == 0)
                        {
                            value.Append(' ');
                        }
                        else
                        {
                            value.Append('\n', trailingBreaks);
                        }
                    }
                    else
                    {
                        value.Append('\n', trailingBreaks);
                    }
                }
                else if (whitespaces > 0)
                {
                    value.Append(_s, whitespaceStart, whitespaces);
                }
            }

            // At the closing quote.
            _pos++;
            return DocNode.Scalar(value.ToString(), true, new DocSpan(startLine, startCol, _line, Col));
        }

        /// <summary>One escape sequence of a double-quoted scalar at <paramref name="p"/> (the backslash); returns the position after it.</summary>
        private int Escape(StringBuilder value, int p)
        {
            var e = At(p + 1);
            int length;
            switch (e)
            {
                case 'x':
                    length = 2;
                    break;
                case 'u':
                    length = 4;
                    break;
                case 'U':
                    length = 8;
                    break;
                case '0': value.Append('\0'); return p + 2;
                case 'a': value.Append('\x07'); return p + 2;
                case 'b': value.Append('\x08'); return p + 2;
                case 't': value.Append('\t'); return p + 2;
                case '\t': value.Append('\t'); return p + 2;
                case 'n': value.Append('\n'); return p + 2;
                case 'v': value.Append('\x0B'); return p + 2;
                case 'f': value.Append('\x0C'); return p + 2;
                case 'r': value.Append('\r'); return p + 2;
                case 'e': value.Append('\x1B'); return p + 2;
                case ' ': value.Append(' '); return p + 2;
                case '"': value.Append('"'); return p + 2;
                case '\'': value.Append('\''); return p + 2;
                case '\\': value.Append('\\'); return p + 2;
                case '/': value.Append('/'); return p + 2;
                case 'N': value.Append('\u0085'); return p + 2;
                case '_': value.Append('\u00A0'); return p + 2;
                case 'L': value.Append('\u2028'); return p + 2;
                case 'P': value.Append('\u2029'); return p + 2;
                default:
                    throw Refused;
            }
            var code = 0;
            for (var k = 0; k < length; k++)
            {
                var h = At(p + 2 + k);
                int digit;
                if (h >= '0' && h <= '9')
                {
                    digit = h - '0';
                }
                else if (h >= 'a' && h <= 'f')
                {
                    digit = h - 'a' + 10;
                }
                else if (h >= 'A' && h <= 'F')
                {
                    digit = h - 'A' + 10;
                }
                else
                {
                    throw Refused;
                }
                code = (code << 4) + digit;
            }
            if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF || code < 0)
            {
                throw Refused;
            }
            if (code < 0x10000)
            {
                value.Append((char)code);
            }
            else
            {
                value.Append(char.ConvertFromUtf32(code));
            }
            return p + 2 + length;
        }

        /// <summary>A literal or folded block scalar at its indicator, as SharpYaml's scanner reads it.</summary>
        private DocNode ParseBlockScalar(int indent)
        {
            var startLine = _line;
            var startCol = Col;
            var literal = Cur == '|';
            _pos++;
            var chomping = 0;
            var increment = 0;
            var c = Cur;
            if (c == '+' || c == '-')
            {
                chomping = c == '+' ? 1 : -1;
                _pos++;
                c = Cur;
                if (c >= '0' && c <= '9')
                {
                    if (c == '0')
                    {
                        throw Refused;
                    }
                    increment = c - '0';
                    _pos++;
                }
            }
            else if (c >= '0' && c <= '9')
            {
                if (c == '0')
                {
                    throw Refused;
                }
                increment = c - '0';
                _pos++;
                c = Cur;
                if (c == '+' || c == '-')
                {
                    chomping = c == '+' ? 1 : -1;
                    _pos++;
                }
            }
            SkipSpaces();
            if (Cur == '#')
            {
                while (_pos < _n && !IsBreak(_s[_pos]))
                {
                    _pos++;
                }
            }
            if (_pos >= _n)
            {
                // Nothing after the header: SharpYaml's reading of the end of the text is not mirrored.
                throw Refused;
            }
            if (!IsBreak(_s[_pos]))
            {
                throw Refused;
            }
            NewLine();

            var currentIndent = increment != 0 ? (indent >= 0 ? indent + increment : increment) : 0;
            var trailingBreaks = 0;
            var endLine = _line;
            var endCol = Col;
            currentIndent = BlockScalarBreaks(currentIndent, indent, ref trailingBreaks, ref endLine, ref endCol);

            var value = Builder();
            var leadingBreak = false;
            var leadingBlank = false;
            while (Col == currentIndent && _pos < _n)
            {
                var trailingBlank = Cur == ' ' || Cur == '\t';
                if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
                {
                    if (trailingBreaks == 0)
                    {
                        value.Append(' ');
                    }
                    leadingBreak = false;
                }
                else
                {
                    if (leadingBreak)
                    {
                        value.Append('\n');
                    }
                    leadingBreak = false;
                }
                if (trailingBreaks > 0)
                {
                    value.Append('\n', trailingBreaks);
                }
                trailingBreaks = 0;
                leadingBlank = Cur == ' ' || Cur == '\t';
                var lineStart = _pos;
                while (_pos < _n && !IsBreak(_s[_pos]))
                {
                    _pos++;
                }
                value.Append(_s, lineStart, _pos - lineStart);
                if (_pos >= _n)
                {
                    // A last line without a line break: not mirrored.
                    throw Refused;
                }
                NewLine();
                leadingBreak = true;
                currentIndent = BlockScalarBreaks(currentIndent, indent, ref trailingBreaks, ref endLine, ref endCol);
            }
            if (chomping != -1 && leadingBreak)
            {
                value.Append('\n');
            }
            if (chomping == 1 && trailingBreaks > 0)
            {
                value.Append('\n', trailingBreaks);
            }
            return DocNode.Scalar(value.ToString(), true, new DocSpan(startLine, startCol, endLine, endCol));
        }

        private int BlockScalarBreaks(int currentIndent, int indent, ref int breaks, ref int endLine, ref int endCol)
        {
            var maxIndent = 0;
            endLine = _line;
            endCol = Col;
            while (true)
            {
                while ((currentIndent == 0 || Col < currentIndent) && _pos < _n && _s[_pos] == ' ')
                {
                    _pos++;
                }
                if (Col > maxIndent)
                {
                    maxIndent = Col;
                }
                if ((currentIndent == 0 || Col < currentIndent) && Cur == '\t')
                {
                    throw Refused;
                }
                if (_pos >= _n || !IsBreak(_s[_pos]))
                {
                    break;
                }
                breaks++;
                NewLine();
                endLine = _line;
                endCol = 0;
            }
            if (currentIndent == 0)
            {
                currentIndent = Math.Max(maxIndent, Math.Max(indent + 1, 1));
            }
            return currentIndent;
        }

        /// <summary>Skips blanks, comments and line breaks inside a flow collection; the next token must be indented more than the block.</summary>
        private void FlowSkip(int indent)
        {
            SkipToNextToken();
            if (_pos >= _n || Col <= indent || (Col == 0 && (AtDocumentMarker('-') || AtDocumentMarker('.'))))
            {
                throw Refused;
            }
        }

        /// <summary>A flow sequence or mapping at its '[' or '{'; ends after the closing bracket.</summary>
        private DocNode ParseFlowCollection(int indent)
        {
            if (++_depth > MaxDepth)
            {
                throw Refused;
            }
            var span = new DocSpan(_line, Col, _line, Col);
            if (Cur == '[')
            {
                var sequence = DocNode.Sequence(span);
                _pos++;
                FlowSkip(indent);
                if (Cur == ']')
                {
                    _pos++;
                    _depth--;
                    return sequence;
                }
                while (true)
                {
                    sequence.Items!.Add(ParseFlowItem(indent));
                    FlowSkip(indent);
                    if (Cur == ',')
                    {
                        _pos++;
                        FlowSkip(indent);
                        if (Cur == ']')
                        {
                            throw Refused;
                        }
                        continue;
                    }
                    if (Cur == ']')
                    {
                        _pos++;
                        _depth--;
                        return sequence;
                    }
                    throw Refused;
                }
            }

            var mapping = DocNode.Mapping(span);
            var members = mapping.Members!;
            HashSet<string>? keys = null;
            _pos++;
            FlowSkip(indent);
            if (Cur == '}')
            {
                _pos++;
                _depth--;
                return mapping;
            }
            while (true)
            {
                var keyLine = _line;
                var keyPos = _pos;
                DocNode key;
                if (Cur == '"' || Cur == '\'')
                {
                    key = ScanQuoted(indent);
                }
                else if (IsPlainStart(flow: true))
                {
                    key = ScanPlain(0, flow: true, out var stop);
                    if (stop == PlainStop.FlowIndicator || key.Text == "<<")
                    {
                        throw Refused;
                    }
                }
                else
                {
                    throw Refused;
                }
                SkipSpaces();
                if (Cur != ':' || _line != keyLine || key.Span.EndLine != keyLine || _pos - keyPos > MaxKeyLength)
                {
                    throw Refused;
                }
                _pos++;
                FlowSkip(indent);
                if (Cur == ',' || Cur == '}')
                {
                    throw Refused;
                }
                var value = ParseFlowItem(indent);
                AddKey(members, ref keys, key.Text!);
                members.Add(new DocMember(key.Text!, key.Span, value));
                FlowSkip(indent);
                if (Cur == ',')
                {
                    _pos++;
                    FlowSkip(indent);
                    if (Cur == '}')
                    {
                        throw Refused;
                    }
                    continue;
                }
                if (Cur == '}')
                {
                    _pos++;
                    _depth--;
                    return mapping;
                }
                throw Refused;
            }
        }

        private DocNode ParseFlowItem(int indent)
        {
            switch (Cur)
            {
                case '[':
                case '{':
                    return ParseFlowCollection(indent);
                case '"':
                case '\'':
                    return ScanQuoted(indent);
            }
            if (!IsPlainStart(flow: true))
            {
                throw Refused;
            }
            var scalar = ScanPlain(0, flow: true, out var stop);
            if (stop == PlainStop.Colon || (stop == PlainStop.FlowIndicator && Cur == '?'))
            {
                throw Refused;
            }
            return scalar;
        }

        private sealed class RefusedException : Exception
        {
        }
    }
}
