namespace AgentGuard;

/// <summary>Who the host behind the proxy acts as: fixed by the gateway's configuration, never chosen by the host.</summary>
public sealed record McpGatewayIdentity
{
    /// <summary>Gets the persona every proxied call runs as.</summary>
    public required string Persona { get; init; }

    /// <summary>Gets the delegating user, or <see langword="null"/> when none.</summary>
    public string? User { get; init; }

    /// <summary>Gets the session id, or <see langword="null"/> for a new id per proxy run (<c>mcp-…</c>).</summary>
    public string? Session { get; init; }

    /// <summary>Gets the agent instance id, or <see langword="null"/> for none.</summary>
    public string? Agent { get; init; }
}
