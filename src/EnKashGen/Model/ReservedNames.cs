namespace EnKashGen.Model
{
    /// <summary>
    /// Names that generated code declares beside the spec's own names. The mapper keeps spec names off them; the
    /// emitters use them. Nothing else may invent a member or type name that a spec name could take.
    /// </summary>
    internal static class ReservedNames
    {
        /// <summary>The nested class of every generated type that reads and writes it.</summary>
        public const string CodecClass = "Codec";

        public const string OptionsSuffix = "Options";
        public const string JsonSuffix = "Json";
        public const string CodecsSuffix = "Codecs";
        public const string ServiceCollectionSuffix = "ServiceCollectionExtensions";
        public const string TokenCacheSuffix = "TokenCache";

        /// <summary>Type names taken in the spec's namespace by the client's own classes, for client name <c>C</c>: C, COptions, ...</summary>
        public static readonly string[] ClientTypeSuffixes = { string.Empty, OptionsSuffix, JsonSuffix, CodecsSuffix, ServiceCollectionSuffix, TokenCacheSuffix };

        /// <summary>The client's nested class that adds credentials to each request.</summary>
        public const string AuthenticatorClass = "Authenticator";

        /// <summary>The suffix of the class of each operation group: property <c>Cards</c>, class <c>CardsOperations</c>.</summary>
        public const string GroupClassSuffix = "Operations";

        /// <summary>Members of the client besides its operation groups and operations.</summary>
        public static readonly string[] ClientMembers = { "TokenCache", AuthenticatorClass, "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize" };

        /// <summary>The locals and parameters of a generated operation method besides the spec's parameters.</summary>
        public const string RequestLocal = "request";

        public const string CancellationTokenParameter = "cancellationToken";

        /// <summary>Locals of the code that writes form and multipart bodies and array parameters.</summary>
        public const string ItemLocal = "item";

        public const string FieldsLocal = "fields";

        public const string FilesLocal = "files";

        public const string ContentLocal = "content";

        /// <summary>Every name an operation method declares itself; spec parameters are kept off them.</summary>
        public static readonly string[] OperationLocals = { CancellationTokenParameter, RequestLocal, ItemLocal, FieldsLocal, FilesLocal, ContentLocal, "field", "file" };

        /// <summary>Members of a generated object type besides its properties.</summary>
        public static readonly string[] ObjectMembers = { "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", CodecClass };

        /// <summary>Members of a generated union besides its variants.</summary>
        public static readonly string[] UnionMembers = { "Value", "Json", "Kind", "ToString", "Equals", "GetHashCode", "GetType", "Match", CodecClass };

        /// <summary>Members of a generated open enum besides its values (it is a record struct: PrintMembers is the compiler's).</summary>
        public static readonly string[] EnumMembers = { "Value", "IsKnown", "Equals", "GetHashCode", "ToString", "GetType", "KnownValues", "PrintMembers", CodecClass };
    }
}
