using System;
using System.Collections.Generic;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>The kinds of option a configuration section can set, and how its text is read.</summary>
    internal enum OptionKind
    {
        Text,
        Boolean,
        Uri,
        TimeSpan,
    }

    /// <summary>
    /// Emits the options type of a client: where it calls, how long a call may take, the credentials of each security
    /// scheme and of the token call, and the services a client uses (encryption hook, token cache, log sink), which
    /// every client made from the same options shares.
    /// </summary>
    internal sealed class OptionsEmitter
    {
        private const string Rt = EmitPlan.Runtime;

        private readonly EmitPlan _plan;
        private readonly ApiModel _api;
        private readonly TokenFlowModel? _token;
        private readonly ObjectType? _tokenForm;

        public OptionsEmitter(EmitPlan plan)
        {
            _plan = plan;
            _api = plan.Api;
            _token = _api.TokenFlow;
            _tokenForm = _token is null ? null : _api.Models.First(m => m.Name == _token.FormModel);
        }

        private string OptionsName => _api.ClientName + ReservedNames.OptionsSuffix;

        internal bool HasEncryption => _api.Encryption is not null;

        internal bool HasBasic => _api.SecuritySchemes.Any(s => s.Kind == SecurityKind.Basic);

        internal bool HasBearer => _api.SecuritySchemes.Any(s => s.Kind is SecurityKind.Bearer or SecurityKind.OAuth2);

        /// <summary>Whether there is a secret the default encryption, or the token call's Basic credentials, fall back to.</summary>
        internal bool HasClientSecret => HasEncryption || (_token is not null && HasBasic);

        /// <summary>The option the Basic user name falls back to: the token form's client id.</summary>
        internal string? BasicUserFallback => _token is null ? null : TokenFormProperty("clientId") ?? TokenFormProperty("client_id");

        private string? TokenFormProperty(string jsonName) => _tokenForm?.Properties.FirstOrDefault(p => p.JsonName == jsonName && p.Type.Kind == TypeKind.String)?.Name;

        /// <summary>The options a configuration section can set.</summary>
        public IEnumerable<(string Name, OptionKind Kind)> Bindings()
        {
            yield return ("BaseUrl", OptionKind.Uri);
            yield return ("Timeout", OptionKind.TimeSpan);
            if (_token is not null)
            {
                yield return ("TokenUrl", OptionKind.Uri);
                yield return ("TokenRefreshMargin", OptionKind.TimeSpan);
                foreach (var p in _tokenForm!.Properties.Where(p => p.Type.Kind == TypeKind.String))
                {
                    yield return (p.Name, OptionKind.Text);
                }
            }
            if (HasBasic)
            {
                yield return ("BasicUsername", OptionKind.Text);
                yield return ("BasicPassword", OptionKind.Text);
            }
            if (HasBearer && _token is null)
            {
                yield return ("AccessToken", OptionKind.Text);
            }
            foreach (var scheme in ApiKeySchemes)
            {
                yield return (scheme.OptionName, OptionKind.Text);
            }
            if (HasEncryption)
            {
                yield return ("EncryptionEnabled", OptionKind.Boolean);
            }
            if (HasClientSecret)
            {
                yield return ("ClientSecret", OptionKind.Text);
            }
        }

        private IEnumerable<SecuritySchemeModel> ApiKeySchemes => _api.SecuritySchemes.Where(s => s.Kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie);

        public string Emit()
        {
            var w = Header.Start(_api, _plan.UsesDeprecated);
            w.Doc("Settings of " + _api.ClientName + ". Secrets set here are never written by ToString() or by the client's logs and exceptions.");
            w.Line(Header.GeneratedCode);
            using (w.Block(_api.Accessibility + " sealed partial class " + OptionsName))
            {
                var secrets = new List<string>();
                var plain = new List<string>();
                var absolute = _api.DefaultServerUrl is not null && Uri.TryCreate(_api.DefaultServerUrl, UriKind.Absolute, out _);
                w.Doc("The API's base URL." + (absolute ? " Defaults to the spec's first server, " + _api.DefaultServerUrl + "." : " The spec has no absolute server URL, so it must be set."));
                w.Line("public global::System.Uri? BaseUrl { get; set; }" + (absolute ? " = new(" + Literals.String(_api.DefaultServerUrl) + ");" : string.Empty));
                w.Line();
                plain.Add("BaseUrl");
                w.Doc("How long one call may take, including the token call it may need and one retry after HTTP 401, before it fails with ApiTimeoutException.");
                w.Line("public global::System.TimeSpan Timeout { get; set; } = global::System.TimeSpan.FromSeconds(100);");
                w.Line();
                plain.Add("Timeout");
                w.Doc("The clock of timeouts and token expiry; tests can replace it.");
                w.Line("public global::System.TimeProvider? TimeProvider { get; set; }");
                w.Line();
                w.Doc("Receives what the client logs (never bodies or secrets). Null logs nothing.");
                w.Line("public " + Rt + ".IApiLogSink? Log { get; set; }");
                w.Line();

                if (_token is not null)
                {
                    EmitTokenOptions(w, plain, secrets);
                }
                if (HasBasic)
                {
                    var fallbackUser = BasicUserFallback;
                    w.Doc("The user name of HTTP Basic authentication." + (fallbackUser is not null ? " Defaults to " + fallbackUser + "." : string.Empty));
                    w.Line("public string? BasicUsername { get; set; }");
                    w.Line();
                    plain.Add("BasicUsername");
                    w.Doc("The password of HTTP Basic authentication." + (HasClientSecret ? " Defaults to ClientSecret." : string.Empty));
                    w.Line("public string? BasicPassword { get; set; }");
                    w.Line();
                    secrets.Add("BasicPassword");
                }
                if (HasBearer && _token is null)
                {
                    w.Doc("A fixed bearer token, used when AccessTokenProvider is not set.");
                    w.Line("public string? AccessToken { get; set; }");
                    w.Line();
                    secrets.Add("AccessToken");
                    w.Doc("Supplies a bearer token for each call (for example from an OAuth library).");
                    w.Line("public global::System.Func<global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<string?>>? AccessTokenProvider { get; set; }");
                    w.Line();
                }
                foreach (var scheme in ApiKeySchemes)
                {
                    w.Doc((scheme.Description ?? string.Empty) + "\nSent as '" + scheme.ParameterName + "' (" + scheme.Kind + ").");
                    if (scheme.Deprecated)
                    {
                        w.Line("[global::System.Obsolete(" + Literals.String("The API deprecates the security scheme '" + scheme.Key + "'.") + ")]");
                    }
                    w.Line("public string? " + scheme.OptionName + " { get; set; }");
                    w.Line();
                    secrets.Add(scheme.OptionName);
                }
                if (HasEncryption)
                {
                    EmitEncryptionOptions(w, plain);
                }
                if (HasClientSecret)
                {
                    w.Doc("The client secret: the key of the default encryption" + (HasBasic && _token is not null ? " and the default Basic password of the token call" : string.Empty) + ".");
                    w.Line("public string? ClientSecret { get; set; }");
                    w.Line();
                    secrets.Add("ClientSecret");
                }

                w.Doc("Describes the settings; secrets are written as ***.");
                using (w.Block("public override string ToString()"))
                {
                    w.Line("var text = new global::System.Text.StringBuilder(" + Literals.String(OptionsName + " { ") + ");");
                    var first = true;
                    foreach (var name in plain)
                    {
                        w.Line("text.Append(" + Literals.String((first ? string.Empty : ", ") + name + " = ") + ");");
                        w.Line(Rt + ".DebugText.Append(text, " + name + ");");
                        first = false;
                    }
                    foreach (var name in secrets)
                    {
                        w.Line("text.Append(" + Literals.String((first ? string.Empty : ", ") + name + " = ") + ").Append(" + name + " is null ? \"null\" : " + Rt + ".DebugText.Redacted);");
                        first = false;
                    }
                    w.Line("return text.Append(\" }\").ToString();");
                }
            }
            return Header.End(w);
        }

        private void EmitTokenOptions(SourceWriter w, List<string> plain, List<string> secrets)
        {
            var op = _api.Operations.First(o => o.OperationId == _token!.OperationId);
            var tokenUrl = op.ServerUrl is not null && Uri.TryCreate(op.ServerUrl, UriKind.Absolute, out _)
                ? op.ServerUrl.TrimEnd('/') + op.Path
                : null;
            w.Doc("The URL of the token call (" + op.OperationId + ")." + (tokenUrl is null ? " When not set, the base URL is used." : " Defaults to " + tokenUrl + "."));
            w.Line("public global::System.Uri? TokenUrl { get; set; }" + (tokenUrl is null ? string.Empty : " = new(" + Literals.String(tokenUrl) + ");"));
            w.Line();
            plain.Add("TokenUrl");
            w.Doc("A cached token is refreshed this long before it expires (at most half of its lifetime).");
            w.Line("public global::System.TimeSpan TokenRefreshMargin { get; set; } = global::System.TimeSpan.FromSeconds(60);");
            w.Line();
            w.Doc("The bearer tokens of every client made from these options: one token, fetched once for all of them. Set one instance on several options objects to share it further.");
            w.Line("public " + Rt + ".BearerTokenCache TokenCache { get; set; } = new();");
            w.Line();
            foreach (var p in _tokenForm!.Properties)
            {
                w.Doc((p.Description ?? string.Empty) + "\nSent as '" + p.JsonName + "' in the token call.");
                var literal = p.DefaultValue is null ? null : ObjectEmitter.DefaultLiteral(_plan, p.Type, p.DefaultValue);
                w.Line("public " + _plan.Types.Nullable(p.Type, true) + " " + p.Name + " { get; set; }" + (literal is null ? string.Empty : " = " + literal + ";"));
                w.Line();
                (p.Sensitive ? secrets : plain).Add(p.Name);
            }
        }

        private void EmitEncryptionOptions(SourceWriter w, List<string> plain)
        {
            var enc = _api.Encryption!;
            w.Doc("Whether request and response bodies travel encrypted. Partners agree this with the API provider; it is not in the spec.");
            w.Line("public bool EncryptionEnabled { get; set; }");
            w.Line();
            plain.Add("EncryptionEnabled");
            w.Doc("Replaces the default encryption (AES from ClientSecret) with another scheme, such as a key vault; used whenever it is set.");
            w.Line("public " + Rt + ".IBodyEncryption? Encryption { get; set; }");
            w.Line();
            // The secret and the scheme made from it are one reference, so a secret changed on another thread never
            // pairs with the other secret's key.
            w.Line("private global::System.Tuple<string, " + Rt + ".AesEcbBodyEncryption>? _defaultEncryption;");
            w.Line();
            w.DocMarkup(
                "The encryption hook of a client: <see cref=\"Encryption\"/> when set, else the default scheme when",
                "<see cref=\"EncryptionEnabled\"/> (its key derived once per secret, shared by every client of these options), else none.");
            using (w.Block("internal " + Rt + ".IBodyEncryption? ResolveEncryption()"))
            {
                using (w.Block("if (Encryption is not null)"))
                {
                    w.Line("return Encryption;");
                }
                using (w.Block("if (!EncryptionEnabled)"))
                {
                    w.Line("return null;");
                }
                w.Line("var secret = ClientSecret;");
                using (w.Block("if (secret is null || secret.Length == 0)"))
                {
                    w.Line("throw new global::System.ArgumentException(" + Literals.String(OptionsName + ".EncryptionEnabled is set, so ClientSecret (or Encryption) must be set too.") + ", \"options\");");
                }
                w.Line("var current = _defaultEncryption;");
                using (w.Block("if (current is null || !string.Equals(current.Item1, secret, global::System.StringComparison.Ordinal))"))
                {
                    w.Line("current = global::System.Tuple.Create(secret, new " + Rt + ".AesEcbBodyEncryption(secret, " + Literals.String(enc.RequestProperty) + ", " + Literals.String(enc.ResponseProperty) + "));");
                    w.Line("_defaultEncryption = current;");
                }
                w.Line("return current.Item2;");
            }
            w.Line();
        }
    }
}
