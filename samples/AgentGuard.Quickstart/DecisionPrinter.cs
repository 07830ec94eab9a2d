namespace AgentGuard.Quickstart;

/// <summary>Prints every decision the guard makes — an <see cref="IDecisionListener"/>, the same hook audit sinks use.</summary>
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
        var verdict = d.Verdict switch
        {
            GuardVerdict.Allow => "ALLOW   ",
            GuardVerdict.Redact => "REDACT  ",
            GuardVerdict.RequireApproval => "APPROVAL",
            GuardVerdict.Deny => "DENY    ",
            _ => "HALT    ",
        };
        var enforced = d.EnforcedAction != d.Verdict ? $" (enforced: {d.EnforcedAction})" : string.Empty;
        var score = d.Score > 0 ? $" [score {d.Score:0}]" : string.Empty;
        var reasons = d.Reasons.Count > 0 ? " — " + string.Join("; ", d.Reasons) : string.Empty;
        Console.WriteLine($"    guard {side} {verdict} {decisionEvent.Call.ToolName}{enforced}{score}{reasons}");
        return default;
    }
}
