using Microsoft.CodeAnalysis;

namespace EnKashGen.Diagnostics
{
    /// <summary>
    /// Every diagnostic EnKashGen reports, one descriptor per kind of problem, with the message format its arguments fill.
    /// Several kinds share an id (and its severity, listed in AnalyzerReleases.*.md): the id says what a user may want to
    /// silence or raise in a .globalconfig; the kind says exactly what is wrong.
    /// </summary>
    internal static class DiagnosticCatalogue
    {
        private const string Category = "EnKashGen";

        public static readonly DiagnosticDescriptor EmptySpec = new DiagnosticDescriptor(
            "EKG001", "Spec file is empty",
            "The spec file is empty; no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidJson = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid JSON: {0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor DuplicateJsonKey = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid JSON for OpenAPI: the key '{0}' appears twice in the same object",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor InvalidYaml = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML: {0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor YamlKeyWithoutValue = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML: the key '{0}' has no value",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor YamlAliasInsideItself = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML: the alias '*{0}' refers to a node that contains it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor YamlAliasWithoutAnchor = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML: the alias '*{0}' refers to no anchor defined before it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor YamlComplexKey = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML for OpenAPI: a mapping key must be a plain value, not a mapping or sequence",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor DuplicateYamlKey = new DiagnosticDescriptor(
            "EKG002", "Spec is not valid YAML or JSON",
            "The spec is not valid YAML: the key '{0}' appears twice in the same mapping",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NotAMapping = new DiagnosticDescriptor(
            "EKG003", "OpenAPI version not supported",
            "The document is not an OpenAPI document: it is a single value or a list, not a mapping of OpenAPI fields (openapi, info, paths, ...); no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor NoVersionField = new DiagnosticDescriptor(
            "EKG003", "OpenAPI version not supported",
            "The document has no 'openapi' or 'swagger' field, so it is not an OpenAPI document; no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnsupportedVersion = new DiagnosticDescriptor(
            "EKG003", "OpenAPI version not supported",
            "'{0}: {1}' is not supported: EnKashGen reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2; no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor FormatViolation = new DiagnosticDescriptor(
            "EKG004", "Spec breaks the OpenAPI format",
            "The document breaks the OpenAPI format: {0}; the generator reads what it can",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor MoreFormatViolations = new DiagnosticDescriptor(
            "EKG004", "Spec breaks the OpenAPI format",
            "{0} more complaints of the OpenAPI reader are not listed",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor LoneSurrogate = new DiagnosticDescriptor(
            "EKG004", "Spec breaks the OpenAPI format",
            "The spec holds half of a UTF-16 surrogate pair here{0}, which is no character (a character cut in two?); it is read as U+FFFD, the replacement character",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnknownKeyword = new DiagnosticDescriptor(
            "EKG004", "Spec breaks the OpenAPI format",
            "'{0}' is not a JSON Schema keyword the generator knows (a typo?); it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor BoundNotANumber = new DiagnosticDescriptor(
            "EKG004", "Spec breaks the OpenAPI format",
            "The bound '{0}' is not a number and is not checked",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ReaderWarning = new DiagnosticDescriptor(
            "EKG005", "OpenAPI reader warning",
            "The OpenAPI reader warns: {0}",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor MoreReaderWarnings = new DiagnosticDescriptor(
            "EKG005", "OpenAPI reader warning",
            "{0} more reader warnings are not listed",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnresolvedReference = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' does not resolve to anything in this document; the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceOnlyToReferences = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' only leads to other references in a cycle and never reaches a schema; the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor SchemaReferenceLoop = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' only leads to other references in a cycle ({1}) and never reaches a schema; the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ComponentReferenceLoop = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' only leads to other references in a cycle ({1}) and never reaches a {2}; the {2} is left out, and each reference to it does not resolve",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnresolvedPathItem = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The path item reference '{0}' does not resolve; its operations are not generated",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnresolvedParameter = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The parameter reference '{0}' does not resolve; the parameter is not generated",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnresolvedRequestBody = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The request body reference '{0}' does not resolve; the operation is generated without a body",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnresolvedResponse = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The response reference '{0}' does not resolve; the response is read as having no body",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PartCopyLoop = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' copies in an object that is already being copied in here ({1} -> '{0}'), a cycle that would never end; it is left out",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PartReferencesTooDeep = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' leads through more than {1} references to other files (a cycle?); the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PartReferenceNotAnObject = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' points to a value that is not an object; it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PartReferenceMissing = new DiagnosticDescriptor(
            "EKG006", "Reference does not resolve",
            "The reference '{0}' points to '{1}', which does not exist in '{2}'; the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SchemaRenamed = new DiagnosticDescriptor(
            "EKG007", "Name changed to stay unique",
            "Schema '{0}' is generated as '{1}' because '{2}' is already taken",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EnumValueRenamed = new DiagnosticDescriptor(
            "EKG007", "Name changed to stay unique",
            "Enum value '{0}' of '{1}' is generated as '{2}' because '{3}' is already taken",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PropertyRenamed = new DiagnosticDescriptor(
            "EKG007", "Name changed to stay unique",
            "Property '{0}' of '{1}' is generated as '{2}' because '{3}' is already taken",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor OperationRenamed = new DiagnosticDescriptor(
            "EKG007", "Name changed to stay unique",
            "Operation '{0}' is generated as '{1}' because '{2}Async' is already taken",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NestedTooDeep = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "Schemas are nested more than {0} levels deep here; the inner value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ContainsItselfThroughWrappers = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "This schema contains itself only through arrays, maps or single-schema wrappers, which no C# type can express; the inner value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor NotKeyword = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'not' cannot be expressed in C# types and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ConditionalSchema = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'if'/'then'/'else' cannot be expressed in C# types and is ignored; the value is read with the schema's other keywords",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PatternProperties = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'patternProperties' is not checked; members matching the patterns are kept as additional members",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor DependentSchemas = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'dependentSchemas'/'dependentRequired' cannot be expressed in C# types and are ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor DynamicReference = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'$dynamicRef' is not followed; the value is generated from the schema's other keywords",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnsupportedKeyword = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "'{0}' cannot be expressed in C# types and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PropertiesBesideUnion = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "A schema with both properties and oneOf/anyOf is generated from its properties only",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PropertiesOfTypeUnion = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "The properties of a value that may also be of another type are not generated; the object is kept as a map of JSON values",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor AllOfLoop = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "This allOf part leads back, through allOf, to a schema that includes it; JSON Schema leaves such a loop undefined, so each schema of the loop is generated with the members of all of them",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor AllOfTooDeep = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "allOf is nested more than {0} levels deep here; the inner parts are ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnionLoop = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "{0} by oneOf/anyOf alone, without an object or array between them, so reading a value would never end; the alternative is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnsupportedSecurityScheme = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "Security scheme '{0}' ({1}) is not supported; requests are sent without it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnsupportedParameterLocation = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "The parameter '{0}' is in '{1}', which the generated client does not support; it is not generated",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor PathParameterNotInPath = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "Path parameter '{0}' does not appear in the path '{1}' and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ObjectParameterAsJson = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "The {0} parameter '{1}' holds objects (style {2}), which are sent as JSON text",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UndeclaredPathParameter = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "The path '{0}' uses '{{{1}}}' but declares no such path parameter; it is generated as a required string parameter",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor FormBodyNeedsObject = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "A {0} body needs an object schema; it is sent as JSON text in a single field-less body instead",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor StreamedResponse = new DiagnosticDescriptor(
            "EKG008", "OpenAPI construct not supported",
            "A streamed response (itemSchema) is read as a whole, not item by item; its item type is not generated",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateClient = new DiagnosticDescriptor(
            "EKG009", "Two specs generate the same client",
            "'{0}' generates '{1}', which another spec in this project already generates; set EnKashGenNamespace or EnKashGenClientName on one of them",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ReadingFailed = new DiagnosticDescriptor(
            "EKG010", "EnKashGen failed on this spec",
            "EnKashGen could not process this spec ({0}: {1}); please report it with the spec",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EmittingFailed = new DiagnosticDescriptor(
            "EKG010", "EnKashGen failed on this spec",
            "EnKashGen could not generate '{0}' ({1}: {2}); please report it with the spec",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidPattern = new DiagnosticDescriptor(
            "EKG011", "Pattern is not a valid regular expression",
            "The pattern is not a valid regular expression and is not checked: {0}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor EnumNamesMismatch = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "x-enum-varnames has {0} names for {1} values and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EnumDescriptionsMismatch = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "x-enum-descriptions has {0} entries for {1} values and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EnvelopeNotAnObject = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "{0} must be an object (schema, codeProperties, messageProperties, payloadProperty, successCode); it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EnvelopeWithoutSchema = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "{0} has no 'schema'; no operation is treated as enveloped",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EnvelopeSchemaMissing = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "{0} names the schema '{1}', which does not exist; no operation is treated as enveloped",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor EncryptionNotAnObject = new DiagnosticDescriptor(
            "EKG012", "Vendor extension value is not valid",
            "{0} must be an object; it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor RuleViolation = new DiagnosticDescriptor(
            "EKG013", "Spec breaks an OpenAPI rule",
            "The document breaks an OpenAPI rule: {0}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor DuplicateOperationId = new DiagnosticDescriptor(
            "EKG013", "Spec breaks an OpenAPI rule",
            "The operationId '{0}' is already used by {1}; operationIds must be unique. Both operations are generated.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InputLimit = new DiagnosticDescriptor(
            "EKG014", "Spec exceeds a size or nesting limit",
            "{0}; no client is generated from it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor AliasExpansion = new DiagnosticDescriptor(
            "EKG014", "Spec exceeds a size or nesting limit",
            "The document's YAML aliases expand to more than {0} nodes; no client is generated from it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ReferenceOutsideProject = new DiagnosticDescriptor(
            "EKG015", "Reference to a file that is not a declared spec part",
            "The reference '{0}' points outside the project (a URL or an absolute path); EnKashGen reads only the spec and the parts declared as <EnKashSpecPart>, so it is not read and the value is generated as untyped JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceToUndeclaredFile = new DiagnosticDescriptor(
            "EKG015", "Reference to a file that is not a declared spec part",
            "The reference '{0}' names the file '{1}', which is not declared as a spec part; declare it with <EnKashSpecPart Include=\"...\" /> to read it. It is not read, and the value is generated as untyped JSON.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NullDocument = new DiagnosticDescriptor(
            "EKG016", "Spec cannot be read as an OpenAPI document",
            "The document is the JSON value null, not an OpenAPI document",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor NoYamlContent = new DiagnosticDescriptor(
            "EKG016", "Spec cannot be read as an OpenAPI document",
            "The document holds no YAML content that could be an OpenAPI document",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReaderFailed = new DiagnosticDescriptor(
            "EKG016", "Spec cannot be read as an OpenAPI document",
            "The OpenAPI reader could not read this document ({0}: {1}); no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReaderReadNothing = new DiagnosticDescriptor(
            "EKG016", "Spec cannot be read as an OpenAPI document",
            "The OpenAPI reader could not read this document; no client is generated",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor FilterEntryMatchesNothing = new DiagnosticDescriptor(
            "EKG017", "Operation filter matches nothing or cannot be read",
            "{0} names '{1}', {2}; it {3} nothing",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor FiltersLeaveNothing = new DiagnosticDescriptor(
            "EKG017", "Operation filter matches nothing or cannot be read",
            "The operation filters ({0}) leave no operation of this spec to generate; the client has no methods",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor FilterNamesNothing = new DiagnosticDescriptor(
            "EKG017", "Operation filter matches nothing or cannot be read",
            "{0} is '{1}', which names nothing (entries are separated by ',' or ';'); the filter is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor FilterBadPathPattern = new DiagnosticDescriptor(
            "EKG017", "Operation filter matches nothing or cannot be read",
            "{0} names '{1}', which is not a path pattern: {2}; the entry is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor HierarchyLoop = new DiagnosticDescriptor(
            "EKG019", "allOf hierarchy cannot be a C# class hierarchy",
            "'{0}' and '{1}' include each other through allOf; '{0}' is generated with the members of '{1}' but not derived from it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor HierarchyTooDeep = new DiagnosticDescriptor(
            "EKG019", "allOf hierarchy cannot be a C# class hierarchy",
            "The hierarchy above '{0}' is more than {1} classes deep; '{0}' is generated with the members of its bases but not derived from them",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor TwoDiscriminatedBases = new DiagnosticDescriptor(
            "EKG019", "allOf hierarchy cannot be a C# class hierarchy",
            "'{0}' includes both '{1}' and '{2}', which have discriminators; a C# class has one base, so it derives from '{1}' and has the members of '{2}' as its own",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DiscriminatorNotAProperty = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "The discriminator '{0}' is not a property of '{1}'; it is generated as a string member of {1}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor HierarchyMappingUnresolved = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "The discriminator mapping '{0}' names '{1}', which does not resolve; a value '{0}' is read as an unknown {2}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor HierarchyMappingNotDerived = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "The discriminator mapping '{0}' names '{1}', which does not include '{2}' through allOf; a value '{0}' is read as an unknown {2}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnionMappingUnresolved = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "The discriminator mapping '{0}' names '{1}', which does not resolve; a value '{0}' is kept as JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor UnionMappingNotAnAlternative = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "The discriminator mapping '{0}' names '{1}', which is not one of the {2} alternatives; a value '{0}' is kept as JSON",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor AlternativeNotAnObject = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "This alternative is not an object, so it cannot carry the discriminator '{0}'; it is read only from values without one",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor AlternativeWithoutDiscriminator = new DiagnosticDescriptor(
            "EKG018", "Discriminator does not match its schemas",
            "This alternative does not declare the discriminator '{0}'; it is read when the value names it, but written without it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SecondTokenOperation = new DiagnosticDescriptor(
            "EKG024", "Token operation cannot be used by the client",
            "Operation '{0}' is marked {1} too; the client fetches its token with '{2}' only",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor TokenOperationUnusable = new DiagnosticDescriptor(
            "EKG024", "Token operation cannot be used by the client",
            "Operation '{0}' is marked {1} but the client cannot fetch tokens with it: {2}. It is generated as a plain operation, and the bearer token must be set in the options.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ReconcileWithoutReference = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "{0} of '{1}' needs a usable {2} to look the call up by; it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReplayValueInvalid = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "{0} of '{1}' must be 'safe' or 'unsafe'; the call is treated as {2}, as its HTTP method {3} implies",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceNotAMember = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "{0} of '{1}' must name a member of the request body; it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceOnSafeCall = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "'{0}' is replay-safe, so its {1} '{2}' is not needed and is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceNotText = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "{0} of '{1}' names '{2}', which is not a text member of its request body; no reference is sent or looked up",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferenceTooShort = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "The reference '{0}' of '{1}' allows at most {2} characters, too few for a unique generated value; the caller must set it before each call",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReferencePatternRefuses = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "The pattern of the reference '{0}' of '{1}' does not accept a generated value ({2} upper-case hexadecimal digits); the caller must set it before each call",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor ReconcileNotUsable = new DiagnosticDescriptor(
            "EKG025", "Replay-safety extension cannot be used",
            "{0} of '{1}' cannot be used: {2}. A call whose outcome is unknown ends in ApiOutcomeUnknownException without a lookup.",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <summary>Every id of the catalogue, for reading the severities a project sets for them.</summary>
        public static readonly string[] Ids =
        {
            "EKG001", "EKG002", "EKG003", "EKG004", "EKG005", "EKG006", "EKG007", "EKG008",
            "EKG009", "EKG010", "EKG011", "EKG012", "EKG013", "EKG014", "EKG015", "EKG016",
            "EKG017", "EKG018", "EKG019", "EKG024", "EKG025",
        };
    }
}
