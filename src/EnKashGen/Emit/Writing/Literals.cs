using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Escaping for everything taken from a spec. Strings become C# literals that cannot end early; documentation text
    /// becomes XML doc lines that cannot close the comment or start a new line of code.
    /// </summary>
    internal static class Literals
    {
        /// <summary>A C# regular string literal, quotes included.</summary>
        public static string String(string? value)
        {
            if (value is null)
            {
                return "null";
            }
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"':
                        sb.Append("\\\"");
                        break;
                    case '\\':
                        sb.Append("\\\\");
                        break;
                    case '\n':
                        sb.Append("\\n");
                        break;
                    case '\r':
                        sb.Append("\\r");
                        break;
                    case '\t':
                        sb.Append("\\t");
                        break;
                    case '\0':
                        sb.Append("\\0");
                        break;
                    default:
                        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c) || c == '\uFEFF')
                        {
                            sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            sb.Append('"');
            return sb.ToString();
        }

        /// <summary>Splits documentation into safe lines: XML-escaped, every kind of line break honoured, control characters dropped.</summary>
        public static List<string> XmlDocLines(string text)
        {
            if (IsPlainLine(text))
            {
                // Most spec text is one line with nothing to escape: no copy of it is made.
                var line = text.TrimEnd();
                return line.Length == 0 ? new List<string>() : new List<string>(1) { line };
            }
            var lines = new List<string>();
            var current = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '\r':
                        if (i + 1 < text.Length && text[i + 1] == '\n')
                        {
                            i++;
                        }
                        lines.Add(current.ToString());
                        current.Clear();
                        break;
                    case '\n':
                    case '\u0085':
                    case '\u2028':
                    case '\u2029':
                        lines.Add(current.ToString());
                        current.Clear();
                        break;
                    case '<':
                        current.Append("&lt;");
                        break;
                    case '>':
                        current.Append("&gt;");
                        break;
                    case '&':
                        current.Append("&amp;");
                        break;
                    default:
                        if (c == '\t')
                        {
                            current.Append("    ");
                        }
                        else if (c >= 0x20 && !(c >= 0x7F && c <= 0x9F) && !char.IsSurrogate(c) && c != '\uFEFF')
                        {
                            current.Append(c);
                        }
                        else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            current.Append(c).Append(text[i + 1]);
                            i++;
                        }
                        break;
                }
            }
            lines.Add(current.ToString());

            // Trim leading and trailing blank lines and trailing spaces.
            var start = 0;
            while (start < lines.Count && lines[start].Trim().Length == 0)
            {
                start++;
            }
            var end = lines.Count - 1;
            while (end >= start && lines[end].Trim().Length == 0)
            {
                end--;
            }
            var result = new List<string>(end - start + 1);
            for (var i = start; i <= end; i++)
            {
                result.Add(lines[i].TrimEnd());
            }
            return result;
        }

        /// <summary>
        /// Whether the text is one line that <see cref="XmlDocLines"/> would keep character for character. Conservative:
        /// anything from U+2028 up (line separators, surrogates, the byte order mark, but also most non-Latin letters)
        /// takes the full path, which keeps the same characters.
        /// </summary>
        private static bool IsPlainLine(string text)
        {
            foreach (var c in text)
            {
                if (c < 0x20 || c is '<' or '>' or '&' || (c >= 0x7F && c <= 0x9F) || c >= '\u2028')
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Spec text as one line of XML documentation text (escaped, line breaks as spaces), to embed in markup the emitter writes.</summary>
        public static string XmlText(string text) => Comment(text);

        /// <summary>Text safe inside a single-line <c>//</c> comment.</summary>
        public static string Comment(string text)
        {
            var sb = new StringBuilder();
            foreach (var line in XmlDocLines(text))
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(line);
            }
            return sb.ToString();
        }
    }
}
