namespace AgentGuard;

/// <summary>One signal a call or result raised: its rule, its explanation (with weight and evidence), and whether it refuses.</summary>
/// <param name="Rule">The stable rule id, for example <c>behavior.barrier.variation</c>.</param>
/// <param name="Reason">The explanation for people: what was seen, the weight, the evidence.</param>
/// <param name="Weight">What it added to the score (negative for a refund).</param>
/// <param name="Refuses">Whether it refuses the call (or withholds the result) by itself, whatever the score.</param>
internal readonly record struct BehaviorSignal(string Rule, string Reason, double Weight, bool Refuses);
