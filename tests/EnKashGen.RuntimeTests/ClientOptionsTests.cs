using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EnKashGen.Runtime;
using EnKashGen.RuntimeTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using EnKash = EnKashGen.RuntimeTests.EnKash;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// How a client is made and configured: everything through its options (no positional nulls), services shared by
/// every client of one options object, one deadline per call, and failures of configuration and hooks that say what
/// is wrong.
/// </summary>
public class ClientOptionsTests
{
    [Fact]
    public async Task A_slow_token_call_fails_the_call_with_one_timeout_on_the_clients_clock_every_time()
    {
        // The token host never answers; only the fake clock moves. The call's deadline is the only timer, so the
        // caller gets ApiTimeoutException for its own operation, never an authentication error wrapping a second timer.
        for (var attempt = 0; attempt < 25; attempt++)
        {
            var time = new FakeTimeProvider();
            using var tokenRequested = new SemaphoreSlim(0);
            var server = new FakeEnKashServer()
                .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope))
                .OnAsync(FakeEnKashServer.TokenPath, async (_, ct) =>
                {
                    tokenRequested.Release();
                    await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                    return FakeEnKashServer.Json(FakeEnKashServer.TokenJson("never", 3600));
                });
            var client = TestData.Client(server, o =>
            {
                o.TimeProvider = time;
                o.Timeout = TimeSpan.FromSeconds(10);
            });

            var call = client.Cards.CreateCardAsync(TestData.CreateCardRequest());
            Assert.True(await tokenRequested.WaitAsync(TimeSpan.FromSeconds(30)));
            time.Advance(TimeSpan.FromSeconds(9));
            Assert.False(call.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(1));

            var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => call);
            Assert.Equal("createCard", ex.OperationId);
            Assert.Equal(TimeSpan.FromSeconds(10), ex.Timeout);
            Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
        }
    }

    [Fact]
    public async Task A_token_fetch_a_call_waits_for_counts_against_that_calls_deadline()
    {
        // The token host answers after 8 s of a 10 s deadline: the card call then has 2 s left, not a fresh 10 s.
        var time = new FakeTimeProvider();
        using var tokenRequested = new SemaphoreSlim(0);
        using var cardRequested = new SemaphoreSlim(0);
        var answerToken = new TaskCompletionSource();
        var server = new FakeEnKashServer()
            .OnAsync(FakeEnKashServer.TokenPath, async (_, ct) =>
            {
                tokenRequested.Release();
                await answerToken.Task.WaitAsync(ct);
                return FakeEnKashServer.Json(FakeEnKashServer.TokenJson("token-1", 3600));
            })
            .OnAsync(FakeEnKashServer.CreateCardPath, async (_, ct) =>
            {
                cardRequested.Release();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return FakeEnKashServer.Json(TestData.CardEnvelope);
            });
        var client = TestData.Client(server, o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(10);
        });

        var call = client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        Assert.True(await tokenRequested.WaitAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(8));
        answerToken.SetResult();
        Assert.True(await cardRequested.WaitAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<ApiTimeoutException>(() => call);
        Assert.Equal("createCard", ex.OperationId);
        Assert.Equal(1, client.TokenCache.FetchCount);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_for_the_token_does_not_cancel_the_fetch_others_wait_for()
    {
        // The first caller starts the token fetch and then cancels; a second caller already waits for the same fetch.
        // The fetch goes on, the second caller gets its token, and the token host is asked once.
        var time = new FakeTimeProvider();
        using var tokenRequested = new SemaphoreSlim(0);
        var answerToken = new TaskCompletionSource();
        var server = new FakeEnKashServer()
            .OnAsync(FakeEnKashServer.TokenPath, async (_, ct) =>
            {
                tokenRequested.Release();
                await answerToken.Task.WaitAsync(ct);
                return FakeEnKashServer.Json(FakeEnKashServer.TokenJson("token-1", 3600));
            })
            .On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var client = TestData.Client(server, o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(10);
        });

        using var first = new CancellationTokenSource();
        var cancelled = client.Cards.CreateCardAsync(TestData.CreateCardRequest(), first.Token);
        Assert.True(await tokenRequested.WaitAsync(TimeSpan.FromSeconds(30)));
        var waiting = client.Cards.CreateCardAsync(TestData.CreateCardRequest());
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(3));
        answerToken.SetResult();
        var card = await waiting;

        Assert.NotNull(card);
        Assert.Single(server.CallsTo(FakeEnKashServer.TokenPath));
        Assert.Single(server.CallsTo(FakeEnKashServer.CreateCardPath));
        Assert.Equal(1, client.TokenCache.FetchCount);
    }

    [Fact]
    public async Task Clients_made_from_one_options_object_share_its_token_cache_and_its_encryption_key()
    {
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, _ => FakeEnKashServer.Json(TestData.CardEnvelope));
        var options = TestData.Options();
        var first = new EnKash.EnKashCardsClient(new HttpClient(server, disposeHandler: false), options);
        var second = new EnKash.EnKashCardsClient(new HttpClient(server, disposeHandler: false), options);

        await first.Cards.CreateCardAsync(TestData.CreateCardRequest());
        await second.Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Same(options.TokenCache, first.TokenCache);
        Assert.Same(first.TokenCache, second.TokenCache);
        Assert.Equal(1, server.TokenCalls);

        options.EncryptionEnabled = true;
        var encryption = options.ResolveEncryption();
        Assert.IsType<AesEcbBodyEncryption>(encryption);
        Assert.Same(encryption, options.ResolveEncryption());
        // A new secret is a new key.
        options.ClientSecret = "another-secret";
        Assert.NotSame(encryption, options.ResolveEncryption());
    }

    [Fact]
    public async Task The_encryption_hook_and_the_log_sink_are_set_on_the_options()
    {
        var hook = new RecordingEncryption();
        var log = new RecordingLog();
        var server = new FakeEnKashServer().On(FakeEnKashServer.CreateCardPath, request =>
        {
            Assert.StartsWith("SEALED:", request.BodyText);
            return FakeEnKashServer.Json("SEALED:" + TestData.CardEnvelope);
        });
        var options = TestData.Options(o =>
        {
            o.Encryption = hook;
            o.Log = log;
        });

        var card = await new EnKash.EnKashCardsClient(new HttpClient(server, disposeHandler: false), options).Cards.CreateCardAsync(TestData.CreateCardRequest());

        Assert.Equal("EKC94AEX89", card.EnKashCardId);
        Assert.Equal(2, hook.Calls);
        Assert.Contains(log.Lines, l => l.Contains("createCard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_encryption_hook_that_fails_on_the_request_is_an_ApiException_and_nothing_is_sent()
    {
        var server = new FakeEnKashServer();
        var secret = new InvalidOperationException("key vault said: secret=hunter2");
        var client = TestData.Client(server, o => o.Encryption = new ThrowingEncryption(secret));

        var ex = await Assert.ThrowsAsync<ApiEncryptionException>(() => client.Cards.CreateCardAsync(TestData.CreateCardRequest()));

        Assert.Equal("createCard", ex.OperationId);
        Assert.Same(secret, ex.InnerException);
        Assert.Contains("nothing was sent", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Empty(server.CallsTo(FakeEnKashServer.CreateCardPath));
    }

    [Fact]
    public void Encryption_enabled_without_a_secret_names_the_missing_option()
    {
        var options = TestData.Options(o =>
        {
            o.EncryptionEnabled = true;
            o.ClientSecret = null;
        });

        var ex = Assert.Throws<ArgumentException>(() => new EnKash.EnKashCardsClient(new HttpClient(), options));

        Assert.Contains("EncryptionEnabled", ex.Message);
        Assert.Contains("ClientSecret", ex.Message);
    }

    [Theory]
    [InlineData("Timeout", "ten seconds", "a time span")]
    [InlineData("EncryptionEnabled", "yes", "true or false")]
    [InlineData("BaseUrl", "not a url", "an absolute URL")]
    [InlineData("TokenRefreshMargin", "1 minute", "a time span")]
    public void A_configuration_value_that_cannot_be_read_names_the_key_and_the_value(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EnKash:" + key] = value, ["EnKash:ClientSecret"] = "s3cr3t" })
            .Build()
            .GetSection("EnKash");
        var options = new EnKash.EnKashCardsClientOptions();

        var ex = Assert.Throws<InvalidOperationException>(() => EnKash.EnKashCardsClientServiceCollectionExtensions.Bind(configuration, options));

        Assert.Contains("'EnKash:" + key + "'", ex.Message);
        Assert.Contains("'" + value + "'", ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("s3cr3t", ex.Message);
    }

    private sealed class RecordingEncryption : IBodyEncryption
    {
        public int Calls;

        public ValueTask<ReadOnlyMemory<byte>> EncryptRequestAsync(string operationId, ReadOnlyMemory<byte> plaintextJson, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return new ValueTask<ReadOnlyMemory<byte>>(System.Text.Encoding.UTF8.GetBytes("SEALED:" + System.Text.Encoding.UTF8.GetString(plaintextJson.Span)));
        }

        public ValueTask<ReadOnlyMemory<byte>> DecryptResponseAsync(string operationId, ReadOnlyMemory<byte> wireBody, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var text = System.Text.Encoding.UTF8.GetString(wireBody.Span);
            return new ValueTask<ReadOnlyMemory<byte>>(System.Text.Encoding.UTF8.GetBytes(text.Substring("SEALED:".Length)));
        }
    }

    private sealed class ThrowingEncryption : IBodyEncryption
    {
        private readonly Exception _failure;

        public ThrowingEncryption(Exception failure) => _failure = failure;

        public ValueTask<ReadOnlyMemory<byte>> EncryptRequestAsync(string operationId, ReadOnlyMemory<byte> plaintextJson, CancellationToken cancellationToken) => throw _failure;

        public ValueTask<ReadOnlyMemory<byte>> DecryptResponseAsync(string operationId, ReadOnlyMemory<byte> wireBody, CancellationToken cancellationToken) => throw _failure;
    }

    private sealed class RecordingLog : IApiLogSink
    {
        public List<string> Lines { get; } = new();

        public bool IsEnabled(IApiLogSink.Level level) => true;

        public void Log(IApiLogSink.Level level, string operationId, string message, Exception? exception)
        {
            lock (Lines)
            {
                Lines.Add(operationId + ": " + message);
            }
        }
    }
}
