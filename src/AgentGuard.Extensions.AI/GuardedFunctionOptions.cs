using Microsoft.Extensions.AI;

namespace AgentGuard;

/// <summary>Options for <see cref="GuardedAIFunction"/> and <see cref="GuardedChatClient"/>.</summary>
/// <remarks>A guarded function reads these once, when it is created; later changes do not affect it.</remarks>
public sealed class GuardedFunctionOptions
{
    /// <summary>Gets or sets a prefix put in front of each function's name to form the tool name personas use.</summary>
    /// <remarks>For example <c>crm.</c> turns an MCP server's <c>get_customer</c> into <c>crm.get_customer</c>.
    /// Ignored when <see cref="ToolNameSelector"/> is set.</remarks>
    /// <value>The default value is <see langword="null"/>: the function's own name is the tool name.</value>
    public string? ToolNamePrefix { get; set; }

    /// <summary>Gets or sets a function that names the tool for a given function, as personas and catalogs name it.</summary>
    /// <remarks>Called once per wrapped function. It must not return an empty name.</remarks>
    /// <value>The default value is <see langword="null"/>: <see cref="ToolNamePrefix"/> plus the function's name.</value>
    public Func<AIFunction, string>? ToolNameSelector { get; set; }

    /// <summary>Gets or sets a value indicating whether a refused call or withheld result throws
    /// <see cref="AgentGuardViolationException"/> instead of returning a text the model can read.</summary>
    /// <remarks>Most agent loops should keep the default: the model reads why it was refused and carries on, where an
    /// exception would end the loop or reach the model as an opaque error.</remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ThrowOnDeny { get; set; }

    /// <summary>Gets or sets the prefix of the text a model reads when a call is refused.</summary>
    /// <value>The default value is <see langword="null"/>: the engine's <c>AgentGuardOptions.DenialPrefix</c> when the
    /// guard is resolved from a service provider, otherwise <c>"denied by AgentGuard"</c>.</value>
    public string? DenialPrefix { get; set; }

    /// <summary>Gets or sets the text the model reads when the backend refused the call (401/403,
    /// <see cref="UnauthorizedAccessException"/>).</summary>
    /// <value>The default value is <c>"tool failed: access denied"</c>.</value>
    public string BackendDeniedMessage { get; set; } = GuardedFunctionDefaults.BackendDeniedMessage;

    /// <summary>Gets or sets a function that describes what the inner function returned, for backends that report a
    /// refusal or a failure as a value rather than an exception (an MCP tool result with <c>isError</c>).</summary>
    /// <remarks>Called with the returned value and the result the guard built from it. Only its
    /// <see cref="ToolResult.Status"/>, <see cref="ToolResult.RecordCount"/> and <see cref="ToolResult.Resource"/> are
    /// used, never its content: the guard always inspects exactly what the model will see.</remarks>
    /// <value>The default value is <see langword="null"/>: a returned value is a result with status
    /// <see cref="ToolResultStatus.Ok"/>.</value>
    public Func<object?, ToolResult, ToolResult>? ResultClassifier { get; set; }

    internal GuardedFunctionOptions Clone() => (GuardedFunctionOptions)MemberwiseClone();
}
