using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>The distinct resources a session touched in a sliding window: fingerprint → last touch.</summary>
/// <remarks>Lookups are O(1); the O(n) prune runs only when the count nears a limit or the map is full, and n is bounded.</remarks>
internal sealed class ResourceWindow
{
    /// <summary>Gets or sets the last touch (ticks) of each resource fingerprint.</summary>
    [JsonInclude]
    public Dictionary<ulong, long> LastSeen { get; set; } = [];

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
