using System.Collections.Concurrent;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>Keeps every decision the engine makes.</summary>
internal sealed class RecordingDecisionListener : IDecisionListener
{
    private readonly ConcurrentQueue<DecisionEvent> _events = new();

    public IReadOnlyList<DecisionEvent> Events => [.. _events];

    public ValueTask OnDecisionAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(decisionEvent);
        return default;
    }

    /// <summary>Everything a decision carries, as text: call, result, verdicts, rules, reasons, findings, replacements.</summary>
    public string AllText => string.Join("\n", _events.Select(static e => string.Join(" | ",
        e.ToString(),
        e.Call.Arguments.GetRawText(),
        e.Result?.GetContentText(),
        e.Decision.ToString(),
        string.Join(";", e.Decision.RuleIds),
        string.Join(";", e.Decision.Findings),
        e.Decision.RedactedArguments?.GetRawText(),
        e.Decision.RedactedResult?.GetContentText())));
}
