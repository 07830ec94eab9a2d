namespace AgentGuard;

/// <summary>One decision of the engine, as listeners see it.</summary>
/// <param name="Stage">Whether the decision authorized a call or inspected a result.</param>
/// <param name="Call">The call.</param>
/// <param name="Result">The result as the tool returned it (result inspections only).</param>
/// <param name="Decision">The decision.</param>
/// <param name="Timestamp">When the decision was made.</param>
/// <param name="Persona">The persona id the call was evaluated as (after defaults), when known.</param>
public sealed record DecisionEvent(DecisionStage Stage, ToolCall Call, ToolResult? Result, GuardDecision Decision, DateTimeOffset Timestamp, string? Persona);
