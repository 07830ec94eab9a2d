using System.Text.Json;

namespace AgentGuard;

/// <summary>The guard's answer for one tool call or one tool result: a small immutable value.</summary>
/// <remarks>
/// <see cref="Verdict"/> is what the policy concluded; <see cref="EnforcedAction"/> is what was actually done, which
/// differs in monitor (audit-only) mode or when a required approval was granted or could not be obtained.
/// Rule ids are stable and low-cardinality (suitable for metrics); reasons are for people and may carry evidence,
/// but never a matched secret.
/// </remarks>
public sealed class GuardDecision
{
    /// <summary>Gets a shared decision that allows a call with no findings and no score.</summary>
    public static GuardDecision Allowed { get; } = new(GuardVerdict.Allow);

    /// <summary>Initializes a new instance of the <see cref="GuardDecision"/> class.</summary>
    /// <param name="verdict">What the policy concluded.</param>
    /// <param name="enforcedAction">What was enforced; defaults to <paramref name="verdict"/>.</param>
    /// <param name="ruleIds">Stable rule identifiers that fired.</param>
    /// <param name="reasons">Human-readable reasons, aligned with <paramref name="ruleIds"/> where possible.</param>
    /// <param name="score">The session's behavior score after this evaluation.</param>
    /// <param name="findings">Sensitive-data findings (never raw values).</param>
    /// <param name="redactedArguments">The arguments to use instead of the original ones, when redacted.</param>
    /// <param name="redactedResult">The result to hand to the model instead of the original one, when changed.</param>
    public GuardDecision(
        GuardVerdict verdict,
        GuardVerdict? enforcedAction = null,
        IReadOnlyList<string>? ruleIds = null,
        IReadOnlyList<string>? reasons = null,
        double score = 0,
        IReadOnlyList<GuardFinding>? findings = null,
        JsonElement? redactedArguments = null,
        ToolResult? redactedResult = null)
    {
        Verdict = verdict;
        EnforcedAction = enforcedAction ?? verdict;
        RuleIds = ruleIds ?? [];
        Reasons = reasons ?? [];
        Score = score;
        Findings = findings ?? [];
        RedactedArguments = redactedArguments;
        RedactedResult = redactedResult;
    }

    /// <summary>Gets what the policy concluded.</summary>
    public GuardVerdict Verdict { get; }

    /// <summary>Gets what was actually enforced.</summary>
    public GuardVerdict EnforcedAction { get; }

    /// <summary>Gets the stable identifiers of the rules that fired, for example <c>scope.not_in_persona</c>.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>Gets the human-readable reasons.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>Gets the session's behavior score after this evaluation (0 when behavior scoring is off).</summary>
    public double Score { get; }

    /// <summary>Gets the sensitive-data findings, without the matched values.</summary>
    public IReadOnlyList<GuardFinding> Findings { get; }

    /// <summary>Gets the arguments to pass to the tool instead of the original ones, when they were redacted.</summary>
    public JsonElement? RedactedArguments { get; }

    /// <summary>Gets the result to hand to the model instead of the original one, when it was redacted or withheld.</summary>
    public ToolResult? RedactedResult { get; }

    /// <summary>Gets a value indicating whether the call or result may proceed (possibly redacted).</summary>
    public bool IsAllowed => EnforcedAction is GuardVerdict.Allow or GuardVerdict.Redact;

    /// <summary>Gets the reasons joined into one line, for messages to the model and to people.</summary>
    /// <returns>The joined reasons, or the verdict's name when there are none.</returns>
    public string Explain() => Reasons.Count == 0 ? Verdict.ToString() : string.Join("; ", Reasons);

    /// <summary>Gets the reasons a model may read: the refusing rules' reasons, without behavior-scoring evidence.</summary>
    /// <returns>The joined reasons meant for the model.</returns>
    /// <remarks>Behavior signals (<c>behavior.*</c> rules) carry weights and evidence that would teach a misbehaving
    /// agent how it is being scored; people and audit records get them through <see cref="Explain"/>, the model does not.</remarks>
    public string ExplainForModel()
    {
        var parts = new List<string>(Reasons.Count);
        for (var i = 0; i < Reasons.Count; i++)
        {
            var rule = i < RuleIds.Count ? RuleIds[i] : string.Empty;
            if (!rule.StartsWith("behavior.", StringComparison.Ordinal))
            {
                parts.Add(Reasons[i]);
            }
        }

        if (parts.Count > 0)
        {
            return string.Join("; ", parts);
        }

        return Verdict switch
        {
            GuardVerdict.Halt => "the session is halted: its behavior left the persona's envelope; a human must resume it",
            GuardVerdict.RequireApproval => "the session's behavior needs a human's review",
            GuardVerdict.Deny => "the session's behavior is outside the persona's envelope",
            _ => Explain(),
        };
    }

    /// <summary>Gets the text a model reads for a refused call: <see cref="ExplainForModel"/>, or for a call that needed a
    /// human and got none, "approval required" followed by the policy's model-visible reasons and the approval outcome.</summary>
    /// <returns>The refusal's explanation, without behavior-scoring evidence.</returns>
    /// <remarks>Every host adapter prefixes this with its denial prefix, so a model reads the same text whatever the host.</remarks>
    public string ExplainRefusalForModel()
    {
        if (Verdict != GuardVerdict.RequireApproval)
        {
            return ExplainForModel();
        }

        const string Required = "approval required";
        var text = new System.Text.StringBuilder(Required);
        for (var i = 0; i < Reasons.Count; i++)
        {
            if (i < RuleIds.Count && RuleIds[i].StartsWith("behavior.", StringComparison.Ordinal))
            {
                continue;
            }

            var reason = Reasons[i];
            var rest = reason.StartsWith(Required, StringComparison.Ordinal) ? reason[Required.Length..].TrimStart(';', ' ', ':') : reason;
            if (rest.Length > 0)
            {
                text.Append("; ").Append(rest);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        EnforcedAction == Verdict ? $"{Verdict}: {Explain()}" : $"{Verdict} (enforced {EnforcedAction}): {Explain()}";
}
