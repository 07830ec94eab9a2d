namespace AgentGuard;

/// <summary>One entry of the audit trail: everything needed to explain a decision after the fact, and no raw value.</summary>
/// <remarks>
/// Arguments, results and resources appear only as digests (<c>sha256:…</c>, or <c>hmac-sha256:…</c> with
/// <see cref="AuditOptions.DigestKey"/>); sensitive-data findings carry detector, kind, location and action, never the
/// matched text. Reasons are as the checks wrote them; checks must not put matched secrets into reasons.
/// </remarks>
public sealed record AuditRecord
{
    /// <summary>Gets what the record records.</summary>
    /// <value>The default value is <see cref="AuditRecordKind.Decision"/>.</value>
    public AuditRecordKind Kind { get; init; }

    /// <summary>Gets when the decision was made (or, for a <see cref="AuditRecordKind.Dropped"/> notice, when it was written).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets whether the decision authorized a call or inspected its result.</summary>
    public DecisionStage Stage { get; init; }

    /// <summary>Gets the session.</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the delegating user, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the agent instance, when known.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the parent agent instance when the call came from a sub-agent.</summary>
    public string? ParentAgentId { get; init; }

    /// <summary>Gets the personas of the delegating ancestors, root first.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> DelegationChain { get; init; } = [];

    /// <summary>Gets the persona the call was evaluated as.</summary>
    public string? Persona { get; init; }

    /// <summary>Gets the tool.</summary>
    public string? ToolName { get; init; }

    /// <summary>Gets the host's id for the call, when it gave one.</summary>
    public string? CallId { get; init; }

    /// <summary>Gets what the policy concluded.</summary>
    public GuardVerdict Verdict { get; init; }

    /// <summary>Gets what was enforced.</summary>
    public GuardVerdict EnforcedAction { get; init; }

    /// <summary>Gets the rule ids that fired.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>Gets the reasons.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Gets the session's behavior score after the decision.</summary>
    public double Score { get; init; }

    /// <summary>Gets the sensitive-data findings (kinds and locations, never values).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<GuardFinding> Findings { get; init; } = [];

    /// <summary>Gets the digest of the arguments as the guard received them.</summary>
    public string? ArgumentsDigest { get; init; }

    /// <summary>Gets how the tool invocation ended (result inspections only).</summary>
    public ToolResultStatus? ResultStatus { get; init; }

    /// <summary>Gets how many records the tool reported returning (result inspections only).</summary>
    public long? ResultRecordCount { get; init; }

    /// <summary>Gets the digest of the result's content as the tool returned it (result inspections only).</summary>
    public string? ResultDigest { get; init; }

    /// <summary>Gets the digest of the resource the call touched, when the tool reported one.</summary>
    public string? ResourceDigest { get; init; }

    /// <summary>Gets how many records were dropped (for <see cref="AuditRecordKind.Dropped"/> notices).</summary>
    public long DroppedCount { get; init; }

    /// <summary>Gets a value indicating whether the decision refused the call or result (the verdict or the enforced
    /// action is deny or halt; a monitor-mode refusal counts).</summary>
    public bool IsRefusal => Kind == AuditRecordKind.Decision && (Verdict >= GuardVerdict.Deny || EnforcedAction >= GuardVerdict.Deny);

    /// <summary>Builds the record of one decision.</summary>
    /// <param name="decisionEvent">The decision.</param>
    /// <param name="digests">Digests arguments, results and resources.</param>
    /// <returns>The record.</returns>
    internal static AuditRecord FromDecision(DecisionEvent decisionEvent, AuditDigester digests)
    {
        var call = decisionEvent.Call;
        var decision = decisionEvent.Decision;
        var result = decisionEvent.Result;
        return new AuditRecord
        {
            Kind = AuditRecordKind.Decision,
            Timestamp = decisionEvent.Timestamp,
            Stage = decisionEvent.Stage,
            SessionId = call.SessionId,
            UserId = call.UserId,
            AgentId = call.AgentId,
            ParentAgentId = call.ParentAgentId,
            DelegationChain = call.DelegationChain,
            Persona = decisionEvent.Persona,
            ToolName = call.ToolName,
            CallId = call.CallId,
            Verdict = decision.Verdict,
            EnforcedAction = decision.EnforcedAction,
            RuleIds = decision.RuleIds,
            Reasons = decision.Reasons,
            Score = decision.Score,
            Findings = decision.Findings,
            ArgumentsDigest = digests.Digest(call.Arguments),
            ResultStatus = result?.Status,
            ResultRecordCount = result?.RecordCount,
            ResultDigest = result?.Content is { } content ? digests.Digest(content) : null,
            ResourceDigest = result?.Resource is { } resource ? digests.Digest(resource) : null,
        };
    }
}
