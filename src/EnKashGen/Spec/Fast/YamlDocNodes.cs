namespace EnKashGen.Spec.Fast
{
    /// <summary>The YAML entry of the fast spec readers: a YAML spec text as a <see cref="DocNode"/> tree.</summary>
    internal static class YamlDocNodes
    {
        /// <summary>
        /// The tree of <paramref name="text"/>: <see cref="FastYamlParser"/> when it accepts the text, else SharpYaml's
        /// (the same tree, slower). Null when SharpYaml does not give one spec either (a syntax error, several
        /// documents, duplicate keys...): the caller then reads the spec with Microsoft.OpenApi.Readers, which reports
        /// the problem. Never throws.
        /// </summary>
        public static DocNode? Read(string text) => FastYamlParser.Parse(text) ?? SharpYamlDocNodes.Read(text);
    }
}
