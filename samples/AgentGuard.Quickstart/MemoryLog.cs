using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Quickstart;

/// <summary>Keeps every log line (message and structured values) in memory, so the demo can show that no secret is in them.</summary>
internal sealed class MemoryLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private static string? Render(object? value) => value switch
    {
        string text => text,
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(Render)),
        _ => value?.ToString(),
    };

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(static p => $"{p.Key}={Render(p.Value)}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
