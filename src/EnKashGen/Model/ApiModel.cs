namespace EnKashGen.Model
{
    /// <summary>Everything the emitter needs for one spec, as plain comparable data.</summary>
    internal sealed record ApiModel(
        string Namespace,
        string ClientName,
        string Accessibility,
        string SpecFileName,
        string Title,
        string? Description,
        string? DefaultServerUrl,
        EquatableArray<ObjectType> Models,
        EquatableArray<EnumType> Enums,
        EquatableArray<UnionType> Unions,
        EquatableArray<OperationModel> Operations,
        EquatableArray<GroupModel> Groups,
        EquatableArray<SecuritySchemeModel> SecuritySchemes,
        EnvelopeModel? Envelope,
        EncryptionModel? Encryption,
        TokenFlowModel? TokenFlow = null);

    /// <summary>
    /// How the client obtains its bearer token by itself: the operation marked <c>x-enkash-token</c>, whose body (a
    /// model of text members, sent from the options of the same names) returns <c>access_token</c> and, optionally,
    /// <c>expires_in</c>. Decided by the mapper; an unusable token operation is reported there and stays a plain operation.
    /// </summary>
    internal sealed record TokenFlowModel(string OperationId, string FormModel, string ResponseModel, string AccessTokenProperty, string? ExpiresInProperty, bool ExpiresInIsNullable);

    /// <summary>The result of reading one spec: a model (possibly partial) and the diagnostics found on the way.</summary>
    internal sealed record SpecResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>What a consumer's AdditionalFiles item says about one spec.</summary>
    /// <param name="CheckExamples">Whether examples and defaults are checked against their schemas (EKG005): off unless the
    /// spec's <c>CheckExamples</c> metadata or the project's <c>EnKashGenCheckExamples</c> property says true, as the check
    /// walks every example of the document and changes nothing in the client.</param>
    internal sealed record SpecInput(string Path, string Text, string? Namespace, string? ClientName, string Accessibility, SpecFilters? Filters = null, EquatableArray<SeverityOverride> Severities = default, bool CheckExamples = false);

    /// <summary>
    /// A severity the project sets for an EKG id in an .editorconfig section that matches the spec file
    /// (<c>enkashgen_diagnostic.EKG004.severity = error</c>). The compiler applies a section's <c>dotnet_diagnostic</c>
    /// keys only to the C# files it compiles, and EKG diagnostics are located in a spec, so the generator reads its own
    /// key and applies it.
    /// </summary>
    internal sealed record SeverityOverride(string Id, string Severity);

    /// <summary>
    /// The operation filters of one spec as written in its item metadata (<c>EnKashGenIncludeTags</c>, ...): lists
    /// separated by ',' or ';', read and checked by Mapping's OperationFilter. Null or blank means not set.
    /// </summary>
    internal sealed record SpecFilters(
        string? IncludeTags,
        string? ExcludeTags,
        string? IncludePaths,
        string? ExcludePaths,
        string? IncludeOperations,
        string? ExcludeOperations)
    {
        public bool IsEmpty =>
            string.IsNullOrWhiteSpace(IncludeTags) && string.IsNullOrWhiteSpace(ExcludeTags)
            && string.IsNullOrWhiteSpace(IncludePaths) && string.IsNullOrWhiteSpace(ExcludePaths)
            && string.IsNullOrWhiteSpace(IncludeOperations) && string.IsNullOrWhiteSpace(ExcludeOperations);
    }

    /// <summary>The text of a spec part: a file that specs may <c>$ref</c> (<c>./schemas/pet.yaml#/Pet</c>), declared as an AdditionalFiles item.</summary>
    internal sealed record SpecFileText(string Path, string Text);

    /// <summary>The C# language features and referenced libraries the output may use.</summary>
    /// <param name="RuntimeReferenced">A referenced assembly already exposes the public runtime surface (EnKashGen.Runtime.ApiException): use it, declare no second one.</param>
    /// <param name="LoggerSinkReferenced">Likewise for the Microsoft.Extensions.Logging sink.</param>
    /// <param name="HasHttpResilience">Microsoft.Extensions.Http.Resilience is referenced: the DI registration offers its replay-safe resilience handler.</param>
    internal sealed record EmitContext(bool SupportsRequiredMembers, bool SupportsUtf8Literals, bool HasDateOnly, bool HasHttpClientFactory, bool HasConfiguration, bool HasLogging, bool RuntimeReferenced = false, bool LoggerSinkReferenced = false, bool HasHttpResilience = false);

    internal enum TypeKind
    {
        String,
        Boolean,
        Int32,
        Int64,
        Single,
        Double,
        Decimal,
        DateTimeOffset,
        DateOnly,
        Guid,
        Uri,
        Base64Bytes,
        Any,
        Object,
        Enum,
        Union,
        Array,
        Map,
    }

    /// <summary>Rules from the schema that requests are checked against before they are sent.</summary>
    internal sealed record Constraints(
        string? Pattern,
        int? MinLength,
        int? MaxLength,
        string? Minimum,
        bool ExclusiveMinimum,
        string? Maximum,
        bool ExclusiveMaximum,
        int? MinItems,
        int? MaxItems)
    {
        public bool IsEmpty => Pattern is null && MinLength is null && MaxLength is null && Minimum is null && Maximum is null && MinItems is null && MaxItems is null;
    }

    /// <summary>
    /// A use of a type. <see cref="Name"/> is the C# simple name of a declared type (model, enum, union);
    /// <see cref="Element"/> is the item type of arrays and the value type of maps.
    /// </summary>
    internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null, bool Nullable = false, Constraints? Constraints = null)
    {
        public static readonly TypeRef AnyValue = new TypeRef(TypeKind.Any);

        public bool IsValueType => Kind switch
        {
            TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal
                or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Any or TypeKind.Enum => true,
            _ => false,
        };

        /// <summary>Objects, maps and unions, and arrays of them: values a parameter cannot write as one plain text.</summary>
        public bool IsObjectLike =>
            Kind is TypeKind.Object or TypeKind.Map or TypeKind.Union
            || (Kind == TypeKind.Array && Element!.Kind is TypeKind.Object or TypeKind.Map or TypeKind.Union or TypeKind.Array);

        public TypeRef WithNullable(bool nullable) => nullable == Nullable ? this : this with { Nullable = nullable };
    }

    /// <param name="Discriminator">The member is its hierarchy's discriminator: set by each derived type, never a C# <c>required</c> member.</param>
    internal sealed record PropertyModel(
        string Name,
        string JsonName,
        TypeRef Type,
        bool Required,
        string? Description,
        bool Deprecated,
        bool Sensitive,
        bool ReadOnly,
        bool WriteOnly,
        string? DefaultValue,
        bool Discriminator = false);

    /// <summary>
    /// An object type. In a hierarchy (allOf naming a schema with a discriminator), <paramref name="BaseName"/> is the
    /// type it derives from and <paramref name="Properties"/> are its own members only; the additional members
    /// dictionary, when a base declares it, is the base's (<paramref name="AdditionalPropertiesInherited"/>).
    /// </summary>
    /// <param name="Hierarchy">Set on a type that other types derive from.</param>
    /// <param name="Discriminator">Set on a derived type: the value it writes, and the (inherited) member that holds it.</param>
    internal sealed record ObjectType(
        string Name,
        string? Description,
        bool Deprecated,
        EquatableArray<PropertyModel> Properties,
        TypeRef? AdditionalProperties,
        string? AdditionalPropertiesName,
        bool Validated,
        string? BaseName = null,
        bool AdditionalPropertiesInherited = false,
        HierarchyModel? Hierarchy = null,
        DiscriminatorValue? Discriminator = null);

    /// <summary>
    /// What a type with derived types knows of them: the discriminator member (JSON name), every type below it (at any
    /// depth) with the values that name it, whether the type itself can be a value, and the type that holds a value
    /// whose discriminator the spec does not list (<paramref name="UnknownName"/>, with its raw JSON in
    /// <paramref name="UnknownJsonProperty"/>).
    /// </summary>
    /// <param name="OwnValues">The values that name this type itself; empty when it is abstract.</param>
    internal sealed record HierarchyModel(
        string DiscriminatorJsonName,
        bool IsAbstract,
        EquatableArray<string> OwnValues,
        string UnknownName,
        string UnknownJsonProperty,
        EquatableArray<SubtypeModel> Subtypes);

    internal sealed record SubtypeModel(string Name, EquatableArray<string> Values);

    /// <summary>The discriminator value a derived type writes (set by its constructor) and the C# member it goes to.</summary>
    internal sealed record DiscriminatorValue(string Value, string JsonName, string PropertyName, TypeRef PropertyType);

    internal sealed record EnumMember(string Name, string Value, string? Description);

    internal sealed record EnumType(string Name, string? Description, bool Deprecated, bool IsInteger, bool Extensible, EquatableArray<EnumMember> Members);

    /// <param name="IsDefault">The variant a discriminator value the spec does not list (or none) is read as (OpenAPI 3.2 defaultMapping).</param>
    internal sealed record UnionVariant(string Name, TypeRef Type, EquatableArray<string> DiscriminatorValues, bool IsDefault = false);

    internal sealed record UnionType(string Name, string? Description, string? DiscriminatorProperty, EquatableArray<UnionVariant> Variants);

    internal enum ParameterLocation
    {
        Path,
        Query,
        Header,
        Cookie,
    }

    /// <summary>
    /// An operation parameter. <paramref name="Style"/> and <paramref name="Explode"/> say how it is written: query arrays
    /// as form (one pair per item, or items joined by commas), spaceDelimited, pipeDelimited or tabDelimited; query
    /// objects (objects, maps) as form or deepObject, member by member; path values as simple, label or matrix; headers
    /// as simple (arrays joined by commas). A union of primitives is written as the primitive it holds. Objects anywhere
    /// else are written as their JSON text (and reported).
    /// </summary>
    internal sealed record ParameterModel(string Name, string WireName, ParameterLocation In, TypeRef Type, bool Required, string? Description, bool Deprecated, bool Explode, ParameterStyle Style = ParameterStyle.Form);

    internal enum ParameterStyle
    {
        Form,
        DeepObject,

        /// <summary>Array items joined by spaces (OpenAPI spaceDelimited, Swagger 2.0 ssv).</summary>
        SpaceDelimited,

        /// <summary>Array items joined by '|' (OpenAPI pipeDelimited, Swagger 2.0 pipes).</summary>
        PipeDelimited,

        /// <summary>Array items joined by tabs (Swagger 2.0 tsv).</summary>
        TabDelimited,

        /// <summary>A path value after a '.' (<c>/users/.5</c>; arrays <c>.3,4,5</c>, or <c>.3.4.5</c> with explode).</summary>
        Label,

        /// <summary>A path value as <c>;name=value</c> (arrays <c>;id=3,4,5</c>, or <c>;id=3;id=4;id=5</c> with explode).</summary>
        Matrix,

        /// <summary>simple, the default of paths and headers (arrays joined by commas), and any other style.</summary>
        Other,
    }

    internal enum BodyKind
    {
        None,
        Json,
        Form,
        Multipart,
        Text,
        Binary,
    }

    internal sealed record RequestBodyModel(BodyKind Kind, string ContentType, TypeRef Type, bool Required, string ParameterName, string? Description);

    /// <summary>
    /// What an operation returns. <paramref name="MayBeEmpty"/>: a success response of the spec has no body (a 204 beside a
    /// 200 with JSON, say), so an empty success body is read as null rather than refused.
    /// </summary>
    internal sealed record ResponseModel(BodyKind Kind, TypeRef? Type, string? Description, bool MayBeEmpty = false);

    internal sealed record OperationModel(
        string OperationId,
        string MethodName,
        string? Group,
        string HttpMethod,
        string Path,
        EquatableArray<ParameterModel> Parameters,
        RequestBodyModel? Body,
        ResponseModel Response,
        string? Summary,
        string? Description,
        bool Deprecated,
        bool Enveloped,
        bool Encrypted,
        bool IsTokenOperation,
        string? ServerUrl,
        EquatableArray<string> Security,
        bool ReplaySafe = false,
        ReferenceModel? Reference = null,
        ReconcileModel? Reconcile = null);

    /// <summary>
    /// The body member that identifies a call that is not replay-safe (<c>x-enkash-reference</c>): a text property of the
    /// body model. <paramref name="GeneratedLength"/> is the length of the value the client fills in when the caller
    /// left it empty, or null when the schema's rules leave no room for a generated value (the caller must set it).
    /// </summary>
    internal sealed record ReferenceModel(string Property, string JsonName, int? GeneratedLength);

    /// <summary>One member copy in generated code: <c>Target = source.Source</c>, with <c>!</c> when the target may not be null.</summary>
    internal sealed record MemberCopy(string Target, string Source, bool NotNull);

    /// <summary>
    /// How the outcome of a call with a reference is looked up (<c>x-enkash-reconcile</c>): a replay-safe search whose
    /// body receives the reference and copies of the call's members, whose result items are matched on a member that
    /// holds the reference, and from whose matching item the call's result is built. Checked by the mapper, so the
    /// emitter only writes it out.
    /// </summary>
    internal sealed record ReconcileModel(
        string MethodName,
        string LookupOperationId,
        string? LookupGroup,
        string LookupMethodName,
        string LookupBodyModel,
        string LookupReferenceProperty,
        EquatableArray<MemberCopy> Filters,
        bool LookupReturnsList,
        string ItemModel,
        string MatchProperty,
        string ResultModel,
        EquatableArray<MemberCopy> Result);

    internal sealed record GroupModel(string Tag, string PropertyName, string ClassName, string? Description);

    internal enum SecurityKind
    {
        Bearer,
        Basic,
        ApiKeyHeader,
        ApiKeyQuery,
        ApiKeyCookie,
        OAuth2,
    }

    internal sealed record SecuritySchemeModel(string Key, SecurityKind Kind, string? ParameterName, string OptionName, string? Description, bool Deprecated = false);

    internal sealed record EnvelopeModel(EquatableArray<string> CodeProperties, EquatableArray<string> MessageProperties, string PayloadProperty, long SuccessCode);

    internal sealed record EncryptionModel(string RequestProperty, string ResponseProperty);
}
