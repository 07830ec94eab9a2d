using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>One session's behavior state: its score, the targets it was denied, fingerprints of sensitive values it
/// received, and the counters of its data envelope and velocity.</summary>
/// <remarks>
/// Bounded: every collection has a cap (<see cref="BehaviorOptions"/>) and evicts oldest-first, so a session of any
/// length holds a few kilobytes to a few tens of kilobytes. Not thread-safe on its own: an
/// <see cref="IBehaviorStateStore"/> hands it to one update at a time. Serializable with <see cref="Serialize"/> and
/// <see cref="Deserialize"/> so a shared store (Redis) can keep it as one value updated by atomic read-modify-write.
/// Holds no raw sensitive value: only keyed fingerprints, and normalized target names (paths, identifiers) of denied calls.
/// </remarks>
public sealed class BehaviorState
{
    internal const int CallBuckets = 60;
    internal const int RecordBuckets = 60;
    internal const int ScrapeBuckets = 5;

    /// <summary>Gets the total number of calls scored in the session.</summary>
    [JsonInclude]
    public long CallCount { get; internal set; }

    /// <summary>Gets when the session was last active.</summary>
    [JsonIgnore]
    public DateTimeOffset LastActivity => new(LastTicks, TimeSpan.Zero);

    /// <summary>Gets or sets the decaying part of the score, as of <see cref="ScoreTicks"/>.</summary>
    [JsonInclude]
    internal double Score { get; set; }

    [JsonInclude]
    internal long ScoreTicks { get; set; }

    /// <summary>Gets or sets the sticky taint evidence, forgotten <see cref="BehaviorOptions.TaintMemory"/> after <see cref="TaintTicks"/>.</summary>
    [JsonInclude]
    internal double TaintEvidence { get; set; }

    [JsonInclude]
    internal long TaintTicks { get; set; }

    [JsonInclude]
    internal long LastTicks { get; set; }

    /// <summary>Gets or sets a value indicating whether this engine halted the session (so a later call without the halt
    /// means a human resumed it).</summary>
    [JsonInclude]
    internal bool Halted { get; set; }

    /// <summary>Gets or sets the last tool the session was allowed to call (for workflow transitions).</summary>
    [JsonInclude]
    internal string? LastTool { get; set; }

    [JsonInclude]
    internal TimeBuckets Calls { get; set; } = new(CallBuckets, TimeSpan.FromSeconds(1));

    [JsonInclude]
    internal TimeBuckets Records { get; set; } = new(RecordBuckets, TimeSpan.FromMinutes(1));

    [JsonInclude]
    internal TimeBuckets NewResources { get; set; } = new(ScrapeBuckets, TimeSpan.FromMinutes(1));

    [JsonInclude]
    internal ResourceWindow Resources { get; set; } = new();

    [JsonInclude]
    internal List<BarrierRecord> Barriers { get; set; } = [];

    [JsonInclude]
    internal int NextBarrierId { get; set; }

    /// <summary>Gets or sets fingerprints of identifying tokens of sensitive results.</summary>
    [JsonInclude]
    internal FingerprintSet Taint { get; set; } = new();

    /// <summary>Gets or sets fingerprints of long words of sensitive results.</summary>
    [JsonInclude]
    internal FingerprintSet WeakTaint { get; set; } = new();

    /// <summary>Gets or sets fingerprints of identifiers any result listed (so reading them is not guessing).</summary>
    [JsonInclude]
    internal FingerprintSet Seen { get; set; } = new();

    [JsonInclude]
    internal string? EnumerationTool { get; set; }

    [JsonInclude]
    internal string? EnumerationPrefix { get; set; }

    [JsonInclude]
    internal long EnumerationLast { get; set; }

    [JsonInclude]
    internal int EnumerationRun { get; set; }

    /// <summary>Gets or sets the barrier evidence the last call added for a fuzzy match, refunded if its result shows it
    /// was other, legitimate work.</summary>
    [JsonInclude]
    internal PendingRefund? Pending { get; set; }

    /// <summary>Serializes the state (for a shared store).</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, BehaviorJsonContext.Default.BehaviorState);

    /// <summary>Restores a state written by <see cref="Serialize"/>.</summary>
    /// <param name="utf8Json">The serialized state.</param>
    /// <returns>The state.</returns>
    /// <exception cref="JsonException">The data is not a serialized state.</exception>
    public static BehaviorState Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, BehaviorJsonContext.Default.BehaviorState) ?? throw new JsonException("no behavior state");

    /// <summary>Estimates the bytes the state holds in memory (collections at their current size).</summary>
    /// <returns>An estimate in bytes.</returns>
    public long EstimateSize()
    {
        const int Object = 24;
        long size = Object + 160;
        size += 3 * (Object + 32) + ((CallBuckets + RecordBuckets + ScrapeBuckets) * 16);
        size += Object + DictionarySize(Resources.LastSeen.Count, 16);
        foreach (var set in (ReadOnlySpan<FingerprintSet>)[Taint, WeakTaint, Seen])
        {
            size += Object + DictionarySize(set.Current.Count, 12) + DictionarySize(set.Previous.Count, 12);
        }

        foreach (var barrier in Barriers)
        {
            size += Object + 64 + StringSize(barrier.Tool) + StringSize(barrier.Rule) + StringSize(barrier.PrimaryArgument);
            foreach (var value in barrier.Values)
            {
                size += 8 + StringSize(value);
            }
        }

        return size + StringSize(LastTool) + StringSize(EnumerationTool) + StringSize(EnumerationPrefix) + (Pending is null ? 0 : Object + 48);
    }

    // Dictionary<K,V>: an int bucket plus an entry (hash, next, key, value) per slot, at the prime capacity ≥ count.
    private static long DictionarySize(int count, int keyValueBytes) => 80 + ((long)count * (4 + 8 + keyValueBytes));

    private static long StringSize(string? value) => value is null ? 0 : 22 + (2L * value.Length);
}
