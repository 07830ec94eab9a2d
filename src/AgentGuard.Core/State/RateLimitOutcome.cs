namespace AgentGuard;

/// <summary>The outcome of asking for a rate-limit permit.</summary>
/// <param name="Allowed">Whether the call may proceed.</param>
/// <param name="Window">The window that refused it (<c>per_minute</c> or <c>per_hour</c>), when refused.</param>
/// <param name="Limit">That window's limit.</param>
public readonly record struct RateLimitOutcome(bool Allowed, string? Window = null, int Limit = 0)
{
    /// <summary>Gets the outcome that allows a call.</summary>
    public static RateLimitOutcome Permit => new(true);
}
