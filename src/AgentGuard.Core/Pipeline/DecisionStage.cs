namespace AgentGuard;

/// <summary>Which side of a tool call a decision was made on.</summary>
public enum DecisionStage
{
    /// <summary>Before the tool ran (<see cref="IAgentGuard.AuthorizeAsync"/>).</summary>
    Authorize = 0,

    /// <summary>After the tool returned (<see cref="IAgentGuard.InspectResultAsync"/>).</summary>
    InspectResult = 1,
}
