using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.RuntimeTests.Infrastructure;

/// <summary>One request as the fake server saw it: method, URL, every header (request and content) and the body bytes.</summary>
public sealed class RecordedRequest
{
    public RecordedRequest(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body, int sequence)
    {
        Method = method;
        Uri = uri;
        Headers = headers;
        Body = body;
        Sequence = sequence;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    public string Path => Uri.AbsolutePath;

    /// <summary>Header name (case-insensitive) to its values joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>0-based position of this request among all requests the server received.</summary>
    public int Sequence { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A scripted in-memory EnKash: records every request and answers per path. The token path answers with
/// <c>token-1</c>, <c>token-2</c>, ... unless a test scripts it differently; unscripted paths answer 404.
/// </summary>
public sealed class FakeEnKashServer : HttpMessageHandler
{
    public const string TokenPath = "/oauth/token";
    public const string CreateCardPath = "/api/v0/partner/enKashCard";
    public const string BlockCardPath = "/api/v0/partner/enKashCard/block";
    public const string SetPinPath = "/api/v0/partner/enKashCard/setPin";
    public const string SearchCardPath = "/api/v0/partner/enKashCard/search";
    public const string VkycLinkPath = "/api/v0/partner/enKashCard/vkyc/link";
    public const string VelocityRulePath = "/api/v0/partner/enKashCard/velocity/rule";
    public const string ReplaceCardPath = "/api/v0/partner/enKashCard/replaceCard";

    public delegate Task<HttpResponseMessage> Responder(RecordedRequest request, CancellationToken cancellationToken);

    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly Dictionary<string, Responder> _routes = new(StringComparer.Ordinal);
    private int _tokensIssued;

    public FakeEnKashServer()
    {
        On(TokenPath, _ => Json(TokenJson("token-" + Interlocked.Increment(ref _tokensIssued).ToString(System.Globalization.CultureInfo.InvariantCulture), TokenLifetimeSeconds)));
    }

    /// <summary>The <c>expires_in</c> of tokens the default token route issues.</summary>
    public long TokenLifetimeSeconds { get; set; } = 3600;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> CallsTo(string path) => Requests.Where(r => r.Path == path).ToArray();

    public int TokenCalls => CallsTo(TokenPath).Count;

    public FakeEnKashServer On(string path, Func<RecordedRequest, HttpResponseMessage> respond)
        => OnAsync(path, (request, _) => Task.FromResult(respond(request)));

    public FakeEnKashServer OnAsync(string path, Responder respond)
    {
        lock (_gate)
        {
            _routes[path] = respond;
        }
        return this;
    }

    /// <summary>Answers <paramref name="path"/> with the scripted responses in order; the last one repeats.</summary>
    public FakeEnKashServer OnSequence(string path, params Func<RecordedRequest, HttpResponseMessage>[] responses)
    {
        var index = -1;
        return On(path, request => responses[Math.Min(Interlocked.Increment(ref index), responses.Length - 1)](request));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }
        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        RecordedRequest recorded;
        Responder? route;
        lock (_gate)
        {
            recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body, _requests.Count);
            _requests.Add(recorded);
            _routes.TryGetValue(recorded.Path, out route);
        }
        if (route is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no route for " + recorded.Path) };
        }
        var response = await route(recorded, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(string text, HttpStatusCode status, string mediaType = "text/plain")
        => new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    public static string TokenJson(string accessToken, long expiresIn)
        => "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"refresh_token\":\"refresh-" + accessToken + "\",\"expires_in\":" + expiresIn.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"scope\":\"read write trust\"}";

    /// <summary>An EnKash envelope: <c>{"code":..,"message":..,"payload":..}</c>.</summary>
    public static string Envelope(string payloadJson, long code = 0, string message = "Success")
        => "{\"code\":" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"message\":\"" + message + "\",\"payload\":" + payloadJson + "}";
}
