using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>EnKash body encryption: AES-128-ECB/PKCS7, key = SHA-256(secret)[0..16], Base64 in {"request": "..."}.</summary>
public class EncryptionTests
{
    // Vectors produced with OpenSSL 3.0 (not with .NET), so that the runtime is checked against an independent implementation:
    //
    //   $ printf '%s' 'EnKash-UAT-secret#2025' | openssl dgst -sha256
    //   SHA2-256(stdin)= e31a2ca7834cccdcf061315342cefb6a71222533057fee661a855b5cb6fd7064
    //   key = first 16 bytes = e31a2ca7834cccdcf061315342cefb6a
    //
    //   $ printf '%s' '<plaintext>' | openssl enc -aes-128-ecb -K e31a2ca7834cccdcf061315342cefb6a -nosalt -base64 -A
    private const string Secret = "EnKash-UAT-secret#2025";
    private const string KeyHex = "e31a2ca7834cccdcf061315342cefb6a";

    public static TheoryData<string, string> OpenSslVectors => new()
    {
        // printf '%s' '{"companyId":"CEKEP5GSGP","cardAccountId":"CABFIPS"}' | openssl enc -aes-128-ecb -K e31a2ca7834cccdcf061315342cefb6a -nosalt -base64 -A
        { "{\"companyId\":\"CEKEP5GSGP\",\"cardAccountId\":\"CABFIPS\"}", "ygLqXj58QQjiQJBrQi/oFFmaXweskqCxjvIggLSsQUYd47bpV+ElURcGgJONbv4vkxxzAIYZ32Iidt7p2ZvRYw==" },
        // Exactly one block (16 bytes): PKCS#7 adds a whole block of padding.
        // printf '%s' '{"code":"12345"}' | openssl enc -aes-128-ecb -K e31a2ca7834cccdcf061315342cefb6a -nosalt -base64 -A
        { "{\"code\":\"12345\"}", "QlPdeu+gOGb36yhPtfoec6Xug+tDs2JFENjMkuLFYtQ=" },
        // printf '%s' '{"code":0,"message":"Success","payload":"PIN set"}' | openssl enc -aes-128-ecb -K e31a2ca7834cccdcf061315342cefb6a -nosalt -base64 -A
        { "{\"code\":0,\"message\":\"Success\",\"payload\":\"PIN set\"}", "aZbJcZB6jCFNHCcTjSi5ilZxrXVJmpiujX+sWZH8fLkNpmx+wM++8/NF6haMJP5qwPtJF7uCgoAeq9tELz00qA==" },
    };

    [Fact]
    public void The_key_is_the_first_16_bytes_of_SHA256_of_the_secret()
    {
        Assert.Equal(KeyHex, Convert.ToHexStringLower(AesEcbBodyEncryption.DeriveKey(Secret)));
    }

    [Theory]
    [MemberData(nameof(OpenSslVectors))]
    public async Task Encryption_matches_openssl(string plaintext, string ciphertext)
    {
        var encryption = new AesEcbBodyEncryption(Secret);

        Assert.Equal(ciphertext, encryption.EncryptToBase64(Encoding.UTF8.GetBytes(plaintext)));
        var wire = await encryption.EncryptRequestAsync("createCard", Encoding.UTF8.GetBytes(plaintext), CancellationToken.None);
        using var document = JsonDocument.Parse(wire);
        var member = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("request", member.Name);
        Assert.Equal(ciphertext, member.Value.GetString());
    }

    [Theory]
    [MemberData(nameof(OpenSslVectors))]
    public async Task Decryption_matches_openssl(string plaintext, string ciphertext)
    {
        var encryption = new AesEcbBodyEncryption(Secret);

        Assert.Equal(plaintext, Encoding.UTF8.GetString(encryption.DecryptFromBase64(ciphertext)));
        var opened = await encryption.DecryptResponseAsync("setCardPin", Encoding.UTF8.GetBytes("{\"request\":\"" + ciphertext + "\"}"), CancellationToken.None);
        Assert.Equal(plaintext, Encoding.UTF8.GetString(opened.Span));
    }

    [Fact]
    public void Openssl_on_this_machine_agrees_with_the_checked_in_vectors_when_available()
    {
        var openssl = FindOnPath("openssl");
        if (openssl is null)
        {
            return; // The checked-in vectors above are the contract; the live check is a bonus.
        }
        foreach (var row in OpenSslVectors)
        {
            var plaintext = (string)row[0];
            var expected = (string)row[1];
            Assert.Equal(expected, Run(openssl, "enc -aes-128-ecb -K " + KeyHex + " -nosalt -base64 -A", plaintext));
        }
        Assert.Contains("e31a2ca7834cccdcf061315342cefb6a71222533057fee661a855b5cb6fd7064", Run(openssl, "dgst -sha256", Secret));
    }

    [Fact]
    public async Task A_full_round_trip_encrypts_the_request_and_decrypts_the_response()
    {
        var server = new FakeEnKashServer();
        string? plaintextSeen = null;
        server.On(FakeEnKashServer.CreateCardPath, request =>
        {
            plaintextSeen = ReferenceAes.OpenWireBody(Secret, request.Body);
            return FakeEnKashServer.Json(ReferenceAes.SealWireBody(Secret, TestData.CardEnvelope));
        });
        var client = TestData.Client(server, o => { o.EncryptionEnabled = true; o.ClientSecret = Secret; });

        var card = await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(500m, card.OtbBalance);
        var call = Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath));
        Assert.StartsWith("application/json", call.Header("Content-Type"));
        Assert.DoesNotContain("CEKEP5GSGP", call.BodyText);
        using var sent = JsonDocument.Parse(plaintextSeen!);
        Assert.Equal("CEKEP5GSGP", sent.RootElement.GetProperty("companyId").GetString());
        Assert.Equal("6001098801", sent.RootElement.GetProperty("mobile").GetString());
        Assert.Equal("CPNPN9977R", sent.RootElement.GetProperty("documents")[0].GetProperty("docNo").GetString());
        // The token call is never encrypted.
        var token = Assert.Single(server.CallsTo(FakeEnKashServer.TokenPath));
        Assert.Contains("grant_type=password", token.BodyText);
    }

    [Fact]
    public async Task An_encrypted_response_to_a_call_without_a_request_body_is_decrypted()
    {
        // getVkycLink is a GET: nothing to encrypt on the way out, but EnKash encrypts every response body.
        var server = new FakeEnKashServer().On(FakeEnKashServer.VkycLinkPath,
            _ => FakeEnKashServer.Json(ReferenceAes.SealWireBody(Secret, FakeEnKashServer.Envelope("{\"link\":\"https://kyc.example.test/abc\"}"))));
        var client = TestData.Client(server, o => { o.EncryptionEnabled = true; o.ClientSecret = Secret; });

        var payload = await client.Kyc.GetVkycLinkAsync(enKashCardId: "EKC94AEX89");

        Assert.Equal("https://kyc.example.test/abc", payload.GetProperty("link").GetString());
        Assert.Empty(Assert.Single(server.CallsTo(FakeEnKashServer.VkycLinkPath)).Body);
    }

    [Fact]
    public async Task Encryption_is_off_unless_enabled()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        using var sent = JsonDocument.Parse(Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath)).Body);
        Assert.Equal("CEKEP5GSGP", sent.RootElement.GetProperty("companyId").GetString());
    }

    [Fact]
    public async Task A_custom_encryption_hook_receives_the_operation_id_and_the_plaintext_json()
    {
        var hook = new RecordingEncryption();
        var server = new FakeEnKashServer().On(FakeEnKashServer.SetPinPath, request =>
        {
            // The hook's wire format: the plaintext reversed.
            var plaintext = Encoding.UTF8.GetString(request.Body.Reverse().ToArray());
            Assert.Contains("\"pinBlock\":\"9078\"", plaintext);
            var answer = FakeEnKashServer.Envelope("\"PIN set\"");
            return FakeEnKashServer.Json(new string(answer.Reverse().ToArray()));
        });
        var client = TestData.Client(server, o => o.EncryptionEnabled = true, encryption: hook);

        var result = await client.CardSecurity.SetCardPinAsync(TestData.SetCardPinRequest());

        Assert.Equal("PIN set", result);
        var (operation, plaintextJson) = Assert.Single(hook.Encrypted);
        Assert.Equal("setCardPin", operation);
        using var document = JsonDocument.Parse(plaintextJson);
        Assert.Equal("9078", document.RootElement.GetProperty("pinBlock").GetString());
        Assert.Equal("EKC94AEX89", document.RootElement.GetProperty("enKashCardId").GetString());
        Assert.Equal(new[] { "setCardPin" }, hook.Decrypted);
    }

    [Fact]
    public async Task A_response_encrypted_with_another_key_fails_with_ApiDecryptionException_naming_the_operation()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath,
            _ => FakeEnKashServer.Json(ReferenceAes.SealWireBody("a-different-secret", TestData.CardEnvelope)));
        var client = TestData.Client(server, o => { o.EncryptionEnabled = true; o.ClientSecret = Secret; });

        var ex = await Assert.ThrowsAsync<ApiDecryptionException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
    }

    [Fact]
    public async Task Any_wrong_key_is_reported_as_ApiDecryptionException_never_as_a_format_error()
    {
        // With a wrong key, PKCS#7 unpadding succeeds by chance for roughly one ciphertext in 256 (several of these
        // 2000 keys do); the garbage that comes out must still be reported as a decryption failure, not as a
        // malformed response or a raw crypto error.
        var encryption = new AesEcbBodyEncryption(Secret);
        var failures = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            var wire = Encoding.UTF8.GetBytes(ReferenceAes.SealWireBody("wrong-secret-" + i, FakeEnKashServer.Envelope("\"ok\"")));
            try
            {
                var plaintext = await encryption.DecryptResponseAsync("setCardPin", wire, CancellationToken.None);
                failures.Add("wrong-secret-" + i + " decrypted to " + plaintext.Length + " bytes");
            }
            catch (ApiDecryptionException ex)
            {
                Assert.Equal("setCardPin", ex.OperationId);
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_body_that_decrypts_to_malformed_json_is_a_format_error_not_a_key_problem()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath,
            _ => FakeEnKashServer.Json(ReferenceAes.SealWireBody(Secret, "{\"code\":0,\"payload\":{\"enKashCardId\":\"EKC9")));
        var client = TestData.Client(server, o => { o.EncryptionEnabled = true; o.ClientSecret = Secret; });

        var ex = await Assert.ThrowsAsync<ApiResponseFormatException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
    }

    [Theory]
    [InlineData("{\"request\":\"not base64!\"}")]
    [InlineData("{\"request\":\"AAAA\"}")]
    [InlineData("{\"payload\":\"plain\"}")]
    [InlineData("not json at all")]
    [InlineData("{\"request\":")]
    public async Task Malformed_encrypted_bodies_fail_with_ApiDecryptionException(string wire)
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(wire));
        var client = TestData.Client(server, o => { o.EncryptionEnabled = true; o.ClientSecret = Secret; });

        var ex = await Assert.ThrowsAsync<ApiDecryptionException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Contains("createCard", ex.Message);
    }

    [Fact]
    public void Enabling_encryption_without_a_secret_or_hook_is_refused_at_construction()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestData.Client(new FakeEnKashServer(), o => { o.EncryptionEnabled = true; o.ClientSecret = null; }));
        Assert.Contains("ClientSecret", ex.Message);
    }

    private sealed class RecordingEncryption : IBodyEncryption
    {
        public List<(string Operation, string PlaintextJson)> Encrypted { get; } = new();

        public List<string> Decrypted { get; } = new();

        public ValueTask<ReadOnlyMemory<byte>> EncryptRequestAsync(string operationId, ReadOnlyMemory<byte> plaintextJson, CancellationToken cancellationToken)
        {
            Encrypted.Add((operationId, Encoding.UTF8.GetString(plaintextJson.Span)));
            return new ValueTask<ReadOnlyMemory<byte>>(plaintextJson.ToArray().Reverse().ToArray());
        }

        public ValueTask<ReadOnlyMemory<byte>> DecryptResponseAsync(string operationId, ReadOnlyMemory<byte> wireBody, CancellationToken cancellationToken)
        {
            Decrypted.Add(operationId);
            return new ValueTask<ReadOnlyMemory<byte>>(wireBody.ToArray().Reverse().ToArray());
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
        {
            foreach (var candidate in new[] { name, name + ".exe" })
            {
                var path = System.IO.Path.Combine(directory, candidate);
                if (System.IO.File.Exists(path))
                {
                    return path;
                }
            }
        }
        return null;
    }

    private static string Run(string executable, string arguments, string stdin)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(10_000);
        return output.Trim();
    }
}
