using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.Sandbox.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EnKashGen.Sandbox
{
    /// <summary>
    /// A local EnKash card API on 127.0.0.1 that speaks EnKash's wire protocol for every operation of
    /// specs/enkash-cards.yaml: the OAuth token call with HTTP Basic and a form body, bearer tokens with a configurable
    /// lifetime, the <c>partnerId</c> header, the <c>{code, message, payload}</c> envelope (and its
    /// <c>response_code</c> spelling), per-partner AES-128-ECB body encryption, in-memory cards and accounts, and
    /// fault injection. Start one per test with <see cref="StartAsync"/> and dispose it when done.
    /// </summary>
    public sealed class SandboxServer : IAsyncDisposable
    {
        private const string TokenPath = "/oauth/token";
        private const string TokenOperationId = "getPartnerToken";
        private const int MaxBodyBytes = 1024 * 1024;

        private readonly WebApplication _app;
        private readonly SandboxState _state;
        private readonly CardApi _api;
        private readonly Dictionary<string, AesEcbBodyEncryption> _ciphers = new Dictionary<string, AesEcbBodyEncryption>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new ConcurrentDictionary<string, IssuedToken>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _failedLogins = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly object _faultGate = new object();
        private readonly Random _faultRandom;
        private readonly Dictionary<string, Queue<SandboxFault>> _scripts = new Dictionary<string, Queue<SandboxFault>>(StringComparer.Ordinal);
        private readonly HashSet<string> _operationIds;
        private SandboxFaults _faults;
        private int _disposed;

        private SandboxServer(WebApplication app, SandboxOptions options)
        {
            _app = app;
            Options = options;
            _state = new SandboxState(options, Counters);
            _api = new CardApi(_state, options);
            _operationIds = new HashSet<string>(_api.Operations.Select(o => o.OperationId).Append(TokenOperationId), StringComparer.Ordinal);
            _faults = CheckFaults(options.Faults ?? SandboxFaults.None, nameof(options));
            _faultRandom = new Random(unchecked(options.Seed * 31 + 7));
            foreach (var partner in options.Partners)
            {
                _ciphers[partner.PartnerId] = new AesEcbBodyEncryption(partner.ClientSecret);
            }
            BaseUrl = TokenUrl = new Uri("http://127.0.0.1/");
        }

        /// <summary>The base URL of the card API, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
        public Uri BaseUrl { get; private set; }

        /// <summary>The full URL of the token call, <c>{BaseUrl}oauth/token</c>.</summary>
        public Uri TokenUrl { get; private set; }

        /// <summary>The port actually bound on 127.0.0.1.</summary>
        public int Port => BaseUrl.Port;

        /// <summary>The options the server was started with.</summary>
        public SandboxOptions Options { get; }

        /// <summary>What the server has received and applied so far.</summary>
        public SandboxCounters Counters { get; } = new SandboxCounters();

        /// <summary>
        /// The fault rates in force; replace the whole object to change them while the server runs. Faults that name an
        /// operationId the server does not know are refused with an <see cref="ArgumentException"/>.
        /// </summary>
        public SandboxFaults Faults
        {
            get => Volatile.Read(ref _faults);
            set => Volatile.Write(ref _faults, CheckFaults(value ?? SandboxFaults.None, nameof(value)));
        }

        /// <summary>The operationIds this server answers (all fourteen of the spec).</summary>
        public IReadOnlyCollection<string> OperationIds => _operationIds.Order(StringComparer.Ordinal).ToList();

        /// <summary>
        /// Makes the next <paramref name="count"/> calls of <paramref name="operationId"/> (for example
        /// <c>loadCardBalance</c>, or <c>getPartnerToken</c> for the token call) get <paramref name="fault"/>, whatever the
        /// rates say. Scripts queue up per operation in the order given, so <c>ScriptFault("loadCardBalance",
        /// SandboxFault.ApplyThenDropConnection)</c> followed by <c>ScriptFault("loadCardBalance", SandboxFault.ServerError)</c>
        /// drops the first load after applying it and refuses the second. Every call routed to the operation uses up one
        /// entry, whether or not it would have succeeded.
        /// </summary>
        public void ScriptFault(string operationId, SandboxFault fault, int count = 1)
        {
            CheckOperationId(operationId, nameof(operationId));
            if (!Enum.IsDefined(fault))
            {
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
            }
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1.");
            }
            lock (_faultGate)
            {
                if (!_scripts.TryGetValue(operationId, out var queue))
                {
                    _scripts[operationId] = queue = new Queue<SandboxFault>();
                }
                for (var i = 0; i < count; i++)
                {
                    queue.Enqueue(fault);
                }
            }
        }

        /// <summary>Scripted faults not yet used up for <paramref name="operationId"/>.</summary>
        public int ScriptedFaultsPending(string operationId)
        {
            lock (_faultGate)
            {
                return _scripts.TryGetValue(operationId, out var queue) ? queue.Count : 0;
            }
        }

        /// <summary>Drops every scripted fault not yet used up (the rates in <see cref="Faults"/> stay).</summary>
        public void ClearScriptedFaults()
        {
            lock (_faultGate)
            {
                _scripts.Clear();
            }
        }

        /// <summary>Starts a sandbox on 127.0.0.1 (port <see cref="SandboxOptions.Port"/>, 0 for a free one).</summary>
        public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new SandboxOptions();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var partner in options.Partners)
            {
                if (!ids.Add(partner.PartnerId))
                {
                    throw new ArgumentException("Partner ids must be unique: " + partner.PartnerId, nameof(options));
                }
            }

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SandboxServer).Assembly.GetName().Name });
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            });
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
            // The sandbox lives inside someone else's process (a test run, the command-line tool): it must not take over
            // Ctrl+C, SIGTERM or process exit, which the default console lifetime does (and then holds the exit up).
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            var app = builder.Build();
            SandboxServer server;
            try
            {
                server = new SandboxServer(app, options);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            app.Run(server.HandleAsync);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no address.");
            var bound = new Uri(address, UriKind.Absolute);
            server.BaseUrl = new Uri("http://127.0.0.1:" + bound.Port.ToString(CultureInfo.InvariantCulture) + "/");
            server.TokenUrl = new Uri(server.BaseUrl, "oauth/token");
            return server;
        }

        /// <summary>The first partner with the given encryption setting.</summary>
        public SandboxPartner Partner(bool encrypted) => Options.Partners.FirstOrDefault(p => p.EncryptionEnabled == encrypted)
            ?? throw new InvalidOperationException("No " + (encrypted ? "encrypting" : "plain") + " partner is configured.");

        /// <summary>Invalidates every issued bearer token, as if they had all expired.</summary>
        public void RevokeTokens() => _tokens.Clear();

        /// <summary>What the sandbox holds about a card (contains card data: for assertions, never for printing).</summary>
        public SandboxCardSnapshot? FindCard(string enKashCardId) => _state.Snapshot(enKashCardId);

        /// <summary>The available balance of a card account.</summary>
        public decimal? GetAccountBalance(string cardAccountId) => _state.AccountBalance(cardAccountId);

        /// <summary>Simulates a purchase by the card holder, applying the card's status, velocity rules and balance.</summary>
        public SandboxSpendResult SimulateSpend(string enKashCardId, decimal amount, SandboxChannel channel = SandboxChannel.Pos, string merchant = "Sandbox Merchant")
            => _state.Spend(enKashCardId, amount, channel, merchant);

        /// <summary>Stops listening and releases the server; in-memory state is lost.</summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            try
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }

        // ---------------------------------------------------------------- pipeline

        private async Task HandleAsync(HttpContext context)
        {
            var started = Stopwatch.GetTimestamp();
            var request = context.Request;
            var path = request.Path.Value ?? string.Empty;
            var isToken = string.Equals(path, TokenPath, StringComparison.Ordinal);
            var op = isToken ? null : _api.Find(path);
            var operationId = isToken ? TokenOperationId : op?.OperationId ?? "unknown";
            Counters.Request(operationId);
            string? outcome = null;
            try
            {
                if (!isToken && op is null)
                {
                    outcome = await WriteGatewayErrorAsync(context, 404, "Not Found").ConfigureAwait(false);
                    return;
                }
                var expectedMethod = isToken ? "POST" : op!.Method;
                if (!string.Equals(request.Method, expectedMethod, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers.Allow = expectedMethod;
                    outcome = await WriteGatewayErrorAsync(context, 405, "Method Not Allowed").ConfigureAwait(false);
                    return;
                }

                var faults = Faults;
                var fault = NextFault(operationId, isToken, faults);
                if (fault is { } injected)
                {
                    Counters.FaultInjected(injected);
                }
                if (faults.Latency > TimeSpan.Zero && faults.Applies(operationId, isToken))
                {
                    try
                    {
                        await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        outcome = "client went away during injected latency";
                        return;
                    }
                }
                if (fault == SandboxFault.DropConnection)
                {
                    context.Abort();
                    outcome = "connection dropped (fault, not applied)";
                    return;
                }
                if (fault == SandboxFault.ServerError)
                {
                    outcome = await WriteGatewayErrorAsync(context, faults.ServerErrorStatus).ConfigureAwait(false) + " (fault, not applied)";
                    return;
                }

                var reply = isToken ? await TokenAsync(context).ConfigureAwait(false) : await CardCallAsync(context, op!).ConfigureAwait(false);
                if (reply.Applied)
                {
                    Counters.OperationApplied(operationId);
                }
                var real = reply.Status.ToString(CultureInfo.InvariantCulture) + (reply.Note is null ? string.Empty : " " + reply.Note);
                var applied = reply.Applied ? "applied" : "not applied";
                if (fault == SandboxFault.ApplyThenDropConnection)
                {
                    context.Abort();
                    outcome = "connection dropped after the operation ran (fault, " + applied + "; real answer " + real + ")";
                    return;
                }
                if (fault == SandboxFault.ApplyThenServerError)
                {
                    outcome = await WriteGatewayErrorAsync(context, faults.ServerErrorStatus).ConfigureAwait(false) + " after the operation ran (fault, " + applied + "; real answer " + real + ")";
                    return;
                }
                if (fault == SandboxFault.MalformedBody)
                {
                    // Cut the answer in half so that it is no longer JSON (and no longer Base64/AES when encrypted).
                    reply = reply with { Status = 200, Body = reply.Body.AsSpan(0, Math.Max(1, reply.Body.Length / 2)).ToArray() };
                }
                outcome = real + (fault == SandboxFault.MalformedBody ? " (malformed by fault, " + applied + ")" : string.Empty);
                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = "application/json;charset=UTF-8";
                if (reply.Challenge is not null)
                {
                    context.Response.Headers.WWWAuthenticate = reply.Challenge;
                }
                context.Response.ContentLength = reply.Body.Length;
                await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                outcome = "client went away";
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                outcome = "500 " + ex.GetType().Name;
                await WriteGatewayErrorAsync(context, 500, "Internal Server Error").ConfigureAwait(false);
            }
            finally
            {
                Options.RequestLog?.Invoke(request.Method + " " + path + " [" + operationId + "] -> " + Outcome() + " in " + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms");
            }

            string Outcome() => outcome ?? "?";
        }

        /// <summary>The fault for this call: a scripted one first, else one drawn from the rates (all five drawn per call, so a seed repeats a run).</summary>
        private SandboxFault? NextFault(string operationId, bool isToken, SandboxFaults faults)
        {
            lock (_faultGate)
            {
                if (_scripts.TryGetValue(operationId, out var queue) && queue.Count > 0)
                {
                    return queue.Dequeue();
                }
                if (!faults.HasRates || !faults.Applies(operationId, isToken))
                {
                    return null;
                }
                var drop = _faultRandom.NextDouble();
                var error = _faultRandom.NextDouble();
                var dropAfter = _faultRandom.NextDouble();
                var errorAfter = _faultRandom.NextDouble();
                var malformed = _faultRandom.NextDouble();
                if (drop < faults.DropConnectionRate)
                {
                    return SandboxFault.DropConnection;
                }
                if (error < faults.ServerErrorRate)
                {
                    return SandboxFault.ServerError;
                }
                if (dropAfter < faults.ApplyThenDropConnectionRate)
                {
                    return SandboxFault.ApplyThenDropConnection;
                }
                if (errorAfter < faults.ApplyThenServerErrorRate)
                {
                    return SandboxFault.ApplyThenServerError;
                }
                return malformed < faults.MalformedBodyRate ? SandboxFault.MalformedBody : null;
            }
        }

        private SandboxFaults CheckFaults(SandboxFaults faults, string parameter)
        {
            if (faults.Operations is { } operations)
            {
                foreach (var operationId in operations)
                {
                    CheckOperationId(operationId, parameter);
                }
            }
            return faults;
        }

        private void CheckOperationId(string operationId, string parameter)
        {
            if (operationId is null || !_operationIds.Contains(operationId))
            {
                throw new ArgumentException("Unknown operationId '" + operationId + "'; the sandbox answers " + string.Join(", ", OperationIds) + ".", parameter);
            }
        }

        /// <summary>A host lifetime that starts and stops only when told to.</summary>
        private sealed class EmbeddedLifetime : IHostLifetime
        {
            public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }

        /// <summary>An answer; <c>Applied</c> when the operation was carried out (code 0 or a token issued) and changed or read the state.</summary>
        private sealed record Reply(int Status, byte[] Body, string? Note = null, string? Challenge = null, bool Applied = false);

        /// <summary>A gateway-style error (not an EnKash envelope), as a Spring Boot service answers 404, 405 and 503.</summary>
        private static async Task<string> WriteGatewayErrorAsync(HttpContext context, int status, string? error = null)
        {
            error ??= ReasonPhrases.GetReasonPhrase(status);
            var body = Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
                w.WriteNumber("status", status);
                w.WriteString("error", error);
                w.WriteString("path", context.Request.Path.Value);
                w.WriteEndObject();
            });
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return status.ToString(CultureInfo.InvariantCulture) + " " + error;
        }

        // ------------------------------------------------------------- token call

        private async Task<Reply> TokenAsync(HttpContext context)
        {
            var request = context.Request;
            var partner = BasicClient(request.Headers.Authorization.ToString());
            if (partner is null)
            {
                return OAuthError(401, "unauthorized", "Full authentication is required: bad or missing HTTP Basic client credentials", "Basic realm=\"oauth2/client\"");
            }
            if (!request.HasFormContentType)
            {
                return OAuthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded");
            }
            var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            string? Field(string name) => form.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
            var missing = new[] { "username", "password", "grant_type", "clientId" }.Where(n => Field(n) is null).ToList();
            if (missing.Count > 0)
            {
                return OAuthError(400, "invalid_request", "Missing parameter(s): " + string.Join(", ", missing));
            }
            var token = new GetPartnerTokenRequest { Username = Field("username")!, Password = Field("password")!, GrantType = Field("grant_type")!, ClientId = Field("clientId")! };
            var validator = new RequestValidator();
            GetPartnerTokenRequest.Codec.Instance.Validate(validator, "$", token);
            if (validator.HasErrors)
            {
                return OAuthError(400, "invalid_request", string.Join("; ", validator.Errors));
            }
            if (!string.Equals(token.GrantType, "password", StringComparison.Ordinal))
            {
                return OAuthError(400, "unsupported_grant_type", "Unsupported grant type: " + token.GrantType);
            }
            if (!string.Equals(token.ClientId, partner.ClientId, StringComparison.Ordinal))
            {
                return OAuthError(400, "invalid_grant", "clientId does not match the client credentials");
            }
            lock (_failedLogins)
            {
                _failedLogins.TryGetValue(partner.Username, out var failures);
                if (Options.LockoutThreshold > 0 && failures >= Options.LockoutThreshold)
                {
                    return OAuthError(400, "invalid_grant", "User account is locked");
                }
                if (!string.Equals(token.Username, partner.Username, StringComparison.Ordinal) || !FixedEquals(token.Password, partner.Password))
                {
                    _failedLogins[partner.Username] = failures + 1;
                    return OAuthError(400, "invalid_grant", "Bad credentials");
                }
                _failedLogins.Remove(partner.Username);
            }

            var lifetime = Options.TokenLifetime;
            var accessToken = RandomToken();
            _tokens[accessToken] = new IssuedToken(partner, Options.TimeProvider.GetUtcNow() + lifetime);
            Counters.TokenIssued();
            var response = new GetPartnerTokenResult
            {
                AccessToken = accessToken,
                TokenType = "bearer",
                RefreshToken = RandomToken(),
                ExpiresIn = (long)Math.Max(1, Math.Round(lifetime.TotalSeconds)),
                Scope = "read write trust",
            };
            return new Reply(200, JsonSerializer.SerializeToUtf8Bytes(response, EnKashCardsClientJson.TypeInfo<GetPartnerTokenResult>()), "token issued", Applied: true);
        }

        private SandboxPartner? BasicClient(string authorization)
        {
            if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Substring(6).Trim()));
            }
            catch (FormatException)
            {
                return null;
            }
            var colon = decoded.IndexOf(':');
            if (colon < 0)
            {
                return null;
            }
            var user = decoded.Substring(0, colon);
            var password = decoded.Substring(colon + 1);
            return Options.Partners.FirstOrDefault(p => string.Equals(p.EffectiveBasicUsername, user, StringComparison.Ordinal) && FixedEquals(p.EffectiveBasicPassword, password));
        }

        private static Reply OAuthError(int status, string error, string description, string? challenge = null)
        {
            var body = Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error);
                w.WriteString("error_description", description);
                w.WriteEndObject();
            });
            return new Reply(status, body, error, challenge);
        }

        private static string RandomToken()
        {
            Span<byte> bytes = stackalloc byte[20];
            RandomNumberGenerator.Fill(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        private static bool FixedEquals(string a, string b)
            => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

        private sealed record IssuedToken(SandboxPartner Partner, DateTimeOffset ExpiresAt);

        // --------------------------------------------------------------- card calls

        private async Task<Reply> CardCallAsync(HttpContext context, CardOperation op)
        {
            var request = context.Request;
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return OAuthError(401, "unauthorized", "Full authentication is required to access this resource", "Bearer realm=\"oauth2-resource\"");
            }
            var presented = authorization.Substring(7).Trim();
            if (!_tokens.TryGetValue(presented, out var issued))
            {
                return OAuthError(401, "invalid_token", "Invalid access token", "Bearer realm=\"oauth2-resource\", error=\"invalid_token\"");
            }
            if (Options.TimeProvider.GetUtcNow() >= issued.ExpiresAt)
            {
                _tokens.TryRemove(presented, out _);
                return OAuthError(401, "invalid_token", "Access token expired", "Bearer realm=\"oauth2-resource\", error=\"invalid_token\"");
            }
            var partner = issued.Partner;

            var partnerId = request.Headers["partnerId"].ToString();
            if (string.IsNullOrEmpty(partnerId))
            {
                return Plain(op, 400, "partnerId header is required");
            }
            if (!string.Equals(partnerId, partner.PartnerId, StringComparison.Ordinal))
            {
                return Answer(partner, 200, _api.Failure(op, "Invalid partnerId for this access token"), "code 1");
            }

            byte[] body = Array.Empty<byte>();
            if (HttpMethods.IsPost(request.Method))
            {
                body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
                if (partner.EncryptionEnabled)
                {
                    var plaintext = Decrypt(partner, body, out var problem);
                    if (plaintext is null)
                    {
                        return problem == DecryptProblem.Malformed
                            ? Plain(op, 400, "Encrypted partners must send {\"request\": \"<base64 AES ciphertext>\"}")
                            : Answer(partner, 200, _api.Failure(op, "Unable to decrypt the request: check the client secret used for encryption"), "code 1 (undecryptable)");
                    }
                    body = plaintext;
                }
            }

            try
            {
                var call = new CardCall(partner, body, request.Query);
                var json = op.Handle(call, op);
                return call.Replayed
                    ? Answer(partner, 200, json, "code 0 (replayed, not applied)")
                    : Answer(partner, 200, json, "code 0") with { Applied = true };
            }
            catch (SandboxRejection rejection) when (rejection.Status == 200)
            {
                return Answer(partner, 200, _api.Failure(op, rejection.Message), "code 1: " + rejection.Message);
            }
            catch (SandboxRejection rejection)
            {
                return Plain(op, rejection.Status, rejection.Message);
            }
        }

        /// <summary>An HTTP 200 answer: encrypted for partners that encrypt.</summary>
        private Reply Answer(SandboxPartner partner, int status, byte[] json, string note)
        {
            if (!partner.EncryptionEnabled)
            {
                return new Reply(status, json, note);
            }
            var wrapped = Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("request", _ciphers[partner.PartnerId].EncryptToBase64(json));
                w.WriteEndObject();
            });
            return new Reply(status, wrapped, note + " (encrypted)");
        }

        /// <summary>A rejection before the partner's body could be trusted (HTTP 4xx): plain JSON, as a gateway answers.</summary>
        private Reply Plain(CardOperation op, int status, string message) => new Reply(status, _api.Failure(op, message), "code 1: " + message);

        private enum DecryptProblem
        {
            None,
            Malformed,
            WrongKey,
        }

        private byte[]? Decrypt(SandboxPartner partner, byte[] body, out DecryptProblem problem)
        {
            string? ciphertext = null;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("request", out var member)
                    && member.ValueKind == JsonValueKind.String)
                {
                    ciphertext = member.GetString();
                }
            }
            catch (JsonException)
            {
            }
            if (string.IsNullOrEmpty(ciphertext))
            {
                problem = DecryptProblem.Malformed;
                return null;
            }
            try
            {
                problem = DecryptProblem.None;
                return _ciphers[partner.PartnerId].DecryptFromBase64(ciphertext);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                problem = DecryptProblem.WrongKey;
                return null;
            }
        }

        private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }

        private static byte[] Json(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }
            return buffer.WrittenSpan.ToArray();
        }
    }
}
