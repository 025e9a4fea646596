using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits the client: one class per operation group, each operation a method that describes its request (path,
    /// parameters, body, the rules they must meet) and hands it to the runtime's pipeline; and the nested authenticator
    /// that adds each security scheme's credentials, fetching bearer tokens through the spec's token call.
    /// </summary>
    internal sealed partial class ClientEmitter
    {
        private const string Rt = EmitPlan.Runtime;
        private const string Http = "global::System.Net.Http";
        private const string Tasks = "global::System.Threading.Tasks";
        private const string Ct = "global::System.Threading.CancellationToken";

        private const string Request = ReservedNames.RequestLocal;
        private const string CancellationToken = ReservedNames.CancellationTokenParameter;

        private static readonly Regex Placeholder = new Regex("\\{([^}/]+)\\}", RegexOptions.CultureInvariant);

        private readonly EmitPlan _plan;
        private readonly ApiModel _api;
        private readonly TypeNames _types;
        private readonly Dictionary<string, ObjectType> _models;
        private readonly OptionsEmitter _options;
        private readonly TokenFlowModel? _token;
        private readonly Dictionary<string, string> _servers = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _securitySets = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<string> _rules = new List<string>();

        public ClientEmitter(EmitPlan plan, OptionsEmitter options)
        {
            _plan = plan;
            _api = plan.Api;
            _types = plan.Types;
            _models = _api.Models.ToDictionary(m => m.Name);
            _options = options;
            _token = _api.TokenFlow;
            // The client's static fields are named after what they hold: a server by its host and path
            // (s_ekpayoutUatEnkashInServer), a set of security schemes by the schemes (s_bearerAuthAndPartnerIdSchemes).
            var fields = new HashSet<string>(StringComparer.Ordinal) { "s_envelope", "s_telemetry" };
            foreach (var op in _api.Operations)
            {
                if (op.ServerUrl is not null && Uri.TryCreate(op.ServerUrl, UriKind.Absolute, out var url) && !_servers.ContainsKey(op.ServerUrl))
                {
                    _servers.Add(op.ServerUrl, FieldName(fields, url.Host + " " + url.AbsolutePath, "server", "Server"));
                }
                var key = string.Join(",", op.Security);
                if (!_securitySets.ContainsKey(key))
                {
                    _securitySets.Add(key, FieldName(fields, op.Security.Count == 0 ? "no" : string.Join(" and ", op.Security), "security", "Schemes"));
                }
            }
        }

        /// <summary>A static field's name: <c>s_</c>, the words of <paramref name="what"/>, <paramref name="suffix"/>; numbered only when two would be the same.</summary>
        private static string FieldName(HashSet<string> taken, string what, string fallback, string suffix)
        {
            var name = "s_" + Mapping.Naming.CamelWord(what, fallback) + suffix;
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = name + n.ToString(CultureInfo.InvariantCulture);
            }
            return unique;
        }

        private string Client => _api.ClientName;

        private string OptionsName => _api.ClientName + ReservedNames.OptionsSuffix;

        public string EmitClient()
        {
            var w = Header.Start(_api, _plan.UsesDeprecated, documentsParameters: true);
            var (summary, remarks) = Describe(_api.Title, _api.Description);
            w.Doc(summary);
            var telemetry = "Traces and metrics: the ActivitySource and the Meter of this client are both named " + _api.Namespace + "." + Client
                + "; each operation is one span named after its operation id and one measurement of enkashgen.client.operation.duration (seconds).";
            w.Doc(remarks is null ? telemetry : remarks + "\n\n" + telemetry, "remarks");
            w.Line(Header.GeneratedCode);
            using (w.Block(_api.Accessibility + " sealed partial class " + Client))
            {
                EmitFields(w);
                EmitConstructors(w);
                foreach (var g in _api.Groups)
                {
                    w.Doc(g.Description ?? "Operations tagged '" + g.Tag + "'.");
                    w.Line("public " + g.ClassName + " " + g.PropertyName + " { get; }");
                    w.Line();
                }
                if (_token is not null)
                {
                    w.Doc("The token cache this client uses: its options' TokenCache.");
                    w.Line("public " + Rt + ".BearerTokenCache TokenCache => _tokens;");
                    w.Line();
                }
                foreach (var op in _api.Operations.Where(o => o.Group is null))
                {
                    EmitOperation(w, op, "this");
                }
                FlushRules(w);
                EmitAuthenticator(w);
                foreach (var g in _api.Groups)
                {
                    w.Line();
                    w.Doc(g.Description ?? "Operations tagged '" + g.Tag + "'.");
                    using (w.Block("public sealed partial class " + g.ClassName))
                    {
                        w.Line("private readonly " + Client + " _client;");
                        w.Line();
                        w.Line("internal " + g.ClassName + "(" + Client + " client) => _client = client;");
                        foreach (var op in _api.Operations.Where(o => o.Group == g.PropertyName))
                        {
                            w.Line();
                            EmitOperation(w, op, "_client");
                        }
                        FlushRules(w);
                    }
                }
            }
            return Header.End(w);
        }

        /// <summary>
        /// The client's summary is the spec's title and the first paragraph of its description; the rest of the
        /// description (often pages of Markdown) goes to the remarks.
        /// </summary>
        internal static (string Summary, string? Remarks) Describe(string title, string? description)
        {
            var text = (description ?? string.Empty).Replace("\r\n", "\n").Trim();
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var first = split < 0 ? text : text.Substring(0, split).Trim();
            var rest = split < 0 ? null : text.Substring(split + 2).Trim();
            if (first.StartsWith("#", StringComparison.Ordinal) || first.StartsWith("|", StringComparison.Ordinal))
            {
                // A heading or a table is not a sentence about the API: all of it is remarks.
                rest = text;
                first = string.Empty;
            }
            title = title.Trim();
            var summary = first.Length == 0 ? title : title + (title.Length > 0 && ".!?:".IndexOf(title[title.Length - 1]) >= 0 ? " " : ". ") + first;
            return (summary, string.IsNullOrEmpty(rest) ? null : rest);
        }

        private void EmitFields(SourceWriter w)
        {
            if (_api.Envelope is { } env)
            {
                w.Line("private static readonly " + Rt + ".ApiEnvelope s_envelope = new(new string[] { " + string.Join(", ", env.CodeProperties.Select(Literals.String)) + " }, new string[] { " + string.Join(", ", env.MessageProperties.Select(Literals.String)) + " }, " + Literals.String(env.PayloadProperty) + ", " + env.SuccessCode.ToString(CultureInfo.InvariantCulture) + "L);");
            }
            foreach (var pair in _servers)
            {
                w.Line("private static readonly global::System.Uri " + pair.Value + " = new(" + Literals.String(pair.Key) + ");");
            }
            foreach (var pair in _securitySets)
            {
                var keys = pair.Key.Length == 0 ? Array.Empty<string>() : pair.Key.Split(',');
                w.Line("private static readonly string[] " + pair.Value + " = " + (keys.Length == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", keys.Select(Literals.String)) + " }") + ";");
            }
            // One source and meter per client type, named after it (README: "Traces and metrics").
            w.Line("private static readonly " + Rt + ".ApiTelemetry s_telemetry = new(" + Literals.String(_api.Namespace + "." + Client) + ", " + Literals.String(Header.Version) + ");");
            w.Line();
            w.Line("private readonly " + Rt + ".ApiClientCore _core;");
            w.Line("private readonly " + OptionsName + " _options;");
            if (_token is not null)
            {
                w.Line("private readonly " + Rt + ".BearerTokenCache _tokens;");
                w.Line("private readonly global::System.TimeProvider _time;");
            }
            w.Line();
        }

        private void EmitConstructors(SourceWriter w)
        {
            w.DocMarkup(
                "Creates a client that sends its calls through <paramref name=\"httpClient\"/> with the settings of <paramref name=\"options\"/>.",
                "Clients are light: the token cache and the encryption hook belong to the options, so every client made from the",
                "same options shares one token and one encryption key.");
            w.Line("public " + Client + "(" + Http + ".HttpClient httpClient, " + OptionsName + " options)");
            w.Line("    : this(httpClient, options, null)");
            w.Line("{");
            w.Line("}");
            w.Line();
            if (_options.HasEncryption)
            {
                w.DocMarkup(
                    "Creates a client for dependency injection: logs go to <paramref name=\"log\"/> when the options name no log sink, and a",
                    "registered <paramref name=\"encryption\"/> replaces the default scheme when the options enable encryption without naming one.");
                w.Line("internal " + Client + "(" + Http + ".HttpClient httpClient, " + OptionsName + " options, " + Rt + ".IApiLogSink? log, " + Rt + ".IBodyEncryption? encryption = null)");
            }
            else
            {
                w.DocMarkup("Creates a client whose logs go to <paramref name=\"log\"/> when the options name no log sink (dependency injection passes its logger).");
                w.Line("internal " + Client + "(" + Http + ".HttpClient httpClient, " + OptionsName + " options, " + Rt + ".IApiLogSink? log)");
            }
            using (w.Block())
            {
                w.Line("_options = options ?? throw new global::System.ArgumentNullException(nameof(options));");
                if (_token is not null)
                {
                    w.Line("_tokens = options.TokenCache ?? throw new global::System.ArgumentException(" + Literals.String(OptionsName + ".TokenCache may not be null.") + ", nameof(options));");
                    w.Line("_time = options.TimeProvider ?? global::System.TimeProvider.System;");
                }
                var encryption = _options.HasEncryption ? "options.Encryption is null && options.EncryptionEnabled && encryption is not null ? encryption : options.ResolveEncryption()" : "null";
                w.Line("_core = new " + Rt + ".ApiClientCore(httpClient, options.BaseUrl, options.Timeout, new " + ReservedNames.AuthenticatorClass + "(this), " + encryption + ", " + (_api.Envelope is null ? "null" : "s_envelope") + ", options.Log ?? log, options.TimeProvider);");
                w.Line("_core.Telemetry = s_telemetry;");
                foreach (var g in _api.Groups)
                {
                    w.Line(g.PropertyName + " = new " + g.ClassName + "(this);");
                }
            }
            w.Line();
        }

        // ------------------------------------------------------------------ authentication

        private bool NeedsAwait => _options.HasBearer;

        private void EmitAuthenticator(SourceWriter w)
        {
            w.Doc("Adds the credentials of each call's security schemes, read from the options when the call is made.");
            using (w.Block("private sealed class " + ReservedNames.AuthenticatorClass + " : " + Rt + ".IApiAuthenticator"))
            {
                w.Line("private readonly " + Client + " _client;");
                w.Line();
                w.Line("public " + ReservedNames.AuthenticatorClass + "(" + Client + " client) => _client = client;");
                w.Line();
                var signature = Tasks + ".ValueTask<string?> ApplyAsync(" + Http + ".HttpRequestMessage message, " + Rt + ".ApiRequest request, " + Ct + " cancellationToken)";
                if (_api.SecuritySchemes.Count == 0)
                {
                    w.Line("public " + signature + " => new " + Tasks + ".ValueTask<string?>((string?)null);");
                }
                else
                {
                    using (w.Block("public " + (NeedsAwait ? "async " : string.Empty) + signature))
                    {
                        EmitSchemes(w);
                    }
                }
                w.Line();
                if (_token is not null)
                {
                    using (w.Block("public bool Invalidate(string rejectedToken)"))
                    {
                        w.Line("_client._tokens.Invalidate(rejectedToken);");
                        w.Line("return true;");
                    }
                    w.Line();
                    EmitFetchToken(w);
                }
                else
                {
                    w.Line("public bool Invalidate(string rejectedToken) => false;");
                }
            }
        }

        private void EmitSchemes(SourceWriter w)
        {
            w.Line("var options = _client._options;");
            w.Line("string? bearer = null;");
            using (w.Block("foreach (var scheme in request.Security)"))
            {
                using (w.Block("switch (scheme)"))
                {
                    foreach (var s in _api.SecuritySchemes)
                    {
                        w.Line("case " + Literals.String(s.Key) + ":");
                        w.Indent();
                        EmitScheme(w, s);
                        w.Line("break;");
                        w.Outdent();
                    }
                }
            }
            w.Line(NeedsAwait ? "return bearer;" : "return new " + Tasks + ".ValueTask<string?>(bearer);");
        }

        private void EmitScheme(SourceWriter w, SecuritySchemeModel s)
        {
            switch (s.Kind)
            {
                case SecurityKind.Bearer:
                case SecurityKind.OAuth2:
                    w.Line(_token is not null
                        ? "bearer = await _client._tokens.GetAsync(FetchTokenAsync, _client._time, options.TokenRefreshMargin, cancellationToken).ConfigureAwait(false);"
                        : "bearer = options.AccessTokenProvider is null ? options.AccessToken : await options.AccessTokenProvider(cancellationToken).ConfigureAwait(false);");
                    using (w.Block("if (bearer is not null)"))
                    {
                        w.Line("message.Headers.Authorization = new " + Http + ".Headers.AuthenticationHeaderValue(\"Bearer\", bearer);");
                    }
                    break;
                case SecurityKind.Basic:
                    var fallbackUser = _options.BasicUserFallback;
                    w.Line("var basicUser = options.BasicUsername" + (fallbackUser is null ? string.Empty : " ?? options." + fallbackUser) + ";");
                    w.Line("var basicPassword = options.BasicPassword" + (_options.HasClientSecret ? " ?? options.ClientSecret" : string.Empty) + ";");
                    using (w.Block("if (basicUser is not null && basicPassword is not null)"))
                    {
                        w.Line("message.Headers.Authorization = new " + Http + ".Headers.AuthenticationHeaderValue(\"Basic\", global::System.Convert.ToBase64String(global::System.Text.Encoding.UTF8.GetBytes(basicUser + \":\" + basicPassword)));");
                    }
                    break;
                case SecurityKind.ApiKeyHeader:
                    using (w.Block("if (options." + s.OptionName + " is not null)"))
                    {
                        w.Line("message.Headers.TryAddWithoutValidation(" + Literals.String(s.ParameterName) + ", options." + s.OptionName + ");");
                    }
                    break;
                case SecurityKind.ApiKeyCookie:
                    using (w.Block("if (options." + s.OptionName + " is not null)"))
                    {
                        w.Line("message.Headers.TryAddWithoutValidation(\"Cookie\", " + Literals.String(s.ParameterName + "=") + " + global::System.Uri.EscapeDataString(options." + s.OptionName + "));");
                    }
                    break;
                case SecurityKind.ApiKeyQuery:
                    using (w.Block("if (options." + s.OptionName + " is not null && message.RequestUri is not null)"))
                    {
                        w.Line("var uri = message.RequestUri.AbsoluteUri;");
                        w.Line("message.RequestUri = new global::System.Uri(uri + (uri.IndexOf('?') >= 0 ? \"&\" : \"?\") + " + Literals.String(Uri.EscapeDataString(s.ParameterName!) + "=") + " + global::System.Uri.EscapeDataString(options." + s.OptionName + "));");
                    }
                    break;
            }
        }

        private void EmitFetchToken(SourceWriter w)
        {
            var flow = _token!;
            var op = _api.Operations.First(o => o.OperationId == flow.OperationId);
            var form = _models[flow.FormModel];
            var id = Literals.String(op.OperationId);
            var call = "_client." + (op.Group is null ? string.Empty : op.Group + ".") + op.MethodName;
            using (w.Block("private async " + Tasks + ".Task<" + Rt + ".AccessToken> FetchTokenAsync(" + Ct + " cancellationToken)"))
            {
                w.Line("var options = _client._options;");
                using (w.StatementBlock("var form = new " + _types.Declared(form.Name)))
                {
                    foreach (var p in form.Properties)
                    {
                        var valueType = _types.IsValueType(p.Type);
                        w.Line(p.Name + " = options." + p.Name + (!p.Required || p.Type.Nullable || valueType ? string.Empty : "!") + (valueType && p.Required && !p.Type.Nullable ? " ?? default" : string.Empty) + ",");
                    }
                }
                w.Line(_types.Declared(flow.ResponseModel) + " token;");
                using (w.Block("try"))
                {
                    w.Line("token = await " + call + "(form, cancellationToken).ConfigureAwait(false);");
                }
                using (w.Block("catch (" + Rt + ".ApiValidationException ex)"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + id + ", \"the options are incomplete: \" + string.Join(\", \", global::System.Linq.Enumerable.Select(ex.Errors, e => e.Path + \" \" + e.Message)), ex);");
                }
                using (w.Block("catch (" + Rt + ".ApiException ex) when (ex is not " + Rt + ".ApiAuthenticationException && ex is not " + Rt + ".ApiTimeoutException)"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + id + ", ex.Message, ex);");
                }
                using (w.Block("if (string.IsNullOrEmpty(token." + flow.AccessTokenProperty + "))"))
                {
                    w.Line("throw new " + Rt + ".ApiAuthenticationException(" + id + ", \"the token response has no access_token\");");
                }
                if (flow.ExpiresInProperty is { } expires)
                {
                    w.Line("var seconds = (double)(token." + expires + (flow.ExpiresInIsNullable ? " ?? 0" : string.Empty) + ");");
                    w.Line("// The response's expires_in is what counts; without one, the token is kept for five minutes.");
                    w.Line("var lifetime = seconds > 0 ? global::System.TimeSpan.FromSeconds(seconds) : global::System.TimeSpan.FromMinutes(5);");
                }
                else
                {
                    w.Line("var lifetime = global::System.TimeSpan.FromMinutes(5);");
                }
                w.Line("return new " + Rt + ".AccessToken(token." + flow.AccessTokenProperty + "!, _client._time.GetUtcNow() + lifetime);");
            }
        }

        // ------------------------------------------------------------------ operations

        private void EmitOperation(SourceWriter w, OperationModel op, string client)
        {
            var response = op.Response;
            string returnType;
            if (response.Kind == BodyKind.Json && response.Type is not null)
            {
                var nullable = response.Type.Nullable || response.Type.Kind == TypeKind.Any;
                returnType = Tasks + ".Task<" + _types.Nullable(response.Type, nullable && response.Type.Kind != TypeKind.Any) + ">";
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
            if (body is not null)
            {
                parameters.Add(BodyType(body, !body.Required) + " " + body.ParameterName + (body.Required ? string.Empty : " = default"));
            }
            foreach (var p in op.Parameters.Where(p => !p.Required))
            {
                parameters.Add(_types.Nullable(p.Type, true) + " " + p.Name + " = default");
            }
            parameters.Add(Ct + " " + CancellationToken + " = default");

            w.Doc(op.Summary ?? op.OperationId);
            var remarks = (op.Description is null ? string.Empty : op.Description + "\n") + "HTTP " + op.HttpMethod.ToUpperInvariant() + " " + op.Path + " (operationId " + op.OperationId + ")." + (op.Enveloped ? " Returns the envelope's payload; a non-success code throws ApiErrorException." : string.Empty);
            if (op.Reference is { } replayReference && !op.ReplaySafe)
            {
                remarks += "\nNot replay-safe: sent once, identified by " + replayReference.JsonName + (replayReference.GeneratedLength is null ? " (set it before the call)" : " (filled with a fresh value when empty)")
                    + ". When the outcome is unclear " + (op.Reconcile is { } lookup ? "the call is looked up with " + lookup.LookupOperationId + ": found, it returns the result; not found, it throws ApiNotAppliedException (nothing applied) or ApiOutcomeUnknownException (settle it later with " + lookup.MethodName + ")." : "it throws ApiNotAppliedException (nothing applied) or ApiOutcomeUnknownException.");
            }
            w.Doc(remarks, "remarks");
            foreach (var p in op.Parameters)
            {
                if (p.Description is not null)
                {
                    w.Line("/// <param name=\"" + p.Name.TrimStart('@') + "\">" + Literals.XmlText(p.Description) + "</param>");
                }
            }
            if (op.Deprecated)
            {
                w.Line("[global::System.Obsolete(" + Literals.String(op.OperationId + " is deprecated in the spec.") + ")]");
            }
            var signature = op.MethodName + "(" + string.Join(", ", parameters) + ")";
            using (w.Block("public " + returnType + " " + signature))
            {
                EmitRequest(w, op, client);
                EmitSend(w, op, client);
            }
            if (op.Reconcile is not null && op.Reference is not null && !op.ReplaySafe)
            {
                EmitReconcile(w, op, client);
            }
        }

        /// <summary>Declares the request: where it goes, its parameters and body, and the rules they must meet.</summary>
        private void EmitRequest(SourceWriter w, OperationModel op, string client)
        {
            var path = PathExpression(op);
            var isTokenFlow = _token is not null && _token.OperationId == op.OperationId;
            if (isTokenFlow)
            {
                path = client + "._options.TokenUrl is null ? " + path + " : string.Empty";
            }
            var security = _securitySets[string.Join(",", op.Security)];
            w.Line("var " + Request + " = new " + Rt + ".ApiRequest(" + Literals.String(op.OperationId) + ", " + HttpMethod(op.HttpMethod) + ", " + path + ", " + security + (op.Encrypted ? ", encrypted: true" : string.Empty) + ");");
            EmitReplay(w, op);
            var server = op.ServerUrl is not null && _servers.TryGetValue(op.ServerUrl, out var field) ? field : null;
            if (isTokenFlow)
            {
                w.Line(Request + ".Server = " + client + "._options.TokenUrl" + (server is null ? string.Empty : " ?? " + server) + ";");
            }
            else if (server is not null)
            {
                w.Line(Request + ".Server = " + server + ";");
            }
            var checks = new List<string>();
            foreach (var p in op.Parameters)
            {
                ValidationEmitter.Parameter(_plan, p, op.MethodName.Substring(0, op.MethodName.Length - "Async".Length), Request + ".Checks", checks, _rules);
            }
            foreach (var check in checks)
            {
                w.Line(check);
            }
            foreach (var p in op.Parameters.Where(p => p.In != ParameterLocation.Path))
            {
                EmitParameter(w, p);
            }
            if (op.Body is { } body)
            {
                EmitBody(w, op, body);
            }
        }

        private void EmitSend(SourceWriter w, OperationModel op, string client)
        {
            var response = op.Response;
            var core = client + "._core.";
            // A call with a reference that is not replay-safe is sent once; a failure that leaves its outcome open is
            // settled by the lookup (when the spec declares one) instead of by sending it again.
            var guarded = op.Reference is not null && !op.ReplaySafe;
            var token = guarded ? "ct" : CancellationToken;
            string call;
            switch (response.Kind)
            {
                case BodyKind.Json when response.Type is not null:
                    var send = op.Enveloped ? "SendEnvelopedAsync" : response.MayBeEmpty ? "SendJsonOrEmptyAsync" : "SendJsonAsync";
                    call = core + send + "(" + Request + ", " + ResultReader(response.Type) + ", " + token + ")";
                    break;
                case BodyKind.Text:
                    call = core + "SendTextAsync(" + Request + ", " + token + ")";
                    break;
                case BodyKind.Binary:
                    call = core + "SendBinaryAsync(" + Request + ", " + token + ")";
                    break;
                default:
                    call = core + "SendAsync(" + Request + ", " + token + ")";
                    break;
            }
            if (!guarded)
            {
                w.Line("return " + call + ";");
                return;
            }
            var reconcile = op.Reconcile is { } r ? "async ct => await " + r.MethodName + "(" + op.Body!.ParameterName + "!, ct).ConfigureAwait(false)" : "null";
            w.Line("return " + Rt + ".ReplayGuard.SendAsync(" + client + "._core, " + Request + ", ct => " + call + ", " + reconcile + ", " + CancellationToken + ");");
        }

        /// <summary>Marks the request replay-safe or not where the spec departs from its HTTP method, and fills its reference.</summary>
        private static void EmitReplay(SourceWriter w, OperationModel op)
        {
            var byMethod = op.HttpMethod.ToUpperInvariant() is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE" or "TRACE";
            if (op.ReplaySafe != byMethod)
            {
                w.Line(Request + ".ReplaySafe = " + (op.ReplaySafe ? "true" : "false") + ";");
            }
            if (op.Reference is not { } reference || op.Body is not { } body)
            {
                return;
            }
            var member = body.ParameterName + "." + reference.Property;
            if (reference.GeneratedLength is int length)
            {
                using (w.Block("if (" + body.ParameterName + " is not null && string.IsNullOrEmpty(" + member + "))"))
                {
                    w.Line("// Filled before the first attempt, so every attempt, the lookup and the caller see the same reference.");
                    w.Line(member + " = " + Rt + ".ReplayGuard.NewReference(" + length.ToString(CultureInfo.InvariantCulture) + ");");
                }
            }
            w.Line(Request + ".Reference = " + body.ParameterName + "?." + reference.Property + ";");
        }

        /// <summary>The public lookup of a call's outcome by its reference (x-enkash-reconcile), beside the call.</summary>
        private void EmitReconcile(SourceWriter w, OperationModel op, string client)
        {
            var r = op.Reconcile!;
            var body = op.Body!;
            var b = body.ParameterName;
            var reference = op.Reference!;
            var result = _types.Declared(r.ResultModel);
            w.Line();
            w.Doc("Looks up whether a " + op.OperationId + " call was applied, by its reference (" + reference.JsonName + ").");
            w.Doc("Returns the call's result, built from the item of " + r.LookupOperationId + " that carries the reference, or null when the API knows no such call. "
                + "Use it to settle an ApiOutcomeUnknownException once the API has finished with the request: a null answer means the call was not applied, so sending the same body again (same reference) moves money once. "
                + "The call itself runs this lookup when its outcome is unclear.", "remarks");
            using (w.Block("public async " + Tasks + ".Task<" + result + "?> " + r.MethodName + "(" + _types.Declared(BodyModelName(body)) + " " + b + ", " + Ct + " " + CancellationToken + " = default)"))
            {
                w.Line("if (" + b + " is null) throw new global::System.ArgumentNullException(nameof(" + b + "));");
                w.Line("var reference = " + b + "." + reference.Property + ";");
                w.Line("if (string.IsNullOrEmpty(reference)) throw new global::System.ArgumentException(" + Literals.String("The body has no " + reference.JsonName + ", so no call can be looked up.") + ", nameof(" + b + "));");
                using (w.StatementBlock("var lookup = new " + _types.Declared(r.LookupBodyModel)))
                {
                    foreach (var copy in r.Filters)
                    {
                        w.Line(copy.Target + " = " + b + "." + copy.Source + (copy.NotNull ? "!" : string.Empty) + ",");
                    }
                    w.Line(r.LookupReferenceProperty + " = reference,");
                }
                var lookupCall = client + "." + (r.LookupGroup is null ? string.Empty : r.LookupGroup + ".") + r.LookupMethodName + "(lookup, " + CancellationToken + ": " + CancellationToken + ")";
                w.Line("var found = await " + lookupCall + ".ConfigureAwait(false);");
                void Built(string item)
                {
                    using (w.StatementBlock("return new " + result))
                    {
                        foreach (var copy in r.Result)
                        {
                            w.Line(copy.Target + " = " + item + "." + copy.Source + (copy.NotNull ? "!" : string.Empty) + ",");
                        }
                    }
                }
                if (r.LookupReturnsList)
                {
                    using (w.Block("foreach (var item in found ?? global::System.Array.Empty<" + _types.Declared(r.ItemModel) + ">())"))
                    {
                        using (w.Block("if (item is not null && string.Equals(item." + r.MatchProperty + ", reference, global::System.StringComparison.Ordinal))"))
                        {
                            Built("item");
                        }
                    }
                }
                else
                {
                    using (w.Block("if (found is not null && string.Equals(found." + r.MatchProperty + ", reference, global::System.StringComparison.Ordinal))"))
                    {
                        Built("found");
                    }
                }
                w.Line("return null;");
            }
        }

        private static string BodyModelName(RequestBodyModel body) => body.Type.Name!;

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

        /// <summary>The rule objects the parameter checks of a class use, declared once at its end.</summary>
        private void FlushRules(SourceWriter w)
        {
            if (_rules.Count == 0)
            {
                return;
            }
            w.Line();
            foreach (var rule in _rules.Distinct(StringComparer.Ordinal))
            {
                w.Line(rule);
            }
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
                // The request leaves out a null value; text goes as it is, anything else is formatted when present.
                var text = Value(Format(p.Type, p.Name, _types.IsValueType(p.Type)));
                w.Line(add + "(" + Literals.String(name) + ", " + (text == p.Name ? text : p.Name + " is null ? null : " + text) + ");");
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
                    var codec = WriterLambda(body.Type);
                    var required = body.Required && !body.Type.Nullable;
                    if (_types.IsValueType(body.Type) && (!body.Required || body.Type.Nullable))
                    {
                        w.Line("if (" + b + " is not null) " + Request + ".Json(" + b + ".Value, " + codec + ", required: false);");
                    }
                    else
                    {
                        w.Line(Request + ".Json(" + b + ", " + codec + ", required: " + (required ? "true" : "false") + ");");
                    }
                    break;
                }
                case BodyKind.Form:
                case BodyKind.Multipart:
                {
                    var model = _models[body.Type.Name!];
                    var multipart = body.Kind == BodyKind.Multipart;
                    if (body.Required && !body.Type.Nullable)
                    {
                        w.Line(Request + ".Checks.Required(\"$\", " + b + ");");
                    }
                    if (_plan.IsValidated(body.Type))
                    {
                        w.Line(_plan.CodecOf(body.Type.WithNullable(false)) + ".Validate(" + Request + ".Checks, \"$\", " + b + ");");
                    }
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
                            if (p.Type.Kind == TypeKind.Array && p.Type.Element!.Kind is not (TypeKind.Object or TypeKind.Array or TypeKind.Map or TypeKind.Union))
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
