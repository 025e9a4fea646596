using System;
using System.Collections.Generic;

namespace EnKashGen.Sandbox
{
    /// <summary>Settings of a <see cref="SandboxServer"/>. Every value has a working default.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>The TCP port on 127.0.0.1; 0 (the default) lets the system choose a free one.</summary>
        public int Port { get; set; }

        /// <summary>
        /// The partners the sandbox knows, each with its credentials and encryption setting. By default one plain-JSON
        /// partner and one partner that encrypts its bodies (see <see cref="SandboxPartner.CreatePlain"/> and
        /// <see cref="SandboxPartner.CreateEncrypted"/>).
        /// </summary>
        public IList<SandboxPartner> Partners { get; } = new List<SandboxPartner> { SandboxPartner.CreatePlain(), SandboxPartner.CreateEncrypted() };

        /// <summary>The <c>expires_in</c> of issued bearer tokens. EnKash's examples show 86399 s.</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(86399);

        /// <summary>Failed password attempts in a row after which a login is locked (EnKash documents 3); 0 never locks.</summary>
        public int LockoutThreshold { get; set; } = 3;

        /// <summary>Funds a new card account starts with.</summary>
        public decimal InitialAccountBalance { get; set; } = 1_000_000m;

        /// <summary>The one-time password the sandbox "sends by SMS" for every OTP request.</summary>
        public string OtpCode { get; set; } = "123456";

        /// <summary>How long an OTP stays valid.</summary>
        public TimeSpan OtpLifetime { get; set; } = TimeSpan.FromMinutes(3);

        /// <summary>The authenticator code accepted when otpMedium is MFA.</summary>
        public string MfaCode { get; set; } = "654321";

        /// <summary>
        /// Which spelling of the envelope answers use. EnKash's own examples use <c>response_code</c> for
        /// getCardAccount and getCardDetails and <c>code</c> elsewhere; <see cref="EnvelopeSpelling.AsDocumented"/> does the same.
        /// </summary>
        public EnvelopeSpelling EnvelopeSpelling { get; set; } = EnvelopeSpelling.AsDocumented;

        /// <summary>
        /// What a load answers when its <c>uniqueReferenceNumber</c> was already applied for the same partner. EnKash
        /// documents no behaviour, so a client must stay correct under each: <see cref="LoadDeduplication.RejectDuplicate"/>
        /// (the default), <see cref="LoadDeduplication.ReplayOriginal"/> and <see cref="LoadDeduplication.None"/>.
        /// </summary>
        public LoadDeduplication LoadDeduplication { get; set; } = LoadDeduplication.RejectDuplicate;

        /// <summary>Seed of the random numbers behind ids, card numbers and fault injection, so runs can be repeated.</summary>
        public int Seed { get; set; } = 20250529;

        /// <summary>Faults injected from the start; can be replaced at any time through <see cref="SandboxServer.Faults"/>.</summary>
        public SandboxFaults Faults { get; set; } = SandboxFaults.None;

        /// <summary>The sandbox's clock (token and OTP expiry, timestamps); tests can move it.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Receives one line per request (method, path, status, code, time); never bodies, tokens or keys.</summary>
        public Action<string>? RequestLog { get; set; }
    }

    /// <summary>
    /// How the sandbox treats a load whose <c>uniqueReferenceNumber</c> was already applied for the same partner (a client
    /// retrying after a lost answer sends exactly that). Loads without a reference are applied every time in every mode,
    /// and a refused load (unknown card, insufficient funds, ...) never uses up its reference.
    /// </summary>
    public enum LoadDeduplication
    {
        /// <summary>
        /// Refused with envelope code 1 and the message <c>Duplicate uniqueReferenceNumber &lt;reference&gt;</c>; nothing
        /// moves. The client learns the reference was used but not the original outcome: it must search the transactions.
        /// </summary>
        RejectDuplicate,

        /// <summary>
        /// Answered with code 0 and the original answer, unchanged (same <c>enkashCardTxnId</c>, and the <c>otbBalance</c>
        /// of that time); nothing moves. A repeat for another card or amount is refused with code 1, since it is not the
        /// same load.
        /// </summary>
        ReplayOriginal,

        /// <summary>
        /// No de-duplication: the repeat is applied again as a new transaction with the same <c>pgReferenceNumber</c>, so
        /// money moves twice. This makes unsafe client retries visible in <see cref="SandboxCounters.LoadsApplied"/>.
        /// </summary>
        None,
    }

    /// <summary>How envelopes spell their status members.</summary>
    public enum EnvelopeSpelling
    {
        /// <summary><c>response_code</c>/<c>response_message</c> for getCardAccount and getCardDetails, <c>code</c>/<c>message</c> for the rest.</summary>
        AsDocumented,

        /// <summary>Always <c>code</c>/<c>message</c>.</summary>
        Code,

        /// <summary>Always <c>response_code</c>/<c>response_message</c>.</summary>
        ResponseCode,
    }

    /// <summary>A partner known to the sandbox: its token credentials, its <c>partnerId</c> header, its company and its encryption setting.</summary>
    public sealed class SandboxPartner
    {
        /// <summary>A partner with its header value and token credentials; its company id defaults to <paramref name="clientId"/>.</summary>
        public SandboxPartner(string partnerId, string username, string password, string clientId, string clientSecret)
        {
            PartnerId = partnerId;
            Username = username;
            Password = password;
            ClientId = clientId;
            ClientSecret = clientSecret;
            CompanyId = clientId;
        }

        /// <summary>The value of the <c>partnerId</c> header.</summary>
        public string PartnerId { get; }

        /// <summary>The token call's <c>username</c> form field.</summary>
        public string Username { get; }

        /// <summary>The token call's <c>password</c> form field.</summary>
        public string Password { get; }

        /// <summary>The token call's <c>clientId</c> form field, and the default Basic user name.</summary>
        public string ClientId { get; }

        /// <summary>The encryption key source and the default Basic password.</summary>
        public string ClientSecret { get; }

        /// <summary>The HTTP Basic user name of the token call; defaults to <see cref="ClientId"/>.</summary>
        public string? BasicUsername { get; set; }

        /// <summary>The HTTP Basic password of the token call; defaults to <see cref="ClientSecret"/>.</summary>
        public string? BasicPassword { get; set; }

        /// <summary>Whether card calls of this partner travel as <c>{"request": "&lt;base64 AES-128-ECB&gt;"}</c> both ways.</summary>
        public bool EncryptionEnabled { get; set; }

        /// <summary>The EnKash company the partner acts for (defaults to <see cref="ClientId"/>, as EnKash's token page suggests).</summary>
        public string CompanyId { get; set; }

        /// <summary>The company's legal name.</summary>
        public string CompanyName { get; set; } = "Sandbox Retail Pvt Ltd";

        /// <summary>The plan id card accounts must be created with.</summary>
        public string PlanMasterId { get; set; } = "PMSBX0001";

        internal string EffectiveBasicUsername => BasicUsername ?? ClientId;

        internal string EffectiveBasicPassword => BasicPassword ?? ClientSecret;

        /// <summary>A partner that sends and receives plain JSON.</summary>
        public static SandboxPartner CreatePlain() => new SandboxPartner("CRSBXPLAIN", "9000000001", "Sandbox@12345", "CEKSBXPLN1", "sandbox-plain-secret")
        {
            CompanyName = "Sandbox Retail Pvt Ltd",
            PlanMasterId = "PMSBX0001",
        };

        /// <summary>A partner whose card calls are encrypted (AES-128-ECB, key from SHA-256 of the client secret).</summary>
        public static SandboxPartner CreateEncrypted() => new SandboxPartner("CRSBXCRYPT", "9000000002", "Sandbox@67890", "CEKSBXENC1", "sandbox-encrypted-secret")
        {
            EncryptionEnabled = true,
            CompanyName = "Sandbox Encrypted Foods Pvt Ltd",
            PlanMasterId = "PMSBX0002",
        };
    }
}
