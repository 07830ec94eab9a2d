using System.Collections.Concurrent;

namespace AgentGuard;

/// <summary>The default session-state store: process memory, with clock-driven sliding windows for rate limits.</summary>
/// <remarks>
/// Windows advance with the evaluation time passed in (the engine's <see cref="TimeProvider"/>, or a replayed
/// trace's clock), never with a timer. A partition's windows are dropped once they have been idle longer than the
/// longest window (they hold no count by then), at most once a minute of evaluation time, so memory follows the
/// partitions active in the last hour rather than every user and tool ever seen. When a persona's limits change, the
/// partition starts new windows with the new limits. Halts are kept until resumed. Thread-safe.
/// </remarks>
public sealed class InMemorySessionStateStore : ISessionStateStore
{
    private static readonly TimeSpan s_idle = TimeSpan.FromHours(1);
    private static readonly long s_sweepEvery = TimeSpan.FromMinutes(1).Ticks;
    private readonly ConcurrentDictionary<string, HaltRecord> _sessionHalts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HaltRecord> _agentHalts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RateKey, RateWindows> _rates = new();
    private long _lastSweep = long.MinValue;

    /// <summary>Gets how many rate-limit partitions (persona, user, tool) currently hold windows.</summary>
    public int RateWindowCount => _rates.Count;

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
        SweepIfDue(now);
        while (true)
        {
            var windows = _rates.GetOrAdd(key, static (_, l) => new RateWindows(l), limit);
            if (windows.TryAcquire(limit, now) is { } outcome)
            {
                return new(outcome);
            }

            // Retired by a sweep or by a change of limits: replace it (only the retired instance) and take again.
            _rates.TryRemove(new KeyValuePair<RateKey, RateWindows>(key, windows));
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (last != long.MinValue && now.UtcTicks - last < s_sweepEvery)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last || last == long.MinValue)
        {
            return;   // another thread sweeps, or this is the first call (nothing can be idle yet)
        }

        foreach (var (key, windows) in _rates)
        {
            if (windows.RetireIfIdle(now - s_idle))
            {
                _rates.TryRemove(new KeyValuePair<RateKey, RateWindows>(key, windows));
            }
        }
    }

    private ConcurrentDictionary<string, HaltRecord> Map(HaltTarget target) =>
        target == HaltTarget.Agent ? _agentHalts : _sessionHalts;

    /// <summary>A per-minute and a per-hour sliding window, taken together or not at all.</summary>
    private sealed class RateWindows(RateLimit limit)
    {
        private readonly SlidingWindowCounter? _minute = limit.PerMinute is { } m ? new SlidingWindowCounter(m, TimeSpan.FromMinutes(1), 60) : null;
        private readonly SlidingWindowCounter? _hour = limit.PerHour is { } h ? new SlidingWindowCounter(h, TimeSpan.FromHours(1), 60) : null;
        private readonly Lock _gate = new();
        private DateTimeOffset _lastUsed = DateTimeOffset.MinValue;
        private bool _retired;

        /// <summary>Marks the windows retired when unused since <paramref name="cutoff"/>; a retired instance takes no permit.</summary>
        public bool RetireIfIdle(DateTimeOffset cutoff)
        {
            lock (_gate)
            {
                _retired |= _lastUsed < cutoff;
                return _retired;
            }
        }

        /// <summary>Takes a permit from every window, or none; <see langword="null"/> when this instance is retired (or was
        /// built for other limits, which retires it) and the caller must use a fresh one.</summary>
        public RateLimitOutcome? TryAcquire(RateLimit current, DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_retired || current != limit)
                {
                    _retired = true;
                    return null;
                }

                _lastUsed = now > _lastUsed ? now : _lastUsed;
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
