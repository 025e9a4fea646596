using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EnKashGen.Sandbox;
using Xunit;

namespace EnKashGen.IntegrationTests
{
    /// <summary>
    /// The sandbox's wire protocol checked with hand-written HTTP (no generated code): token call, bearer and partnerId
    /// checks, EnKash's error envelope and status codes, and the encryption scheme computed independently here.
    /// </summary>
    public sealed class WireProtocolTests
    {
        private const string Card = "/api/v0/partner/enKashCard";

        private sealed class Raw : IAsyncDisposable
        {
            private Raw(SandboxServer server, SandboxPartner partner)
            {
                Server = server;
                Partner = partner;
                Http = new HttpClient { BaseAddress = server.BaseUrl };
            }

            public SandboxServer Server { get; }

            public SandboxPartner Partner { get; }

            public HttpClient Http { get; }

            public static async Task<Raw> StartAsync(bool encrypted = false) { var server = await SandboxServer.StartAsync(); return new Raw(server, server.Partner(encrypted)); }

            public HttpRequestMessage TokenRequest(string? basic = null, Dictionary<string, string>? form = null)
            {
                var message = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
                {
                    Content = new FormUrlEncodedContent(form ?? new Dictionary<string, string>
                    {
                        ["username"] = Partner.Username,
                        ["password"] = Partner.Password,
                        ["grant_type"] = "password",
                        ["clientId"] = Partner.ClientId,
                    }),
                };
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic ?? Partner.ClientId + ":" + Partner.ClientSecret)));
                return message;
            }

            public async Task<string> TokenAsync()
            {
                using var response = await Http.SendAsync(TokenRequest());
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.GetProperty("access_token").GetString()!;
            }

            public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body, string? bearer, string? partnerId)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (bearer is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }
                if (partnerId is not null)
                {
                    message.Headers.Add("partnerId", partnerId);
                }
                using var response = await Http.SendAsync(message);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            public async ValueTask DisposeAsync()
            {
                Http.Dispose();
                await Server.DisposeAsync();
            }
        }

        /// <summary>EnKash's scheme written out here, independently of the runtime: AES-128-ECB-PKCS7, key = SHA-256(secret)[0..16].</summary>
        private static Aes Cipher(string secret)
        {
            var aes = Aes.Create();
            aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 16).ToArray();
            return aes;
        }

        private static string Encrypt(string secret, string json)
        {
            using var aes = Cipher(secret);
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["request"] = Convert.ToBase64String(aes.EncryptEcb(Encoding.UTF8.GetBytes(json), PaddingMode.PKCS7)) });
        }

        private static string Decrypt(string secret, string wrapped)
        {
            using var json = JsonDocument.Parse(wrapped);
            using var aes = Cipher(secret);
            return Encoding.UTF8.GetString(aes.DecryptEcb(Convert.FromBase64String(json.RootElement.GetProperty("request").GetString()!), PaddingMode.PKCS7));
        }

        private static void AssertEnvelope(string body, int code, string messageFragment, string spelling = "code")
        {
            using var json = JsonDocument.Parse(body);
            Assert.Equal(code, json.RootElement.GetProperty(spelling).GetInt32());
            var message = json.RootElement.GetProperty(spelling == "code" ? "message" : "response_message").GetString();
            Assert.Contains(messageFragment, message);
            if (code != 0)
            {
                Assert.Equal(message, json.RootElement.GetProperty("payload").GetString());
            }
        }

        // -------------------------------------------------------------- token call

        [Fact]
        public async Task Token_call_takes_basic_credentials_and_a_form()
        {
            await using var raw = await Raw.StartAsync();
            using var response = await raw.Http.SendAsync(raw.TokenRequest());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("bearer", json.RootElement.GetProperty("token_type").GetString());
            Assert.Equal(86399, json.RootElement.GetProperty("expires_in").GetInt64());
            Assert.Equal("read write trust", json.RootElement.GetProperty("scope").GetString());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("refresh_token").GetString()));
            Assert.Equal(1, raw.Server.Counters.TokenFetches);
        }

        [Fact]
        public async Task Token_call_without_the_right_basic_credentials_is_401()
        {
            await using var raw = await Raw.StartAsync();
            using var response = await raw.Http.SendAsync(raw.TokenRequest(basic: raw.Partner.ClientId + ":wrong"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            Assert.Contains("\"unauthorized\"", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Token_call_rejects_other_grants_missing_fields_and_json_bodies()
        {
            await using var raw = await Raw.StartAsync();
            using (var grant = await raw.Http.SendAsync(raw.TokenRequest(form: new Dictionary<string, string> { ["username"] = raw.Partner.Username, ["password"] = raw.Partner.Password, ["grant_type"] = "client_credentials", ["clientId"] = raw.Partner.ClientId })))
            {
                Assert.Equal(HttpStatusCode.BadRequest, grant.StatusCode);
                Assert.Contains("unsupported_grant_type", await grant.Content.ReadAsStringAsync());
            }
            using (var missing = await raw.Http.SendAsync(raw.TokenRequest(form: new Dictionary<string, string> { ["username"] = raw.Partner.Username })))
            {
                Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
                Assert.Contains("password, grant_type, clientId", await missing.Content.ReadAsStringAsync());
            }
            using var json = raw.TokenRequest();
            json.Content = new StringContent("{\"username\":\"x\"}", Encoding.UTF8, "application/json");
            using var jsonResponse = await raw.Http.SendAsync(json);
            Assert.Equal(HttpStatusCode.BadRequest, jsonResponse.StatusCode);
            Assert.Equal(0, raw.Server.Counters.TokenFetches);
        }

        // ---------------------------------------------------------- card call rules

        [Fact]
        public async Task Card_calls_need_a_known_bearer_token()
        {
            await using var raw = await Raw.StartAsync();
            var (none, _) = await raw.PostAsync(Card + "/cardAccount/get", "{}", null, raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.Unauthorized, none);
            var (unknown, body) = await raw.PostAsync(Card + "/cardAccount/get", "{}", "not-a-token", raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.Unauthorized, unknown);
            Assert.Contains("invalid_token", body);
        }

        [Fact]
        public async Task Card_calls_need_the_partner_id_of_the_token()
        {
            await using var raw = await Raw.StartAsync();
            var token = await raw.TokenAsync();
            var (missing, missingBody) = await raw.PostAsync(Card + "/cardAccount/get", "{}", token, null);
            Assert.Equal(HttpStatusCode.BadRequest, missing);
            AssertEnvelope(missingBody, 1, "partnerId header is required", "response_code");
            var (wrong, wrongBody) = await raw.PostAsync(Card + "/cardAccount/get", "{}", token, "CRSOMEONEELSE");
            Assert.Equal(HttpStatusCode.OK, wrong);
            AssertEnvelope(wrongBody, 1, "Invalid partnerId", "response_code");
        }

        [Fact]
        public async Task Malformed_and_invalid_bodies_are_400_with_an_enkash_envelope()
        {
            await using var raw = await Raw.StartAsync();
            var token = await raw.TokenAsync();
            var id = raw.Partner.PartnerId;

            var (malformed, malformedBody) = await raw.PostAsync(Card, "{\"companyId\": ", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, malformed);
            AssertEnvelope(malformedBody, 1, "Malformed JSON request body");

            var (notObject, notObjectBody) = await raw.PostAsync(Card, "[1,2]", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, notObject);
            AssertEnvelope(notObjectBody, 1, "must be a JSON object");

            var (missing, missingBody) = await raw.PostAsync(Card, "{\"cardAccountId\":\"CA1\"}", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, missing);
            AssertEnvelope(missingBody, 1, "companyId");

            var (wrongType, wrongTypeBody) = await raw.PostAsync(Card + "/balance", "{\"amount\":\"ten\",\"transactionType\":\"CR\"}", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, wrongType);
            AssertEnvelope(wrongTypeBody, 1, "Invalid request");

            var (constraint, constraintBody) = await raw.PostAsync(Card, "{\"companyId\":\"" + raw.Partner.CompanyId + "\",\"cardAccountId\":\"CA1\",\"mobile\":\"12345\"}", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, constraint);
            AssertEnvelope(constraintBody, 1, "$.mobile");

            var (tooSmall, tooSmallBody) = await raw.PostAsync(Card + "/balance", "{\"amount\":0,\"transactionType\":\"CR\"}", token, id);
            Assert.Equal(HttpStatusCode.BadRequest, tooSmall);
            AssertEnvelope(tooSmallBody, 1, "$.amount");
        }

        [Fact]
        public async Task Business_rule_failures_are_http_200_with_code_1()
        {
            await using var raw = await Raw.StartAsync();
            var token = await raw.TokenAsync();
            var (status, body) = await raw.PostAsync(Card + "/cardAccount/get", "{\"companyId\":\"" + raw.Partner.CompanyId + "\",\"cardAccountId\":\"CANOSUCH\"}", token, raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.OK, status);
            AssertEnvelope(body, 1, "Card account CANOSUCH not found", "response_code");
        }

        [Fact]
        public async Task Unknown_paths_and_methods_get_gateway_errors()
        {
            await using var raw = await Raw.StartAsync();
            using (var notFound = await raw.Http.PostAsync("api/v0/partner/enkashcard", new StringContent("{}")))
            {
                Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode); // the path is case-sensitive: enKashCard
            }
            using var wrongMethod = await raw.Http.GetAsync(Card.TrimStart('/') + "/search");
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
            Assert.Contains("POST", wrongMethod.Content.Headers.Allow);
        }

        // ------------------------------------------------------------- encryption

        [Fact]
        public async Task Encrypted_partner_exchanges_aes_ecb_bodies_under_the_request_key()
        {
            await using var raw = await Raw.StartAsync(encrypted: true);
            var token = await raw.TokenAsync();
            var secret = raw.Partner.ClientSecret;
            var plaintext = "{\"companyId\":\"" + raw.Partner.CompanyId + "\",\"companyName\":\"X\",\"planMasterId\":\"" + raw.Partner.PlanMasterId + "\",\"email\":\"a@b.co\",\"mobile\":\"9876543210\",\"accountTitle\":\"T\",\"accountType\":\"MEAL\"}";
            var (status, body) = await raw.PostAsync(Card + "/cardAccount/create", Encrypt(secret, plaintext), token, raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("companyId", body);
            var answer = Decrypt(secret, body);
            AssertEnvelope(answer, 0, "Success");
            using var json = JsonDocument.Parse(answer);
            Assert.StartsWith("CA", json.RootElement.GetProperty("payload").GetProperty("cardAccountId").GetString());
        }

        [Fact]
        public async Task Encrypted_partner_sending_plain_json_gets_400()
        {
            await using var raw = await Raw.StartAsync(encrypted: true);
            var token = await raw.TokenAsync();
            var (status, body) = await raw.PostAsync(Card + "/cardAccount/get", "{\"companyId\":\"x\",\"cardAccountId\":\"y\"}", token, raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertEnvelope(body, 1, "{\"request\"", "response_code");
        }

        [Fact]
        public async Task Undecryptable_request_is_answered_with_code_1_encrypted_under_the_partner_key()
        {
            await using var raw = await Raw.StartAsync(encrypted: true);
            var token = await raw.TokenAsync();
            var (status, body) = await raw.PostAsync(Card + "/cardAccount/get", Encrypt("some other secret", "{\"companyId\":\"x\",\"cardAccountId\":\"y\"}"), token, raw.Partner.PartnerId);
            Assert.Equal(HttpStatusCode.OK, status);
            AssertEnvelope(Decrypt(raw.Partner.ClientSecret, body), 1, "Unable to decrypt the request", "response_code");
            string? wrongKeyReading;
            try
            {
                wrongKeyReading = Decrypt("some other secret", body);
            }
            catch (CryptographicException)
            {
                wrongKeyReading = null;
            }
            Assert.DoesNotContain("response_code", wrongKeyReading ?? string.Empty);
        }
    }
}
