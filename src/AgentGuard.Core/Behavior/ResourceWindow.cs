using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>The distinct resources a session touched in a sliding window: fingerprint → last touch.</summary>
/// <remarks>Lookups are O(1); the O(n) prune of expired entries runs at most every few minutes (and when the count nears
/// a limit or the map is full), so the map holds little more than the window's resources and n is bounded.</remarks>
internal sealed class ResourceWindow
{
    /// <summary>Gets or sets the last touch (ticks) of each resource fingerprint.</summary>
    [JsonInclude]
    public Dictionary<ulong, long> LastSeen { get; set; } = [];

    /// <summary>Gets or sets when expired entries were last pruned (ticks).</summary>
    [JsonInclude]
    public long PrunedTicks { get; set; }

    /// <summary>Decides whether touching <paramref name="resource"/> now is a first touch within the window.</summary>
    public bool IsNew(ulong resource, long now, long window) =>
        !LastSeen.TryGetValue(resource, out var seen) || seen <= now - window;

    /// <summary>Counts the distinct resources touched within the window (pruning expired ones).</summary>
    public int CountLive(long now, long window)
    {
        Prune(now, window);
        return LastSeen.Count;
    }

    /// <summary>Records a touch; when the map is full, expired entries go first, then the least recently touched.</summary>
    public void Touch(ulong resource, long now, long window, int capacity)
    {
        if (now - PrunedTicks >= window / 12)
        {
            Prune(now, window);
        }

        if (!LastSeen.ContainsKey(resource) && LastSeen.Count >= capacity)
        {
            Prune(now, window);
            if (LastSeen.Count >= capacity)
            {
                var oldest = LastSeen.MinBy(static kv => kv.Value).Key;
                LastSeen.Remove(oldest);
            }
        }

        LastSeen[resource] = now;
    }

    private void Prune(long now, long window)
    {
        PrunedTicks = now;
        // Removing while enumerating is supported by Dictionary (it never invalidates the enumerator on Remove).
        foreach (var (key, seen) in LastSeen)
        {
            if (seen <= now - window)
            {
                LastSeen.Remove(key);
            }
        }
    }
}
