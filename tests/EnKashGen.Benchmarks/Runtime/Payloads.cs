using System;
using System.IO;
using System.Text.Json;

namespace EnKashGen.Benchmarks.Runtime;

/// <summary>
/// The createCard examples of specs/enkash-cards.yaml, copied unchanged into Resources/: the full gift-card response
/// (envelope + 89-member card) and the prepaid-card request. Served minified, as they travel on the wire.
/// </summary>
public static class Payloads
{
    private static readonly Lazy<byte[]> Response = new(() => Minify(Load("create-card-response.json")));
    private static readonly Lazy<byte[]> Request = new(() => Minify(Load("create-card-request.json")));
    private static readonly Lazy<byte[]> Card = new(() => PayloadOf(Response.Value));

    public static byte[] CreateCardResponse => Response.Value;

    public static byte[] CreateCardRequest => Request.Value;

    /// <summary>The card of the createCard response (its <c>payload</c>), minified: what the generated client returns.</summary>
    public static byte[] CreateCardPayload => Card.Value;

    private static byte[] Load(string name)
    {
        using var stream = typeof(Payloads).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("Missing embedded resource " + name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Minify(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return Write(document.RootElement);
    }

    private static byte[] PayloadOf(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return Write(document.RootElement.GetProperty("payload"));
    }

    private static byte[] Write(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
