namespace AgentGuard;

/// <summary>How much harm a tool can do; with the persona's maturity it decides human approval.</summary>
public enum ToolRisk
{
    /// <summary>Low risk (the default).</summary>
    Low = 0,

    /// <summary>Medium risk.</summary>
    Medium = 1,

    /// <summary>High risk.</summary>
    High = 2,
}
