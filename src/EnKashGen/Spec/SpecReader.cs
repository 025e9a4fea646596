using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EnKashGen.Model;
using EnKashGen.Spec.Fast;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Readers.Exceptions;
using Microsoft.OpenApi.Validations;

namespace EnKashGen.Spec
{
    /// <summary>
    /// The only entry into Microsoft.OpenApi: spec text in, <see cref="SpecResult"/> out. Never throws; every problem
    /// becomes a diagnostic located in the spec file.
    /// </summary>
    internal static class SpecReader
    {
        /// <summary>Reader warnings (mostly examples that disagree with their schema) reported per spec, at most.</summary>
        private const int MaxReaderWarnings = 20;

        /// <summary>Reader errors without a place that are located by searching the text for what they quote, at most.</summary>
        private const int MaxQuotedLookups = 50;

        private static readonly Regex VersionField = new Regex("^[ \\t{]*[\"']?(openapi|swagger)[\"']?[ \\t]*:[ \\t]*[\"']?([^\"',\\s}]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex UnresolvedId = new Regex("^Invalid Reference identifier '([^']*)'", RegexOptions.CultureInvariant);
        private static readonly Regex RefValue = new Regex("[\"']?\\$ref[\"']?[ \\t]*:[ \\t]*[\"']?([^\"'\\s},]+)", RegexOptions.CultureInvariant);
        private static readonly Regex Quoted = new Regex("'([^'\\r\\n]{2,})'", RegexOptions.CultureInvariant);
        private static readonly Regex ReaderPosition = new Regex("\\(Lin: (\\d+), Col: (\\d+)", RegexOptions.CultureInvariant);

        public static SpecResult Read(SpecInput input)
        {
            var diagnostics = new List<PendingDiagnostic>();
            var locator = new PointerLocator(input.Path, input.Text);
            ApiModel? model = null;
            try
            {
                model = ReadCore(input, diagnostics, locator);
            }
            catch (Exception ex)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.InternalError, $"EnKashGen could not process this spec ({ex.GetType().Name}: {ex.Message}); please report it with the spec", null, 0, 0));
                model = null;
            }
            return new SpecResult(model, Locate(diagnostics, locator));
        }

        private static ApiModel? ReadCore(SpecInput input, List<PendingDiagnostic> diagnostics, PointerLocator locator)
        {
            var text = input.Text;
            if (string.IsNullOrWhiteSpace(text))
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.EmptySpec, "The spec file is empty; no client is generated", null, 0, 0));
                return null;
            }

            var version = VersionField.Match(text);
            if (version.Success)
            {
                var field = version.Groups[1].Value;
                var value = version.Groups[2].Value;
                var line = LineOf(text, version.Groups[2].Index);
                var column = version.Groups[2].Index - LineStart(text, version.Groups[2].Index);
                var supported = field == "swagger" ? value.StartsWith("2.0", StringComparison.Ordinal) : value.StartsWith("3.0", StringComparison.Ordinal);
                if (!supported)
                {
                    var hint = value.StartsWith("3.1", StringComparison.Ordinal)
                        ? "OpenAPI 3.1 is not supported yet; convert the document to 3.0 (e.g. 'type: [string, \"null\"]' becomes 'type: string' with 'nullable: true')"
                        : "supported versions are OpenAPI 3.0.x (and Swagger 2.0, read as 3.0)";
                    diagnostics.Add(new PendingDiagnostic(DiagnosticIds.UnsupportedVersion, $"'{field}: {value}' is not supported: {hint}", null, line, column));
                    return null;
                }
            }

            var settings = new OpenApiReaderSettings
            {
                ReferenceResolution = ReferenceResolutionSetting.ResolveLocalReferences,
                LoadExternalRefs = false,
            };
            Microsoft.OpenApi.Models.OpenApiDocument document;
            OpenApiDiagnostic readerDiagnostic;
            try
            {
                // The fast path gives what the reader gives, or nothing (then the reader reads, with its diagnostics).
                var fast = FastSpecReader.TryRead(text);
                if (fast is not null)
                {
                    document = fast.Document;
                    readerDiagnostic = fast.Diagnostic;
                    locator.UseTree(fast.Root);
                }
                else
                {
                    document = new OpenApiStringReader(settings).Read(text, out readerDiagnostic);
                }
            }
            catch (OpenApiUnsupportedSpecVersionException ex)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.UnsupportedVersion, "The document has no supported 'openapi' version field: " + ex.Message, null, 0, 0));
                return null;
            }
            catch (Exception ex)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.InvalidDocument, $"The OpenAPI reader could not read this document: {ex.Message}", null, 0, 0));
                return null;
            }

            var fatal = false;
            var unresolvedIds = new HashSet<string>(StringComparer.Ordinal);
            var quotedLookups = 0;
            foreach (var error in readerDiagnostic.Errors)
            {
                var pointer = error.Pointer ?? string.Empty;
                if (pointer.StartsWith("#line=", StringComparison.Ordinal))
                {
                    var position = ReaderPosition.Match(error.Message ?? string.Empty);
                    var line = position.Success ? int.Parse(position.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : ParseLine(pointer);
                    var column = position.Success ? int.Parse(position.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    diagnostics.Add(new PendingDiagnostic(DiagnosticIds.SyntaxError, "The spec is not valid YAML/JSON: " + StripPosition(error.Message), null, line, column));
                    fatal = true;
                }
                else if (UnresolvedId.Match(error.Message ?? string.Empty) is { Success: true } unresolved)
                {
                    if (!unresolvedIds.Add(unresolved.Groups[1].Value))
                    {
                        continue;
                    }
                    // The reader drops a reference it cannot resolve and gives no place: find the $ref in the text.
                    ReportUnresolved(text, unresolved.Groups[1].Value, diagnostics);
                }
                else if (error is OpenApiValidatorError)
                {
                    // A rule of the specification the document breaks (e.g. two paths that differ only in parameter
                    // names); the document was read completely, so the client is still generated.
                    diagnostics.Add(new PendingDiagnostic(DiagnosticIds.RuleViolation, "The document breaks an OpenAPI rule: " + error.Message, pointer.Length == 0 ? null : pointer, 0, 0));
                }
                else
                {
                    var message = "The document is not valid OpenAPI: " + error.Message;
                    if ((error.Message ?? string.Empty).StartsWith("The reference string", StringComparison.Ordinal))
                    {
                        message += " References must name a whole component (such as '#/components/schemas/Name'); the reader uses the component the reference starts with.";
                    }
                    if (pointer.Length == 0 && quotedLookups++ < MaxQuotedLookups && FindQuoted(text, error.Message) is { } place)
                    {
                        // The reader gives no place for some errors; the text they quote (a reference) shows where.
                        diagnostics.Add(new PendingDiagnostic(DiagnosticIds.InvalidDocument, message, null, place.Line, place.Column));
                    }
                    else
                    {
                        diagnostics.Add(new PendingDiagnostic(DiagnosticIds.InvalidDocument, message, pointer.Length == 0 ? null : pointer, 0, 0));
                    }
                }
            }
            if (fatal || document is null)
            {
                return null;
            }

            var warnings = readerDiagnostic.Warnings;
            for (var i = 0; i < warnings.Count && i < MaxReaderWarnings; i++)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.SpecWarning, warnings[i].Message, string.IsNullOrEmpty(warnings[i].Pointer) ? null : warnings[i].Pointer, 0, 0));
            }
            if (warnings.Count > MaxReaderWarnings)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.SpecWarning, $"{warnings.Count - MaxReaderWarnings} more reader warnings are not listed", null, 0, 0));
            }

            var fileStem = Path.GetFileNameWithoutExtension(input.Path);
            var defaultName = Naming.Pascal(fileStem, "Api");
            var ns = string.IsNullOrWhiteSpace(input.Namespace) ? defaultName : Naming.Namespace(input.Namespace!, defaultName);
            var client = string.IsNullOrWhiteSpace(input.ClientName) ? defaultName + "Client" : Naming.Pascal(input.ClientName, defaultName + "Client");
            return new ModelBuilder(document, ns, client, input.Accessibility, Path.GetFileName(input.Path), diagnostics, locator).Build();
        }

        private static EquatableArray<DiagnosticInfo> Locate(List<PendingDiagnostic> diagnostics, PointerLocator locator)
        {
            if (diagnostics.Count == 0)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }
            var pointers = diagnostics.Where(d => d.Pointer is not null).Select(d => d.Pointer!).Distinct(StringComparer.Ordinal).ToList();
            var located = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
            if (pointers.Count > 0)
            {
                var locations = locator.Locate(pointers);
                for (var i = 0; i < pointers.Count; i++)
                {
                    located[pointers[i]] = locations[i];
                }
            }
            return diagnostics
                .Select(d => new DiagnosticInfo(d.Id, d.Message, d.Pointer is not null ? located[d.Pointer] : d.Line >= 0 ? locator.AtLine(d.Line, d.Column) : locator.Start()))
                .ToEquatableArray();
        }

        private static void ReportUnresolved(string text, string id, List<PendingDiagnostic> diagnostics)
        {
            var found = false;
            foreach (Match match in RefValue.Matches(text))
            {
                var target = match.Groups[1].Value;
                if (target == id || target.EndsWith("/" + id, StringComparison.Ordinal))
                {
                    var index = match.Groups[1].Index;
                    diagnostics.Add(new PendingDiagnostic(DiagnosticIds.UnresolvedReference, $"The reference '{target}' does not resolve to anything in this document; the value is generated as untyped JSON", null, LineOf(text, index), index - LineStart(text, index)));
                    found = true;
                }
            }
            if (!found)
            {
                diagnostics.Add(new PendingDiagnostic(DiagnosticIds.UnresolvedReference, $"The reference '{id}' does not resolve to anything in this document; the value is generated as untyped JSON", null, 0, 0));
            }
        }

        /// <summary>The first place in the spec of a text quoted in a reader message ('...'), if the text occurs in the spec.</summary>
        private static (int Line, int Column)? FindQuoted(string text, string? message)
        {
            var match = Quoted.Match(message ?? string.Empty);
            if (!match.Success)
            {
                return null;
            }
            var quoted = match.Groups[1].Value;
            var index = text.IndexOf("#" + quoted, StringComparison.Ordinal);
            if (index < 0)
            {
                index = text.IndexOf(quoted, StringComparison.Ordinal);
            }
            if (index < 0)
            {
                return null;
            }
            return (LineOf(text, index), index - LineStart(text, index));
        }

        private static int ParseLine(string pointer) => int.TryParse(pointer.Substring("#line=".Length), out var line) ? Math.Max(0, line) : 0;

        private static string StripPosition(string? message)
        {
            var m = message ?? string.Empty;
            // "(Lin: 7, Col: 0, Chr: 69) - (Lin: 7, Col: 0, Chr: 69): While parsing ..." keeps only the explanation.
            var colon = m.LastIndexOf("): ", StringComparison.Ordinal);
            return colon >= 0 ? m.Substring(colon + 3) : m;
        }

        private static int LineOf(string text, int index)
        {
            var line = 0;
            for (var i = 0; i < index && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                }
            }
            return line;
        }

        private static int LineStart(string text, int index)
        {
            var start = text.LastIndexOf('\n', Math.Max(0, index - 1));
            return start < 0 ? 0 : start + 1;
        }
    }
}
