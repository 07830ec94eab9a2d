using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Options for behavioral identity: signal weights, score decay, memory and the bounds on per-session state.</summary>
/// <remarks>Score thresholds (<c>alert_at</c>, <c>approval_at</c>, <c>halt_at</c>) are not here: they come from each persona.</remarks>
public sealed class BehaviorOptions
{
    /// <summary>Gets or sets the half-life of the decaying part of a session's score.</summary>
    /// <value>The default value is 30 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan HalfLife { get; set; } = BehaviorDefaults.HalfLife;

    /// <summary>Gets or sets how long a denied target (and the sticky evidence of attempts on it) is remembered after the last attempt.</summary>
    /// <value>The default value is 7 days.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan BarrierMemory { get; set; } = BehaviorDefaults.BarrierMemory;

    /// <summary>Gets or sets how long fingerprints of sensitive values (and taint evidence) are remembered.</summary>
    /// <value>The default value is 7 days.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan TaintMemory { get; set; } = BehaviorDefaults.TaintMemory;

    /// <summary>Gets or sets how long an idle session's behavior state is kept by the in-memory store.</summary>
    /// <value>The default value is 7 days.</value>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = BehaviorDefaults.SessionIdleTimeout;

    /// <summary>Gets or sets the most sessions the in-memory store keeps; past it, the least recently active are dropped.</summary>
    /// <value>The default value is 100,000.</value>
    [Range(1, int.MaxValue)]
    public int MaxSessions { get; set; } = BehaviorDefaults.MaxSessions;

    /// <summary>Gets or sets the most denied targets remembered per session (the least recently attempted is evicted).</summary>
    /// <value>The default value is 32.</value>
    [Range(1, 4096)]
    public int MaxBarrierTargets { get; set; } = BehaviorDefaults.MaxBarrierTargets;

    /// <summary>Gets or sets the most fingerprints of sensitive values remembered per session (the oldest half is evicted
    /// first); the identifiers results listed (for the enumeration signal) are bounded by half that number.</summary>
    /// <value>The default value is 1,024.</value>
    [Range(16, 1_000_000)]
    public int MaxTaintFingerprints { get; set; } = BehaviorDefaults.MaxTaintFingerprints;

    /// <summary>Gets or sets the most fingerprints of single words from sensitive results remembered per session.</summary>
    /// <value>The default value is 256.</value>
    [Range(16, 1_000_000)]
    public int MaxWeakFingerprints { get; set; } = BehaviorDefaults.MaxWeakFingerprints;

    /// <summary>Gets or sets the most distinct resources tracked per session for the hourly envelope (raised to the
    /// persona's <c>max_distinct_resources_per_hour</c> + 1 when that is larger, up to 65,536).</summary>
    /// <value>The default value is 512.</value>
    [Range(16, 65_536)]
    public int MaxTrackedResources { get; set; } = BehaviorDefaults.MaxTrackedResources;

    /// <summary>Gets or sets the calls per minute in one session above which every further call scores as a burst.</summary>
    /// <value>The default value is 120.</value>
    [Range(1, 1_000_000)]
    public int BurstCallsPerMinute { get; set; } = BehaviorDefaults.BurstCallsPerMinute;

    /// <summary>Gets or sets the limit-like argument value (<c>limit</c>, <c>top</c>, <c>page_size</c>...) that counts as
    /// unbounded when the persona declares no <c>max_records_per_call</c> (with one, values above it count).</summary>
    /// <value>The default value is 1,000.</value>
    [Range(1, long.MaxValue)]
    public long HugeLimit { get; set; } = BehaviorDefaults.HugeLimit;

    /// <summary>Gets or sets how many consecutive guessed sequential identifiers start the enumeration signal.</summary>
    /// <value>The default value is 5.</value>
    [Range(2, 1000)]
    public int EnumerationMinRun { get; set; } = BehaviorDefaults.EnumerationMinRun;

    /// <summary>Gets or sets how many new distinct resources in five minutes count as scraping when the persona declares
    /// no <c>max_distinct_resources_per_hour</c> (with one, a quarter of it is used: three times the hourly pace).</summary>
    /// <value>The default value is 300 (one new resource a second, sustained).</value>
    [Range(1, 1_000_000)]
    public int ScrapeResourcesPerFiveMinutes { get; set; } = BehaviorDefaults.ScrapeResourcesPerFiveMinutes;

    /// <summary>Gets or sets the key of the fingerprints of sensitive values, base64 (at least 16 bytes).</summary>
    /// <remarks>Sensitive values are never stored, only keyed 64-bit SipHash fingerprints of their normalized tokens. Set
    /// the same key on every replica that shares behavior state; when unset, a random key is drawn per process.</remarks>
    /// <value>The default value is <see langword="null"/> (a random key per process).</value>
    public string? FingerprintKey { get; set; }

    /// <summary>Gets the signal weights.</summary>
    [ValidateObjectMembers]
    public BehaviorWeights Weights { get; init; } = new();
}
