using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace EnKashGen.Mapping
{
    /// <summary>Turns arbitrary spec text into valid, readable C# identifiers.</summary>
    internal static class Naming
    {
        /// <summary><c>grant_type</c> → <c>GrantType</c>, <c>NOT_UPLOADED</c> → <c>NotUploaded</c>, <c>Etc/GMT+0</c> → <c>EtcGmtPlus0</c>, <c>authorization-2</c> → <c>Authorization2</c>.</summary>
        public static string Pascal(string? text, string fallback)
        {
            var words = SplitWords(text ?? string.Empty);
            var sb = new StringBuilder();
            foreach (var word in words)
            {
                AppendWord(sb, word);
            }
            if (sb.Length == 0)
            {
                return fallback;
            }
            if (!IsIdentifierStart(sb[0]))
            {
                sb.Insert(0, '_');
            }
            return sb.ToString();
        }

        /// <summary>camelCase for parameters and locals; keywords get an <c>@</c> prefix.</summary>
        public static string Camel(string? text, string fallback) => EscapeKeyword(CamelWord(text, fallback));

        /// <summary>camelCase without escaping keywords: for uniqueness checks before <see cref="EscapeKeyword"/>.</summary>
        public static string CamelWord(string? text, string fallback)
        {
            var pascal = Pascal(text, fallback);
            var i = 0;
            while (i < pascal.Length && char.IsUpper(pascal[i]) && (i == 0 || i + 1 >= pascal.Length || char.IsUpper(pascal[i + 1]) || !char.IsLetter(pascal[i + 1])))
            {
                i++;
            }
            if (i == 0 && pascal.Length > 0 && char.IsUpper(pascal[0]))
            {
                i = 1;
            }
            return pascal.Substring(0, i).ToLowerInvariant() + pascal.Substring(i);
        }

        public static string EscapeKeyword(string identifier)
        {
            return SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.VarKeyword
                ? "@" + identifier
                : identifier;
        }

        /// <summary>A dotted namespace made of valid identifiers.</summary>
        public static string Namespace(string text, string fallback)
        {
            var parts = new List<string>();
            foreach (var part in text.Split('.'))
            {
                var p = Pascal(part, string.Empty);
                if (p.Length > 0)
                {
                    parts.Add(SyntaxFacts.GetKeywordKind(p) != SyntaxKind.None ? "@" + p : p);
                }
            }
            return parts.Count == 0 ? fallback : string.Join(".", parts);
        }

        private static List<string> SplitWords(string text)
        {
            var words = new List<string>();
            var start = -1;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (IsIdentifierPart(c))
                {
                    if (start < 0)
                    {
                        start = i;
                    }
                    continue;
                }
                Flush(words, text, ref start, i);
                // A sign in front of a digit carries meaning (Etc/GMT+0 vs Etc/GMT-0, -1); elsewhere it separates words.
                // A hyphen between a lower-case word or a digit and a digit is a separator (authorization-2, 1-day).
                if ((c == '+' || (c == '-' && !FollowsWord(text, i))) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                {
                    words.Add(c == '+' ? "Plus" : "Minus");
                }
            }
            Flush(words, text, ref start, text.Length);
            return words;
        }

        /// <summary>Whether the character before <paramref name="index"/> ends a word in lower case or a number.</summary>
        private static bool FollowsWord(string text, int index)
        {
            if (index == 0)
            {
                return false;
            }
            var previous = text[index - 1];
            return char.IsDigit(previous) || (char.IsLetter(previous) && !char.IsUpper(previous));
        }

        /// <summary>Adds the word that runs from <paramref name="start"/> (when one has started) to <paramref name="end"/>.</summary>
        private static void Flush(List<string> words, string text, ref int start, int end)
        {
            if (start >= 0)
            {
                words.Add(text.Substring(start, end - start));
                start = -1;
            }
        }

        private static void AppendWord(StringBuilder sb, string word)
        {
            var allUpper = true;
            var letters = 0;
            foreach (var c in word)
            {
                if (char.IsLetter(c))
                {
                    letters++;
                    if (!char.IsUpper(c))
                    {
                        allUpper = false;
                    }
                }
            }
            if (allUpper && letters > 1)
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word.Substring(1).ToLowerInvariant());
            }
            else
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word, 1, word.Length - 1);
            }
        }

        private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

        private static bool IsIdentifierPart(char c)
        {
            if (c == '_')
            {
                // Underscores separate words; they are re-added only where needed for a leading digit.
                return false;
            }
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.ConnectorPunctuation:
                    return c != '_' && c < 0xD800 || c > 0xDFFF;
                default:
                    return false;
            }
        }
    }

    /// <summary>Hands out names unique within one scope, appending 2, 3, ... on collision (deterministic; case-sensitive unless told otherwise).</summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string> _used;

        /// <summary>
        /// Per name (and suffix), the lowest number not yet known to be taken: every number below it was taken when it
        /// was tried (a name given back lowers it to its number again), so the search resumes there. Without it, n names that collide
        /// after sanitising cost n^2/2 tries, minutes for the 50,000 members a spec may have.
        /// </summary>
        private readonly Dictionary<string, int> _next = new Dictionary<string, int>(System.StringComparer.Ordinal);

        /// <summary>The name and number each numbered name was made from, so that <see cref="Release"/> can give the number back.</summary>
        private readonly Dictionary<string, (string Key, int Number)> _numbered;

        public NameScope()
            : this(System.StringComparer.Ordinal)
        {
        }

        public NameScope(System.StringComparer comparer)
        {
            _used = new HashSet<string>(comparer);
            _numbered = new Dictionary<string, (string Key, int Number)>(comparer);
        }

        public bool Contains(string name) => _used.Contains(name);

        /// <summary>
        /// Gives back a name taken by <see cref="Unique"/> whose type was not generated after all (it shares another's),
        /// so that the names after it come out as if it had never been taken: no gaps in the numbering.
        /// </summary>
        public void Release(string name)
        {
            if (!_used.Remove(name))
            {
                return;
            }
            if (_numbered.TryGetValue(name, out var origin))
            {
                _numbered.Remove(name);
                if (_next.TryGetValue(origin.Key, out var next) && origin.Number < next)
                {
                    _next[origin.Key] = origin.Number;
                }
            }
        }

        public void Reserve(string name) => _used.Add(name);

        /// <summary>Like <see cref="Unique"/>, with the number before a fixed suffix: <c>GetItem2Async</c>, not <c>GetItemAsync2</c>.</summary>
        public string UniqueBefore(string name, string suffix) => Numbered(name, suffix);

        public string Unique(string name) => Numbered(name, string.Empty);

        private string Numbered(string name, string suffix)
        {
            if (_used.Add(name + suffix))
            {
                return name + suffix;
            }
            var key = name + "\u0000" + suffix;
            var i = _next.TryGetValue(key, out var next) ? next : 2;
            for (; ; i++)
            {
                var candidate = name + i.ToString(CultureInfo.InvariantCulture) + suffix;
                if (_used.Add(candidate))
                {
                    _next[key] = i + 1;
                    _numbered[candidate] = (key, i);
                    return candidate;
                }
            }
        }
    }
}
