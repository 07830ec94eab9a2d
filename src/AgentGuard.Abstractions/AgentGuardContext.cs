namespace AgentGuard;

/// <summary>The ambient, async-flowing identity of the agent on whose behalf tool calls are made.</summary>
/// <remarks>
/// The host sets it once per request or agent run with <see cref="Push"/>; adapters read <see cref="Current"/> when
/// they turn a framework call into a <see cref="ToolCall"/>. It flows with <see cref="ExecutionContext"/> across
/// awaits and into tasks started inside the scope, and is restored when the scope is disposed.
/// </remarks>
public sealed record AgentGuardContext
{
    private static readonly AsyncLocal<AgentGuardContext?> s_current = new();

    /// <summary>Gets the session id.</summary>
    public required string SessionId { get; init; }

    /// <summary>Gets the delegating user, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the agent instance id, when known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the persona the agent runs as.</summary>
    public string? Persona { get; init; }

    /// <summary>Gets the ancestors' personas when this agent is a sub-agent, root first.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> DelegationChain { get; init; } = [];

    /// <summary>Gets the parent agent's id when this agent is a sub-agent.</summary>
    public string? ParentAgentId { get; init; }

    /// <summary>Gets the host's opaque reference to the delegating user's own token (a session key, a token-cache key), or
    /// <see langword="null"/>.</summary>
    /// <remarks>Never the token itself: the reference is resolved, only when an allowed call reaches a backend that needs
    /// the user's token (pass-through or token exchange), by the <c>IUserTokenProvider</c> the host implements. It is not
    /// copied into <see cref="ToolCall"/>s, decisions or logs.</remarks>
    public string? UserTokenReference { get; init; }

    /// <summary>Gets the context in force on this async flow, or <see langword="null"/>.</summary>
    public static AgentGuardContext? Current => s_current.Value;

    /// <summary>Makes <paramref name="context"/> the current context until the returned scope is disposed.</summary>
    /// <param name="context">The context to establish.</param>
    /// <returns>A scope that restores the previous context when disposed.</returns>
    public static IDisposable Push(AgentGuardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = s_current.Value;
        s_current.Value = context;
        return new Scope(previous);
    }

    /// <summary>Creates the context of a sub-agent that this agent delegates to.</summary>
    /// <param name="persona">The sub-agent's persona.</param>
    /// <param name="agentId">The sub-agent's instance id.</param>
    /// <returns>A context whose delegation chain ends with this agent's persona.</returns>
    /// <remarks>The sub-agent keeps the session and the user: delegation never changes on whose behalf work is done.</remarks>
    public AgentGuardContext CreateSubAgent(string persona, string? agentId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(persona);
        var chain = new List<string>(DelegationChain.Count + 1);
        chain.AddRange(DelegationChain);
        if (Persona is not null)
        {
            chain.Add(Persona);
        }

        return this with { Persona = persona, AgentId = agentId, ParentAgentId = AgentId, DelegationChain = chain };
    }

    /// <summary>Creates a <see cref="ToolCall"/> for this context.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="timestamp">When the call is made.</param>
    /// <param name="callId">The host's call id, if any.</param>
    /// <returns>The call.</returns>
    public ToolCall CreateCall(string toolName, System.Text.Json.JsonElement arguments, DateTimeOffset timestamp, string? callId = null) => new()
    {
        ToolName = toolName,
        Arguments = arguments,
        SessionId = SessionId,
        UserId = UserId,
        AgentId = AgentId,
        Persona = Persona,
        CallId = callId,
        Timestamp = timestamp,
        DelegationChain = DelegationChain,
        ParentAgentId = ParentAgentId,
    };

    private sealed class Scope(AgentGuardContext? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_current.Value = previous;
            }
        }
    }
}
