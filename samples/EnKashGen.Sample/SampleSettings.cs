using System;
using System.Collections.Generic;
using EnKashGen.Sample.EnKash;
using EnKashGen.Sandbox;

namespace EnKashGen.Sample
{
    /// <summary>Where the sample flow runs and with which credentials. Secrets are never written by <see cref="ToString"/>.</summary>
    public sealed class SampleSettings
    {
        public required Uri BaseUrl { get; init; }

        /// <summary>The token URL; null keeps the client's default (the UAT token host from the spec).</summary>
        public Uri? TokenUrl { get; init; }

        public required string Username { get; init; }

        public required string Password { get; init; }

        public required string ClientId { get; init; }

        public required string ClientSecret { get; init; }

        public required string PartnerId { get; init; }

        public bool EncryptionEnabled { get; init; }

        /// <summary>The EnKash company the card accounts are created for.</summary>
        public required string CompanyId { get; init; }

        /// <summary>The plan id EnKash gave at onboarding, needed to create card accounts.</summary>
        public required string PlanMasterId { get; init; }

        public string CompanyName { get; init; } = "EnKashGen Sample Pvt Ltd";

        /// <summary>Shown in the report's first line: "the local sandbox" or the EnKash host.</summary>
        public string TargetName { get; init; } = "EnKash";

        /// <summary>
        /// Makes the next load's connection drop after the load was applied (the sandbox's scripted fault), so that the
        /// flow can show a lost answer settled by the reference; null against EnKash, where the step is skipped.
        /// </summary>
        public Action? LoseNextLoadAnswer { get; init; }

        /// <summary>How long one call may take.</summary>
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>The client options these settings stand for.</summary>
        public EnKashCardsClientOptions ToClientOptions()
        {
            var options = new EnKashCardsClientOptions
            {
                BaseUrl = BaseUrl,
                Username = Username,
                Password = Password,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                PartnerId = PartnerId,
                EncryptionEnabled = EncryptionEnabled,
                Timeout = Timeout,
            };
            if (TokenUrl is not null)
            {
                options.TokenUrl = TokenUrl;
            }
            return options;
        }

        /// <summary>Settings for one partner of a running sandbox.</summary>
        public static SampleSettings ForSandbox(SandboxServer server, bool encrypted = false)
        {
            var partner = server.Partner(encrypted);
            return new SampleSettings
            {
                BaseUrl = server.BaseUrl,
                TokenUrl = server.TokenUrl,
                Username = partner.Username,
                Password = partner.Password,
                ClientId = partner.ClientId,
                ClientSecret = partner.ClientSecret,
                PartnerId = partner.PartnerId,
                EncryptionEnabled = partner.EncryptionEnabled,
                CompanyId = partner.CompanyId,
                CompanyName = partner.CompanyName,
                PlanMasterId = partner.PlanMasterId,
                TargetName = "the local sandbox",
                LoseNextLoadAnswer = () => server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenDropConnection),
            };
        }

        /// <summary>
        /// Reads ENKASH_BASE_URL, ENKASH_TOKEN_URL (optional), ENKASH_USERNAME, ENKASH_PASSWORD, ENKASH_CLIENT_ID,
        /// ENKASH_CLIENT_SECRET, ENKASH_PARTNER_ID, ENKASH_ENCRYPTION (true/false, default false), ENKASH_COMPANY_ID,
        /// ENKASH_PLAN_MASTER_ID and ENKASH_COMPANY_NAME (optional). Returns null when ENKASH_BASE_URL is not set (run against the sandbox); throws
        /// <see cref="ArgumentException"/> naming every missing or invalid variable when it is set but incomplete.
        /// </summary>
        public static SampleSettings? FromEnvironment(Func<string, string?> variable)
        {
            var baseUrl = variable("ENKASH_BASE_URL");
            if (string.IsNullOrWhiteSpace(baseUrl))
            {
                return null;
            }
            var problems = new List<string>();
            string Required(string name)
            {
                var value = variable(name);
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add(name + " is not set");
                    return string.Empty;
                }
                return value.Trim();
            }
            Uri? Url(string name, string? text)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }
                if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                {
                    return uri;
                }
                problems.Add(name + " is not an absolute http(s) URL");
                return null;
            }

            var baseUri = Url("ENKASH_BASE_URL", baseUrl);
            var tokenUri = Url("ENKASH_TOKEN_URL", variable("ENKASH_TOKEN_URL"));
            var username = Required("ENKASH_USERNAME");
            var password = Required("ENKASH_PASSWORD");
            var clientId = Required("ENKASH_CLIENT_ID");
            var clientSecret = Required("ENKASH_CLIENT_SECRET");
            var partnerId = Required("ENKASH_PARTNER_ID");
            var companyId = Required("ENKASH_COMPANY_ID");
            var planMasterId = Required("ENKASH_PLAN_MASTER_ID");
            var encryption = false;
            var encryptionText = variable("ENKASH_ENCRYPTION");
            if (!string.IsNullOrWhiteSpace(encryptionText) && !bool.TryParse(encryptionText.Trim(), out encryption))
            {
                problems.Add("ENKASH_ENCRYPTION must be true or false");
            }
            if (problems.Count > 0 || baseUri is null)
            {
                throw new ArgumentException("ENKASH_BASE_URL is set, so the sample runs against EnKash, but: " + string.Join("; ", problems) + ".");
            }
            var companyName = variable("ENKASH_COMPANY_NAME");
            return new SampleSettings
            {
                BaseUrl = baseUri,
                TokenUrl = tokenUri,
                Username = username,
                Password = password,
                ClientId = clientId,
                ClientSecret = clientSecret,
                PartnerId = partnerId,
                EncryptionEnabled = encryption,
                CompanyId = companyId,
                PlanMasterId = planMasterId,
                CompanyName = string.IsNullOrWhiteSpace(companyName) ? "EnKashGen Sample Pvt Ltd" : companyName.Trim(),
                TargetName = baseUri.Host,
            };
        }

        public override string ToString() => "SampleSettings { BaseUrl = " + BaseUrl + ", TokenUrl = " + (TokenUrl?.ToString() ?? "(client default)") + ", PartnerId = " + PartnerId + ", EncryptionEnabled = " + EncryptionEnabled + ", Password = ***, ClientSecret = *** }";
    }
}
