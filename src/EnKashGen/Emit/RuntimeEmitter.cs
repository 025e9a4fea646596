using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace EnKashGen.Emit
{
    /// <summary>
    /// The support code every generated client shares (exceptions, encryption hook, token cache, request pipeline),
    /// emitted once per compilation from the embedded Runtime/*.cs files.
    /// </summary>
    internal static class RuntimeEmitter
    {
        private const string Prefix = "EnKashGen.Runtime.";
        private static readonly Regex TopLevelPublic = new Regex("^    public ", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        private static readonly string[] Always =
        {
            "ApiClientCore.cs", "BearerTokenCache.cs", "BodyEncryption.cs", "DebugText.cs", "Exceptions.cs", "JsonPrimitives.cs", "Validation.cs",
        };

        public static List<(string HintName, string Source)> Emit(bool hasLogging, string accessibility)
        {
            var files = new List<(string, string)>();
            foreach (var name in Always)
            {
                files.Add(("EnKashGen.Runtime." + name.Replace(".cs", ".g.cs"), Load(name, accessibility)));
            }
            if (hasLogging)
            {
                files.Add(("EnKashGen.Runtime.LoggerApiLogSink.g.cs", Load("LoggerApiLogSink.cs", accessibility)));
            }
            return files;
        }

        private static string Load(string name, string accessibility)
        {
            using var stream = typeof(RuntimeEmitter).Assembly.GetManifestResourceStream(Prefix + name);
            if (stream is null)
            {
                return "// EnKashGen: missing runtime resource " + name + "\n";
            }
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd().Replace("\r\n", "\n");
            return accessibility == "internal" ? TopLevelPublic.Replace(text, "    internal ") : text;
        }
    }
}
