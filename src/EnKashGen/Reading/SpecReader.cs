using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EnKashGen.Diagnostics;
using Microsoft.CodeAnalysis;
using EnKashGen.Mapping;
using EnKashGen.Model;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Spec text in, <see cref="SpecResult"/> out: bounds the input, parses it, bundles its parts, lets
    /// Microsoft.OpenApi read it and maps the result. Never throws; every problem becomes a diagnostic located in the
    /// spec file it concerns. A problem the generator can work around is a warning and the client is still generated;
    /// errors are kept for documents that yield no client.
    /// </summary>
    internal static class SpecReader
    {
        /// <summary>Reader warnings (mostly examples that disagree with their schema) reported per spec, at most.</summary>
        private const int MaxReaderWarnings = 20;

        /// <summary>Reader complaints reported per spec, at most; a document with thousands gets a summary line for the rest.</summary>
        private const int MaxReaderErrors = 200;

        private static readonly Uri BaseUri = new Uri("https://openapi.net/");

        private static readonly (string OpenApi3, string Swagger2)[] Swagger2Sections =
        {
            ("/components/schemas", "/definitions"), ("/components/parameters", "/parameters"), ("/components/responses", "/responses"),
            ("/components/securitySchemes", "/securityDefinitions"),
        };
        private static readonly Regex InvalidProperty = new Regex("^(?<name>.*) is not a valid property at (?<pointer>#\\S*)$", RegexOptions.CultureInvariant);
        private static readonly Regex TrailingPointer = new Regex(" at (?<pointer>#/\\S*)\\.?$", RegexOptions.CultureInvariant);
        private static readonly Regex SupportedVersion = new Regex("^(2\\.0|3\\.[0-2](\\.\\d+)?)(-[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant);

        public static SpecResult Read(SpecInput input, EquatableArray<SpecFileText> parts, InputLimits? limits = null)
        {
            var diagnostics = new DiagnosticBag();
            var origins = SpecOrigins.None;
            ApiModel? model;
            try
            {
                model = ReadCore(input, parts, limits ?? InputLimits.Default, diagnostics, ref origins);
            }
            catch (ArgumentException) when (DuplicateKey(input, parts, diagnostics))
            {
                // An object with a key twice, met by the first step that read it (see DocumentParser.ReportDuplicateKey).
                model = null;
            }
            catch (Exception ex)
            {
                diagnostics.AtStart(DiagnosticCatalogue.ReadingFailed, null, ex.GetType().Name, ex.Message);
                model = null;
            }
            return new SpecResult(model, Locate(diagnostics, input, parts, origins));
        }

        private static ApiModel? ReadCore(SpecInput input, EquatableArray<SpecFileText> parts, InputLimits limits, DiagnosticBag diagnostics, ref SpecOrigins origins)
        {
            if (string.IsNullOrWhiteSpace(input.Text))
            {
                diagnostics.AtStart(DiagnosticCatalogue.EmptySpec, null);
                return null;
            }
            var node = DocumentParser.Parse(input.Text, null, limits, diagnostics);
            if (node is null)
            {
                return null;
            }
            if (node is not JsonObject root)
            {
                diagnostics.AtStart(DiagnosticCatalogue.NotAMapping, null);
                return null;
            }

            var (field, version) = SpecPreparation.Version(root);
            if (field is null || version is null)
            {
                diagnostics.AtStart(DiagnosticCatalogue.NoVersionField, null);
                return null;
            }
            var swagger = field == "swagger";
            if ((swagger && version != "2.0") || (!swagger && (!SupportedVersion.IsMatch(version) || version.StartsWith("2", StringComparison.Ordinal))))
            {
                diagnostics.AtPointer(DiagnosticCatalogue.UnsupportedVersion, "#/" + field, null, field, version);
                return null;
            }

            var openApi30 = swagger || version.StartsWith("3.0", StringComparison.Ordinal);
            var hasExternalReferences = SpecPreparation.Prepare(root, openApi30, out var schemaPointers);
            var originList = new List<Origin>();
            if (hasExternalReferences)
            {
                if (!SpecBundler.Bundle(root, input.Path, swagger ? "2.0" : version, parts, limits, diagnostics, originList))
                {
                    return null;
                }
            }
            if (schemaPointers || hasExternalReferences)
            {
                SpecPreparation.HoistSchemaPointers(root, swagger, input.Path, originList);
            }
            if (swagger)
            {
                // The reader and the mapper name a Swagger 2.0 document's places as OpenAPI 3 does.
                foreach (var (openApi3, swagger2) in Swagger2Sections)
                {
                    originList.Add(new Origin(openApi3, input.Path, swagger2));
                }
            }
            if (originList.Count > 0)
            {
                origins = new SpecOrigins(input.Path, originList);
            }
            ReferenceCycles.Break(root, swagger, diagnostics, origins);

            if (swagger)
            {
                Swagger20Preparation.Prepare(root);
            }

            ReadResult result;
            try
            {
                // LoadExternalRefs stays off: the reader never opens a file or a URL; parts were bundled above.
                result = new OpenApiJsonReader().Read(root, BaseUri, new OpenApiReaderSettings { RuleSet = Rules(input.CheckExamples) });
            }
            catch (Exception ex)
            {
                if (!(ex is ArgumentException && DuplicateKey(input, parts, diagnostics)))
                {
                    diagnostics.AtStart(DiagnosticCatalogue.ReaderFailed, null, ex.GetType().Name, ex.Message);
                }
                return null;
            }

            ReportReaderDiagnostics(result.Diagnostic, diagnostics, origins);
            var document = result.Document;
            if (document is null)
            {
                diagnostics.AtStart(DiagnosticCatalogue.ReaderReadNothing, null);
                return null;
            }

            var fileStem = System.IO.Path.GetFileNameWithoutExtension(input.Path);
            var defaultName = Naming.Pascal(fileStem, "Api");
            var ns = string.IsNullOrWhiteSpace(input.Namespace) ? defaultName : Naming.Namespace(input.Namespace!, defaultName);
            var client = string.IsNullOrWhiteSpace(input.ClientName) ? defaultName + "Client" : Naming.Pascal(input.ClientName, defaultName + "Client");
            var filter = OperationFilter.Create(input.Filters, diagnostics);
            return new ModelBuilder(document, ns, client, input.Accessibility, System.IO.Path.GetFileName(input.Path), diagnostics, origins, root, filter).Build();
        }

        /// <summary>Reports the first key that appears twice in one object of the spec's JSON files, if any does.</summary>
        private static bool DuplicateKey(SpecInput input, EquatableArray<SpecFileText> parts, DiagnosticBag diagnostics)
        {
            if (DocumentParser.ReportDuplicateKey(input.Text, null, diagnostics))
            {
                return true;
            }
            foreach (var part in parts)
            {
                if (DocumentParser.ReportDuplicateKey(part.Text, part.Path, diagnostics))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The rules the reader checks the document against: <see cref="BuildRules"/> without and with the example rules.</summary>
        private static readonly Lazy<ValidationRuleSet> DefaultRules = new Lazy<ValidationRuleSet>(() => BuildRules(checkExamples: false));
        private static readonly Lazy<ValidationRuleSet> RulesWithExamples = new Lazy<ValidationRuleSet>(() => BuildRules(checkExamples: true));

        private static ValidationRuleSet Rules(bool checkExamples) => checkExamples ? RulesWithExamples.Value : DefaultRules.Value;

        /// <summary>
        /// The reader's default rules but one, and with <paramref name="checkExamples"/> the rules that check examples and
        /// defaults against their schemas (reader warnings, EKG005).
        /// <list type="bullet">
        /// <item>The example rules walk every example of the document: on a vendor spec with an example on most
        /// properties they are a quarter of the reading time, for findings that change nothing in the client, so a
        /// project asks for them.</item>
        /// <item>The rule left out resolves every reference of the document once more to report one that resolves to
        /// nothing; that is EKG006, reported where the mapping meets the reference and saying what the value becomes.</item>
        /// </list>
        /// The set is built anew rather than copied from the default and trimmed: a copy shares its rule lists with the
        /// library's default set, and removing a rule from it would change the default for every other user of the
        /// library in the compiler's process.
        /// </summary>
        internal static ValidationRuleSet BuildRules(bool checkExamples)
        {
            var rules = new ValidationRuleSet();
            foreach (var rule in ValidationRuleSet.GetDefaultRuleSet().Rules)
            {
                if (rule.Name != nameof(OpenApiDocumentRules.OpenApiDocumentReferencesAreValid) && ElementType(rule) is { } type)
                {
                    rules.Add(type, rule);
                }
            }
            if (checkExamples)
            {
                rules.Add(typeof(IOpenApiHeader), OpenApiNonDefaultRules.HeaderMismatchedDataType);
                rules.Add(typeof(OpenApiMediaType), OpenApiNonDefaultRules.MediaTypeMismatchedDataType);
                rules.Add(typeof(OpenApiParameter), OpenApiNonDefaultRules.ParameterMismatchedDataType);
                rules.Add(typeof(IOpenApiSchema), OpenApiNonDefaultRules.SchemaMismatchedDataType);
            }
            return rules;
        }

        /// <summary>The <c>T</c> of a <c>ValidationRule&lt;T&gt;</c>: the kind of element the rule checks.</summary>
        private static Type? ElementType(ValidationRule rule)
        {
            for (var type = rule.GetType(); type is not null; type = type.BaseType)
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValidationRule<>))
                {
                    return type.GetGenericArguments()[0];
                }
            }
            return null;
        }

        private static void ReportReaderDiagnostics(OpenApiDiagnostic? reader, DiagnosticBag diagnostics, SpecOrigins origins)
        {
            if (reader is null)
            {
                return;
            }
            var errors = reader.Errors;
            for (var i = 0; i < errors.Count && i < MaxReaderErrors; i++)
            {
                var error = errors[i];
                var pointer = PointerOf(error);
                if (error is OpenApiValidatorError)
                {
                    // A rule of the specification the document breaks (two paths that differ only in parameter names, say);
                    // the document was read completely, so the client is still generated.
                    Add(diagnostics, origins, DiagnosticCatalogue.RuleViolation, error.Message, pointer);
                }
                else
                {
                    Add(diagnostics, origins, DiagnosticCatalogue.FormatViolation, error.Message, pointer);
                }
            }
            if (errors.Count > MaxReaderErrors)
            {
                diagnostics.AtStart(DiagnosticCatalogue.MoreFormatViolations, null, errors.Count - MaxReaderErrors);
            }

            var warnings = reader.Warnings;
            for (var i = 0; i < warnings.Count && i < MaxReaderWarnings; i++)
            {
                Add(diagnostics, origins, DiagnosticCatalogue.ReaderWarning, warnings[i].Message, PointerOf(warnings[i]));
            }
            if (warnings.Count > MaxReaderWarnings)
            {
                diagnostics.AtStart(DiagnosticCatalogue.MoreReaderWarnings, null, warnings.Count - MaxReaderWarnings);
            }
        }

        private static void Add(DiagnosticBag diagnostics, SpecOrigins origins, DiagnosticDescriptor descriptor, string message, string? pointer)
        {
            if (pointer is null)
            {
                diagnostics.AtStart(descriptor, null, message);
                return;
            }
            var (file, filePointer) = origins.Translate(pointer);
            diagnostics.AtPointer(descriptor, filePointer, file, message);
        }

        /// <summary>
        /// The pointer of a reader complaint. Some complaints carry it only in their text ("x is not a valid property at
        /// #/components/schemas/Pet"); the member itself is located then, not its parent.
        /// </summary>
        private static string? PointerOf(OpenApiError error)
        {
            var message = error.Message ?? string.Empty;
            if (InvalidProperty.Match(message) is { Success: true } invalid)
            {
                return invalid.Groups["pointer"].Value.TrimEnd('/') + "/" + PointerLocator.Escape(invalid.Groups["name"].Value);
            }
            if (error.Pointer is { Length: > 0 } pointer && pointer.StartsWith("#", StringComparison.Ordinal))
            {
                return pointer;
            }
            if (TrailingPointer.Match(message) is { Success: true } trailing)
            {
                return trailing.Groups["pointer"].Value;
            }
            return null;
        }

        private static EquatableArray<DiagnosticInfo> Locate(DiagnosticBag diagnostics, SpecInput input, EquatableArray<SpecFileText> parts, SpecOrigins origins)
        {
            var items = diagnostics.Items;
            if (items.Count == 0)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }
            var locators = new Dictionary<string, PointerLocator>(StringComparer.Ordinal);
            PointerLocator LocatorOf(string? file)
            {
                var path = file ?? input.Path;
                if (!locators.TryGetValue(path, out var locator))
                {
                    var text = file is null ? input.Text : parts.FirstOrDefault(p => p.Path == file)?.Text ?? string.Empty;
                    locator = new PointerLocator(path, text);
                    locators.Add(path, locator);
                }
                return locator;
            }

            var located = new Dictionary<(string?, string), LocationInfo>();
            foreach (var group in items.Where(d => d.Pointer is not null).GroupBy(d => d.File))
            {
                var pointers = group.Select(d => d.Pointer!).Distinct(StringComparer.Ordinal).ToList();
                var locations = LocatorOf(group.Key).Locate(pointers);
                for (var i = 0; i < pointers.Count; i++)
                {
                    located[(group.Key, pointers[i])] = locations[i];
                }
            }
            return items
                .Select(d => new DiagnosticInfo(
                    d.Descriptor,
                    d.Arguments.ToEquatableArray(),
                    d.Pointer is not null ? located[(d.File, d.Pointer)] : LocatorOf(d.File).AtLine(Math.Max(0, d.Line), Math.Max(0, d.Column)))
                    .WithSeverity(input.Severities.FirstOrDefault(o => o.Id == d.Descriptor.Id)?.Severity))
                .ToEquatableArray();
        }
    }
}
