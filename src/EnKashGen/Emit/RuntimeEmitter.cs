using System.Collections.Generic;
using System.IO;
using System.Text;

namespace EnKashGen.Emit
{
    /// <summary>
    /// The support code every generated client shares, emitted once per compilation from the generator's embedded
    /// Runtime/ sources. Runtime/Internal is plumbing and always <c>internal</c>. Runtime/Public is the documented
    /// surface (exceptions, the encryption hook, the token cache, the log sink, validation errors); its types are
    /// declared without an access modifier, and one generated file gives them the spec's accessibility through
    /// partial declarations, so nothing rewrites the sources. When a referenced assembly already exposes the public
    /// surface, this compilation uses that one instead of declaring a second (two would clash, CS0436).
    /// <para>
    /// What a compilation compiles is what its build pays for, so the plumbing is emitted without its comments (they
    /// are for the people who change it, and stay in the sources and in src/EnKashGen.Runtime; the public surface keeps
    /// its documentation, which IntelliSense shows), in two files (plumbing and surface) with a file-scoped namespace,
    /// and only the parts the compilation's specs use: each optional part is an <c>#if ENKASHGEN_...</c> block of the
    /// sources (see <see cref="RuntimeFeature"/>), kept or left out here, and the union codec is a source of its own.
    /// </para>
    /// </summary>
    internal static class RuntimeEmitter
    {
        private static readonly string[] Internal =
        {
            "ApiClientCore.cs", "ApiTelemetry.cs", "DebugText.cs", "EnumCodec.cs", "HierarchyCodec.cs", "JsonCodec.cs", "JsonPrimitives.cs",
            "NullApiLogSink.cs", "ObjectCodec.cs", "ReplayGuard.cs", "RequestValidator.cs", "UnionCodec.cs",
        };

        private static readonly string[] Public = { "BearerTokenCache.cs", "BodyEncryption.cs", "Exceptions.cs", "Logging.cs", "Replay.cs", "Validation.cs" };

        /// <summary>The public surface's declarations: the kind and name of each type, as its source declares it.</summary>
        internal static readonly (string Kind, string Name)[] Surface =
        {
            ("partial struct", "AccessToken"),
            ("partial class", "BearerTokenCache"),
            ("partial interface", "IBodyEncryption"),
            ("partial class", "PassThroughBodyEncryption"),
            ("partial class", "AesEcbBodyEncryption"),
            ("partial class", "ApiException"),
            ("partial class", "ApiErrorException"),
            ("partial class", "ApiHttpException"),
            ("partial class", "ApiResponseFormatException"),
            ("partial class", "ApiDecryptionException"),
            ("partial class", "ApiEncryptionException"),
            ("partial class", "ApiTimeoutException"),
            ("partial class", "ApiConnectionException"),
            ("partial class", "ApiAuthenticationException"),
            ("partial class", "ApiValidationException"),
            ("partial class", "ApiOutcomeUnknownException"),
            ("partial class", "ApiNotAppliedException"),
            ("static partial class", "ApiRequestMarkers"),
            ("partial interface", "IApiLogSink"),
            ("partial class", "ValidationError"),
        };

        /// <summary>The runtime source only unions use.</summary>
        internal const string UnionsOnly = "UnionCodec.cs";

        /// <summary>The file of the plumbing.</summary>
        internal const string InternalFile = "EnKashGen.Runtime.Internal.g.cs";

        /// <summary>The file of the public surface (and of the logger sink, when the compilation references logging).</summary>
        internal const string PublicFile = "EnKashGen.Runtime.Public.g.cs";

        /// <param name="features">The runtime parts the compilation's specs use (the union codec is emitted only with <see cref="RuntimeFeature.Unions"/>).</param>
        public static List<(string HintName, string Source)> Emit(bool hasLogging, string accessibility, bool surfaceReferenced, bool loggerSinkReferenced, RuntimeFeature features)
        {
            var plumbing = new List<string>();
            foreach (var name in Internal)
            {
                if (name != UnionsOnly || (features & RuntimeFeature.Unions) != 0)
                {
                    plumbing.Add(Plumbing(name, features));
                }
            }
            var files = new List<(string, string)> { (InternalFile, Merge(plumbing, null)) };
            var sources = new List<string>();
            var surface = new List<string>();
            if (!surfaceReferenced)
            {
                foreach (var name in Public)
                {
                    sources.Add(PublicSource(name));
                }
                foreach (var (kind, type) in Surface)
                {
                    surface.Add(kind.Replace("partial struct", "readonly partial struct") + " " + type);
                }
            }
            if (hasLogging && !loggerSinkReferenced)
            {
                sources.Add(PublicSource("LoggerApiLogSink.cs"));
                surface.Add("partial class LoggerApiLogSink");
            }
            if (sources.Count > 0)
            {
                // The declarations that give the surface the spec's accessibility close the file.
                var declarations = new StringBuilder();
                foreach (var declaration in surface)
                {
                    declarations.Append(declarations.Length == 0 ? string.Empty : "\n").Append(accessibility).Append(' ').Append(declaration).Append("\n{\n}\n");
                }
                files.Add((PublicFile, Merge(sources, declarations.ToString())));
            }
            return files;
        }

        /// <summary>
        /// One file of several file-scoped runtime sources: one header, the using directives of all of them (each once,
        /// sorted), then each source's declarations in turn and <paramref name="tail"/>. Every runtime file names the same
        /// namespace and the same header, so one file costs the compiler (and the reader) one copy of them.
        /// </summary>
        internal static string Merge(IReadOnlyList<string> sources, string? tail)
        {
            var usings = new SortedSet<string>(System.StringComparer.Ordinal);
            var bodies = new List<string>(sources.Count);
            foreach (var source in sources)
            {
                var lines = source.Split('\n');
                var first = 0;
                while (first < lines.Length && IsHeaderLine(lines[first]))
                {
                    if (lines[first].StartsWith("using ", System.StringComparison.Ordinal))
                    {
                        usings.Add(lines[first].Substring(6, lines[first].Length - 7));
                    }
                    first++;
                }
                var body = string.Join("\n", lines, first, lines.Length - first).TrimEnd('\n');
                if (body.Length > 0)
                {
                    bodies.Add(body);
                }
            }
            if (!string.IsNullOrEmpty(tail))
            {
                bodies.Add(tail!.TrimEnd('\n'));
            }
            var text = new StringBuilder("// <auto-generated/>\n#nullable enable\n\n" + RuntimeNamespace + ";\n");
            if (usings.Count > 0)
            {
                text.Append('\n');
                foreach (var name in usings)
                {
                    text.Append("using ").Append(name).Append(";\n");
                }
            }
            foreach (var body in bodies)
            {
                text.Append('\n').Append(body).Append('\n');
            }
            return text.ToString();
        }

        /// <summary>A line of a runtime source's header: the generated marker, the nullable context, the namespace, a using directive or a blank line.</summary>
        private static bool IsHeaderLine(string line) =>
            line.Length == 0
            || line == "// <auto-generated/>"
            || line == "#nullable enable"
            || line == RuntimeNamespace + ";"
            || (line.StartsWith("using ", System.StringComparison.Ordinal) && line.EndsWith(";", System.StringComparison.Ordinal) && line.IndexOf('=') < 0);

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> SourceCache = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(System.StringComparer.Ordinal);

        /// <summary>
        /// An Internal source with the parts of <paramref name="features"/>, file-scoped and without its comment lines (the
        /// auto-generated marker stays), made once per process and feature set. The cache is emptied when it holds more
        /// than <see cref="CachedSources"/> texts, so a long-lived host (an IDE) whose specs change often never keeps more.
        /// </summary>
        private static string Plumbing(string name, RuntimeFeature features)
        {
            if (SourceCache.Count > CachedSources)
            {
                SourceCache.Clear();
            }
            return SourceCache.GetOrAdd("Internal." + name + "/" + ((int)features).ToString(System.Globalization.CultureInfo.InvariantCulture), _ =>
                Prepare(Load("Internal." + name), features));
        }

        /// <summary>An Internal source as it is emitted: its feature blocks resolved, its comments dropped, the blank lines
        /// those leave behind tidied, its namespace file-scoped.</summary>
        internal static string Prepare(string source, RuntimeFeature features) =>
            FileScoped(WithoutStrayBlankLines(WithoutComments(WithFeatures(source, features))));

        /// <summary>About ten feature sets' worth of plumbing files.</summary>
        internal const int CachedSources = 128;

        /// <summary>How many texts the cache holds now.</summary>
        internal static int CachedCount => SourceCache.Count;

        /// <summary>A Public source, file-scoped, documentation kept, made once per process.</summary>
        private static string PublicSource(string name) => SourceCache.GetOrAdd("Public." + name, static n => FileScoped(Load(n)));

        private const string RuntimeNamespace = "namespace EnKashGen.Runtime";

        /// <summary>
        /// The source with its one <c>namespace EnKashGen.Runtime { ... }</c> block written file-scoped, each line of the
        /// block one level (four spaces) less indented: the block's indentation is one line in ten of the runtime's
        /// characters. The sources keep their block (the runtime's own csproj compiles them as written); a source that
        /// is not exactly one such block, indented throughout (preprocessor lines aside), is left as it is. The runtime
        /// sources have no multi-line string literals, so no literal's text changes.
        /// </summary>
        internal static string FileScoped(string source)
        {
            var lines = source.Split('\n');
            var open = System.Array.IndexOf(lines, RuntimeNamespace);
            var end = lines.Length - 1;
            while (end >= 0 && lines[end].Length == 0)
            {
                end--;
            }
            if (open < 0 || open + 1 >= end || lines[open + 1] != "{" || lines[end] != "}" || System.Array.IndexOf(lines, RuntimeNamespace, open + 1) >= 0)
            {
                return source;
            }
            for (var i = open + 2; i < end; i++)
            {
                if (lines[i].Length > 0 && !lines[i].StartsWith("    ", System.StringComparison.Ordinal) && lines[i][0] != '#')
                {
                    return source;
                }
            }
            var text = new StringBuilder(source.Length);
            for (var i = 0; i < open; i++)
            {
                text.Append(lines[i]).Append('\n');
            }
            text.Append(RuntimeNamespace).Append(";\n");
            if (lines[open + 2].Length > 0)
            {
                text.Append('\n');
            }
            for (var i = open + 2; i < end; i++)
            {
                // A preprocessor line may start at the margin; it stays where it is.
                text.Append(lines[i].StartsWith("    ", System.StringComparison.Ordinal) ? lines[i].Substring(4) : lines[i]).Append('\n');
            }
            return text.ToString();
        }

        /// <summary>
        /// Drops every line that holds only a comment (<c>//</c> or <c>///</c>). The first line,
        /// <c>// &lt;auto-generated/&gt;</c>, stays: it tells analyzers the file is generated. The runtime sources have no
        /// multi-line string literals, so a line that starts with <c>//</c> is always a comment.
        /// </summary>
        internal static string WithoutComments(string source)
        {
            var lines = source.Split('\n');
            var kept = new StringBuilder(source.Length);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (i > 0 && line.TrimStart().StartsWith("//", System.StringComparison.Ordinal))
                {
                    continue;
                }
                kept.Append(line);
                if (i < lines.Length - 1)
                {
                    kept.Append('\n');
                }
            }
            return kept.ToString();
        }

        /// <summary>
        /// The source with the <c>#if</c> blocks of runtime features resolved: a block whose condition holds for
        /// <paramref name="features"/> is kept without its directive lines, any other is dropped. A condition is <c>ENKASHGEN_X</c>,
        /// <c>!ENKASHGEN_X</c>, or such terms joined by <c>&amp;&amp;</c> or by <c>||</c> (not both); <c>#else</c> is
        /// supported. Other directives (<c>#if NET9_0_OR_GREATER</c>) stay for the compiler. The runtime sources have no
        /// multi-line string literals, so every line that starts with '#' is a directive.
        /// </summary>
        internal static string WithFeatures(string source, RuntimeFeature features)
        {
            if (source.IndexOf("ENKASHGEN_", System.StringComparison.Ordinal) < 0)
            {
                return source;
            }
            var lines = source.Split('\n');
            var kept = new List<string>(lines.Length);
            // One frame per open #if: whether it is a feature block, and whether its lines are kept.
            var frames = new Stack<(bool Feature, bool Keep, bool Condition)>();
            var keep = true;
            foreach (var line in lines)
            {
                var directive = line.TrimStart();
                if (directive.StartsWith("#if ", System.StringComparison.Ordinal))
                {
                    var condition = directive.Substring(4).Trim();
                    if (condition.IndexOf("ENKASHGEN_", System.StringComparison.Ordinal) >= 0)
                    {
                        var holds = Holds(condition, features);
                        frames.Push((true, keep, holds));
                        keep = keep && holds;
                        continue;
                    }
                    frames.Push((false, keep, true));
                }
                else if (directive.StartsWith("#else", System.StringComparison.Ordinal) && frames.Count > 0 && frames.Peek().Feature)
                {
                    var frame = frames.Peek();
                    keep = frame.Keep && !frame.Condition;
                    continue;
                }
                else if (directive.StartsWith("#endif", System.StringComparison.Ordinal) && frames.Count > 0)
                {
                    var frame = frames.Pop();
                    var wasFeature = frame.Feature;
                    keep = frame.Keep;
                    if (wasFeature)
                    {
                        continue;
                    }
                }
                if (keep)
                {
                    kept.Add(line);
                }
            }
            return string.Join("\n", kept);
        }

        /// <summary>
        /// Drops the blank lines that removed lines (a feature block, a comment) leave where none was written: a second
        /// one in a row, one right after an opening brace and one right before a closing brace.
        /// </summary>
        internal static string WithoutStrayBlankLines(string source)
        {
            var lines = source.Split('\n');
            var kept = new List<string>(lines.Length);
            foreach (var line in lines)
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0 && kept.Count > 0 && (kept[kept.Count - 1].Trim().Length == 0 || kept[kept.Count - 1].TrimEnd().EndsWith("{", System.StringComparison.Ordinal)))
                {
                    continue;
                }
                if (trimmed.StartsWith("}", System.StringComparison.Ordinal) && kept.Count > 0 && kept[kept.Count - 1].Trim().Length == 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                kept.Add(line);
            }
            return string.Join("\n", kept);
        }

        private static bool Holds(string condition, RuntimeFeature features)
        {
            var all = condition.IndexOf("&&", System.StringComparison.Ordinal) >= 0;
            var terms = condition.Split(new[] { all ? "&&" : "||" }, System.StringSplitOptions.None);
            foreach (var raw in terms)
            {
                var term = raw.Trim();
                var negated = term.StartsWith("!", System.StringComparison.Ordinal);
                var symbol = negated ? term.Substring(1).Trim() : term;
                // An unknown symbol is a mistake in the sources (RuntimeFeatureTests checks there is none): never true.
                var on = RuntimeFeatures.Symbols.TryGetValue(symbol, out var feature) && (features & feature) == feature;
                var value = negated ? !on : on;
                if (all && !value)
                {
                    return false;
                }
                if (!all && value)
                {
                    return true;
                }
            }
            return all;
        }

        private static string Load(string name)
        {
            using var stream = typeof(RuntimeEmitter).Assembly.GetManifestResourceStream("EnKashGen.Runtime." + name);
            if (stream is null)
            {
                return "// EnKashGen: missing runtime resource " + name + "\n";
            }
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Replace("\r\n", "\n");
        }
    }
}
