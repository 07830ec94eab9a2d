using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Core.Tests.Audit;

/// <summary>Keeps every formatted log message and every structured value, to scan them for planted secrets.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentBag<string> Messages { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner.Messages.Add(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var value in values)
                {
                    owner.Messages.Add(value.Value?.ToString() ?? string.Empty);
                }
            }
        }
    }
}
