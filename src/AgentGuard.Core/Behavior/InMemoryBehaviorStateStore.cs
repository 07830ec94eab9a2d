using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>The default behavior state store: process memory, one lock per session, idle sessions expired.</summary>
/// <remarks>
/// Thread-safe. Updates of one session are serialized by that session's lock; different sessions never contend.
/// Expiry is driven by the evaluation time passed to <see cref="UpdateAsync"/> (so it follows the engine's
/// <see cref="TimeProvider"/> and replayed traces): at most once a minute, sessions idle longer than
/// <see cref="BehaviorOptions.SessionIdleTimeout"/> are dropped, and past <see cref="BehaviorOptions.MaxSessions"/> the
/// least recently active ones.
/// </remarks>
public sealed class InMemoryBehaviorStateStore : IBehaviorStateStore
{
    private static readonly long s_sweepInterval = TimeSpan.FromMinutes(1).Ticks;
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly long _idleTicks;
    private readonly int _maxSessions;
    private long _lastSweep;
    private int _sweeping;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBehaviorStateStore"/> class with default options.</summary>
    public InMemoryBehaviorStateStore()
        : this(new BehaviorOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryBehaviorStateStore"/> class.</summary>
    /// <param name="options">The options (idle timeout, session cap).</param>
    public InMemoryBehaviorStateStore(IOptions<BehaviorOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryBehaviorStateStore"/> class.</summary>
    /// <param name="options">The options (idle timeout, session cap).</param>
    public InMemoryBehaviorStateStore(BehaviorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _idleTicks = options.SessionIdleTimeout.Ticks;
        _maxSessions = options.MaxSessions;
    }

    /// <summary>Gets the number of sessions held.</summary>
    public int Count => _sessions.Count;

    /// <inheritdoc />
    public ValueTask<TResult> UpdateAsync<TArgument, TResult>(
        string sessionId,
        DateTimeOffset now,
        Func<BehaviorState, TArgument, TResult> update,
        TArgument argument,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(update);
        var ticks = now.UtcTicks;
        TResult result;
        while (true)
        {
            var entry = _sessions.GetOrAdd(sessionId, static _ => new Entry());
            lock (entry.Gate)
            {
                if (entry.Removed)
                {
                    continue; // swept between lookup and lock: take the fresh entry
                }

                result = update(entry.State, argument);
                entry.LastTicks = Math.Max(entry.LastTicks, ticks);
                break;
            }
        }

        if (ticks - Volatile.Read(ref _lastSweep) >= s_sweepInterval)
        {
            Sweep(ticks);
        }

        return new(result);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return new(false);
        }

        lock (entry.Gate)
        {
            entry.Removed = true;
            return new(_sessions.TryRemove(new KeyValuePair<string, Entry>(sessionId, entry)));
        }
    }

    private void Sweep(long now)
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _lastSweep, now);
            foreach (var (id, entry) in _sessions)
            {
                if (Volatile.Read(ref entry.LastTicks) < now - _idleTicks)
                {
                    TryEvict(id, entry, now - _idleTicks);
                }
            }

            var excess = _sessions.Count - _maxSessions;
            if (excess > 0)
            {
                foreach (var (id, entry) in _sessions.OrderBy(static kv => Volatile.Read(ref kv.Value.LastTicks)).Take(excess).ToList())
                {
                    TryEvict(id, entry, long.MaxValue);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void TryEvict(string id, Entry entry, long activeBefore)
    {
        lock (entry.Gate)
        {
            if (entry.LastTicks < activeBefore)
            {
                entry.Removed = true;
                _sessions.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            }
        }
    }

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public readonly BehaviorState State = new();
        public long LastTicks;
        public bool Removed;
    }
}
