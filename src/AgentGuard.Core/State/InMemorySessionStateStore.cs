using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace AgentGuard;

/// <summary>The default session-state store: process memory, using System.Threading.RateLimiting sliding windows.</summary>
/// <remarks>
/// The limiters run with manual replenishment driven by the evaluation time rather than by timers, so windows follow
/// the engine's <see cref="TimeProvider"/> (and replayed traces' timestamps). Thread-safe.
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
        private readonly ClockedWindow? _minute = limit.PerMinute is { } m ? new ClockedWindow(m, TimeSpan.FromMinutes(1), 12) : null;
        private readonly ClockedWindow? _hour = limit.PerHour is { } h ? new ClockedWindow(h, TimeSpan.FromHours(1), 60) : null;
        private readonly Lock _gate = new();

        public RateLimitOutcome TryAcquire(DateTimeOffset now)
        {
            lock (_gate)
            {
                _minute?.Advance(now);
                _hour?.Advance(now);

                // Both windows or neither: with two windows, look before taking so a refusal by the hour window
                // does not burn a minute permit. (Statistics allocate, so a single window just tries.)
                if (_minute is not null && _hour is not null && !_hour.HasPermit)
                {
                    return new(false, "per_hour", limit.PerHour!.Value);
                }

                if (_minute is not null && !_minute.TryTake())
                {
                    return new(false, "per_minute", limit.PerMinute!.Value);
                }

                if (_hour is not null && !_hour.TryTake())
                {
                    return new(false, "per_hour", limit.PerHour!.Value);
                }

                return RateLimitOutcome.Permit;
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Manual replenishment: the limiter owns no timer or other resource.")]
    private sealed class ClockedWindow
    {
        private readonly SlidingWindowRateLimiter _limiter;
        private readonly long _segmentTicks;
        private readonly int _segments;
        private long _segmentStart = long.MinValue;

        public ClockedWindow(int permits, TimeSpan window, int segments)
        {
            _segments = segments;
            _segmentTicks = window.Ticks / segments;
            _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                SegmentsPerWindow = segments,
                QueueLimit = 0,
                AutoReplenishment = false,
            });
        }

        public bool HasPermit => _limiter.GetStatistics()!.CurrentAvailablePermits > 0;

        public void Advance(DateTimeOffset now)
        {
            var ticks = now.UtcTicks;
            if (_segmentStart == long.MinValue)
            {
                _segmentStart = ticks - (ticks % _segmentTicks);
                return;
            }

            if (ticks < _segmentStart + _segmentTicks)
            {
                return; // same segment, or the clock went backwards: never hand out permits early
            }

            var elapsed = (ticks - _segmentStart) / _segmentTicks;
            _segmentStart += elapsed * _segmentTicks;
            for (var i = 0; i < Math.Min(elapsed, _segments); i++)
            {
                _limiter.TryReplenish();
            }
        }

        public bool TryTake()
        {
            using var lease = _limiter.AttemptAcquire(1);
            return lease.IsAcquired;
        }
    }
}
