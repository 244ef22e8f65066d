using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Telemetry;

/// <summary>A logger factory whose loggers keep every line, with its level, event id and category.</summary>
internal sealed class RecordingLogger : ILoggerFactory
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public sealed record Line(string Category, LogLevel Level, EventId Id, string Message);

    public IReadOnlyList<Line> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new Line(category, logLevel, eventId, formatter(state, exception)));
    }
}
