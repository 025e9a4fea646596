using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using EnKashGen.Runtime;
using EnKashGen.Sandbox.Wire;
using Microsoft.AspNetCore.Http;

namespace EnKashGen.Sandbox
{
    /// <summary>One card call after authentication and decryption: who calls, with which plaintext body and query.</summary>
    internal sealed class CardCall
    {
        public CardCall(SandboxPartner partner, byte[] body, IQueryCollection query)
        {
            Partner = partner;
            Body = body;
            Query = query;
        }

        public SandboxPartner Partner { get; }

        public byte[] Body { get; }

        public IQueryCollection Query { get; }

        /// <summary>Set by a handler that answered from an earlier call without changing the state (a replayed load).</summary>
        public bool Replayed { get; set; }
    }

    /// <summary>
    /// The thirteen card operations of specs/enkash-cards.yaml: each reads its body with the generated converter, checks it
    /// with the generated validator, applies it to <see cref="SandboxState"/> and answers with its payload, written by the
    /// generated converter, inside EnKash's envelope.
    /// </summary>
    internal sealed class CardApi
    {
        public const string Prefix = "/api/v0/partner/enKashCard";

        private readonly SandboxState _state;
        private readonly SandboxOptions _options;
        private readonly Dictionary<string, CardOperation> _byPath = new Dictionary<string, CardOperation>(StringComparer.Ordinal);

        public CardApi(SandboxState state, SandboxOptions options)
        {
            _state = state;
            _options = options;
            Add("createCard", "POST", "", false, CreateCard);
            Add("loadCardBalance", "POST", "/balance", false, LoadCardBalance);
            Add("blockCard", "POST", "/block", false, BlockCard);
            Add("replaceCard", "POST", "/replaceCard", false, ReplaceCard);
            Add("getCardDetails", "POST", "/search", true, GetCardDetails);
            Add("getTransactionDetails", "POST", "/transaction/all", false, GetTransactionDetails);
            Add("createCardAccount", "POST", "/cardAccount/create", false, CreateCardAccount);
            Add("getCardAccount", "POST", "/cardAccount/get", true, GetCardAccount);
            Add("setCardPin", "POST", "/setPin", false, SetCardPin);
            Add("generateCardOtp", "POST", "/otp", false, GenerateCardOtp);
            Add("updateVelocityRules", "POST", "/velocity/rule", false, UpdateVelocityRules);
            Add("getVelocityRules", "POST", "/velocity/rule/get", false, GetVelocityRules);
            Add("getVkycLink", "GET", "/vkyc/link", false, GetVkycLink);
        }

        public IEnumerable<CardOperation> Operations => _byPath.Values;

        public CardOperation? Find(string path) => _byPath.TryGetValue(path, out var op) ? op : null;

        private void Add(string operationId, string method, string suffix, bool documentedWithResponseCode, Func<CardCall, CardOperation, byte[]> handle)
        {
            var op = new CardOperation(operationId, method, Prefix + suffix, documentedWithResponseCode, handle);
            _byPath.Add(op.Path, op);
        }

        // --------------------------------------------------------------- operations

        private byte[] CreateCard(CardCall call, CardOperation op)
        {
            var request = Read(call, CreateCardRequest.Codec.Instance);
            return Success(op, Model(_state.CreateCard(call.Partner, request)));
        }

        private byte[] LoadCardBalance(CardCall call, CardOperation op)
        {
            var request = Read(call, LoadCardBalanceRequest.Codec.Instance);
            var (result, replayed) = _state.LoadCardBalance(call.Partner, request);
            call.Replayed = replayed;
            return Success(op, Model(result));
        }

        private byte[] BlockCard(CardCall call, CardOperation op)
        {
            var request = Read(call, BlockCardRequest.Codec.Instance);
            var (cardId, status) = _state.BlockCard(call.Partner, request);
            Action<Utf8JsonWriter> payload = w =>
            {
                w.WriteStartObject();
                w.WriteString("enKashCardId", cardId);
                w.WritePropertyName("cardStatus");
                CardStatus.Codec.Instance.WriteValue(w, new CardStatus { Name = new CardStatusCode(status), Label = status });
                w.WriteString("blockCode", status);
                w.WriteEndObject();
            };
            return Success(op, payload);
        }

        private byte[] ReplaceCard(CardCall call, CardOperation op)
        {
            var request = Read(call, ReplaceCardRequest.Codec.Instance);
            var status = _state.ReplaceCard(call.Partner, request);
            return Success(op, w => w.WriteStringValue(status));
        }

        private byte[] GetCardDetails(CardCall call, CardOperation op)
        {
            var request = Read(call, GetCardDetailsRequest.Codec.Instance);
            return Success(op, Model(_state.GetCardDetails(call.Partner, request)));
        }

        private byte[] GetTransactionDetails(CardCall call, CardOperation op)
        {
            var request = Read(call, GetTransactionDetailsRequest.Codec.Instance);
            return Success(op, List(_state.SearchTransactions(call.Partner, request)));
        }

        private byte[] CreateCardAccount(CardCall call, CardOperation op)
        {
            var request = Read(call, CreateCardAccountRequest.Codec.Instance);
            return Success(op, Model(_state.CreateCardAccount(call.Partner, request)));
        }

        private byte[] GetCardAccount(CardCall call, CardOperation op)
        {
            var request = Read(call, GetCardAccountRequest.Codec.Instance);
            return Success(op, Model(_state.GetCardAccount(call.Partner, request)));
        }

        private byte[] SetCardPin(CardCall call, CardOperation op)
        {
            var request = Read(call, SetCardPinRequest.Codec.Instance);
            var result = _state.SetCardPin(call.Partner, request);
            return Success(op, w => w.WriteStringValue(result));
        }

        private byte[] GenerateCardOtp(CardCall call, CardOperation op)
        {
            var request = Read(call, GenerateCardOtpRequest.Codec.Instance);
            var (id, mobile, seconds) = _state.GenerateOtp(call.Partner, request);
            Action<Utf8JsonWriter> payload = w =>
            {
                w.WriteStartObject();
                w.WriteString("otpRequestId", id);
                w.WriteString("mobile", mobile);
                w.WriteNumber("validForSeconds", seconds);
                w.WriteEndObject();
            };
            return Success(op, payload);
        }

        private byte[] UpdateVelocityRules(CardCall call, CardOperation op)
        {
            var request = Read(call, UpdateVelocityRulesRequest.Codec.Instance);
            var updated = _state.UpdateVelocityRules(call.Partner, request);
            Action<Utf8JsonWriter> payload = w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("enKashCardIds");
                w.WriteStartArray();
                foreach (var id in updated)
                {
                    w.WriteStringValue(id);
                }
                w.WriteEndArray();
                w.WriteString("status", "Success");
                w.WriteEndObject();
            };
            return Success(op, payload);
        }

        private byte[] GetVelocityRules(CardCall call, CardOperation op)
        {
            var request = Read(call, GetVelocityRulesRequest.Codec.Instance);
            return Success(op, Model(_state.GetVelocityRules(call.Partner, request)));
        }

        private byte[] GetVkycLink(CardCall call, CardOperation op)
        {
            string? cardId = call.Query["enKashCardId"];
            if (string.IsNullOrEmpty(cardId))
            {
                throw SandboxRejection.Business("enKashCardId is required");
            }
            string? companyId = call.Query["companyId"];
            string? cardAccountId = call.Query["cardAccountId"];
            var card = _state.RequireCard(call.Partner, string.IsNullOrEmpty(companyId) ? null : companyId, string.IsNullOrEmpty(cardAccountId) ? null : cardAccountId, cardId);
            var expires = _options.TimeProvider.GetUtcNow().AddMinutes(30);
            Action<Utf8JsonWriter> payload = w =>
            {
                w.WriteStartObject();
                w.WriteString("enKashCardId", card);
                w.WriteString("vkycLink", "https://vkyc.sandbox.invalid/session/" + card + "-" + expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("expiresOn", SandboxState.EnKashTime(expires));
                w.WriteEndObject();
            };
            return Success(op, payload);
        }

        // ---------------------------------------------------------------- envelopes

        private byte[] Success(CardOperation op, Action<Utf8JsonWriter> payload) => Envelope(op, 0, "Success", payload);

        /// <summary>EnKash's failure envelope: code 1 with the text in both the message and the payload.</summary>
        public byte[] Failure(CardOperation? op, string message) => Envelope(op, 1, message, w => w.WriteStringValue(message));

        /// <summary>
        /// EnKash's envelope around a payload, spelled code/message or response_code/response_message as the options (or
        /// the operation's EnKash page) say. The generated client has no envelope type: it unwraps the payload itself.
        /// </summary>
        private byte[] Envelope(CardOperation? op, long code, string message, Action<Utf8JsonWriter> payload)
        {
            var responseCode = _options.EnvelopeSpelling switch
            {
                EnvelopeSpelling.ResponseCode => true,
                EnvelopeSpelling.Code => false,
                _ => op?.DocumentedWithResponseCode ?? false,
            };
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber(responseCode ? "response_code" : "code", code);
                writer.WriteString(responseCode ? "response_message" : "message", message);
                writer.WritePropertyName("payload");
                payload(writer);
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }

        private static Action<Utf8JsonWriter> Model<T>(T value)
            where T : class => w => JsonSerializer.Serialize(w, value, EnKashCardsClientJson.TypeInfo<T>());

        private static Action<Utf8JsonWriter> List<T>(IEnumerable<T> values)
            where T : class => w =>
            {
                w.WriteStartArray();
                foreach (var value in values)
                {
                    JsonSerializer.Serialize(w, value, EnKashCardsClientJson.TypeInfo<T>());
                }
                w.WriteEndArray();
            };

        // ------------------------------------------------------------------ reading

        /// <summary>
        /// Reads a request body the way EnKash's gateway would: not JSON at all is HTTP 400; JSON that does not fit the
        /// schema (a missing required member, a wrong type, a broken constraint) is HTTP 400 with the violations.
        /// </summary>
        private static T Read<T>(CardCall call, ObjectCodec<T> codec)
            where T : class
        {
            try
            {
                using var document = JsonDocument.Parse(call.Body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw SandboxRejection.BadRequest("The request body must be a JSON object");
                }
            }
            catch (JsonException)
            {
                throw SandboxRejection.BadRequest("Malformed JSON request body");
            }
            T? value;
            try
            {
                value = JsonSerializer.Deserialize(call.Body, EnKashCardsClientJson.TypeInfo<T>());
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
            {
                throw SandboxRejection.BadRequest("Invalid request: " + FirstSentence(ex.Message));
            }
            if (value is null)
            {
                throw SandboxRejection.BadRequest("The request body must be a JSON object");
            }
            var validator = new RequestValidator();
            codec.Validate(validator, "$", value);
            if (validator.HasErrors)
            {
                throw SandboxRejection.BadRequest("Invalid request: " + string.Join("; ", validator.Errors));
            }
            return value;
        }

        private static string FirstSentence(string message)
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }
    }

    internal sealed class CardOperation
    {
        public CardOperation(string operationId, string method, string path, bool documentedWithResponseCode, Func<CardCall, CardOperation, byte[]> handle)
        {
            OperationId = operationId;
            Method = method;
            Path = path;
            DocumentedWithResponseCode = documentedWithResponseCode;
            Handle = handle;
        }

        public string OperationId { get; }

        public string Method { get; }

        public string Path { get; }

        public bool DocumentedWithResponseCode { get; }

        public Func<CardCall, CardOperation, byte[]> Handle { get; }
    }
}
