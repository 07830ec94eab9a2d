using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>A bounded set of fingerprints with the minute each was last added: two generations, the older dropped
/// whole when the newer fills, so memory is fixed and eviction is oldest-first without per-entry bookkeeping.</summary>
internal sealed class FingerprintSet
{
    /// <summary>Gets or sets the newer generation (fingerprint → minute added).</summary>
    [JsonInclude]
    public Dictionary<ulong, int> Current { get; set; } = [];

    /// <summary>Gets or sets the older generation.</summary>
    [JsonInclude]
    public Dictionary<ulong, int> Previous { get; set; } = [];

    public int Count => Current.Count + Previous.Count;

    public void Add(ulong fingerprint, int minute, int capacity)
    {
        var half = Math.Max(1, capacity / 2);
        if (Current.Count >= half && !Current.ContainsKey(fingerprint))
        {
            (Previous, Current) = (Current, Previous);
            Current.Clear();
        }

        Current[fingerprint] = minute;
    }

    /// <summary>Finds a fingerprint added at or after <paramref name="oldestMinute"/>.</summary>
    public bool TryGet(ulong fingerprint, int oldestMinute, out int minute) =>
        (Current.TryGetValue(fingerprint, out minute) && minute >= oldestMinute)
        || (Previous.TryGetValue(fingerprint, out minute) && minute >= oldestMinute);

    public void Clear()
    {
        Current.Clear();
        Previous.Clear();
    }
}
