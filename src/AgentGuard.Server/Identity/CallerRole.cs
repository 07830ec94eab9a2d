namespace AgentGuard;

/// <summary>What an authenticated caller of the enforcement service may do.</summary>
public enum CallerRole
{
    /// <summary>An agent instance: authorize its own calls, inspect their results, use the broker, halt itself.</summary>
    Agent = 0,

    /// <summary>An operator: halt and resume anything, watch events, approve or reject waiting calls.</summary>
    Operator = 1,
}
