using System.Collections.Concurrent;

namespace AgentGuard;

/// <summary>This replica's copy of what it last learned about halts (present or absent), invalidated by the halt channel.</summary>
/// <remarks>A lookup races a halt published meanwhile: <see cref="Generation"/> is read before asking Redis and the answer
/// is cached only if no invalidation arrived in between, so a stale "not halted" is never stored over a newer halt.</remarks>
internal sealed class HaltCache(TimeProvider time, TimeSpan duration, int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private readonly long _durationTicks = (long)(duration.TotalSeconds * time.TimestampFrequency);
    private long _generation;
    private volatile bool _trusted;

    public bool Enabled => _durationTicks > 0 && capacity > 0 && _trusted;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Sets whether invalidations are arriving (subscribed and connected). Trusting again starts from empty;
    /// losing trust forgets every "not halted" but keeps the halts, which are then served until trust returns (a halt
    /// this replica knew of still holds through an outage; a missed resume errs on the side of refusing).</summary>
    public void SetTrusted(bool trusted)
    {
        _trusted = trusted;
        Interlocked.Increment(ref _generation);
        if (trusted)
        {
            Clear();
            return;
        }

        foreach (var map in (ReadOnlySpan<ConcurrentDictionary<string, Entry>>)[_sessions, _agents])
        {
            foreach (var (id, entry) in map)
            {
                if (entry.Record is null)
                {
                    map.TryRemove(new KeyValuePair<string, Entry>(id, entry));
                }
            }
        }
    }

    public bool TryGet(HaltTarget target, string id, out HaltRecord? record)
    {
        if (Map(target).TryGetValue(id, out var entry) && (entry.Record is not null ? !_trusted || time.GetTimestamp() < entry.Expires : Enabled && time.GetTimestamp() < entry.Expires))
        {
            record = entry.Record;
            return true;
        }

        record = null;
        return false;
    }

    public void Set(HaltTarget target, string id, HaltRecord? record, long generation)
    {
        if (!Enabled)
        {
            return;
        }

        var map = Map(target);
        if (map.Count >= capacity)
        {
            map.Clear(); // a bound, not a policy: a cleared cache only costs round trips
        }

        map[id] = new Entry(record, time.GetTimestamp() + _durationTicks);
        if (Generation != generation)
        {
            map.TryRemove(id, out _); // an invalidation raced the lookup: the answer may be stale
        }
    }

    public void Invalidate(HaltTarget target, string id)
    {
        Interlocked.Increment(ref _generation);
        Map(target).TryRemove(id, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _sessions.Clear();
        _agents.Clear();
    }

    private ConcurrentDictionary<string, Entry> Map(HaltTarget target) => target == HaltTarget.Agent ? _agents : _sessions;

    private sealed record Entry(HaltRecord? Record, long Expires);
}
