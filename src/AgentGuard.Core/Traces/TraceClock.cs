namespace AgentGuard;

/// <summary>A clock that replays a trace's times: the engine sees each line's <c>at</c> as "now".</summary>
/// <remarks>Thread-safe. Time only moves when <see cref="Set"/> is called.</remarks>
public sealed class TraceClock : TimeProvider
{
    private long _ticks = TraceReader.DefaultStart.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Sets the current time.</summary>
    /// <param name="now">The time.</param>
    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}
