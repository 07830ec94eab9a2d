namespace AgentGuard;

/// <summary>The behavior score thresholds of a persona.</summary>
public sealed record BehaviorThresholds
{
    /// <summary>Gets the score at which an alert is raised.</summary>
    /// <value>The default value is 40.</value>
    public double AlertAt { get; init; } = 40;

    /// <summary>Gets the score at which every further call needs human approval.</summary>
    /// <value>The default value is 70.</value>
    public double ApprovalAt { get; init; } = 70;

    /// <summary>Gets the score at which the session is halted.</summary>
    /// <value>The default value is 100.</value>
    public double HaltAt { get; init; } = 100;
}
