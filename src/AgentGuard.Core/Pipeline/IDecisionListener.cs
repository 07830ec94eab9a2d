namespace AgentGuard;

/// <summary>Told about every decision the engine makes (audit trails, SIEM export, dashboards).</summary>
/// <remarks>Called on the tool-call path after the decision is final: implementations must be fast and must not
/// block (enqueue and return). An exception is logged and never changes the decision.</remarks>
public interface IDecisionListener
{
    /// <summary>Receives one decision.</summary>
    /// <param name="decisionEvent">The call, the result when inspecting one, and the decision.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    ValueTask OnDecisionAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken);
}
