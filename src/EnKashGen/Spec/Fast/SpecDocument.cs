namespace EnKashGen.Spec.Fast
{
    /// <summary>The one place that turns spec text into a <see cref="DocNode"/> tree, whatever its format.</summary>
    internal static class SpecDocument
    {
        /// <summary>
        /// The document's tree, or null when the fast readers cannot give exactly what the OpenAPI reader would see (the
        /// caller then uses the reader). JSON (the text starts with <c>{</c>) goes through <see cref="JsonDocParser"/>;
        /// YAML, and JSON that is not strict JSON, through <see cref="YamlEventDocReader"/>.
        /// </summary>
        public static DocNode? Parse(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }
            return LooksLikeJson(text) ? JsonDocParser.Parse(text) ?? ParseYaml(text) : ParseYaml(text);
        }

        /// <summary>
        /// The YAML side: <see cref="FastYamlParser"/> for the YAML that specs are written in, SharpYaml's parser events
        /// (<see cref="YamlEventDocReader"/>) for what it refuses; null when neither gives exactly the reader's view.
        /// </summary>
        public static DocNode? ParseYaml(string text) => FastYamlParser.Parse(text) ?? YamlEventDocReader.Parse(text);

        private static bool LooksLikeJson(string text)
        {
            foreach (var c in text)
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    continue;
                }
                return c == '{';
            }
            return false;
        }
    }
}
