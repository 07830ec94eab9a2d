namespace AgentGuard;

/// <summary>The per-call metadata AgentGuard sends: the inside (or operator) key and the delegating user's token.</summary>
internal readonly record struct CallHeaders(string? Authorization, string? UserToken);
