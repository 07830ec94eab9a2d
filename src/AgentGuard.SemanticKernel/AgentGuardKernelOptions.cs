using Microsoft.SemanticKernel;

namespace AgentGuard;

/// <summary>Options for AgentGuard's Semantic Kernel filters (<see cref="AgentGuardFunctionFilter"/> and
/// <see cref="AgentGuardAutoFunctionFilter"/>).</summary>
/// <remarks>A filter reads these once, when it is created; later changes do not affect it.</remarks>
public sealed class AgentGuardKernelOptions
{
    /// <summary>Gets or sets a function that names the tool for a kernel function, as personas and catalogs name it.</summary>
    /// <remarks>It must not return an empty name. It is called on every invocation, so keep it cheap.</remarks>
    /// <value>The default value is <see langword="null"/>: <c>plugin.function</c> (for example <c>crm.get_customer</c>),
    /// or the function's name alone when it belongs to no plugin.</value>
    public Func<KernelFunction, string>? ToolNameSelector { get; set; }

    /// <summary>Gets or sets the prefix of the text a model reads when a call is refused.</summary>
    /// <value>The default value is <see langword="null"/>: the engine's <c>AgentGuardOptions.DenialPrefix</c> when the
    /// filters are resolved from a service provider, otherwise <c>"denied by AgentGuard"</c>.</value>
    public string? DenialPrefix { get; set; }

    /// <summary>Gets or sets the text the model reads when the backend refused the call (401/403,
    /// <see cref="UnauthorizedAccessException"/>).</summary>
    /// <value>The default value is <c>"tool failed: access denied"</c>.</value>
    public string BackendDeniedMessage { get; set; } = KernelGuardDefaults.BackendDeniedMessage;

    /// <summary>Gets or sets a value indicating whether a call that needs a human's approval, and did not get it, ends
    /// automatic function calling (<see cref="Microsoft.Extensions.AI.FunctionInvocationContext.Terminate"/>) so that the host can ask.</summary>
    /// <remarks>With <see langword="false"/> the model reads the refusal and the loop goes on, as for a denial. A halt
    /// always ends the loop.</remarks>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool TerminateOnApprovalRequired { get; set; } = true;

    internal AgentGuardKernelOptions Clone() => (AgentGuardKernelOptions)MemberwiseClone();
}
