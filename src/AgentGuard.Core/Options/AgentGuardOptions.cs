using System.ComponentModel.DataAnnotations;

namespace AgentGuard;

/// <summary>Options for the AgentGuard engine.</summary>
public sealed class AgentGuardOptions
{
    /// <summary>Gets or sets whether verdicts are enforced or only recorded.</summary>
    /// <value>The default value is <see cref="EnforcementMode.Enforce"/>.</value>
    public EnforcementMode Mode { get; set; } = AgentGuardDefaults.Mode;

    /// <summary>Gets or sets the persona used for calls that name none.</summary>
    /// <value>The default value is <see langword="null"/>: a call without a persona is denied.</value>
    public string? DefaultPersona { get; set; }

    /// <summary>Gets or sets how long to wait for a human approval before treating it as rejected.</summary>
    /// <value>The default value is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = AgentGuardDefaults.ApprovalTimeout;

    /// <summary>Gets or sets a value indicating whether a halt also halts the agent instance in every session.</summary>
    /// <value>The default value is <see langword="false"/> (halts apply to the session).</value>
    public bool HaltAgentOnHalt { get; set; }

    /// <summary>Gets or sets the prefix of the text a model reads when a call is refused.</summary>
    /// <value>The default value is <c>"denied by AgentGuard"</c>.</value>
    [Required]
    public string DenialPrefix { get; set; } = AgentGuardDefaults.DenialPrefix;

    /// <summary>Gets the telemetry options (sensitive-data capture on spans).</summary>
    public AgentGuardTelemetryOptions Telemetry { get; } = new();
}
