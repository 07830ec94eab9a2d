namespace AgentGuard;

/// <summary>An OAuth access token with when it must be replaced; <see cref="ToString"/> never shows it.</summary>
internal sealed class AccessToken(string value, DateTimeOffset refreshAt, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public DateTimeOffset RefreshAt { get; } = refreshAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"AccessToken(hidden, expires {ExpiresAt:O})";
}
