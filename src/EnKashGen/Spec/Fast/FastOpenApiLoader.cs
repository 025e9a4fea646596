using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Exceptions;
using Microsoft.OpenApi.Expressions;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Interfaces;
using Microsoft.OpenApi.Models;

namespace EnKashGen.Spec.Fast
{
    /// <summary>
    /// Builds the Microsoft.OpenApi object model of an OpenAPI 3.0 <see cref="DocNode"/> tree exactly as the 1.6.11 V3
    /// reader builds it before resolving references (same objects, same field typing, same unresolved references, same
    /// order). Whatever the reader would report as an error, or treat in a way not reproduced here, makes it give up
    /// (null), so the caller reads the document with the reader instead and keeps its diagnostics.
    /// </summary>
    internal static class FastOpenApiLoader
    {
        private static readonly ConcurrentDictionary<string, ParameterStyle> Styles = new ConcurrentDictionary<string, ParameterStyle>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, ParameterLocation> Locations = new ConcurrentDictionary<string, ParameterLocation>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, SecuritySchemeType> SchemeTypes = new ConcurrentDictionary<string, SecuritySchemeType>(StringComparer.Ordinal);
        private static readonly Lazy<HashSet<string>> LocationNames = new Lazy<HashSet<string>>(() =>
            new HashSet<string>(Enum.GetValues(typeof(ParameterLocation)).Cast<ParameterLocation>().Select(l => l.GetDisplayName()), StringComparer.Ordinal));
        private static readonly Lazy<Dictionary<string, ReferenceType>> ReferenceTypes = new Lazy<Dictionary<string, ReferenceType>>(() =>
        {
            var map = new Dictionary<string, ReferenceType>(StringComparer.Ordinal);
            foreach (ReferenceType type in Enum.GetValues(typeof(ReferenceType)))
            {
                var name = type.GetDisplayName();
                if (!map.ContainsKey(name) && name.GetEnumFromDisplayName<ReferenceType>() == type)
                {
                    map.Add(name, type);
                }
            }
            return map;
        });

        /// <summary>The document before reference resolution, or null when the reader must do it.</summary>
        public static OpenApiDocument? Load(DocNode root)
        {
            try
            {
                return LoadDocument(root);
            }
            catch (Exception)
            {
                // Refused, or something the reader would have reported: it reads the document again.
                return null;
            }
        }

        private sealed class RefusedException : Exception
        {
        }

        private static RefusedException Refuse() => new RefusedException();

        // ---- nodes ------------------------------------------------------------------------------------------------

        private static List<DocMember> Map(DocNode node) => node.Kind == DocNodeKind.Mapping ? node.Members! : throw Refuse();

        private static List<DocNode> List(DocNode node) => node.Kind == DocNodeKind.Sequence ? node.Items! : throw Refuse();

        private static string Text(DocNode node) => node.Kind == DocNodeKind.Scalar ? node.Text! : throw Refuse();

        private static bool Bool(DocNode node) => bool.TryParse(Text(node), out var value) ? value : throw Refuse();

        private static int Int(DocNode node) => int.TryParse(Text(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Refuse();

        private static Uri Uri(DocNode node, UriKind kind) => System.Uri.TryCreate(Text(node), kind, out var uri) ? uri : throw Refuse();

        /// <summary><c>decimal.Parse</c> where an overflow gives <paramref name="fallback"/> (the reader's minimum and maximum).</summary>
        private static decimal DecimalOrFallback(DocNode node, decimal fallback)
        {
            var text = Text(node);
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            try
            {
                return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                return fallback;
            }
        }

        /// <summary>The reader compares pattern-field prefixes with the current culture (<c>string.StartsWith(string)</c>).</summary>
        private static bool StartsWith(string text, string prefix) => text.StartsWith(prefix, StringComparison.CurrentCulture);

        private static bool IsExtension(string key) => StartsWith(key, "x-");

        /// <summary>The <c>$ref</c> of a mapping, if it has one (its other members are then ignored, as by the reader).</summary>
        private static string? RefOf(List<DocMember> members)
        {
            for (var i = 0; i < members.Count; i++)
            {
                if (members[i].Key == "$ref")
                {
                    return Text(members[i].Value);
                }
            }
            return null;
        }

        /// <summary>A local reference to a whole component of the expected kind; anything else is left to the reader.</summary>
        private static OpenApiReference Reference(string pointer, ReferenceType type)
        {
            if (string.IsNullOrWhiteSpace(pointer) || !StartsWith(pointer, "#") || pointer[0] != '#')
            {
                throw Refuse();
            }
            var halves = pointer.Split('#');
            if (halves.Length != 2 || string.IsNullOrWhiteSpace(halves[1]))
            {
                throw Refuse();
            }
            var segments = halves[1].Split('/');
            if (segments.Length != 4 || segments[0].Length != 0 || segments[1] != "components")
            {
                throw Refuse();
            }
            if (!ReferenceTypes.Value.TryGetValue(segments[2], out var found) || found != type)
            {
                throw Refuse();
            }
            return new OpenApiReference { Type = found, Id = segments[3] };
        }

        private static T Referenced<T>(string pointer, ReferenceType type)
            where T : IOpenApiReferenceable, new()
        {
            var result = new T { UnresolvedReference = true };
            result.Reference = Reference(pointer, type);
            return result;
        }

        private static IOpenApiExtension Extension(DocNode node) => (IOpenApiExtension)AnyTyping.Specific(CreateAny(node), null)!;

        private static void AddExtension<T>(T element, string key, DocNode value)
            where T : IOpenApiExtensible
            => element.AddExtension(key, Extension(value));

        /// <summary>The untyped value of a node: strings, with whether they were written as explicit strings.</summary>
        internal static IOpenApiAny CreateAny(DocNode node)
        {
            switch (node.Kind)
            {
                case DocNodeKind.Mapping:
                    {
                        var result = new OpenApiObject();
                        foreach (var member in node.Members!)
                        {
                            result.Add(member.Key, CreateAny(member.Value));
                        }
                        return result;
                    }
                case DocNodeKind.Sequence:
                    {
                        var result = new OpenApiArray();
                        foreach (var item in node.Items!)
                        {
                            result.Add(CreateAny(item));
                        }
                        return result;
                    }
                default:
                    return new OpenApiString(node.Text, node.Explicit);
            }
        }

        private static Dictionary<string, T> CreateMap<T>(DocNode node, Func<DocNode, T> load)
        {
            var members = Map(node);
            var result = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                if (member.Value.Kind != DocNodeKind.Mapping)
                {
                    // The reader keeps a null entry here; nothing downstream expects one.
                    throw Refuse();
                }
                result.Add(member.Key, load(member.Value));
            }
            return result;
        }

        private static Dictionary<string, T> CreateMapWithReference<T>(DocNode node, ReferenceType type, Func<DocNode, T> load)
            where T : class, IOpenApiReferenceable
        {
            var members = Map(node);
            var result = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                if (member.Value.Kind != DocNodeKind.Mapping)
                {
                    throw Refuse();
                }
                var value = load(member.Value);
                if (value.Reference is null)
                {
                    value.Reference = new OpenApiReference { Type = type, Id = member.Key };
                }
                result.Add(member.Key, value);
            }
            return result;
        }

        private static List<T> CreateList<T>(DocNode node, Func<DocNode, T> load)
        {
            var items = List(node);
            var result = new List<T>(items.Count);
            foreach (var item in items)
            {
                if (item.Kind != DocNodeKind.Mapping)
                {
                    throw Refuse();
                }
                result.Add(load(item));
            }
            return result;
        }

        private static List<string> CreateStringList(DocNode node)
        {
            var items = List(node);
            var result = new List<string>(items.Count);
            foreach (var item in items)
            {
                result.Add(Text(item));
            }
            return result;
        }

        private static Dictionary<string, string> CreateStringMap(DocNode node)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in Map(node))
            {
                result.Add(member.Key, Text(member.Value));
            }
            return result;
        }

        private static RuntimeExpression Expression(string text)
        {
            try
            {
                return RuntimeExpression.Build(text);
            }
            catch (OpenApiException)
            {
                throw Refuse();
            }
        }

        private static RuntimeExpressionAnyWrapper ExpressionOrAny(DocNode node)
        {
            var text = Text(node);
            if (StartsWith(text, "$"))
            {
                return new RuntimeExpressionAnyWrapper { Expression = Expression(text) };
            }
            return new RuntimeExpressionAnyWrapper { Any = AnyTyping.Specific(CreateAny(node), null) };
        }

        private static ParameterStyle Style(DocNode node)
        {
            var text = Text(node);
            return Styles.GetOrAdd(text, t => t.GetEnumFromDisplayName<ParameterStyle>());
        }

        private static ParameterLocation Location(string text) => Locations.GetOrAdd(text, t => t.GetEnumFromDisplayName<ParameterLocation>());

        // ---- objects ----------------------------------------------------------------------------------------------

        private static OpenApiDocument LoadDocument(DocNode root)
        {
            var members = Map(root);
            string? version = null;
            foreach (var member in members)
            {
                if (member.Key == "openapi")
                {
                    version = Text(member.Value);
                }
            }
            // Swagger 2.0 and anything but 3.0.x is the reader's.
            if (version is null || version == "2.0" || !StartsWith(version, "3.0") || !version.StartsWith("3.0", StringComparison.Ordinal))
            {
                throw Refuse();
            }

            var document = new OpenApiDocument();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "openapi":
                        break;
                    case "info":
                        document.Info = LoadInfo(value);
                        break;
                    case "servers":
                        document.Servers = CreateList(value, LoadServer);
                        break;
                    case "paths":
                        document.Paths = LoadPaths(value);
                        break;
                    case "components":
                        document.Components = LoadComponents(value);
                        break;
                    case "tags":
                        document.Tags = CreateList(value, LoadTag);
                        foreach (var tag in document.Tags)
                        {
                            tag.Reference = new OpenApiReference { Id = tag.Name, Type = ReferenceType.Tag };
                        }
                        break;
                    case "externalDocs":
                        document.ExternalDocs = LoadExternalDocs(value);
                        break;
                    case "security":
                        document.SecurityRequirements = CreateList(value, LoadSecurityRequirement);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(document, member.Key, value);
                        break;
                }
            }
            return document;
        }

        private static OpenApiInfo LoadInfo(DocNode node)
        {
            var info = new OpenApiInfo();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "title":
                        info.Title = Text(value);
                        break;
                    case "version":
                        info.Version = Text(value);
                        break;
                    case "description":
                        info.Description = Text(value);
                        break;
                    case "termsOfService":
                        info.TermsOfService = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    case "contact":
                        info.Contact = LoadContact(value);
                        break;
                    case "license":
                        info.License = LoadLicense(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(info, member.Key, value);
                        break;
                }
            }
            return info;
        }

        private static OpenApiContact LoadContact(DocNode node)
        {
            var contact = new OpenApiContact();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "name":
                        contact.Name = Text(value);
                        break;
                    case "email":
                        contact.Email = Text(value);
                        break;
                    case "url":
                        contact.Url = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(contact, member.Key, value);
                        break;
                }
            }
            return contact;
        }

        private static OpenApiLicense LoadLicense(DocNode node)
        {
            var license = new OpenApiLicense();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "name":
                        license.Name = Text(value);
                        break;
                    case "url":
                        license.Url = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(license, member.Key, value);
                        break;
                }
            }
            return license;
        }

        private static OpenApiServer LoadServer(DocNode node)
        {
            var server = new OpenApiServer();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "url":
                        server.Url = Text(value);
                        break;
                    case "description":
                        server.Description = Text(value);
                        break;
                    case "variables":
                        server.Variables = CreateMap(value, LoadServerVariable);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(server, member.Key, value);
                        break;
                }
            }
            return server;
        }

        private static OpenApiServerVariable LoadServerVariable(DocNode node)
        {
            var variable = new OpenApiServerVariable();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "enum":
                        variable.Enum = CreateStringList(value);
                        break;
                    case "default":
                        variable.Default = Text(value);
                        break;
                    case "description":
                        variable.Description = Text(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(variable, member.Key, value);
                        break;
                }
            }
            return variable;
        }

        private static OpenApiPaths LoadPaths(DocNode node)
        {
            var paths = new OpenApiPaths();
            foreach (var member in Map(node))
            {
                if (StartsWith(member.Key, "/"))
                {
                    paths.Add(member.Key, LoadPathItem(member.Value));
                }
                else if (IsExtension(member.Key))
                {
                    AddExtension(paths, member.Key, member.Value);
                }
                else
                {
                    throw Refuse();
                }
            }
            return paths;
        }

        private static OpenApiPathItem LoadPathItem(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is not null)
            {
                // Path item references are not components in 3.0; the reader's handling is not reproduced.
                throw Refuse();
            }
            var item = new OpenApiPathItem();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "summary":
                        item.Summary = Text(value);
                        break;
                    case "description":
                        item.Description = Text(value);
                        break;
                    case "get":
                        item.AddOperation(OperationType.Get, LoadOperation(value));
                        break;
                    case "put":
                        item.AddOperation(OperationType.Put, LoadOperation(value));
                        break;
                    case "post":
                        item.AddOperation(OperationType.Post, LoadOperation(value));
                        break;
                    case "delete":
                        item.AddOperation(OperationType.Delete, LoadOperation(value));
                        break;
                    case "options":
                        item.AddOperation(OperationType.Options, LoadOperation(value));
                        break;
                    case "head":
                        item.AddOperation(OperationType.Head, LoadOperation(value));
                        break;
                    case "patch":
                        item.AddOperation(OperationType.Patch, LoadOperation(value));
                        break;
                    case "trace":
                        item.AddOperation(OperationType.Trace, LoadOperation(value));
                        break;
                    case "servers":
                        item.Servers = CreateList(value, LoadServer);
                        break;
                    case "parameters":
                        item.Parameters = CreateList(value, LoadParameter);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(item, member.Key, value);
                        break;
                }
            }
            return item;
        }

        private static OpenApiOperation LoadOperation(DocNode node)
        {
            var operation = new OpenApiOperation();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "tags":
                        {
                            var names = CreateStringList(value);
                            var tags = new List<OpenApiTag>(names.Count);
                            foreach (var name in names)
                            {
                                tags.Add(new OpenApiTag { UnresolvedReference = true, Reference = new OpenApiReference { Type = ReferenceType.Tag, Id = name } });
                            }
                            operation.Tags = tags;
                            break;
                        }
                    case "summary":
                        operation.Summary = Text(value);
                        break;
                    case "description":
                        operation.Description = Text(value);
                        break;
                    case "externalDocs":
                        operation.ExternalDocs = LoadExternalDocs(value);
                        break;
                    case "operationId":
                        operation.OperationId = Text(value);
                        break;
                    case "parameters":
                        operation.Parameters = CreateList(value, LoadParameter);
                        break;
                    case "requestBody":
                        operation.RequestBody = LoadRequestBody(value);
                        break;
                    case "responses":
                        operation.Responses = LoadResponses(value);
                        break;
                    case "callbacks":
                        operation.Callbacks = CreateMap(value, LoadCallback);
                        break;
                    case "deprecated":
                        operation.Deprecated = Bool(value);
                        break;
                    case "security":
                        operation.Security = CreateList(value, LoadSecurityRequirement);
                        break;
                    case "servers":
                        operation.Servers = CreateList(value, LoadServer);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(operation, member.Key, value);
                        break;
                }
            }
            return operation;
        }

        private static OpenApiExternalDocs LoadExternalDocs(DocNode node)
        {
            var docs = new OpenApiExternalDocs();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "description":
                        docs.Description = Text(value);
                        break;
                    case "url":
                        docs.Url = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(docs, member.Key, value);
                        break;
                }
            }
            return docs;
        }

        private static OpenApiParameter LoadParameter(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiParameter>(pointer, ReferenceType.Parameter);
            }
            var parameter = new OpenApiParameter();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "name":
                        parameter.Name = Text(value);
                        break;
                    case "in":
                        {
                            var text = Text(value);
                            parameter.In = LocationNames.Value.Contains(text) ? Location(text) : null;
                            break;
                        }
                    case "description":
                        parameter.Description = Text(value);
                        break;
                    case "required":
                        parameter.Required = Bool(value);
                        break;
                    case "deprecated":
                        parameter.Deprecated = Bool(value);
                        break;
                    case "allowEmptyValue":
                        parameter.AllowEmptyValue = Bool(value);
                        break;
                    case "allowReserved":
                        parameter.AllowReserved = Bool(value);
                        break;
                    case "style":
                        parameter.Style = Style(value);
                        break;
                    case "explode":
                        parameter.Explode = Bool(value);
                        break;
                    case "schema":
                        parameter.Schema = LoadSchema(value);
                        break;
                    case "content":
                        parameter.Content = CreateMap(value, LoadMediaType);
                        break;
                    case "examples":
                        parameter.Examples = CreateMap(value, LoadExample);
                        break;
                    case "example":
                        parameter.Example = CreateAny(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(parameter, member.Key, value);
                        break;
                }
            }
            parameter.Example = AnyTyping.Specific(parameter.Example, parameter.Schema);
            TypeExamples(parameter.Examples, parameter.Schema);
            return parameter;
        }

        private static void TypeExamples(IDictionary<string, OpenApiExample> examples, OpenApiSchema? schema)
        {
            foreach (var example in examples)
            {
                if (example.Value is not null)
                {
                    example.Value.Value = AnyTyping.Specific(example.Value.Value, schema);
                }
            }
        }

        private static OpenApiRequestBody LoadRequestBody(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiRequestBody>(pointer, ReferenceType.RequestBody);
            }
            var body = new OpenApiRequestBody();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "description":
                        body.Description = Text(value);
                        break;
                    case "content":
                        body.Content = CreateMap(value, LoadMediaType);
                        break;
                    case "required":
                        body.Required = Bool(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(body, member.Key, value);
                        break;
                }
            }
            return body;
        }

        private static OpenApiResponses LoadResponses(DocNode node)
        {
            var responses = new OpenApiResponses();
            foreach (var member in Map(node))
            {
                if (!IsExtension(member.Key))
                {
                    responses.Add(member.Key, LoadResponse(member.Value));
                }
                else
                {
                    AddExtension(responses, member.Key, member.Value);
                }
            }
            return responses;
        }

        private static OpenApiResponse LoadResponse(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiResponse>(pointer, ReferenceType.Response);
            }
            var response = new OpenApiResponse();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "description":
                        response.Description = Text(value);
                        break;
                    case "headers":
                        response.Headers = CreateMap(value, LoadHeader);
                        break;
                    case "content":
                        response.Content = CreateMap(value, LoadMediaType);
                        break;
                    case "links":
                        response.Links = CreateMap(value, LoadLink);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(response, member.Key, value);
                        break;
                }
            }
            return response;
        }

        private static OpenApiMediaType LoadMediaType(DocNode node)
        {
            var mediaType = new OpenApiMediaType();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "schema":
                        mediaType.Schema = LoadSchema(value);
                        break;
                    case "examples":
                        mediaType.Examples = CreateMap(value, LoadExample);
                        break;
                    case "example":
                        mediaType.Example = CreateAny(value);
                        break;
                    case "encoding":
                        mediaType.Encoding = CreateMap(value, LoadEncoding);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(mediaType, member.Key, value);
                        break;
                }
            }
            mediaType.Example = AnyTyping.Specific(mediaType.Example, mediaType.Schema);
            TypeExamples(mediaType.Examples, mediaType.Schema);
            return mediaType;
        }

        private static OpenApiEncoding LoadEncoding(DocNode node)
        {
            var encoding = new OpenApiEncoding();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "contentType":
                        encoding.ContentType = Text(value);
                        break;
                    case "headers":
                        encoding.Headers = CreateMap(value, LoadHeader);
                        break;
                    case "style":
                        encoding.Style = Style(value);
                        break;
                    case "explode":
                        encoding.Explode = Bool(value);
                        break;
                    case "allowedReserved":
                        // Sic: the reader's name for allowReserved.
                        encoding.AllowReserved = Bool(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(encoding, member.Key, value);
                        break;
                }
            }
            return encoding;
        }

        private static OpenApiHeader LoadHeader(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiHeader>(pointer, ReferenceType.Header);
            }
            var header = new OpenApiHeader();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "description":
                        header.Description = Text(value);
                        break;
                    case "required":
                        header.Required = Bool(value);
                        break;
                    case "deprecated":
                        header.Deprecated = Bool(value);
                        break;
                    case "allowEmptyValue":
                        header.AllowEmptyValue = Bool(value);
                        break;
                    case "allowReserved":
                        header.AllowReserved = Bool(value);
                        break;
                    case "style":
                        header.Style = Style(value);
                        break;
                    case "explode":
                        header.Explode = Bool(value);
                        break;
                    case "schema":
                        header.Schema = LoadSchema(value);
                        break;
                    case "examples":
                        header.Examples = CreateMap(value, LoadExample);
                        break;
                    case "example":
                        // Not typed by the header's schema: the reader keeps the raw value.
                        header.Example = CreateAny(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(header, member.Key, value);
                        break;
                }
            }
            return header;
        }

        private static OpenApiExample LoadExample(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiExample>(pointer, ReferenceType.Example);
            }
            var example = new OpenApiExample();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "summary":
                        example.Summary = Text(value);
                        break;
                    case "description":
                        example.Description = Text(value);
                        break;
                    case "value":
                        example.Value = CreateAny(value);
                        break;
                    case "externalValue":
                        example.ExternalValue = Text(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(example, member.Key, value);
                        break;
                }
            }
            return example;
        }

        private static OpenApiLink LoadLink(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiLink>(pointer, ReferenceType.Link);
            }
            var link = new OpenApiLink();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "operationRef":
                        link.OperationRef = Text(value);
                        break;
                    case "operationId":
                        link.OperationId = Text(value);
                        break;
                    case "parameters":
                        {
                            var parameters = new Dictionary<string, RuntimeExpressionAnyWrapper>(StringComparer.Ordinal);
                            foreach (var p in Map(value))
                            {
                                parameters.Add(p.Key, ExpressionOrAny(p.Value));
                            }
                            link.Parameters = parameters;
                            break;
                        }
                    case "requestBody":
                        link.RequestBody = ExpressionOrAny(value);
                        break;
                    case "description":
                        link.Description = Text(value);
                        break;
                    case "server":
                        link.Server = LoadServer(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(link, member.Key, value);
                        break;
                }
            }
            return link;
        }

        private static OpenApiCallback LoadCallback(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiCallback>(pointer, ReferenceType.Callback);
            }
            var callback = new OpenApiCallback();
            foreach (var member in members)
            {
                if (!IsExtension(member.Key))
                {
                    callback.AddPathItem(Expression(member.Key), LoadPathItem(member.Value));
                }
                else
                {
                    AddExtension(callback, member.Key, member.Value);
                }
            }
            return callback;
        }

        private static OpenApiComponents LoadComponents(DocNode node)
        {
            var components = new OpenApiComponents();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "schemas":
                        components.Schemas = CreateMapWithReference(value, ReferenceType.Schema, LoadSchema);
                        break;
                    case "responses":
                        components.Responses = CreateMapWithReference(value, ReferenceType.Response, LoadResponse);
                        break;
                    case "parameters":
                        components.Parameters = CreateMapWithReference(value, ReferenceType.Parameter, LoadParameter);
                        break;
                    case "examples":
                        components.Examples = CreateMapWithReference(value, ReferenceType.Example, LoadExample);
                        break;
                    case "requestBodies":
                        components.RequestBodies = CreateMapWithReference(value, ReferenceType.RequestBody, LoadRequestBody);
                        break;
                    case "headers":
                        components.Headers = CreateMapWithReference(value, ReferenceType.Header, LoadHeader);
                        break;
                    case "securitySchemes":
                        components.SecuritySchemes = CreateMapWithReference(value, ReferenceType.SecurityScheme, LoadSecurityScheme);
                        break;
                    case "links":
                        components.Links = CreateMapWithReference(value, ReferenceType.Link, LoadLink);
                        break;
                    case "callbacks":
                        components.Callbacks = CreateMapWithReference(value, ReferenceType.Callback, LoadCallback);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(components, member.Key, value);
                        break;
                }
            }
            return components;
        }

        private static OpenApiSecurityScheme LoadSecurityScheme(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return Referenced<OpenApiSecurityScheme>(pointer, ReferenceType.SecurityScheme);
            }
            var scheme = new OpenApiSecurityScheme();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "type":
                        scheme.Type = SchemeTypes.GetOrAdd(Text(value), t => t.GetEnumFromDisplayName<SecuritySchemeType>());
                        break;
                    case "description":
                        scheme.Description = Text(value);
                        break;
                    case "name":
                        scheme.Name = Text(value);
                        break;
                    case "in":
                        scheme.In = Location(Text(value));
                        break;
                    case "scheme":
                        scheme.Scheme = Text(value);
                        break;
                    case "bearerFormat":
                        scheme.BearerFormat = Text(value);
                        break;
                    case "openIdConnectUrl":
                        scheme.OpenIdConnectUrl = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    case "flows":
                        scheme.Flows = LoadOAuthFlows(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(scheme, member.Key, value);
                        break;
                }
            }
            return scheme;
        }

        private static OpenApiOAuthFlows LoadOAuthFlows(DocNode node)
        {
            var flows = new OpenApiOAuthFlows();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "implicit":
                        flows.Implicit = LoadOAuthFlow(value);
                        break;
                    case "password":
                        flows.Password = LoadOAuthFlow(value);
                        break;
                    case "clientCredentials":
                        flows.ClientCredentials = LoadOAuthFlow(value);
                        break;
                    case "authorizationCode":
                        flows.AuthorizationCode = LoadOAuthFlow(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(flows, member.Key, value);
                        break;
                }
            }
            return flows;
        }

        private static OpenApiOAuthFlow LoadOAuthFlow(DocNode node)
        {
            var flow = new OpenApiOAuthFlow();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "authorizationUrl":
                        flow.AuthorizationUrl = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    case "tokenUrl":
                        flow.TokenUrl = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    case "refreshUrl":
                        flow.RefreshUrl = Uri(value, UriKind.RelativeOrAbsolute);
                        break;
                    case "scopes":
                        flow.Scopes = CreateStringMap(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(flow, member.Key, value);
                        break;
                }
            }
            return flow;
        }

        private static OpenApiSecurityRequirement LoadSecurityRequirement(DocNode node)
        {
            var requirement = new OpenApiSecurityRequirement();
            foreach (var member in Map(node))
            {
                var scheme = new OpenApiSecurityScheme
                {
                    UnresolvedReference = true,
                    Reference = new OpenApiReference { Id = member.Key, Type = ReferenceType.SecurityScheme },
                };
                requirement.Add(scheme, CreateStringList(member.Value));
            }
            return requirement;
        }

        private static OpenApiTag LoadTag(DocNode node)
        {
            var tag = new OpenApiTag();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "name":
                        tag.Name = Text(value);
                        break;
                    case "description":
                        tag.Description = Text(value);
                        break;
                    case "externalDocs":
                        tag.ExternalDocs = LoadExternalDocs(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(tag, member.Key, value);
                        break;
                }
            }
            return tag;
        }

        private static OpenApiSchema LoadSchema(DocNode node)
        {
            var members = Map(node);
            if (RefOf(members) is { } pointer)
            {
                return new OpenApiSchema { UnresolvedReference = true, Reference = Reference(pointer, ReferenceType.Schema) };
            }
            var schema = new OpenApiSchema();
            foreach (var member in members)
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "title":
                        schema.Title = Text(value);
                        break;
                    case "multipleOf":
                        schema.MultipleOf = decimal.TryParse(Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var multipleOf) ? multipleOf : throw Refuse();
                        break;
                    case "maximum":
                        schema.Maximum = DecimalOrFallback(value, decimal.MaxValue);
                        break;
                    case "exclusiveMaximum":
                        schema.ExclusiveMaximum = Bool(value);
                        break;
                    case "minimum":
                        schema.Minimum = DecimalOrFallback(value, decimal.MinValue);
                        break;
                    case "exclusiveMinimum":
                        schema.ExclusiveMinimum = Bool(value);
                        break;
                    case "maxLength":
                        schema.MaxLength = Int(value);
                        break;
                    case "minLength":
                        schema.MinLength = Int(value);
                        break;
                    case "pattern":
                        schema.Pattern = Text(value);
                        break;
                    case "maxItems":
                        schema.MaxItems = Int(value);
                        break;
                    case "minItems":
                        schema.MinItems = Int(value);
                        break;
                    case "uniqueItems":
                        schema.UniqueItems = Bool(value);
                        break;
                    case "maxProperties":
                        schema.MaxProperties = Int(value);
                        break;
                    case "minProperties":
                        schema.MinProperties = Int(value);
                        break;
                    case "required":
                        schema.Required = new HashSet<string>(CreateStringList(value));
                        break;
                    case "enum":
                        {
                            var items = List(value);
                            var values = new List<IOpenApiAny>(items.Count);
                            foreach (var item in items)
                            {
                                values.Add(CreateAny(item));
                            }
                            schema.Enum = values;
                            break;
                        }
                    case "type":
                        schema.Type = Text(value);
                        break;
                    case "allOf":
                        schema.AllOf = CreateList(value, LoadSchema);
                        break;
                    case "oneOf":
                        schema.OneOf = CreateList(value, LoadSchema);
                        break;
                    case "anyOf":
                        schema.AnyOf = CreateList(value, LoadSchema);
                        break;
                    case "not":
                        schema.Not = LoadSchema(value);
                        break;
                    case "items":
                        schema.Items = LoadSchema(value);
                        break;
                    case "properties":
                        schema.Properties = CreateMap(value, LoadSchema);
                        break;
                    case "additionalProperties":
                        if (value.Kind == DocNodeKind.Scalar)
                        {
                            schema.AdditionalPropertiesAllowed = Bool(value);
                        }
                        else
                        {
                            schema.AdditionalProperties = LoadSchema(value);
                        }
                        break;
                    case "description":
                        schema.Description = Text(value);
                        break;
                    case "format":
                        schema.Format = Text(value);
                        break;
                    case "default":
                        schema.Default = CreateAny(value);
                        break;
                    case "nullable":
                        schema.Nullable = Bool(value);
                        break;
                    case "discriminator":
                        schema.Discriminator = LoadDiscriminator(value);
                        break;
                    case "readOnly":
                        schema.ReadOnly = Bool(value);
                        break;
                    case "writeOnly":
                        schema.WriteOnly = Bool(value);
                        break;
                    case "xml":
                        schema.Xml = LoadXml(value);
                        break;
                    case "externalDocs":
                        schema.ExternalDocs = LoadExternalDocs(value);
                        break;
                    case "example":
                        schema.Example = CreateAny(value);
                        break;
                    case "deprecated":
                        schema.Deprecated = Bool(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(schema, member.Key, value);
                        break;
                }
            }
            // As the reader: default, example and enum values are typed by the schema once all of it is read.
            schema.Default = AnyTyping.Specific(schema.Default, schema);
            schema.Example = AnyTyping.Specific(schema.Example, schema);
            var typed = new List<IOpenApiAny>(schema.Enum.Count);
            foreach (var item in schema.Enum)
            {
                typed.Add(AnyTyping.Specific(item, schema)!);
            }
            schema.Enum = typed;
            return schema;
        }

        private static OpenApiDiscriminator LoadDiscriminator(DocNode node)
        {
            var discriminator = new OpenApiDiscriminator();
            foreach (var member in Map(node))
            {
                switch (member.Key)
                {
                    case "propertyName":
                        discriminator.PropertyName = Text(member.Value);
                        break;
                    case "mapping":
                        discriminator.Mapping = CreateStringMap(member.Value);
                        break;
                    default:
                        // The discriminator has no extensions in the reader: anything else is an error there.
                        throw Refuse();
                }
            }
            return discriminator;
        }

        private static OpenApiXml LoadXml(DocNode node)
        {
            var xml = new OpenApiXml();
            foreach (var member in Map(node))
            {
                var value = member.Value;
                switch (member.Key)
                {
                    case "name":
                        xml.Name = Text(value);
                        break;
                    case "namespace":
                        xml.Namespace = Uri(value, UriKind.Absolute);
                        break;
                    case "prefix":
                        xml.Prefix = Text(value);
                        break;
                    case "attribute":
                        xml.Attribute = Bool(value);
                        break;
                    case "wrapped":
                        xml.Wrapped = Bool(value);
                        break;
                    default:
                        if (!IsExtension(member.Key))
                        {
                            throw Refuse();
                        }
                        AddExtension(xml, member.Key, value);
                        break;
                }
            }
            return xml;
        }
    }
}
