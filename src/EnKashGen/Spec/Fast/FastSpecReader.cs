using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Validations;

namespace EnKashGen.Spec.Fast
{
    /// <summary>What the fast path read: the document, the diagnostic the reader would have given, and the tree (for locations).</summary>
    internal sealed class FastReadResult
    {
        public FastReadResult(OpenApiDocument document, OpenApiDiagnostic diagnostic, DocNode root)
        {
            Document = document;
            Diagnostic = diagnostic;
            Root = root;
        }

        public OpenApiDocument Document { get; }

        public OpenApiDiagnostic Diagnostic { get; }

        public DocNode Root { get; }
    }

    /// <summary>
    /// Reads an OpenAPI 3.0 document without Microsoft.OpenApi.Readers' YAML and parse-node layers, and gives what
    /// <c>OpenApiStringReader.Read</c> (local references resolved, no external ones) gives: the same object model, the
    /// same validation errors and warnings, in the same order. Null whenever that cannot be promised; the caller then
    /// uses the reader.
    /// </summary>
    internal static class FastSpecReader
    {
        private static readonly AsyncLocal<bool> Disabled = new AsyncLocal<bool>();

        /// <summary>For tests: while true (on this flow of execution), every spec is read by the OpenAPI reader.</summary>
        internal static bool ForceReader
        {
            get => Disabled.Value;
            set => Disabled.Value = value;
        }

        private static readonly AsyncLocal<StrongBox<int>?> AcceptedCounter = new AsyncLocal<StrongBox<int>?>();

        /// <summary>For tests: counts, on this flow of execution, the documents the fast path read.</summary>
        internal static StrongBox<int>? Accepted
        {
            get => AcceptedCounter.Value;
            set => AcceptedCounter.Value = value;
        }

        public static FastReadResult? TryRead(string text)
        {
            if (Disabled.Value)
            {
                return null;
            }
            FastReadResult? result;
            try
            {
                var root = SpecDocument.Parse(text);
                result = root is null ? null : Read(root);
            }
            catch (System.Exception)
            {
                // The parsers and the loader refuse rather than throw; whatever goes wrong anyway goes wrong again in
                // the reader, which reports it as it always has.
                return null;
            }
            if (result is not null && AcceptedCounter.Value is { } counter)
            {
                Interlocked.Increment(ref counter.Value);
            }
            return result;
        }

        private static FastReadResult? Read(DocNode root)
        {
            var document = FastOpenApiLoader.Load(root);
            if (document is null)
            {
                return null;
            }
            // The reader's own steps after parsing, through the same public API: resolve local references, then validate.
            if (document.ResolveReferences().Any())
            {
                return null;
            }
            var diagnostic = new OpenApiDiagnostic { SpecificationVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0 };
            var ruleSet = ValidationRuleSet.GetDefaultRuleSet();
            if (ruleSet is not null && ruleSet.Rules.Count > 0)
            {
                var results = document.Validate(ruleSet);
                foreach (var error in results.OfType<OpenApiValidatorError>())
                {
                    diagnostic.Errors.Add(error);
                }
                foreach (var warning in results.OfType<OpenApiValidatorWarning>())
                {
                    diagnostic.Warnings.Add(warning);
                }
            }
            return new FastReadResult(document, diagnostic, root);
        }
    }
}
