namespace AgentGuard;

/// <summary>A persona's operational data envelope; <see langword="null"/> means unbounded.</summary>
public sealed record DataEnvelope
{
    /// <summary>Gets the most records one call may return.</summary>
    public long? MaxRecordsPerCall { get; init; }

    /// <summary>Gets the most records a session may receive in any sliding hour.</summary>
    public long? MaxRecordsPerHour { get; init; }

    /// <summary>Gets the most distinct resources a session may touch in any sliding hour.</summary>
    public long? MaxDistinctResourcesPerHour { get; init; }

    /// <summary>Gets the largest result one call may return, in bytes (UTF-8).</summary>
    public long? MaxResultBytesPerCall { get; init; }
}
