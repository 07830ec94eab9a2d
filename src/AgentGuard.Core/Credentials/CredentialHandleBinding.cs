namespace AgentGuard;

/// <summary>What a credential handle is bound to: outside this binding it is refused.</summary>
/// <param name="Backend">The backend whose credential the handle stands for.</param>
/// <param name="SessionId">The session.</param>
/// <param name="AgentId">The agent instance (<see langword="null"/> binds to calls that name no agent).</param>
/// <param name="UserId">The delegating user (<see langword="null"/> binds to calls that name no user).</param>
/// <param name="Tools">The tools (names or globs) that may use it; the backend's own tool list applies as well.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record CredentialHandleBinding(
    string Backend,
    string SessionId,
    string? AgentId,
    string? UserId,
    IReadOnlyList<string> Tools,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
