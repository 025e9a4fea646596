using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using EnKashGen.Runtime;
using EnKashGen.Sandbox.Wire;
using Microsoft.AspNetCore.Http;

namespace EnKashGen.Sandbox.Wire
{
    /// <summary>The status members every per-operation envelope shares; the generated envelope types get it through partial declarations below.</summary>
    internal interface IEnvelope
    {
        long? Code { get; set; }

        string? Message { get; set; }

        long? ResponseCode { get; set; }

        string? ResponseMessage { get; set; }
    }

    internal sealed partial class ResponseEnvelope : IEnvelope { }

    internal sealed partial class CreateCardResponse : IEnvelope { }

    internal sealed partial class LoadCardBalanceResponse : IEnvelope { }

    internal sealed partial class BlockCardResponse : IEnvelope { }

    internal sealed partial class ReplaceCardResponse : IEnvelope { }

    internal sealed partial class GetCardDetailsResponse : IEnvelope { }

    internal sealed partial class GetTransactionDetailsResponse : IEnvelope { }

    internal sealed partial class CreateCardAccountResponse : IEnvelope { }

    internal sealed partial class GetCardAccountResponse : IEnvelope { }

    internal sealed partial class SetCardPinResponse : IEnvelope { }

    internal sealed partial class GenerateCardOtpResponse : IEnvelope { }

    internal sealed partial class UpdateVelocityRulesResponse : IEnvelope { }

    internal sealed partial class GetVelocityRulesResponse : IEnvelope { }

    internal sealed partial class GetVkycLinkResponse : IEnvelope { }
}

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
    /// with the generated validator, applies it to <see cref="SandboxState"/> and answers with the generated envelope type.
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
            return Success(op, new CreateCardResponse { Payload = _state.CreateCard(call.Partner, request) });
        }

        private byte[] LoadCardBalance(CardCall call, CardOperation op)
        {
            var request = Read(call, LoadBalanceRequest.Codec.Instance);
            var (result, replayed) = _state.LoadCardBalance(call.Partner, request);
            call.Replayed = replayed;
            return Success(op, new LoadCardBalanceResponse { Payload = result });
        }

        private byte[] BlockCard(CardCall call, CardOperation op)
        {
            var request = Read(call, BlockCardRequest.Codec.Instance);
            var (cardId, status) = _state.BlockCard(call.Partner, request);
            var payload = Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("enKashCardId", cardId);
                w.WritePropertyName("cardStatus");
                CardStatus.Codec.Instance.WriteValue(w, new CardStatus { Name = new CardStatusCode(status), Label = status });
                w.WriteString("blockCode", status);
                w.WriteEndObject();
            });
            return Success(op, new BlockCardResponse { Payload = payload });
        }

        private byte[] ReplaceCard(CardCall call, CardOperation op)
        {
            var request = Read(call, ReplaceCardRequest.Codec.Instance);
            return Success(op, new ReplaceCardResponse { Payload = _state.ReplaceCard(call.Partner, request) });
        }

        private byte[] GetCardDetails(CardCall call, CardOperation op)
        {
            var request = Read(call, CardSearchRequest.Codec.Instance);
            return Success(op, new GetCardDetailsResponse { Payload = _state.GetCardDetails(call.Partner, request) });
        }

        private byte[] GetTransactionDetails(CardCall call, CardOperation op)
        {
            var request = Read(call, TransactionSearchRequest.Codec.Instance);
            return Success(op, new GetTransactionDetailsResponse { Payload = _state.SearchTransactions(call.Partner, request) });
        }

        private byte[] CreateCardAccount(CardCall call, CardOperation op)
        {
            var request = Read(call, CreateCardAccountRequest.Codec.Instance);
            return Success(op, new CreateCardAccountResponse { Payload = _state.CreateCardAccount(call.Partner, request) });
        }

        private byte[] GetCardAccount(CardCall call, CardOperation op)
        {
            var request = Read(call, GetCardAccountRequest.Codec.Instance);
            return Success(op, new GetCardAccountResponse { Payload = _state.GetCardAccount(call.Partner, request) });
        }

        private byte[] SetCardPin(CardCall call, CardOperation op)
        {
            var request = Read(call, SetPinRequest.Codec.Instance);
            return Success(op, new SetCardPinResponse { Payload = _state.SetCardPin(call.Partner, request) });
        }

        private byte[] GenerateCardOtp(CardCall call, CardOperation op)
        {
            var request = Read(call, GenerateOtpRequest.Codec.Instance);
            var (id, mobile, seconds) = _state.GenerateOtp(call.Partner, request);
            var payload = Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("otpRequestId", id);
                w.WriteString("mobile", mobile);
                w.WriteNumber("validForSeconds", seconds);
                w.WriteEndObject();
            });
            return Success(op, new GenerateCardOtpResponse { Payload = payload });
        }

        private byte[] UpdateVelocityRules(CardCall call, CardOperation op)
        {
            var request = Read(call, VelocityRulesUpdateRequest.Codec.Instance);
            var updated = _state.UpdateVelocityRules(call.Partner, request);
            var payload = Element(w =>
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
            });
            return Success(op, new UpdateVelocityRulesResponse { Payload = payload });
        }

        private byte[] GetVelocityRules(CardCall call, CardOperation op)
        {
            var request = Read(call, VelocityRulesGetRequest.Codec.Instance);
            return Success(op, new GetVelocityRulesResponse { Payload = _state.GetVelocityRules(call.Partner, request) });
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
            var payload = Element(w =>
            {
                w.WriteStartObject();
                w.WriteString("enKashCardId", card);
                w.WriteString("vkycLink", "https://vkyc.sandbox.invalid/session/" + card + "-" + expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("expiresOn", SandboxState.EnKashTime(expires));
                w.WriteEndObject();
            });
            return Success(op, new GetVkycLinkResponse { Payload = payload });
        }

        // ---------------------------------------------------------------- envelopes

        private byte[] Success<T>(CardOperation op, T response)
            where T : class, IEnvelope
        {
            SetStatus(response, op, 0, "Success");
            return JsonSerializer.SerializeToUtf8Bytes(response, EnKashCardsClientJson.TypeInfo<T>());
        }

        /// <summary>EnKash's failure envelope: code 1 with the text in both the message and the payload.</summary>
        public byte[] Failure(CardOperation? op, string message)
        {
            var envelope = new ResponseEnvelope { Payload = Element(w => w.WriteStringValue(message)) };
            SetStatus(envelope, op, 1, message);
            return JsonSerializer.SerializeToUtf8Bytes(envelope, EnKashCardsClientJson.TypeInfo<ResponseEnvelope>());
        }

        private void SetStatus(IEnvelope envelope, CardOperation? op, long code, string message)
        {
            var responseCode = _options.EnvelopeSpelling switch
            {
                EnvelopeSpelling.ResponseCode => true,
                EnvelopeSpelling.Code => false,
                _ => op?.DocumentedWithResponseCode ?? false,
            };
            if (responseCode)
            {
                envelope.ResponseCode = code;
                envelope.ResponseMessage = message;
            }
            else
            {
                envelope.Code = code;
                envelope.Message = message;
            }
        }

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

        private static JsonElement Element(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }
            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            return document.RootElement.Clone();
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
