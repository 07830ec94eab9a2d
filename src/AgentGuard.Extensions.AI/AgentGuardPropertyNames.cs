namespace AgentGuard;

/// <summary>The keys under which a host passes AgentGuard identity through Microsoft.Extensions.AI property bags.</summary>
/// <remarks>
/// <see cref="GuardedChatClient"/> reads them from <c>ChatOptions.AdditionalProperties</c>; <see cref="GuardedAIFunction"/>
/// reads them from <c>AIFunctionArguments.Context</c>. Values are strings. They override the ambient
/// <see cref="AgentGuardContext.Current"/> field by field. These bags are set by the host, never by the model: the
/// model only controls the function arguments, and an argument that happens to carry one of these names is just an
/// argument, never identity.
/// </remarks>
public static class AgentGuardPropertyNames
{
    /// <summary>The session id (<c>agentguard.session</c>).</summary>
    public const string Session = "agentguard.session";

    /// <summary>The delegating user's id (<c>agentguard.user</c>).</summary>
    public const string User = "agentguard.user";

    /// <summary>The agent instance id (<c>agentguard.agent</c>).</summary>
    public const string Agent = "agentguard.agent";

    /// <summary>The persona the agent runs as (<c>agentguard.persona</c>).</summary>
    public const string Persona = "agentguard.persona";

    /// <summary>The host's id of the tool call being invoked (<c>agentguard.call_id</c>), read from <c>AIFunctionArguments.Context</c>.</summary>
    /// <remarks>A function-invocation loop that knows the model's call id (<c>FunctionCallContent.CallId</c>) sets it so
    /// the guard's decisions correlate with the conversation; without it the guard generates an id.</remarks>
    public const string CallId = "agentguard.call_id";
}
