using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>Emits the options type, the client with one sub-client per tag, and the authentication glue.</summary>
    internal sealed partial class ClientEmitter
    {
        private const string Rt = "global::EnKashGen.Runtime";
        private const string Http = "global::System.Net.Http";
        private const string Tasks = "global::System.Threading.Tasks";
        private const string Ct = "global::System.Threading.CancellationToken";
        private const string Json = "global::System.Text.Json";

        private static readonly Regex Placeholder = new Regex("\\{([^}/]+)\\}", RegexOptions.CultureInvariant);

        private readonly EmitPlan _plan;
        private readonly ApiModel _api;
        private readonly EmitContext _context;
        private readonly TypeNames _types;
        private readonly Dictionary<string, ModelType> _models;
        private readonly OperationModel? _tokenOp;
        private readonly ModelType? _tokenForm;
        private readonly ModelType? _tokenResponse;
        private readonly List<string> _rules = new List<string>();

        public ClientEmitter(EmitPlan plan)
        {
            _plan = plan;
            _api = plan.Api;
            _context = plan.Context;
            _types = plan.Types;
            var api = _api;
            _models = api.Models.ToDictionary(m => m.Name);
            _tokenOp = api.Operations.FirstOrDefault(o => o.IsTokenOperation && o.Body?.Type.Kind == TypeKind.Model && o.Response.Type?.Kind == TypeKind.Model);
            if (_tokenOp is not null)
            {
                _tokenForm = _models[_tokenOp.Body!.Type.Name!];
                _tokenResponse = _models[_tokenOp.Response.Type!.Name!];
                if (!_tokenResponse.Properties.Any(p => p.JsonName == "access_token" && p.Type.Kind == TypeKind.String))
                {
                    _tokenOp = null;
                    _tokenForm = null;
                    _tokenResponse = null;
                }
            }
        }

        private string Client => _api.ClientName;

        private string OptionsName => _api.ClientName + "Options";

        private string TokenCacheName => _api.ClientName + "TokenCache";

        private bool HasEncryption => _api.Encryption is not null;

        private bool HasBasic => _api.SecuritySchemes.Any(s => s.Kind == SecurityKind.Basic);

        private bool HasBearer => _api.SecuritySchemes.Any(s => s.Kind is SecurityKind.Bearer or SecurityKind.OAuth2);

        private string? TokenFormProperty(string jsonName) => _tokenForm?.Properties.FirstOrDefault(p => p.JsonName == jsonName && p.Type.Kind == TypeKind.String)?.Name;

        private bool HasClientSecret => HasEncryption || (_tokenOp is not null && HasBasic);

        // ------------------------------------------------------------------ options

        /// <summary>The options that can be read from configuration, with their kind (string, bool, uri, timespan).</summary>
        public IEnumerable<(string Name, string Kind)> OptionBindings()
        {
            yield return ("BaseUrl", "uri");
            yield return ("Timeout", "timespan");
            if (_tokenOp is not null)
            {
                yield return ("TokenUrl", "uri");
                yield return ("TokenRefreshMargin", "timespan");
                foreach (var p in _tokenForm!.Properties.Where(p => p.Type.Kind == TypeKind.String))
                {
                    yield return (p.Name, "string");
                }
            }
            if (HasBasic)
            {
                yield return ("BasicUsername", "string");
                yield return ("BasicPassword", "string");
            }
            if (HasBearer && _tokenOp is null)
            {
                yield return ("AccessToken", "string");
            }
            foreach (var scheme in _api.SecuritySchemes.Where(s => s.Kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie))
            {
                yield return (scheme.OptionName, "string");
            }
            if (HasEncryption)
            {
                yield return ("EncryptionEnabled", "bool");
            }
            if (HasClientSecret)
            {
                yield return ("ClientSecret", "string");
            }
        }

        public string EmitOptions()
        {
            var w = Header.Start(_api);
            w.Doc("Settings of " + Client + ". Secrets set here are never written by ToString() or by the client's logs and exceptions.");
            w.Line(Header.GeneratedCode);
            using (w.Block(_api.Accessibility + " sealed partial class " + OptionsName))
            {
                var secrets = new List<string>();
                var plain = new List<string>();
                var absolute = _api.DefaultServerUrl is not null && Uri.TryCreate(_api.DefaultServerUrl, UriKind.Absolute, out _);
                w.Doc("The API's base URL." + (absolute ? " Defaults to the spec's first server, " + _api.DefaultServerUrl + "." : " The spec has no absolute server URL, so it must be set."));
                w.Line("public global::System.Uri? BaseUrl { get; set; }" + (absolute ? " = new global::System.Uri(" + Literals.String(_api.DefaultServerUrl) + ");" : string.Empty));
                w.Line();
                plain.Add("BaseUrl");
                w.Doc("How long one call (including a token refresh and one retry) may take before it fails with ApiTimeoutException.");
                w.Line("public global::System.TimeSpan Timeout { get; set; } = global::System.TimeSpan.FromSeconds(100);");
                w.Line();
                plain.Add("Timeout");
                w.Doc("The clock used for token expiry; tests can replace it.");
                w.Line("public global::System.TimeProvider? TimeProvider { get; set; }");
                w.Line();

                if (_tokenOp is not null)
                {
                    var tokenUrl = _tokenOp.ServerUrl is not null && Uri.TryCreate(_tokenOp.ServerUrl, UriKind.Absolute, out _)
                        ? _tokenOp.ServerUrl.TrimEnd('/') + _tokenOp.Path
                        : null;
                    w.Doc("The URL of the token call (" + _tokenOp.OperationId + ")." + (tokenUrl is null ? " When not set, the base URL is used." : " Defaults to " + tokenUrl + "."));
                    w.Line("public global::System.Uri? TokenUrl { get; set; }" + (tokenUrl is null ? string.Empty : " = new global::System.Uri(" + Literals.String(tokenUrl) + ");"));
                    w.Line();
                    plain.Add("TokenUrl");
                    w.Doc("A cached token is refreshed this long before it expires (at most half of its lifetime).");
                    w.Line("public global::System.TimeSpan TokenRefreshMargin { get; set; } = global::System.TimeSpan.FromSeconds(60);");
                    w.Line();
                    foreach (var p in _tokenForm!.Properties)
                    {
                        w.Doc((p.Description ?? string.Empty) + "\nSent as '" + p.JsonName + "' in the token call.");
                        var literal = p.DefaultValue is null ? null : ModelEmitter.DefaultLiteral(_plan, p.Type, p.DefaultValue);
                        w.Line("public " + _types.Nullable(p.Type, true) + " " + p.Name + " { get; set; }" + (literal is null ? string.Empty : " = " + literal + ";"));
                        w.Line();
                        (p.Sensitive ? secrets : plain).Add(p.Name);
                    }
                }
                if (HasBasic)
                {
                    var fallbackUser = _tokenOp is not null ? TokenFormProperty("clientId") ?? TokenFormProperty("client_id") : null;
                    w.Doc("The user name of HTTP Basic authentication." + (fallbackUser is not null ? " Defaults to " + fallbackUser + "." : string.Empty));
                    w.Line("public string? BasicUsername { get; set; }");
                    w.Line();
                    plain.Add("BasicUsername");
                    w.Doc("The password of HTTP Basic authentication." + (HasClientSecret ? " Defaults to ClientSecret." : string.Empty));
                    w.Line("public string? BasicPassword { get; set; }");
                    w.Line();
                    secrets.Add("BasicPassword");
                }
                if (HasBearer && _tokenOp is null)
                {
                    w.Doc("A fixed bearer token, used when AccessTokenProvider is not set.");
                    w.Line("public string? AccessToken { get; set; }");
                    w.Line();
                    secrets.Add("AccessToken");
                    w.Doc("Supplies a bearer token for each call (for example from an OAuth library).");
                    w.Line("public global::System.Func<" + Ct + ", " + Tasks + ".ValueTask<string?>>? AccessTokenProvider { get; set; }");
                    w.Line();
                }
                foreach (var scheme in _api.SecuritySchemes.Where(s => s.Kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie))
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
                    w.Doc("Whether request and response bodies travel encrypted. Partners agree this with the API provider; it is not in the spec.");
                    w.Line("public bool EncryptionEnabled { get; set; }");
                    w.Line();
                    plain.Add("EncryptionEnabled");
                }
                if (HasClientSecret)
                {
                    w.Doc("The client secret: the key of the default encryption" + (HasBasic && _tokenOp is not null ? " and the default Basic password of the token call" : string.Empty) + ".");
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
            w.Line();
            w.Doc("The bearer token cache of " + Client + "; register one instance (a singleton) so that all clients share one token.");
            w.Line(Header.GeneratedCode);
            using (w.Block(_api.Accessibility + " sealed partial class " + TokenCacheName + " : " + Rt + ".BearerTokenCache"))
            {
            }
            return Header.End(w);
        }

        // ------------------------------------------------------------------ client

        public string EmitClient()
        {
            var w = Header.Start(_api);
            w.Doc((_api.Title + "\n" + (_api.Description ?? string.Empty)).Trim());
            w.Line(Header.GeneratedCode);
            using (w.Block(_api.Accessibility + " sealed partial class " + Client + " : " + Rt + ".IApiAuthenticator"))
            {
                if (_api.Envelope is { } env)
                {
                    w.Line("private static readonly " + Rt + ".ApiEnvelope s_envelope = new " + Rt + ".ApiEnvelope(new string[] { " + string.Join(", ", env.CodeProperties.Select(Literals.String)) + " }, new string[] { " + string.Join(", ", env.MessageProperties.Select(Literals.String)) + " }, " + Literals.String(env.PayloadProperty) + ", " + env.SuccessCode.ToString(CultureInfo.InvariantCulture) + "L);");
                }
                var serverIndex = 0;
                var servers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var op in _api.Operations)
                {
                    if (op.ServerUrl is not null && Uri.TryCreate(op.ServerUrl, UriKind.Absolute, out _) && !servers.ContainsKey(op.ServerUrl))
                    {
                        var field = "s_server" + serverIndex.ToString(CultureInfo.InvariantCulture);
                        serverIndex++;
                        servers.Add(op.ServerUrl, field);
                        w.Line("private static readonly global::System.Uri " + field + " = new global::System.Uri(" + Literals.String(op.ServerUrl) + ");");
                    }
                }
                var securitySets = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var op in _api.Operations)
                {
                    var key = string.Join(",", op.Security);
                    if (!securitySets.ContainsKey(key))
                    {
                        var field = "s_security" + securitySets.Count.ToString(CultureInfo.InvariantCulture);
                        securitySets.Add(key, field);
                        w.Line("private static readonly string[] " + field + " = new string[] { " + string.Join(", ", op.Security.Select(Literals.String)) + " };");
                    }
                }
                w.Line();
                w.Line("private readonly " + Rt + ".ApiClientCore _core;");
                w.Line("private readonly " + OptionsName + " _options;");
                w.Line("private readonly global::System.TimeProvider _time;");
                if (_tokenOp is not null)
                {
                    w.Line("private readonly " + TokenCacheName + " _tokens;");
                }
                w.Line();

                w.Doc("Creates a client that sends its calls through <paramref name=\"httpClient\"/>.");
                w.Line("public " + Client + "(" + Http + ".HttpClient httpClient, " + OptionsName + " options)");
                w.Line("    : this(httpClient, options, null, null, null)");
                w.Line("{");
                w.Line("}");
                w.Line();
                w.Doc("Creates a client with a replaceable encryption hook, a shared token cache and a log sink (each may be null).");
                w.Line("public " + Client + "(" + Http + ".HttpClient httpClient, " + OptionsName + " options, " + Rt + ".IBodyEncryption? encryption, " + TokenCacheName + "? tokenCache, " + Rt + ".IApiLogSink? log)");
                using (w.Block())
                {
                    w.Line("_options = options ?? throw new global::System.ArgumentNullException(nameof(options));");
                    w.Line("_time = options.TimeProvider ?? global::System.TimeProvider.System;");
                    if (_tokenOp is not null)
                    {
                        w.Line("_tokens = tokenCache ?? new " + TokenCacheName + "();");
                    }
                    else
                    {
                        w.Line("_ = tokenCache;");
                    }
                    if (HasEncryption)
                    {
                        var enc = _api.Encryption!;
                        w.Line(Rt + ".IBodyEncryption? bodyEncryption = null;");
                        using (w.Block("if (options.EncryptionEnabled)"))
                        {
                            w.Line("bodyEncryption = encryption ?? new " + Rt + ".AesEcbBodyEncryption(options.ClientSecret ?? throw new global::System.ArgumentException(\"EncryptionEnabled needs ClientSecret (or an IBodyEncryption).\", nameof(options)), " + Literals.String(enc.RequestProperty) + ", " + Literals.String(enc.ResponseProperty) + ");");
                        }
                    }
                    else
                    {
                        w.Line("var bodyEncryption = encryption;");
                    }
                    w.Line("_core = new " + Rt + ".ApiClientCore(httpClient, options.BaseUrl, options.Timeout, this, bodyEncryption, " + (_api.Envelope is null ? "null" : "s_envelope") + ", log, _time);");
                    foreach (var g in _api.Groups)
                    {
                        w.Line(g.PropertyName + " = new " + g.ClassName + "(this);");
                    }
                }
                w.Line();
                foreach (var g in _api.Groups)
                {
                    w.Doc(g.Description ?? "Operations tagged '" + g.Tag + "'.");
                    w.Line("public " + g.ClassName + " " + g.PropertyName + " { get; }");
                    w.Line();
                }
                if (_tokenOp is not null)
                {
                    w.Doc("The token cache this client uses.");
                    w.Line("public " + Rt + ".BearerTokenCache TokenCache => _tokens;");
                    w.Line();
                }

                EmitAuthenticator(w);
                w.Line();

                foreach (var op in _api.Operations.Where(o => o.Group is null))
                {
                    EmitOperation(w, op, "this", servers, securitySets);
                    w.Line();
                }
                FlushRules(w);

                foreach (var g in _api.Groups)
                {
                    w.Doc(g.Description ?? "Operations tagged '" + g.Tag + "'.");
                    using (w.Block("public sealed partial class " + g.ClassName))
                    {
                        w.Line("private readonly " + Client + " _client;");
                        w.Line();
                        w.Line("internal " + g.ClassName + "(" + Client + " client) => _client = client;");
                        w.Line();
                        foreach (var op in _api.Operations.Where(o => o.Group == g.PropertyName))
                        {
                            EmitOperation(w, op, "_client", servers, securitySets);
                            w.Line();
                        }
                        FlushRules(w);
                    }
                    w.Line();
                }
            }
            return Header.End(w);
        }

        private void EmitAuthenticator(SourceWriter w)
        {
            var needsAwait = HasBearer;
            using (w.Block((needsAwait ? "async " : string.Empty) + Tasks + ".ValueTask<string?> " + Rt + ".IApiAuthenticator.ApplyAsync(" + Http + ".HttpRequestMessage message, " + Rt + ".ApiRequest request, " + Ct + " cancellationToken)"))
            {
                w.Line("string? bearer = null;");
                if (_api.SecuritySchemes.Count == 0)
                {
                    w.Line("_ = message;");
                    w.Line("_ = request;");
                    w.Line("_ = cancellationToken;");
                    w.Line("return new " + Tasks + ".ValueTask<string?>(bearer);");
                }
                else
                {
                    EmitSchemes(w, needsAwait);
                }
            }
            w.Line();
            EmitInvalidate(w);
        }

        private void EmitSchemes(SourceWriter w, bool needsAwait)
        {
            {
                using (w.Block("foreach (var scheme in request.Security)"))
                {
                    using (w.Block("switch (scheme)"))
                    {
                        foreach (var s in _api.SecuritySchemes)
                        {
                            w.Line("case " + Literals.String(s.Key) + ":");
                            w.Indent();
                            switch (s.Kind)
                            {
                                case SecurityKind.Bearer:
                                case SecurityKind.OAuth2:
                                    if (_tokenOp is not null)
                                    {
                                        w.Line("bearer = await _tokens.GetAsync(FetchTokenAsync, _time, _options.TokenRefreshMargin, cancellationToken).ConfigureAwait(false);");
                                    }
                                    else
                                    {
                                        w.Line("bearer = _options.AccessTokenProvider is null ? _options.AccessToken : await _options.AccessTokenProvider(cancellationToken).ConfigureAwait(false);");
                                    }
                                    using (w.Block("if (bearer is not null)"))
                                    {
                                        w.Line("message.Headers.Authorization = new " + Http + ".Headers.AuthenticationHeaderValue(\"Bearer\", bearer);");
                                    }
                                    break;
                                case SecurityKind.Basic:
                                    var user = "_options.BasicUsername";
                                    var fallbackUser = _tokenOp is not null ? TokenFormProperty("clientId") ?? TokenFormProperty("client_id") : null;
                                    if (fallbackUser is not null)
                                    {
                                        user += " ?? _options." + fallbackUser;
                                    }
                                    var password = "_options.BasicPassword" + (HasClientSecret ? " ?? _options.ClientSecret" : string.Empty);
                                    w.Line("var basicUser = " + user + ";");
                                    w.Line("var basicPassword = " + password + ";");
                                    using (w.Block("if (basicUser is not null && basicPassword is not null)"))
                                    {
                                        w.Line("message.Headers.Authorization = new " + Http + ".Headers.AuthenticationHeaderValue(\"Basic\", global::System.Convert.ToBase64String(global::System.Text.Encoding.UTF8.GetBytes(basicUser + \":\" + basicPassword)));");
                                    }
                                    break;
                                case SecurityKind.ApiKeyHeader:
                                    using (w.Block("if (_options." + s.OptionName + " is not null)"))
                                    {
                                        w.Line("message.Headers.TryAddWithoutValidation(" + Literals.String(s.ParameterName) + ", _options." + s.OptionName + ");");
                                    }
                                    break;
                                case SecurityKind.ApiKeyCookie:
                                    using (w.Block("if (_options." + s.OptionName + " is not null)"))
                                    {
                                        w.Line("message.Headers.TryAddWithoutValidation(\"Cookie\", " + Literals.String(s.ParameterName + "=") + " + global::System.Uri.EscapeDataString(_options." + s.OptionName + "));");
                                    }
                                    break;
                                case SecurityKind.ApiKeyQuery:
                                    using (w.Block("if (_options." + s.OptionName + " is not null && message.RequestUri is not null)"))
                                    {
                                        w.Line("var uri = message.RequestUri.AbsoluteUri;");
                                        w.Line("message.RequestUri = new global::System.Uri(uri + (uri.IndexOf('?') >= 0 ? \"&\" : \"?\") + " + Literals.String(Uri.EscapeDataString(s.ParameterName!) + "=") + " + global::System.Uri.EscapeDataString(_options." + s.OptionName + "));");
                                    }
                                    break;
                            }
                            w.Line("break;");
                            w.Outdent();
                        }
                    }
                }
                w.Line(needsAwait ? "return bearer;" : "return new " + Tasks + ".ValueTask<string?>(bearer);");
            }
        }

        private void EmitInvalidate(SourceWriter w)
        {
            if (_tokenOp is not null)
            {
                w.Line("bool " + Rt + ".IApiAuthenticator.Invalidate(string rejectedToken)");
                using (w.Block())
                {
                    w.Line("_tokens.Invalidate(rejectedToken);");
                    w.Line("return true;");
                }
                w.Line();
                EmitFetchToken(w);
            }
            else
            {
                w.Line("bool " + Rt + ".IApiAuthenticator.Invalidate(string rejectedToken) => false;");
            }
        }

        private void EmitFetchToken(SourceWriter w)
        {
            var op = _tokenOp!;
            var form = _tokenForm!;
            var response = _tokenResponse!;
            var access = response.Properties.First(p => p.JsonName == "access_token");
            var expires = response.Properties.FirstOrDefault(p => p.JsonName == "expires_in" && p.Type.Kind is TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal or TypeKind.Double or TypeKind.Single);
            var call = (op.Group is null ? "this" : op.Group) + "." + op.MethodName;
            using (w.Block("private async " + Tasks + ".Task<" + Rt + ".AccessToken> FetchTokenAsync(" + Ct + " cancellationToken)"))
            {
                using (w.StatementBlock("var form = new " + _types.Declared(form.Name)))
                {
                    foreach (var p in form.Properties)
                    {
                        w.Line(p.Name + " = _options." + p.Name + (!p.Required || p.Type.Nullable || _types.IsValueType(p.Type) ? string.Empty : "!") + (_types.IsValueType(p.Type) && p.Required && !p.Type.Nullable ? " ?? default" : string.Empty) + ",");
                    }
                }
                w.Line(_types.Declared(response.Name) + " token;");
                using (w.Block("try"))
                {
                    w.Line("token = await " + call + "(form, cancellationToken).ConfigureAwait(false);");
                }
                using (w.Block("catch (" + Rt + ".ApiValidationException ex)"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + Literals.String(op.OperationId) + ", \"the options are incomplete: \" + string.Join(\", \", global::System.Linq.Enumerable.Select(ex.Errors, e => e.Path + \" \" + e.Message)), ex);");
                }
                using (w.Block("catch (" + Rt + ".ApiException ex) when (ex is not " + Rt + ".ApiAuthenticationException)"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + Literals.String(op.OperationId) + ", ex.Message, ex);");
                }
                using (w.Block("if (string.IsNullOrEmpty(token." + access.Name + "))"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + Literals.String(op.OperationId) + ", \"the token response has no access_token\");");
                }
                if (expires is not null)
                {
                    w.Line("var seconds = (double)(token." + expires.Name + (_types.IsValueType(expires.Type) && (!expires.Required || expires.Type.Nullable) ? " ?? 0" : string.Empty) + ");");
                    w.Line("// The documentation disagrees with itself about the lifetime; the response's expires_in is what counts.");
                    w.Line("var lifetime = seconds > 0 ? global::System.TimeSpan.FromSeconds(seconds) : global::System.TimeSpan.FromMinutes(5);");
                }
                else
                {
                    w.Line("var lifetime = global::System.TimeSpan.FromMinutes(5);");
                }
                w.Line("return new " + Rt + ".AccessToken(token." + access.Name + "!, _time.GetUtcNow() + lifetime);");
            }
        }

        private void EmitOperation(SourceWriter w, OperationModel op, string client, Dictionary<string, string> servers, Dictionary<string, string> securitySets)
        {
            var response = op.Response;
            string returnType;
            string? resultType = null;
            if (response.Kind == BodyKind.Json && response.Type is not null)
            {
                var nullable = response.Type.Nullable || response.Type.Kind == TypeKind.Any;
                resultType = _types.Nullable(response.Type, nullable && response.Type.Kind != TypeKind.Any);
                returnType = Tasks + ".Task<" + resultType + ">";
            }
            else if (response.Kind == BodyKind.Text)
            {
                returnType = Tasks + ".Task<string>";
            }
            else if (response.Kind == BodyKind.Binary)
            {
                returnType = Tasks + ".Task<byte[]>";
            }
            else
            {
                returnType = Tasks + ".Task";
            }

            var body = op.Body;
            var parameters = new List<string>();
            foreach (var p in op.Parameters.Where(p => p.Required))
            {
                parameters.Add(_types.Nullable(p.Type, p.Type.Nullable) + " " + p.Name);
            }
            if (body is not null && body.Required)
            {
                parameters.Add(BodyType(body, false) + " " + body.ParameterName);
            }
            if (body is not null && !body.Required)
            {
                parameters.Add(BodyType(body, true) + " " + body.ParameterName + " = default");
            }
            foreach (var p in op.Parameters.Where(p => !p.Required))
            {
                parameters.Add(_types.Nullable(p.Type, true) + " " + p.Name + " = default");
            }
            parameters.Add(Ct + " cancellationToken = default");

            w.Doc(op.Summary ?? op.OperationId);
            var remarks = (op.Description is null ? string.Empty : op.Description + "\n") + "HTTP " + op.HttpMethod.ToUpperInvariant() + " " + op.Path + " (operationId " + op.OperationId + ")." + (op.Enveloped ? " Returns the envelope's payload; a non-success code throws ApiErrorException." : string.Empty);
            w.Doc(remarks, "remarks");
            foreach (var p in op.Parameters)
            {
                if (p.Description is not null)
                {
                    w.Line("/// <param name=\"" + p.Name.TrimStart('@') + "\">" + Literals.Comment(p.Description) + "</param>");
                }
            }
            if (op.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(op.OperationId + " is deprecated in the spec.") + ")]");
            }
            using (w.Block("public async " + returnType + " " + op.MethodName + "(" + string.Join(", ", parameters) + ")"))
            {
                EmitValidation(w, op);

                var path = PathExpression(op);
                var security = securitySets[string.Join(",", op.Security)];
                if (op.IsTokenOperation && _tokenOp == op)
                {
                    w.Line("var tokenUrl = " + client + "._options.TokenUrl;");
                    w.Line("var request = new " + Rt + ".ApiRequest(" + Literals.String(op.OperationId) + ", " + HttpMethod(op.HttpMethod) + ", tokenUrl is null ? " + path + " : string.Empty, " + security + ");");
                    w.Line("request.Server = tokenUrl" + (op.ServerUrl is not null && servers.TryGetValue(op.ServerUrl, out var tokenServer) ? " ?? " + tokenServer : string.Empty) + ";");
                }
                else
                {
                    w.Line("var request = new " + Rt + ".ApiRequest(" + Literals.String(op.OperationId) + ", " + HttpMethod(op.HttpMethod) + ", " + path + ", " + security + ");");
                    if (op.ServerUrl is not null && servers.TryGetValue(op.ServerUrl, out var server))
                    {
                        w.Line("request.Server = " + server + ";");
                    }
                }
                foreach (var p in op.Parameters.Where(p => p.In != ParameterLocation.Path))
                {
                    EmitParameter(w, p);
                }
                if (body is not null)
                {
                    EmitBody(w, op, body);
                }
                if (op.Encrypted)
                {
                    // Also without a request body: the response of an encrypted operation is encrypted.
                    w.Line("request.Encrypted = true;");
                }

                switch (response.Kind)
                {
                    case BodyKind.Json when response.Type is not null:
                        var send = op.Enveloped ? "SendEnvelopedAsync" : response.MayBeEmpty ? "SendJsonOrEmptyAsync" : "SendJsonAsync";
                        w.Line("return await " + client + "._core." + send + "(request, " + ResultReader(response.Type) + ", cancellationToken).ConfigureAwait(false);");
                        break;
                    case BodyKind.Text:
                        w.Line("return await " + client + "._core.SendTextAsync(request, cancellationToken).ConfigureAwait(false);");
                        break;
                    case BodyKind.Binary:
                        w.Line("return await " + client + "._core.SendBinaryAsync(request, cancellationToken).ConfigureAwait(false);");
                        break;
                    default:
                        w.Line("await " + client + "._core.SendAsync(request, cancellationToken).ConfigureAwait(false);");
                        break;
                }
            }
        }

        /// <summary>How the result of an operation is read: the codec, and what JSON null means for the result type.</summary>
        private string ResultReader(TypeRef type)
        {
            if (type.Kind == TypeKind.Any)
            {
                return Rt + ".Result.Any";
            }
            var codec = _plan.CodecOf(type.WithNullable(false));
            if (!type.Nullable)
            {
                return Rt + ".Result.Of(" + codec + ")";
            }
            return Rt + (_types.IsValueType(type) ? ".Result.NullableValue(" : ".Result.Nullable(") + codec + ")";
        }

        /// <summary>Checks the parameters and body of a call before anything is sent; nothing is emitted for an operation without rules.</summary>
        private void EmitValidation(SourceWriter w, OperationModel op)
        {
            var checks = new List<string>();
            foreach (var p in op.Parameters)
            {
                ValidationEmitter.Parameter(_plan, p, op.MethodName.Substring(0, op.MethodName.Length - "Async".Length), checks, _rules);
            }
            var body = op.Body;
            if (body is not null)
            {
                var mustBeSet = body.Required && !body.Type.Nullable;
                if (mustBeSet && !_types.IsValueType(body.Type))
                {
                    checks.Add("validator.Required(\"$\", " + body.ParameterName + ");");
                }
                if (body.Kind is BodyKind.Json or BodyKind.Form or BodyKind.Multipart && _plan.IsValidated(body.Type))
                {
                    checks.Add(_plan.CodecOf(body.Type.WithNullable(false)) + ".Validate(validator, \"$\", " + body.ParameterName + ");");
                }
            }
            if (checks.Count == 0)
            {
                return;
            }
            w.Line("var validator = new " + Rt + ".RequestValidator();");
            foreach (var check in checks)
            {
                w.Line(check);
            }
            w.Line("validator.ThrowIfInvalid(" + Literals.String(op.OperationId) + ");");
            w.Line();
        }

        /// <summary>The rule objects the parameter checks of a class use, declared once at its end.</summary>
        private void FlushRules(SourceWriter w)
        {
            if (_rules.Count == 0)
            {
                return;
            }
            foreach (var rule in _rules)
            {
                w.Line(rule);
            }
            w.Line();
            _rules.Clear();
        }

        private string BodyType(RequestBodyModel body, bool optional) => body.Kind switch
        {
            BodyKind.Text => optional ? "string?" : "string",
            BodyKind.Binary => optional ? "byte[]?" : "byte[]",
            _ => _types.Nullable(body.Type, optional || body.Type.Nullable),
        };

        private string PathExpression(OperationModel op)
        {
            var parts = new List<string>();
            var last = 0;
            foreach (Match m in Placeholder.Matches(op.Path))
            {
                if (m.Index > last)
                {
                    parts.Add(Literals.String(op.Path.Substring(last, m.Index - last)));
                }
                var p = op.Parameters.FirstOrDefault(x => x.In == ParameterLocation.Path && x.WireName == m.Groups[1].Value);
                parts.Add(p is null ? Literals.String(m.Value) : PathValue(p));
                last = m.Index + m.Length;
            }
            if (last < op.Path.Length)
            {
                parts.Add(Literals.String(op.Path.Substring(last)));
            }
            return parts.Count == 0 ? "\"\"" : string.Join(" + ", parts);
        }

        /// <summary>A C# expression that formats a parameter value as invariant text.</summary>
        private string Format(TypeRef type, string expr, bool nullable)
        {
            var value = nullable && _types.IsValueType(type) ? expr + ".Value" : expr;
            var text = type.Kind switch
            {
                TypeKind.String or TypeKind.Uri => value,
                TypeKind.DateOnly when _types.DateOnlyAsString => value,
                TypeKind.Boolean => "(" + value + " ? \"true\" : \"false\")",
                TypeKind.DateTimeOffset => value + ".ToString(\"o\", global::System.Globalization.CultureInfo.InvariantCulture)",
                TypeKind.DateOnly => value + ".ToString(\"yyyy-MM-dd\", global::System.Globalization.CultureInfo.InvariantCulture)",
                TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal or TypeKind.Guid => value + ".ToString(null, global::System.Globalization.CultureInfo.InvariantCulture)",
                TypeKind.Double or TypeKind.Single => value + ".ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
                TypeKind.Base64Bytes => "global::System.Convert.ToBase64String(" + value + ")",
                TypeKind.Enum => value + ".ToString()",
                TypeKind.Any => value + ".GetRawText()",
                TypeKind.Union => UnionText(type, value),
                TypeKind.Array when IsPlainArray(type) => ArrayText(type, value),
                _ => "global::System.Text.Encoding.UTF8.GetString(" + Rt + ".JsonPrimitives.SerializeRequest(" + value + ", " + WriterLambda(type) + "))",
            };
            return nullable && !_types.IsValueType(type) ? "(" + expr + " is null ? string.Empty : " + text + ")" : text;
        }

        private string WriterLambda(TypeRef type) => _plan.CodecOf(type.WithNullable(false));

        private void EmitParameter(SourceWriter w, ParameterModel p)
        {
            var nullable = !p.Required || p.Type.Nullable;
            var add = p.In switch
            {
                ParameterLocation.Query => "request.AddQuery",
                _ => "request.AddHeader",
            };
            var name = p.In == ParameterLocation.Cookie ? "Cookie" : p.WireName;
            string Value(string v) => p.In == ParameterLocation.Cookie
                ? Literals.String(p.WireName + "=") + " + global::System.Uri.EscapeDataString(" + v + ")"
                : v;

            if (p.In == ParameterLocation.Query && p.Style is ParameterStyle.Form or ParameterStyle.DeepObject && p.Type.IsObjectLike)
            {
                // The value's JSON, written member by member: name[key]=value (deepObject) or key=value (form).
                var json = Rt + ".JsonPrimitives.SerializeRequest(" + (nullable && _types.IsValueType(p.Type) ? p.Name + ".Value" : p.Name) + ", " + WriterLambda(p.Type) + ")";
                var call = "request.AddQueryObject(" + Literals.String(name) + ", " + json + ", deepObject: " + (p.Style == ParameterStyle.DeepObject ? "true" : "false") + ", explode: " + (p.Explode ? "true" : "false") + ");";
                if (nullable)
                {
                    using (w.Block("if (" + p.Name + " is not null)"))
                    {
                        w.Line(call);
                    }
                }
                else
                {
                    w.Line(call);
                }
                return;
            }
            if (p.Type.Kind == TypeKind.Array && p.In == ParameterLocation.Query)
            {
                var element = p.Type.Element!;
                using (w.Block("if (" + p.Name + " is not null)"))
                {
                    if (p.Explode)
                    {
                        using (w.Block("foreach (var item in " + p.Name + ")"))
                        {
                            w.Line(add + "(" + Literals.String(name) + ", " + Format(element, "item", element.Nullable) + ");");
                        }
                    }
                    else
                    {
                        var separator = p.Style switch
                        {
                            ParameterStyle.SpaceDelimited => " ",
                            ParameterStyle.PipeDelimited => "|",
                            ParameterStyle.TabDelimited => "\t",
                            _ => ",",
                        };
                        w.Line(add + "(" + Literals.String(name) + ", string.Join(" + Literals.String(separator) + ", global::System.Linq.Enumerable.Select(" + p.Name + ", item => " + Format(element, "item", element.Nullable) + ")));");
                    }
                }
                return;
            }
            if (nullable)
            {
                using (w.Block("if (" + p.Name + " is not null)"))
                {
                    w.Line(add + "(" + Literals.String(name) + ", " + Value(Format(p.Type, p.Name, _types.IsValueType(p.Type))) + ");");
                }
            }
            else
            {
                w.Line(add + "(" + Literals.String(name) + ", " + Value(Format(p.Type, p.Name, false)) + ");");
            }
        }

        private void EmitBody(SourceWriter w, OperationModel op, RequestBodyModel body)
        {
            var b = body.ParameterName;
            switch (body.Kind)
            {
                case BodyKind.Json:
                {
                    var isValue = _types.IsValueType(body.Type);
                    var nullable = !body.Required || body.Type.Nullable;
                    var value = nullable && isValue ? b + ".Value" : b;
                    var guard = nullable ? "if (" + b + " is not null)" : null;
                    if (guard is not null)
                    {
                        w.Line(guard);
                        w.Indent();
                    }
                    w.Line("request.JsonBody = " + Rt + ".JsonPrimitives.SerializeRequest(" + value + ", " + WriterLambda(body.Type) + ");");
                    if (guard is not null)
                    {
                        w.Outdent();
                    }
                    break;
                }
                case BodyKind.Form:
                case BodyKind.Multipart:
                {
                    var model = _models[body.Type.Name!];
                    var multipart = body.Kind == BodyKind.Multipart;
                    using (w.Block("if (" + b + " is not null)"))
                    {
                        w.Line("var fields = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();");
                        if (multipart)
                        {
                            w.Line("var files = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, byte[]>>();");
                        }
                        foreach (var p in model.Properties.Where(x => !x.ReadOnly))
                        {
                            var nullable = !p.Required || p.Type.Nullable;
                            var access = b + "." + p.Name;
                            if (multipart && p.Type.Kind == TypeKind.Base64Bytes)
                            {
                                using (w.Block("if (" + access + " is not null)"))
                                {
                                    w.Line("files.Add(new global::System.Collections.Generic.KeyValuePair<string, byte[]>(" + Literals.String(p.JsonName) + ", " + access + "));");
                                }
                                continue;
                            }
                            if (p.Type.Kind == TypeKind.Array && p.Type.Element!.Kind is not (TypeKind.Model or TypeKind.Array or TypeKind.Map or TypeKind.Union))
                            {
                                using (w.Block("if (" + access + " is not null)"))
                                {
                                    using (w.Block("foreach (var item in " + access + ")"))
                                    {
                                        var element = p.Type.Element!;
                                        if (element.Nullable || !_types.IsValueType(element))
                                        {
                                            w.Line("if (item is null) continue;");
                                        }
                                        w.Line("fields.Add(new global::System.Collections.Generic.KeyValuePair<string, string>(" + Literals.String(p.JsonName) + ", " + Format(element, "item", element.Nullable && _types.IsValueType(element)) + "));");
                                    }
                                }
                                continue;
                            }
                            if (nullable || !_types.IsValueType(p.Type))
                            {
                                using (w.Block("if (" + access + " is not null)"))
                                {
                                    w.Line("fields.Add(new global::System.Collections.Generic.KeyValuePair<string, string>(" + Literals.String(p.JsonName) + ", " + Format(p.Type, access, nullable && _types.IsValueType(p.Type)) + "));");
                                }
                            }
                            else
                            {
                                w.Line("fields.Add(new global::System.Collections.Generic.KeyValuePair<string, string>(" + Literals.String(p.JsonName) + ", " + Format(p.Type, access, false) + "));");
                            }
                        }
                        if (multipart)
                        {
                            using (w.StatementBlock("request.ContentFactory = () =>"))
                            {
                                w.Line("var content = new " + Http + ".MultipartFormDataContent();");
                                using (w.Block("foreach (var field in fields)"))
                                {
                                    w.Line("content.Add(new " + Http + ".StringContent(field.Value), field.Key);");
                                }
                                using (w.Block("foreach (var file in files)"))
                                {
                                    w.Line("content.Add(new " + Http + ".ByteArrayContent(file.Value), file.Key, file.Key);");
                                }
                                w.Line("return content;");
                            }
                        }
                        else
                        {
                            w.Line("request.ContentFactory = () => new " + Http + ".FormUrlEncodedContent(fields);");
                        }
                    }
                    break;
                }
                case BodyKind.Text:
                    using (w.Block("if (" + b + " is not null)"))
                    {
                        w.Line("request.ContentFactory = () => new " + Http + ".StringContent(" + b + ", global::System.Text.Encoding.UTF8, " + Literals.String(MediaType(body.ContentType)) + ");");
                    }
                    break;
                case BodyKind.Binary:
                    using (w.Block("if (" + b + " is not null)"))
                    {
                        using (w.StatementBlock("request.ContentFactory = () =>"))
                        {
                            w.Line("var content = new " + Http + ".ByteArrayContent(" + b + ");");
                            w.Line("content.Headers.TryAddWithoutValidation(\"Content-Type\", " + Literals.String(body.ContentType) + ");");
                            w.Line("return content;");
                        }
                    }
                    break;
            }
        }

        private static string MediaType(string contentType)
        {
            var semi = contentType.IndexOf(';');
            return (semi >= 0 ? contentType.Substring(0, semi) : contentType).Trim();
        }

        private static string HttpMethod(string method) => method switch
        {
            "Get" => Http + ".HttpMethod.Get",
            "Post" => Http + ".HttpMethod.Post",
            "Put" => Http + ".HttpMethod.Put",
            "Delete" => Http + ".HttpMethod.Delete",
            "Patch" => Http + ".HttpMethod.Patch",
            "Head" => Http + ".HttpMethod.Head",
            "Options" => Http + ".HttpMethod.Options",
            "Trace" => Http + ".HttpMethod.Trace",
            _ => "new " + Http + ".HttpMethod(" + Literals.String(method.ToUpperInvariant()) + ")",
        };
    }
}
