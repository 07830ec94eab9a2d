using System.Text.Json;

namespace AgentGuard;

/// <summary>One attempt by an agent to invoke a tool: who asks, as which persona, for which tool, with which arguments.</summary>
/// <remarks>
/// Every host adapter (Microsoft.Extensions.AI, Semantic Kernel, MCP, the remote client) turns its framework's
/// invocation into this one shape, so no check is written twice. Instances are immutable and safe to share.
/// </remarks>
public sealed record ToolCall
{
    private static readonly JsonElement s_emptyArguments = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Gets the tool's name as personas and catalogs name it (for example <c>crm.get_customer</c>).</summary>
    public required string ToolName { get; init; }

    /// <summary>Gets the arguments as a JSON object.</summary>
    /// <value>The default value is an empty JSON object.</value>
    public JsonElement Arguments { get; init; } = s_emptyArguments;

    /// <summary>Gets the session the call belongs to; calls of one session share behavior state.</summary>
    public required string SessionId { get; init; }

    /// <summary>Gets the delegating user on whose behalf the agent acts, or <see langword="null"/> when none is known.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the calling agent's instance identifier, or <see langword="null"/> when none is known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the id of the persona the agent runs as.</summary>
    public string? Persona { get; init; }

    /// <summary>Gets the host's identifier for this call (for example a model's tool-call id), or <see langword="null"/>.</summary>
    public string? CallId { get; init; }

    /// <summary>Gets when the call was made.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the personas of the delegating ancestors, from the root agent to the immediate parent.</summary>
    /// <remarks>A sub-agent's effective scope is its own persona ∩ every ancestor's scope ∩ the user's entitlements.</remarks>
    /// <value>The default value is an empty list (the agent was not delegated to).</value>
    public IReadOnlyList<string> DelegationChain { get; init; } = [];

    /// <summary>Gets the immediate parent agent's instance identifier when the call comes from a sub-agent.</summary>
    public string? ParentAgentId { get; init; }

    /// <summary>Gets an empty JSON object suitable for <see cref="Arguments"/>.</summary>
    public static JsonElement EmptyArguments => s_emptyArguments;
}
