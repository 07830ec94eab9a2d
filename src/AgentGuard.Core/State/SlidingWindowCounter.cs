namespace AgentGuard;

/// <summary>A sliding-window counter (segmented ring, like SlidingWindowRateLimiter) driven by an explicit clock.</summary>
/// <remarks>
/// System.Threading.RateLimiting's limiters read <c>Stopwatch</c> even with manual replenishment, so they cannot
/// follow an injected <see cref="TimeProvider"/> or a replayed trace's clock; this counter takes the time as an
/// argument. Not thread-safe: callers lock. The clock going backwards never frees capacity.
/// </remarks>
internal sealed class SlidingWindowCounter
{
    private readonly int[] _segments;
    private readonly long _segmentTicks;
    private long _segmentStart = long.MinValue;
    private int _current;
    private int _total;

    public SlidingWindowCounter(int limit, TimeSpan window, int segments)
    {
        Limit = limit;
        _segments = new int[segments];
        _segmentTicks = Math.Max(1, window.Ticks / segments);
    }

    public int Limit { get; }

    public int Count => _total;

    public bool HasPermit => _total < Limit;

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
            return;
        }

        var elapsed = (ticks - _segmentStart) / _segmentTicks;
        _segmentStart += elapsed * _segmentTicks;
        if (elapsed >= _segments.Length)
        {
            Array.Clear(_segments);
            _total = 0;
            return;
        }

        for (var i = 0; i < elapsed; i++)
        {
            _current = (_current + 1) % _segments.Length;
            _total -= _segments[_current];
            _segments[_current] = 0;
        }
    }

    public void Take()
    {
        _segments[_current]++;
        _total++;
    }
}
