namespace AgentGuard;

/// <summary>Per-user, per-tool call rate limits from a persona's tool grant.</summary>
public sealed record RateLimit
{
    /// <summary>Gets the most calls allowed in any sliding minute, or <see langword="null"/> for no limit.</summary>
    public int? PerMinute { get; init; }

    /// <summary>Gets the most calls allowed in any sliding hour, or <see langword="null"/> for no limit.</summary>
    public int? PerHour { get; init; }
}
