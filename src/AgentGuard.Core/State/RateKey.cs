namespace AgentGuard;

/// <summary>The partition of a rate limit: one persona, one user, one tool.</summary>
/// <param name="Persona">The persona id.</param>
/// <param name="User">The user id (empty when none).</param>
/// <param name="Tool">The tool name.</param>
public readonly record struct RateKey(string Persona, string User, string Tool);
