namespace AgentGuard;

/// <summary>A request for the delegating user's token.</summary>
/// <param name="Backend">The backend the token is for.</param>
/// <param name="Call">The authorized call (session, user, agent).</param>
/// <param name="Reference">The host's opaque reference from <see cref="AgentGuardContext.UserTokenReference"/>, if any.</param>
public sealed record UserTokenRequest(string Backend, ToolCall Call, string? Reference);
