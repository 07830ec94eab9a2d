using System.ComponentModel.DataAnnotations;

namespace AgentGuard;

/// <summary>Options of data lineage: where argument values of sensitive calls came from.</summary>
public sealed class LineageOptions
{
    /// <summary>Gets or sets the base64 key (16 bytes or more) of the keyed fingerprints lineage stores instead of values.</summary>
    /// <value>The default value is <see langword="null"/> (a random key per process).</value>
    public string? FingerprintKey { get; set; }

    /// <summary>Gets or sets a value indicating whether a session is classified only once a user message of it was observed.</summary>
    /// <remarks>Without the conversation the guard cannot tell what the user asked for: every value would be "only in a
    /// tool result" or "unknown". Hosts that never see the conversation (an MCP proxy) would then send every outward
    /// call to a human; set this to <see langword="false"/> to accept that.</remarks>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireConversation { get; set; } = LineageDefaults.RequireConversation;

    /// <summary>Gets or sets how many tool results a session remembers (oldest dropped first).</summary>
    /// <value>The default value is 64.</value>
    [Range(1, 100_000)]
    public int MaxResultsPerSession { get; set; } = LineageDefaults.MaxResultsPerSession;

    /// <summary>Gets or sets how many fingerprints one source (a message, a result) may add.</summary>
    /// <value>The default value is 20000.</value>
    [Range(16, 10_000_000)]
    public int MaxFingerprintsPerSource { get; set; } = LineageDefaults.MaxFingerprintsPerSource;

    /// <summary>Gets or sets how long an idle session's lineage is kept.</summary>
    /// <value>The default value is one day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = LineageDefaults.SessionIdleTimeout;
}
