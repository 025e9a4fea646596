using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.Benchmarks.Runtime;

/// <summary>
/// An EnKash stand-in that never leaves the process: answers the token call, and answers createCard with the spec's
/// gift-card example (encrypted the EnKash way when <c>encrypt</c> is set). Like a socket handler it reads the whole
/// request body, so a client cannot skip serializing it. It counts card calls that arrive without the bearer token or
/// the partnerId header instead of refusing them, so a client that forgets them is reported rather than unmeasurable.
/// </summary>
public sealed class InMemoryEnKashHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] TokenBody = Encoding.UTF8.GetBytes("{\"access_token\":\"bg-xFpMtGNl2jJGD8VPR4YZpNcA\",\"token_type\":\"bearer\",\"refresh_token\":\"PAADpFl7dsgQBE-21fSSccCMlVE\",\"expires_in\":86399,\"scope\":\"read write trust\"}");

    private readonly byte[] _createCardBody;

    public InMemoryEnKashHandler(string clientSecret, bool encrypt)
    {
        var plain = Payloads.CreateCardResponse;
        if (!encrypt)
        {
            _createCardBody = plain;
            return;
        }
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(clientSecret)).AsSpan(0, 16).ToArray();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("request", Convert.ToBase64String(aes.EncryptEcb(plain, PaddingMode.PKCS7)));
            writer.WriteEndObject();
        }
        _createCardBody = buffer.ToArray();
    }

    public int TokenCalls { get; private set; }

    public int CardCalls { get; private set; }

    /// <summary>Card calls without <c>Authorization: Bearer</c> or without the <c>partnerId</c> header.</summary>
    public int CallsWithoutCredentials { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        if (request.RequestUri!.AbsolutePath.EndsWith("/oauth/token", StringComparison.Ordinal))
        {
            TokenCalls++;
            return Answer(request, HttpStatusCode.OK, TokenBody);
        }
        if (request.Headers.Authorization is not { Scheme: "Bearer" } || !request.Headers.Contains("partnerId"))
        {
            CallsWithoutCredentials++;
        }
        CardCalls++;
        return Answer(request, HttpStatusCode.OK, _createCardBody);
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}
