using System.Collections.Concurrent;

namespace AgentGuard;

/// <summary>The default session-state store: process memory, with clock-driven sliding windows for rate limits.</summary>
/// <remarks>
/// Windows advance with the evaluation time passed in (the engine's <see cref="TimeProvider"/>, or a replayed
/// trace's clock), never with a timer. Thread-safe.
/// </remarks>
public sealed class InMemorySessionStateStore : ISessionStateStore
{
    private readonly ConcurrentDictionary<string, HaltRecord> _sessionHalts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HaltRecord> _agentHalts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RateKey, RateWindows> _rates = new();

    /// <inheritdoc />
    public ValueTask<HaltRecord?> GetHaltAsync(string sessionId, string? agentId, CancellationToken cancellationToken)
    {
        if (_sessionHalts.TryGetValue(sessionId, out var halt))
        {
            return new(halt);
        }

        if (agentId is not null && _agentHalts.TryGetValue(agentId, out halt))
        {
            return new(halt);
        }

        return new((HaltRecord?)null);
    }

    /// <inheritdoc />
    public ValueTask<bool> SetHaltAsync(HaltTarget target, string id, HaltRecord record, CancellationToken cancellationToken) =>
        new(Map(target).TryAdd(id, record));

    /// <inheritdoc />
    public ValueTask<bool> ClearHaltAsync(HaltTarget target, string id, CancellationToken cancellationToken) =>
        new(Map(target).TryRemove(id, out _));

    /// <inheritdoc />
    public ValueTask<RateLimitOutcome> AcquireRateAsync(RateKey key, RateLimit limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var windows = _rates.GetOrAdd(key, static (_, l) => new RateWindows(l), limit);
        return new(windows.TryAcquire(now));
    }

    private ConcurrentDictionary<string, HaltRecord> Map(HaltTarget target) =>
        target == HaltTarget.Agent ? _agentHalts : _sessionHalts;

    /// <summary>A per-minute and a per-hour sliding window, taken together or not at all.</summary>
    private sealed class RateWindows(RateLimit limit)
    {
        private readonly SlidingWindowCounter? _minute = limit.PerMinute is { } m ? new SlidingWindowCounter(m, TimeSpan.FromMinutes(1), 60) : null;
        private readonly SlidingWindowCounter? _hour = limit.PerHour is { } h ? new SlidingWindowCounter(h, TimeSpan.FromHours(1), 60) : null;
        private readonly Lock _gate = new();

        public RateLimitOutcome TryAcquire(DateTimeOffset now)
        {
            lock (_gate)
            {
                _minute?.Advance(now);
                _hour?.Advance(now);
                if (_minute is { HasPermit: false })
                {
                    return new(false, "per_minute", _minute.Limit);
                }

                if (_hour is { HasPermit: false })
                {
                    return new(false, "per_hour", _hour.Limit);
                }

                _minute?.Take();
                _hour?.Take();
                return RateLimitOutcome.Permit;
            }
        }
    }
}
