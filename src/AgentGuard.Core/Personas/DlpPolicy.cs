namespace AgentGuard;

/// <summary>What a persona does with sensitive-data findings, per direction.</summary>
public sealed record DlpPolicy
{
    /// <summary>Gets the action for findings in the arguments of egress tools.</summary>
    /// <value>The default value is <see cref="DlpAction.Block"/>.</value>
    public DlpAction EgressArgs { get; init; } = DlpAction.Block;

    /// <summary>Gets the action for findings in the arguments of other tools.</summary>
    /// <value>The default value is <see cref="DlpAction.Redact"/>.</value>
    public DlpAction Args { get; init; } = DlpAction.Redact;

    /// <summary>Gets the action for findings in results, before the model sees them.</summary>
    /// <value>The default value is <see cref="DlpAction.Redact"/>.</value>
    public DlpAction Results { get; init; } = DlpAction.Redact;
}
