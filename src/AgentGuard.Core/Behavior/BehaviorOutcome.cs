namespace AgentGuard;

/// <summary>What one behavior evaluation concluded; applied to the <see cref="GuardContext"/> outside the session lock.</summary>
internal struct BehaviorOutcome
{
    /// <summary>The session's score after the evaluation.</summary>
    public double Score;

    /// <summary>The signals raised, or <see langword="null"/> when none.</summary>
    public List<BehaviorSignal>? Signals;

    /// <summary>The threshold reached: allow (none or alert), require approval, or halt.</summary>
    public GuardVerdict Threshold;

    /// <summary>The rule of the threshold reached (<c>behavior.alert</c>, <c>behavior.approval</c>, <c>behavior.halt</c>).</summary>
    public string? ThresholdRule;

    /// <summary>The explanation of the threshold reached.</summary>
    public string? ThresholdReason;

    public void Add(string rule, string reason, double weight, bool refuses = false) =>
        (Signals ??= []).Add(new BehaviorSignal(rule, reason, weight, refuses));
}
