using System;
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
                diagnostics.AtLine(DiagnosticIds.InputLimit, violation.Message + "; no client is generated from it", violation.Line, violation.Column, file);
                return null;
            }
            return IsJson(text) ? ParseJson(text, file, limits, diagnostics) : YamlDocumentParser.Parse(text, file, limits, diagnostics);
        }

        private static JsonNode? ParseJson(string text, string? file, InputLimits limits, DiagnosticBag diagnostics)
        {
            try
            {
                var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 1 });
                if (node is null)
                {
                    diagnostics.AtStart(DiagnosticIds.UnreadableDocument, "The document is the JSON value null, not an OpenAPI document", file);
                }
                return node;
            }
            catch (JsonException ex)
            {
                var line = (int)Math.Max(0, ex.LineNumber ?? 0);
                var column = (int)Math.Max(0, ex.BytePositionInLine ?? 0);
                diagnostics.AtLine(DiagnosticIds.SyntaxError, "The spec is not valid JSON: " + WithoutPosition(ex.Message), line, column, file);
                return null;
            }
        }

        /// <summary>"'x' is invalid after a value. Expected ... LineNumber: 3 | BytePositionInLine: 4." keeps the explanation only.</summary>
        private static string WithoutPosition(string message)
        {
            var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (index > 0 ? message.Substring(0, index) : message).Trim();
        }
    }
}
