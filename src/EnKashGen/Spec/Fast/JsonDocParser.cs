using System;
using System.Collections.Generic;
using System.Text;

namespace EnKashGen.Spec.Fast
{
    /// <summary>
    /// Strict RFC 8259 JSON straight into a <see cref="DocNode"/> tree, with the values and positions SharpYaml gives the
    /// same text (the OpenAPI reader reads JSON as YAML): strings are explicit scalars with their escapes decoded, numbers,
    /// <c>true</c>, <c>false</c> and <c>null</c> plain scalars; a string's span covers its quotes, a number's its digits,
    /// an object's or array's span is its opening bracket. Anything that is not strict JSON, or that YAML would read
    /// differently (a raw line separator inside a string, a key too long or not on the line of its colon, a duplicate key,
    /// a byte order mark), gives null: the caller then reads the text the slow way.
    /// </summary>
    internal static class JsonDocParser
    {
        /// <summary>Deeper documents are left to the reader (and the recursion of this parser stays bounded).</summary>
        private const int MaxDepth = 400;

        /// <summary>YAML only takes a key that is at most 1024 characters before its colon; keep well inside that.</summary>
        private const int MaxKeyReach = 1000;

        public static DocNode? Parse(string text)
        {
            if (text is null)
            {
                return null;
            }
            var parser = new Parser(text);
            try
            {
                return parser.ParseDocument();
            }
            catch (RefusedException)
            {
                return null;
            }
        }

        private sealed class RefusedException : Exception
        {
        }

        private sealed class Parser
        {
            private readonly string _text;
            private int _pos;
            private int _line;
            private int _lineStart;
            private StringBuilder? _builder;

            public Parser(string text)
            {
                _text = text;
            }

            public DocNode ParseDocument()
            {
                SkipWhitespace(allowTabs: false);
                if (_pos >= _text.Length)
                {
                    throw Refuse();
                }
                var root = ParseValue(0);
                SkipWhitespace(allowTabs: false);
                if (_pos != _text.Length)
                {
                    throw Refuse();
                }
                return root;
            }

            private static RefusedException Refuse() => new RefusedException();

            private int Column => _pos - _lineStart;

            private void SkipWhitespace(bool allowTabs)
            {
                var text = _text;
                while (_pos < text.Length)
                {
                    var c = text[_pos];
                    if (c == ' ')
                    {
                        _pos++;
                    }
                    else if (c == '\n')
                    {
                        _pos++;
                        _line++;
                        _lineStart = _pos;
                    }
                    else if (c == '\r')
                    {
                        _pos++;
                        if (_pos < text.Length && text[_pos] == '\n')
                        {
                            _pos++;
                        }
                        _line++;
                        _lineStart = _pos;
                    }
                    else if (c == '\t')
                    {
                        if (!allowTabs)
                        {
                            // Outside a flow collection YAML does not take tabs as indentation.
                            throw Refuse();
                        }
                        _pos++;
                    }
                    else
                    {
                        return;
                    }
                }
            }

            private DocNode ParseValue(int depth)
            {
                if (_pos >= _text.Length)
                {
                    throw Refuse();
                }
                switch (_text[_pos])
                {
                    case '{':
                        return ParseObject(depth + 1);
                    case '[':
                        return ParseArray(depth + 1);
                    case '"':
                        {
                            var line = _line;
                            var column = Column;
                            var value = ParseString();
                            return DocNode.Scalar(value, true, new DocSpan(line, column, _line, Column));
                        }
                    case 't':
                        return Literal("true");
                    case 'f':
                        return Literal("false");
                    case 'n':
                        return Literal("null");
                    default:
                        return ParseNumber();
                }
            }

            private DocNode ParseObject(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Refuse();
                }
                var node = DocNode.Mapping(new DocSpan(_line, Column, _line, Column));
                var members = node.Members!;
                HashSet<string>? keys = null;
                _pos++;
                SkipWhitespace(allowTabs: true);
                if (_pos < _text.Length && _text[_pos] == '}')
                {
                    _pos++;
                    return node;
                }
                while (true)
                {
                    if (_pos >= _text.Length || _text[_pos] != '"')
                    {
                        throw Refuse();
                    }
                    var keyLine = _line;
                    var keyColumn = Column;
                    var keyStart = _pos;
                    var key = ParseString();
                    var keySpan = new DocSpan(keyLine, keyColumn, _line, Column);
                    SkipWhitespace(allowTabs: true);
                    if (_pos >= _text.Length || _text[_pos] != ':' || _line != keyLine || _pos - keyStart > MaxKeyReach)
                    {
                        throw Refuse();
                    }
                    _pos++;
                    SkipWhitespace(allowTabs: true);
                    var value = ParseValue(depth);

                    if (members.Count < 8)
                    {
                        for (var i = 0; i < members.Count; i++)
                        {
                            if (string.Equals(members[i].Key, key, StringComparison.Ordinal))
                            {
                                throw Refuse();
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
                        if (!keys.Add(key))
                        {
                            throw Refuse();
                        }
                    }
                    members.Add(new DocMember(key, keySpan, value));

                    SkipWhitespace(allowTabs: true);
                    if (_pos >= _text.Length)
                    {
                        throw Refuse();
                    }
                    var c = _text[_pos];
                    _pos++;
                    if (c == '}')
                    {
                        return node;
                    }
                    if (c != ',')
                    {
                        throw Refuse();
                    }
                    SkipWhitespace(allowTabs: true);
                }
            }

            private DocNode ParseArray(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Refuse();
                }
                var node = DocNode.Sequence(new DocSpan(_line, Column, _line, Column));
                var items = node.Items!;
                _pos++;
                SkipWhitespace(allowTabs: true);
                if (_pos < _text.Length && _text[_pos] == ']')
                {
                    _pos++;
                    return node;
                }
                while (true)
                {
                    items.Add(ParseValue(depth));
                    SkipWhitespace(allowTabs: true);
                    if (_pos >= _text.Length)
                    {
                        throw Refuse();
                    }
                    var c = _text[_pos];
                    _pos++;
                    if (c == ']')
                    {
                        return node;
                    }
                    if (c != ',')
                    {
                        throw Refuse();
                    }
                    SkipWhitespace(allowTabs: true);
                }
            }

            private DocNode Literal(string word)
            {
                if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
                {
                    throw Refuse();
                }
                var column = Column;
                _pos += word.Length;
                EndOfPlainScalar();
                return DocNode.Scalar(word, false, new DocSpan(_line, column, _line, Column));
            }

            private DocNode ParseNumber()
            {
                var text = _text;
                var start = _pos;
                var p = _pos;
                if (p < text.Length && text[p] == '-')
                {
                    p++;
                }
                if (p >= text.Length)
                {
                    throw Refuse();
                }
                if (text[p] == '0')
                {
                    p++;
                }
                else if (text[p] >= '1' && text[p] <= '9')
                {
                    while (p < text.Length && IsDigit(text[p]))
                    {
                        p++;
                    }
                }
                else
                {
                    throw Refuse();
                }
                if (p < text.Length && text[p] == '.')
                {
                    p++;
                    if (p >= text.Length || !IsDigit(text[p]))
                    {
                        throw Refuse();
                    }
                    while (p < text.Length && IsDigit(text[p]))
                    {
                        p++;
                    }
                }
                if (p < text.Length && (text[p] == 'e' || text[p] == 'E'))
                {
                    p++;
                    if (p < text.Length && (text[p] == '+' || text[p] == '-'))
                    {
                        p++;
                    }
                    if (p >= text.Length || !IsDigit(text[p]))
                    {
                        throw Refuse();
                    }
                    while (p < text.Length && IsDigit(text[p]))
                    {
                        p++;
                    }
                }
                var column = Column;
                _pos = p;
                EndOfPlainScalar();
                return DocNode.Scalar(text.Substring(start, p - start), false, new DocSpan(_line, column, _line, Column));
            }

            /// <summary>A plain scalar must end where JSON says it does (YAML would otherwise read on).</summary>
            private void EndOfPlainScalar()
            {
                if (_pos >= _text.Length)
                {
                    return;
                }
                var c = _text[_pos];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != ',' && c != ']' && c != '}')
                {
                    throw Refuse();
                }
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            /// <summary>Reads a string from its opening quote to after its closing quote; the value has its escapes decoded.</summary>
            private string ParseString()
            {
                var text = _text;
                var start = ++_pos;
                var p = start;
                // The common case: no escapes.
                while (p < text.Length)
                {
                    var c = text[p];
                    if (c == '"')
                    {
                        _pos = p + 1;
                        return text.Substring(start, p - start);
                    }
                    if (c == '\\')
                    {
                        break;
                    }
                    p = CheckRaw(p);
                }
                if (p >= text.Length)
                {
                    throw Refuse();
                }

                var sb = _builder ??= new StringBuilder();
                sb.Clear();
                sb.Append(text, start, p - start);
                while (true)
                {
                    if (p >= text.Length)
                    {
                        throw Refuse();
                    }
                    var c = text[p];
                    if (c == '"')
                    {
                        _pos = p + 1;
                        return sb.ToString();
                    }
                    if (c != '\\')
                    {
                        var next = CheckRaw(p);
                        sb.Append(text, p, next - p);
                        p = next;
                        continue;
                    }
                    if (p + 1 >= text.Length)
                    {
                        throw Refuse();
                    }
                    var e = text[p + 1];
                    p += 2;
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            {
                                var code = Hex4(p);
                                p += 4;
                                if (code >= 0xD800 && code <= 0xDBFF)
                                {
                                    // A high surrogate must be followed by an escaped low one; YAML joins the two.
                                    if (p + 6 > text.Length || text[p] != '\\' || text[p + 1] != 'u')
                                    {
                                        throw Refuse();
                                    }
                                    var low = Hex4(p + 2);
                                    if (low < 0xDC00 || low > 0xDFFF)
                                    {
                                        throw Refuse();
                                    }
                                    p += 6;
                                    sb.Append((char)code).Append((char)low);
                                }
                                else if (code >= 0xDC00 && code <= 0xDFFF)
                                {
                                    throw Refuse();
                                }
                                else
                                {
                                    sb.Append((char)code);
                                }
                                break;
                            }
                        default:
                            throw Refuse();
                    }
                }
            }

            private int Hex4(int p)
            {
                if (p + 4 > _text.Length)
                {
                    throw Refuse();
                }
                var value = 0;
                for (var i = 0; i < 4; i++)
                {
                    var c = _text[p + i];
                    int digit;
                    if (c >= '0' && c <= '9')
                    {
                        digit = c - '0';
                    }
                    else if (c >= 'a' && c <= 'f')
                    {
                        digit = c - 'a' + 10;
                    }
                    else if (c >= 'A' && c <= 'F')
                    {
                        digit = c - 'A' + 10;
                    }
                    else
                    {
                        throw Refuse();
                    }
                    value = (value << 4) | digit;
                }
                return value;
            }

            /// <summary>
            /// Checks the raw character at <paramref name="p"/> inside a string and returns the index after it (after both
            /// halves of a surrogate pair). Refused: what JSON forbids (control characters) and what YAML would not keep as
            /// it is (its line breaks NEL, LS and PS, and characters it does not print).
            /// </summary>
            private int CheckRaw(int p)
            {
                var c = _text[p];
                if (c >= 0x20 && c <= 0x7E)
                {
                    return p + 1;
                }
                if (c >= 0xA0 && c <= 0xD7FF)
                {
                    if (c == '\u2028' || c == '\u2029')
                    {
                        throw Refuse();
                    }
                    return p + 1;
                }
                if (c >= 0xE000 && c <= 0xFFFD)
                {
                    if (c == '\uFEFF')
                    {
                        throw Refuse();
                    }
                    return p + 1;
                }
                if (c >= 0xD800 && c <= 0xDBFF && p + 1 < _text.Length && _text[p + 1] >= 0xDC00 && _text[p + 1] <= 0xDFFF)
                {
                    return p + 2;
                }
                throw Refuse();
            }
        }
    }
}
