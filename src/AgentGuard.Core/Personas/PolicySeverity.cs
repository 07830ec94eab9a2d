namespace AgentGuard;

/// <summary>How serious a <see cref="PolicyError"/> is.</summary>
public enum PolicySeverity
{
    /// <summary>The policy cannot be used.</summary>
    Error = 0,

    /// <summary>The policy can be used, but probably does not say what its author meant.</summary>
    Warning = 1,
}
