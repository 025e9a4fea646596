using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.EnKash;
using EnKashGen.RuntimeTests.Infrastructure;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// Listeners are process-wide, so these tests run alone: a listener of one test must not see (or, for the zero-cost
/// test, create) the spans of another.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection
{
}

/// <summary>
/// The client's OpenTelemetry signals: the activity source and meter named after the client, one Client span per
/// operation (the token call a child span), the duration histogram, error status and error.type on failures, no
/// secret or request value in any tag, and nothing created when nobody listens.
/// </summary>
[Collection(nameof(TelemetryTests))]
public class TelemetryTests
{
    private const string SourceName = "EnKashGen.RuntimeTests.EnKash.EnKashCardsClient";
    private const string Duration = "enkashgen.client.operation.duration";

    [Fact]
    public void The_activity_source_and_the_meter_carry_the_clients_full_type_name()
    {
        Assert.Equal(SourceName, typeof(EnKashCardsClient).FullName);
        var sources = new ConcurrentBag<ActivitySource>();
        var instruments = new ConcurrentBag<Instrument>();
        _ = TestData.Client(new FakeEnKashServer());
        using (new ActivityListener { ShouldListenTo = s => { sources.Add(s); return false; } }.Also(ActivitySource.AddActivityListener))
        using (var meters = new MeterListener { InstrumentPublished = (i, _) => instruments.Add(i) })
        {
            meters.Start();
        }

        var source = Assert.Single(sources, s => s.Name == SourceName);
        // The instrumentation scope's version is the generator's, as the client's GeneratedCode attribute states it.
        Assert.Equal(GeneratorVersion(), source.Version);
        var duration = Assert.Single(instruments, i => i.Meter.Name == SourceName);
        Assert.Equal(Duration, duration.Name);
        Assert.Equal("s", duration.Unit);
        Assert.IsType<Histogram<double>>(duration);
    }

    [Fact]
    public async Task Each_operation_is_one_client_span_named_after_its_operation_id_and_the_token_call_is_its_child()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope, HttpStatusCode.Created));
        using var recorder = new Recorder();

        var card = await TestData.Client(server).Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        var spans = recorder.Spans;
        Assert.Equal(new[] { "getPartnerToken", "createCard" }, spans.Select(s => s.DisplayName));
        var create = spans[1];
        var token = spans[0];
        Assert.All(spans, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.Equal(create.SpanId, token.ParentSpanId);
        Assert.Equal(create.TraceId, token.TraceId);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["enkashgen.operation.id"] = "createCard",
                ["http.request.method"] = "POST",
                ["server.address"] = "pay-uat.enkash.in",
                ["server.port"] = 443,
                ["http.response.status_code"] = 201,
                ["enkashgen.envelope.code"] = 0L,
            },
            Tags(create));
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["enkashgen.operation.id"] = "getPartnerToken",
                ["http.request.method"] = "POST",
                ["server.address"] = "ekpayout-uat.enkash.in",
                ["server.port"] = 443,
                ["http.response.status_code"] = 200,
            },
            Tags(token));
    }

    [Fact]
    public async Task The_span_is_current_while_the_request_is_sent_and_the_callers_activity_is_restored_after()
    {
        Activity? seen = null;
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ =>
        {
            seen = Activity.Current;
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        using var recorder = new Recorder();
        using var caller = new Activity("caller").Start();

        await TestData.Client(server).Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Same(caller, Activity.Current);
        Assert.NotNull(seen);
        Assert.Equal("createCard", seen!.DisplayName);
        Assert.Equal(caller.SpanId, seen.ParentSpanId);
    }

    public static TheoryData<string, HttpStatusCode, Type, int, long?> Failures => new()
    {
        { "{\"code\":1,\"message\":\"Insufficient balance\",\"payload\":null}", HttpStatusCode.OK, typeof(ApiErrorException), 200, 1L },
        { "{\"code\":7,\"message\":\"Service down\"}", HttpStatusCode.ServiceUnavailable, typeof(ApiErrorException), 503, 7L },
        { "<html>gateway</html>", HttpStatusCode.BadGateway, typeof(ApiHttpException), 502, null },
        { "{\"code\":0,\"payload\":{\"enKashCardId\":", HttpStatusCode.OK, typeof(ApiResponseFormatException), 200, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_operation_has_error_status_and_the_exception_type_as_error_type_on_span_and_duration(string body, HttpStatusCode status, Type exception, int statusTag, long? code)
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(body, status));
        using var recorder = new Recorder();

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => TestData.Client(server).Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.IsType(exception, thrown);
        var span = recorder.Spans.Single(s => s.DisplayName == "createCard");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(exception.FullName, span.StatusDescription);
        var tags = Tags(span);
        Assert.Equal(exception.FullName, tags["error.type"]);
        Assert.Equal(statusTag, tags["http.response.status_code"]);
        Assert.Equal(code, tags.TryGetValue("enkashgen.envelope.code", out var c) ? (long?)c : null);
        var measurement = recorder.Measurements.Single(m => (string?)m.Tags["enkashgen.operation.id"] == "createCard");
        Assert.Equal(exception.FullName, measurement.Tags["error.type"]);
        Assert.Equal(statusTag, measurement.Tags["http.response.status_code"]);
        // The token call before it succeeded and says so.
        Assert.False(recorder.Measurements.Single(m => (string?)m.Tags["enkashgen.operation.id"] == "getPartnerToken").Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task A_load_sent_once_is_one_span_that_covers_its_lookup_and_ends_as_the_caller_sees_it()
    {
        const string loadPath = "/api/v0/partner/enKashCard/balance";
        const string transactionsPath = "/api/v0/partner/enKashCard/transaction/all";
        // A gateway answers for the API (504): the load may have been applied, so the client looks it up by reference.
        var server = new FakeEnKashServer()
            .On(loadPath, _ => new HttpResponseMessage(HttpStatusCode.GatewayTimeout))
            .On(transactionsPath, request => FakeEnKashServer.Json(FakeEnKashServer.Envelope(request.BodyText.Contains("\"FOUND-1\"", StringComparison.Ordinal)
                ? "[{\"enkashCardId\":\"EKCMB7KAEW\",\"pgReferenceNumber\":\"FOUND-1\",\"balance\":110.5}]"
                : "[]")));
        using var recorder = new Recorder();
        var client = TestData.Client(server);

        // Found: the caller gets the result, and so does the operation's span.
        var result = await client.Cards.LoadCardBalanceAsync(TestData.LoadCardBalanceRequest("FOUND-1"));

        Assert.Equal("FOUND-1", result.PgReferenceNumber);
        var load = recorder.Spans.Single(s => s.DisplayName == "loadCardBalance");
        var lookup = recorder.Spans.Single(s => s.DisplayName == "getTransactionDetails");
        Assert.Equal(ActivityStatusCode.Unset, load.Status);
        Assert.False(Tags(load).ContainsKey("error.type"));
        Assert.Equal(504, Tags(load)["http.response.status_code"]);
        // The lookup is a span of its own, inside the load's, which lasts until the answer is known.
        Assert.Equal(load.SpanId, lookup.ParentSpanId);
        Assert.True(load.StartTimeUtc <= lookup.StartTimeUtc && lookup.StartTimeUtc + lookup.Duration <= load.StartTimeUtc + load.Duration);
        var measurement = Assert.Single(recorder.Measurements, m => (string?)m.Tags["enkashgen.operation.id"] == "loadCardBalance");
        Assert.False(measurement.Tags.ContainsKey("error.type"));

        // Not found: the caller gets ApiOutcomeUnknownException, and the span and the duration name it.
        await Assert.ThrowsAsync<ApiOutcomeUnknownException>(() => client.Cards.LoadCardBalanceAsync(TestData.LoadCardBalanceRequest("LOST-2")));

        var unknown = recorder.Spans.Where(s => s.DisplayName == "loadCardBalance").Last();
        Assert.Equal(ActivityStatusCode.Error, unknown.Status);
        Assert.Equal(typeof(ApiOutcomeUnknownException).FullName, Tags(unknown)["error.type"]);
        var measurements = recorder.Measurements.Where(m => (string?)m.Tags["enkashgen.operation.id"] == "loadCardBalance").ToList();
        Assert.Equal(2, measurements.Count);
        Assert.Equal(typeof(ApiOutcomeUnknownException).FullName, measurements[1].Tags["error.type"]);
    }

    [Fact]
    public async Task Failures_before_and_without_an_answer_are_errors_too()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.VkycLinkPath, _ => throw new HttpRequestException("Connection refused"));
        using var recorder = new Recorder();
        var client = TestData.Client(server);
        var invalid = TestData.CreateCardRequest();
        invalid.Mobile = "12";

        await Assert.ThrowsAsync<ApiValidationException>(() => client.Cards.CreateCardAsync(invalid));
        await Assert.ThrowsAsync<ApiConnectionException>(() => client.Kyc.GetVkycLinkAsync(enKashCardId: "EKC1"));

        var validation = recorder.Spans.Single(s => s.DisplayName == "createCard");
        Assert.Equal(typeof(ApiValidationException).FullName, Tags(validation)["error.type"]);
        Assert.False(Tags(validation).ContainsKey("http.response.status_code"));
        Assert.False(Tags(validation).ContainsKey("server.address"));
        var connection = recorder.Spans.Single(s => s.DisplayName == "getVkycLink");
        Assert.Equal(ActivityStatusCode.Error, connection.Status);
        Assert.Equal(typeof(ApiConnectionException).FullName, Tags(connection)["error.type"]);
        Assert.Equal("pay-uat.enkash.in", Tags(connection)["server.address"]);
        Assert.False(Tags(connection).ContainsKey("http.response.status_code"));
    }

    [Fact]
    public async Task The_duration_is_recorded_in_seconds_with_the_operation_method_server_status_and_code()
    {
        var server = new FakeEnKashServer().OnAsync(FakeEnKashServer.CreateCardPath, async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(120), ct);
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        using var recorder = new Recorder(spans: false);

        await TestData.Client(server).Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Empty(recorder.Spans);
        var measurement = recorder.Measurements.Single(m => (string?)m.Tags["enkashgen.operation.id"] == "createCard");
        // Seconds, not milliseconds: the call took about 0.12 s (the delay's timer may fire a millisecond early).
        Assert.InRange(measurement.Value, 0.1, 60);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["enkashgen.operation.id"] = "createCard",
                ["http.request.method"] = "POST",
                ["server.address"] = "pay-uat.enkash.in",
                ["server.port"] = 443,
                ["http.response.status_code"] = 200,
                ["enkashgen.envelope.code"] = 0L,
            },
            measurement.Tags);
        Assert.Equal(2, recorder.Measurements.Count);
    }

    [Fact]
    public async Task Nothing_is_created_when_nobody_listens()
    {
        var seen = new List<Activity?>();
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ =>
        {
            seen.Add(Activity.Current);
            return FakeEnKashServer.Json(TestData.CardEnvelope);
        });
        // A listener of other sources only: the client's source has none, so it must not start a span.
        var others = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name != SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = others.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var client = TestData.Client(server);

        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        using (var recorder = new Recorder())
        {
            await client.Cards.CreateCardAsync(TestData.CreateCardRequest());
            // The token was fetched by the first, unobserved call: only the operation itself is a span.
            Assert.Equal("createCard", Assert.Single(recorder.Spans).DisplayName);
        }
        await client.Cards.CreateCardAsync(TestData.CreateCardRequest());

        // The same client traced only while the recorder listened: before and after, no span was current in the send path.
        Assert.Equal(3, seen.Count);
        Assert.Null(seen[0]);
        Assert.Equal("createCard", seen[1]?.DisplayName);
        Assert.Null(seen[2]);
        Assert.DoesNotContain(others, a => a.Source.Name == SourceName);
    }

    [Fact]
    public void A_call_is_observed_only_while_someone_listens_to_the_spans_or_the_duration()
    {
        // The gate in front of the send path: closed, nothing of the telemetry runs and nothing is allocated for it.
        var name = "EnKashGen.RuntimeTests.Gate." + Guid.NewGuid().ToString("N");
        var telemetry = new ApiTelemetry(name, null);
        Assert.Equal(name, telemetry.Name);
        Assert.False(telemetry.IsObserved);

        using (var spans = new ActivityListener { ShouldListenTo = s => s.Name == name, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData })
        {
            ActivitySource.AddActivityListener(spans);
            Assert.True(telemetry.IsObserved);
        }
        Assert.False(telemetry.IsObserved);

        using (var meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == name) { l.EnableMeasurementEvents(i); } } })
        {
            meters.Start();
            Assert.True(telemetry.IsObserved);
        }
        Assert.False(telemetry.IsObserved);
    }

    [Fact]
    public async Task No_secret_credential_token_or_request_value_reaches_any_span_or_measurement()
    {
        const string password = "pw-TEL-7f3a";
        const string clientSecret = "cs-TEL-91c2";
        const string partnerId = "CR-TEL-5d0e";
        const string accessToken = "tok-TEL-0b8d";
        const string refreshToken = "rt-TEL-6e41";
        const string pin = "pin-TEL-2718";
        const string otp = "otp-TEL-3141";
        const string cardId = "EKC-TEL-4242";
        const string mobile = "9000012345";
        const string companyId = "CO-TEL-77";
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestData.ClientId + ":" + clientSecret));
        var secrets = new[] { password, clientSecret, partnerId, accessToken, refreshToken, pin, otp, cardId, mobile, companyId, basic, TestData.Username };

        var server = new FakeEnKashServer()
            .On(FakeEnKashServer.TokenPath, _ => FakeEnKashServer.Json("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"refresh_token\":\"" + refreshToken + "\",\"expires_in\":3600}"))
            .On(FakeEnKashServer.SetPinPath, _ => FakeEnKashServer.Json(FakeEnKashServer.Envelope("\"PIN set\"")))
            .On(FakeEnKashServer.BlockCardPath, _ => FakeEnKashServer.Json("{\"code\":1,\"message\":\"Invalid OTP " + otp + "\",\"payload\":\"" + otp + "\"}"))
            .On(FakeEnKashServer.VkycLinkPath, _ => FakeEnKashServer.Json("{\"code\":0,\"payload\":\"https://kyc.example/?card=" + cardId + "&token=" + accessToken + "\"}"));
        using var recorder = new Recorder();
        var client = TestData.Client(server, o =>
        {
            o.Password = password;
            o.ClientSecret = clientSecret;
            o.PartnerId = partnerId;
        });

        var pinRequest = TestData.SetCardPinRequest(pin);
        pinRequest.EnKashCardId = cardId;
        pinRequest.CompanyId = companyId;
        Assert.Equal("PIN set", await client.CardSecurity.SetCardPinAsync(pinRequest));
        var block = TestData.BlockCardRequest();
        block.EnKashCardId = cardId;
        block.Otp = otp;
        block.OtpRequired = true;
        await Assert.ThrowsAsync<ApiErrorException>(() => client.Cards.BlockCardAsync(block));
        await client.Kyc.GetVkycLinkAsync(enKashCardId: cardId);   // the card id travels in the query
        var invalid = TestData.CreateCardRequest();
        invalid.Mobile = mobile + "0";
        invalid.CompanyId = companyId;
        await Assert.ThrowsAsync<ApiValidationException>(() => client.Cards.CreateCardAsync(invalid));

        // The calls really carried the secrets, and every one was observed.
        Assert.Contains(server.Requests, r => r.BodyText.Contains(pin, StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.Uri.Query.Contains(cardId, StringComparison.Ordinal));
        Assert.Equal(new[] { "getPartnerToken", "setCardPin", "blockCard", "getVkycLink", "createCard" }, recorder.Spans.Select(s => s.DisplayName));
        Assert.Equal(5, recorder.Measurements.Count);

        var texts = new List<(string Where, string Text)>();
        foreach (var span in recorder.Spans)
        {
            texts.Add(("span name", span.DisplayName + " " + span.OperationName));
            texts.Add(("status", span.StatusDescription ?? string.Empty));
            texts.AddRange(span.TagObjects.Select(t => ("span tag " + t.Key, t.Key + "=" + t.Value)));
            texts.AddRange(span.Baggage.Select(b => ("baggage " + b.Key, b.Key + "=" + b.Value)));
            texts.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => ("event " + e.Name, e.Name + " " + t.Key + "=" + t.Value))));
            texts.AddRange(span.Links.SelectMany(l => (l.Tags ?? Array.Empty<KeyValuePair<string, object?>>()).Select(t => ("link", t.Key + "=" + t.Value))));
        }
        texts.AddRange(recorder.Measurements.SelectMany(m => m.Tags.Select(t => ("metric tag " + t.Key, t.Key + "=" + t.Value))));
        Assert.True(texts.Count > 30);

        var leaks = texts.SelectMany(t => secrets.Where(s => t.Text.Contains(s, StringComparison.Ordinal)).Select(s => t.Where + " contains " + s + ": " + t.Text)).ToList();
        Assert.Empty(leaks);
    }

    private static Dictionary<string, object?> Tags(Activity activity) => activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);

    private static string GeneratorVersion()
    {
        var attribute = (System.CodeDom.Compiler.GeneratedCodeAttribute)typeof(EnKashCardsClient).GetCustomAttributes(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), false).Single();
        Assert.Equal("EnKashGen", attribute.Tool);
        return attribute.Version!;
    }

    private sealed record Measurement(double Value, Dictionary<string, object?> Tags);

    /// <summary>Records the client's spans (when <c>spans</c>) and every duration measurement while it lives.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly ActivityListener? _activities;
        private readonly MeterListener _meters = new();
        private readonly List<Activity> _spans = new();
        private readonly List<Measurement> _measurements = new();

        public Recorder(bool spans = true)
        {
            if (spans)
            {
                _activities = new ActivityListener
                {
                    ShouldListenTo = s => s.Name == SourceName,
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                    ActivityStopped = a => { lock (_spans) { _spans.Add(a); } },
                };
                ActivitySource.AddActivityListener(_activities);
            }
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SourceName && instrument.Name == Duration)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                var copy = new Dictionary<string, object?>();
                foreach (var tag in tags)
                {
                    copy.Add(tag.Key, tag.Value);
                }
                lock (_measurements)
                {
                    _measurements.Add(new Measurement(value, copy));
                }
            });
            _meters.Start();
        }

        /// <summary>The finished spans, in the order they ended.</summary>
        public IReadOnlyList<Activity> Spans
        {
            get
            {
                lock (_spans)
                {
                    return _spans.ToArray();
                }
            }
        }

        public IReadOnlyList<Measurement> Measurements
        {
            get
            {
                lock (_measurements)
                {
                    return _measurements.ToArray();
                }
            }
        }

        public void Dispose()
        {
            _activities?.Dispose();
            _meters.Dispose();
        }
    }
}

internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
