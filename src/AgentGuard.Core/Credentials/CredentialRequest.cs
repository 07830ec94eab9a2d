namespace AgentGuard;

/// <summary>What the vault and the broker need to know about one credentialed request: the backend and the authorized call.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="Call">The authorized call the request belongs to (from <see cref="AgentGuardCallScope.Current"/>).</param>
/// <param name="UserTokenReference">The host's opaque reference to the delegating user's token, if any.</param>
public sealed record CredentialRequest(string Backend, ToolCall Call, string? UserTokenReference);
