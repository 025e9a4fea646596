using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Swagger 2.0 says some things that Microsoft.OpenApi's 2.0 reader drops or refuses. Before it reads, EnKashGen
    /// turns them into extensions the reader keeps (and the mapper reads), or removes fields that are valid 2.0 but
    /// that the reader would report as defects although they change nothing in the client.
    /// </summary>
    internal static class Swagger20Preparation
    {
        /// <summary>A parameter's <c>collectionFormat</c> (csv, ssv, tsv, pipes, multi); the reader sends csv arrays exploded.</summary>
        public const string CollectionFormat = "x-enkashgen-collection-format";

        /// <summary>On a response without <c>schema</c>: it has no body (the reader gives it one media type per <c>produces</c>).</summary>
        public const string NoBody = "x-enkashgen-no-body";

        /// <summary>On an operation whose formData parameters include a required one: its form body is required.</summary>
        public const string RequiredForm = "x-enkashgen-required-form";

        private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch" };

        public static void Prepare(JsonObject root)
        {
            if (root["parameters"] is JsonObject sharedParameters)
            {
                foreach (var pair in sharedParameters)
                {
                    Parameter(pair.Value as JsonObject);
                }
            }
            if (root["responses"] is JsonObject sharedResponses)
            {
                foreach (var pair in sharedResponses)
                {
                    Response(pair.Value as JsonObject);
                }
            }
            if (root["paths"] is not JsonObject paths)
            {
                return;
            }
            foreach (var pathPair in paths)
            {
                if (pathPair.Value is not JsonObject item)
                {
                    continue;
                }
                Parameters(item["parameters"] as JsonArray, root);
                foreach (var method in Methods)
                {
                    if (item[method] is not JsonObject operation)
                    {
                        continue;
                    }
                    // Valid 2.0 (the schemes this operation is served over); the client uses the document's server.
                    operation.Remove("schemes");
                    if (Parameters(operation["parameters"] as JsonArray, root) || Parameters(item["parameters"] as JsonArray, root))
                    {
                        operation[RequiredForm] = true;
                    }
                    if (operation["responses"] is JsonObject responses)
                    {
                        foreach (var response in responses)
                        {
                            Response(response.Value as JsonObject);
                        }
                    }
                }
            }
        }

        /// <summary>Prepares a list of parameters; true when one of them is a required formData parameter.</summary>
        private static bool Parameters(JsonArray? parameters, JsonObject root)
        {
            var requiredForm = false;
            if (parameters is null)
            {
                return false;
            }
            foreach (var node in parameters)
            {
                var parameter = node as JsonObject;
                if (parameter?["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target)
                    && target.StartsWith("#/parameters/", StringComparison.Ordinal) && root["parameters"] is JsonObject shared)
                {
                    parameter = shared[PointerLocator.Segments(target, percentEncoded: true)[1]] as JsonObject;
                }
                Parameter(parameter);
                requiredForm |= parameter is not null && Text(parameter["in"]) == "formData" && parameter["required"] is JsonValue required && required.TryGetValue<bool>(out var isRequired) && isRequired;
            }
            return requiredForm;
        }

        private static void Parameter(JsonObject? parameter)
        {
            if (parameter is null || parameter.ContainsKey("$ref"))
            {
                return;
            }
            // Valid 2.0 for array parameters; the generated client does not check it.
            parameter.Remove("uniqueItems");
            if (Text(parameter["collectionFormat"]) is { } format && !parameter.ContainsKey(CollectionFormat))
            {
                parameter[CollectionFormat] = format;
            }
            if (Text(parameter["collectionFormat"]) == "tsv")
            {
                // The reader has no OpenAPI 3 style for tabs and refuses the whole document; the extension carries it.
                parameter.Remove("collectionFormat");
            }
        }

        private static void Response(JsonObject? response)
        {
            if (response is not null && !response.ContainsKey("$ref") && !response.ContainsKey("schema"))
            {
                response[NoBody] = true;
            }
        }

        private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
