namespace AgentGuard.Samples.SemanticKernel;

/// <summary>Prints every decision the guard makes (an <see cref="IDecisionListener"/>, the hook audit sinks use).</summary>
internal sealed class DecisionPrinter : IDecisionListener
{
    public ValueTask OnDecisionAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken)
    {
        var d = decisionEvent.Decision;
        if (decisionEvent.Stage == DecisionStage.InspectResult && d.Verdict == GuardVerdict.Allow && d.Reasons.Count == 0)
        {
            return default; // a clean result: nothing to say
        }

        var side = decisionEvent.Stage == DecisionStage.Authorize ? "call  " : "result";
        var enforced = d.EnforcedAction != d.Verdict ? $" (enforced {d.EnforcedAction})" : string.Empty;
        var reasons = d.Reasons.Count > 0 ? " — " + string.Join("; ", d.Reasons) : string.Empty;
        Console.WriteLine($"    guard {side}     {d.Verdict.ToString().ToUpperInvariant()} {decisionEvent.Call.ToolName} [{decisionEvent.Call.CallId}]{enforced}{reasons}");
        return default;
    }
}
