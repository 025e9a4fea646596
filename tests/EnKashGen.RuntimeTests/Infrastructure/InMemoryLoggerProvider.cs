using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace EnKashGen.RuntimeTests.Infrastructure;

/// <summary>Captures every log line of every category (message, structured state and exception text).</summary>
public sealed class InMemoryLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, string Message, string State, string? Exception)
    {
        public string AllText => Category + " " + Level + " " + Message + " " + State + " " + Exception;
    }

    private sealed class Logger : ILogger
    {
        private readonly string _category;
        private readonly ConcurrentQueue<LogLine> _lines;

        public Logger(string category, ConcurrentQueue<LogLine> lines)
        {
            _category = category;
            _lines = lines;
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => p.Key + "=" + p.Value))
                : state?.ToString() ?? string.Empty;
            _lines.Enqueue(new LogLine(_category, logLevel, formatter(state, exception), structured, exception?.ToString()));
        }
    }
}
