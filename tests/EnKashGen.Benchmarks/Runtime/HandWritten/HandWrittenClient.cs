using System;
using System.Buffers;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.Benchmarks.Runtime.HandWritten;

/// <summary>
/// What a careful developer writes by hand for createCard with HttpClient and System.Text.Json source generation:
/// bearer token (cached) and partnerId headers, JSON body (AES-128-ECB + Base64 in {"request": ...} when encryption is
/// on), send, read the envelope, check the code, return the payload.
/// </summary>
public sealed class HandWrittenClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private static readonly JsonEncodedText RequestProperty = JsonEncodedText.Encode("request");
    private static readonly byte[] ResponseProperty = Encoding.UTF8.GetBytes("request");

    private readonly HttpClient _http;
    private readonly Uri _createCard;
    private readonly Uri _tokenUrl;
    private readonly string _partnerId;
    private readonly string _basic;
    private readonly Aes? _aes;
    private string? _token;
    private DateTimeOffset _refreshAt;

    public HandWrittenClient(HttpClient http, Uri baseUrl, Uri tokenUrl, string partnerId, string clientId, string clientSecret, bool encrypt)
    {
        _http = http;
        _createCard = new Uri(baseUrl, "/api/v0/partner/enKashCard");
        _tokenUrl = tokenUrl;
        _partnerId = partnerId;
        _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret));
        if (encrypt)
        {
            // Key: the first 16 bytes of SHA-256 over the UTF-8 client secret.
            _aes = Aes.Create();
            _aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(clientSecret)).AsSpan(0, 16).ToArray();
        }
    }

    public async Task<HandCard> CreateCardAsync(HandCreateCardRequest body, CancellationToken cancellationToken = default)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, _createCard);
        request.Headers.Accept.Add(AcceptJson);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("partnerId", _partnerId);
        var json = JsonSerializer.SerializeToUtf8Bytes(body, HandJsonContext.Default.HandCreateCardRequest);
        request.Content = new ByteArrayContent(_aes is null ? json : Encrypt(json));
        request.Content.Headers.ContentType = Json;

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var envelope = JsonSerializer.Deserialize(_aes is null ? bytes : Decrypt(bytes), HandJsonContext.Default.HandCreateCardResponse)
            ?? throw new InvalidOperationException("createCard: empty response");
        var code = envelope.Code ?? envelope.ResponseCode;
        if (code != 0)
        {
            throw new InvalidOperationException($"createCard failed with code {code}: {envelope.Message ?? envelope.ResponseMessage}");
        }
        return envelope.Payload ?? throw new InvalidOperationException("createCard: no payload");
    }

    private ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = _token;
        return token is not null && DateTimeOffset.UtcNow < _refreshAt ? new ValueTask<string>(token) : new ValueTask<string>(FetchTokenAsync(cancellationToken));
    }

    private async Task<string> FetchTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basic);
        request.Content = new FormUrlEncodedContent(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, string>("username", "6660686687"),
            new System.Collections.Generic.KeyValuePair<string, string>("password", "secret"),
            new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "password"),
            new System.Collections.Generic.KeyValuePair<string, string>("clientId", "CEKEY1SKIU"),
        });
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        var token = document.RootElement.GetProperty("access_token").GetString()!;
        var expiresIn = document.RootElement.GetProperty("expires_in").GetInt64();
        _refreshAt = DateTimeOffset.UtcNow.AddSeconds(expiresIn - 60);
        _token = token;
        return token;
    }

    private byte[] Encrypt(byte[] plaintext)
    {
        var buffer = new ArrayBufferWriter<byte>(plaintext.Length * 2 + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(RequestProperty, Convert.ToBase64String(_aes!.EncryptEcb(plaintext, PaddingMode.PKCS7)));
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private byte[] Decrypt(byte[] wire)
    {
        var reader = new Utf8JsonReader(wire);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(ResponseProperty);
            reader.Read();
            if (match)
            {
                return _aes!.DecryptEcb(Convert.FromBase64String(reader.GetString()!), PaddingMode.PKCS7);
            }
            reader.Skip();
        }
        throw new InvalidOperationException("createCard: the response has no encrypted 'request' member");
    }

    public void Dispose() => _aes?.Dispose();
}
