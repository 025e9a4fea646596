using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnKashGen.Diagnostics;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Turns the text of one spec file into a <see cref="JsonNode"/>, the input Microsoft.OpenApi reads from. The text is
    /// checked against <see cref="InputLimits"/> first, so no parser ever sees a document that could exhaust the stack
    /// or the memory of the compiler. Never throws; every problem is a diagnostic at its line.
    /// </summary>
    internal static class DocumentParser
    {
        /// <summary>JSON or YAML, decided as Microsoft.OpenApi decides it: a first non-blank <c>{</c> or <c>[</c> is JSON.</summary>
        public static bool IsJson(string text)
        {
            foreach (var c in text)
            {
                if (c == '\uFEFF' || char.IsWhiteSpace(c))
                {
                    continue;
                }
                return c == '{' || c == '[';
            }
            return false;
        }

        /// <param name="file">The file's path for diagnostics; null for the root document.</param>
        public static JsonNode? Parse(string text, string? file, InputLimits limits, DiagnosticBag diagnostics)
        {
            if (InputScanner.Check(text, limits) is { } violation)
            {
                diagnostics.AtLine(DiagnosticCatalogue.InputLimit, violation.Line, violation.Column, file, violation.Message);
                return null;
            }
            return IsJson(text) ? ParseJson(text, file, limits, diagnostics) : YamlDocumentParser.Parse(text, file, limits, diagnostics);
        }

        private static JsonNode? ParseJson(string text, string? file, InputLimits limits, DiagnosticBag diagnostics)
        {
            text = WithWholeCharacters(text, file, diagnostics);
            try
            {
                var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 1 });
                if (node is null)
                {
                    diagnostics.AtStart(DiagnosticCatalogue.NullDocument, file);
                }
                return node;
            }
            catch (JsonException ex)
            {
                var line = (int)Math.Max(0, ex.LineNumber ?? 0);
                var column = (int)Math.Max(0, ex.BytePositionInLine ?? 0);
                diagnostics.AtLine(DiagnosticCatalogue.InvalidJson, line, column, file, WithoutPosition(ex.Message));
                return null;
            }
        }

        /// <summary>
        /// System.Text.Json accepts an object with a key twice and throws an <see cref="ArgumentException"/> when the
        /// object is first read, by whichever step reads it first. Rather than read every object up front (an example on
        /// every property is common, and the reader never opens most of them), the reading gives up on that exception and
        /// asks this whether a key of a JSON text appears twice; if one does, it is reported at its place.
        /// </summary>
        public static bool ReportDuplicateKey(string text, string? file, DiagnosticBag diagnostics)
        {
            if (!IsJson(text))
            {
                return false;
            }
            if (DuplicateKey(text) is not { } duplicate)
            {
                return false;
            }
            diagnostics.AtLine(DiagnosticCatalogue.DuplicateJsonKey, duplicate.Line, duplicate.Column, file, duplicate.Key);
            return true;
        }

        /// <summary>The first key of valid JSON text that its object already has, and where it is (zero-based); null when none is.</summary>
        private static (string Key, int Line, int Column)? DuplicateKey(string text)
        {
            // One set of keys per open object (null for an array); the scanner has bounded the nesting.
            var open = new Stack<HashSet<string>?>();
            var expectKey = false;
            var line = 0;
            var lineStart = 0;
            for (var i = 0; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '\n':
                        line++;
                        lineStart = i + 1;
                        break;
                    case '\r':
                        if (i + 1 == text.Length || text[i + 1] != '\n')
                        {
                            line++;
                            lineStart = i + 1;
                        }
                        break;
                    case '{':
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        expectKey = true;
                        break;
                    case '[':
                        open.Push(null);
                        expectKey = false;
                        break;
                    case '}':
                    case ']':
                        open.Pop();
                        expectKey = false;
                        break;
                    case ',':
                        expectKey = open.Count > 0 && open.Peek() is not null;
                        break;
                    case '"':
                        var start = i;
                        for (i++; text[i] != '"'; i++)
                        {
                            if (text[i] == '\\')
                            {
                                i++;
                            }
                        }
                        if (expectKey && open.Peek() is { } keys)
                        {
                            var raw = text.Substring(start + 1, i - start - 1);
                            var key = raw.IndexOf('\\') < 0 ? raw : JsonNode.Parse("\"" + raw + "\"")!.GetValue<string>();
                            if (!keys.Add(key))
                            {
                                return (key, line, start - lineStart);
                            }
                        }
                        expectKey = false;
                        break;
                }
            }
            return null;
        }

        /// <summary>
        /// Half of a UTF-16 surrogate pair is no character: System.Text.Json refuses the text when it holds one (an
        /// editor's unsaved buffer may) and throws when a string holds an escaped one (<c>"\ud800"</c>, a truncated emoji)
        /// wherever the string is read. Each becomes U+FFFD, the replacement character, in place (so every place keeps
        /// its line and column), with one warning at the first.
        /// </summary>
        private static string WithWholeCharacters(string text, string? file, DiagnosticBag diagnostics)
        {
            char[]? repaired = null;
            var count = 0;
            int firstLine = 0, firstColumn = 0;
            var line = 0;
            var lineStart = 0;
            var inString = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                int start = i, length;
                if (c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                {
                    line++;
                    lineStart = i + 1;
                    continue;
                }
                if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        i++;
                        continue;
                    }
                    length = 1;
                }
                else if (c == '"')
                {
                    inString = !inString;
                    continue;
                }
                else if (c == '\\' && inString)
                {
                    var unit = Escaped(text, i);
                    if (unit < 0xD800 || unit > 0xDFFF)
                    {
                        // Not a \u escape of a surrogate: skip the escaped character (a quote or a backslash among them).
                        i++;
                        continue;
                    }
                    if (unit <= 0xDBFF && Escaped(text, i + 6) is var low && low >= 0xDC00 && low <= 0xDFFF)
                    {
                        i += 11;
                        continue;
                    }
                    length = 6;
                }
                else
                {
                    continue;
                }
                repaired ??= text.ToCharArray();
                if (length == 1)
                {
                    repaired[start] = '\uFFFD';
                }
                else
                {
                    "\\ufffd".CopyTo(0, repaired, start, 6);
                    i += 5;
                }
                if (count++ == 0)
                {
                    firstLine = line;
                    firstColumn = start - lineStart;
                }
            }
            if (repaired is null)
            {
                return text;
            }
            var more = count > 1 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, " ({0:N0} places in all)", count) : string.Empty;
            diagnostics.AtLine(DiagnosticCatalogue.LoneSurrogate, firstLine, firstColumn, file, more);
            return new string(repaired);
        }

        /// <summary>The code unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, or -1 when there is none.</summary>
        private static int Escaped(string text, int at)
        {
            if (at + 5 >= text.Length || text[at] != '\\' || text[at + 1] != 'u')
            {
                return -1;
            }
            var value = 0;
            for (var k = at + 2; k < at + 6; k++)
            {
                var digit = text[k] switch
                {
                    >= '0' and <= '9' => text[k] - '0',
                    >= 'a' and <= 'f' => text[k] - 'a' + 10,
                    >= 'A' and <= 'F' => text[k] - 'A' + 10,
                    _ => -1,
                };
                if (digit < 0)
                {
                    return -1;
                }
                value = (value * 16) + digit;
            }
            return value;
        }

        /// <summary>"'x' is invalid after a value. Expected ... LineNumber: 3 | BytePositionInLine: 4." keeps the explanation only.</summary>
        private static string WithoutPosition(string message)
        {
            var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (index > 0 ? message.Substring(0, index) : message).Trim();
        }
    }
}
