namespace AgentGuard;

/// <summary>The replayed outcome of one trace call.</summary>
/// <param name="Entry">The trace line.</param>
/// <param name="Outcome">What the guard did.</param>
/// <param name="Score">The session's behavior score after the call (and its result).</param>
/// <param name="RuleIds">The rules that fired, call side then result side.</param>
/// <param name="Reasons">The reasons, call side then result side.</param>
/// <param name="Findings">The sensitive-data findings.</param>
public sealed record TraceReplayRow(
    TraceEntry Entry,
    TraceOutcome Outcome,
    double Score,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<GuardFinding> Findings)
{
    /// <summary>Gets whether the outcome meets the line's <c>expect</c>, or <see langword="null"/> when none is stated.</summary>
    public bool? ExpectationMet => Entry.Expect is { } expected ? expected == Outcome : null;
}
