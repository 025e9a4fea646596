using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xunit;

namespace EnKashGen.RuntimeTests.Infrastructure;

/// <summary>
/// The server side of EnKash's body encryption, written independently of the generated runtime: AES-128-ECB with
/// PKCS#7 padding, key = first 16 bytes of SHA-256(UTF-8 secret), Base64 text in <c>{"request": "..."}</c>.
/// </summary>
public static class ReferenceAes
{
    public static byte[] Key(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 16).ToArray();

    public static string EncryptToBase64(string secret, string plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = Key(secret);
        return Convert.ToBase64String(aes.EncryptEcb(Encoding.UTF8.GetBytes(plaintext), PaddingMode.PKCS7));
    }

    public static string DecryptFromBase64(string secret, string base64)
    {
        using var aes = Aes.Create();
        aes.Key = Key(secret);
        return Encoding.UTF8.GetString(aes.DecryptEcb(Convert.FromBase64String(base64), PaddingMode.PKCS7));
    }

    /// <summary>Reads <c>{"request": "..."}</c> and returns the decrypted JSON text.</summary>
    public static string OpenWireBody(string secret, byte[] wireBody)
    {
        using var document = JsonDocument.Parse(wireBody);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var property = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("request", property.Name);
        return DecryptFromBase64(secret, property.Value.GetString()!);
    }

    /// <summary>Wraps <paramref name="plaintextJson"/> the way EnKash answers: <c>{"request": "base64"}</c>.</summary>
    public static string SealWireBody(string secret, string plaintextJson)
        => "{\"request\":\"" + EncryptToBase64(secret, plaintextJson) + "\"}";
}
