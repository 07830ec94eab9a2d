using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>In <see cref="AuditOverflowMode.FailClosed"/> mode, denies every call while the audit trail cannot take a
/// record at once (queue full, sinks failing, trail closed): nothing is done that cannot be recorded.</summary>
/// <remarks>Runs just before approval, so no human is asked to approve a call that would then go unrecorded. A
/// decision listener cannot change a decision, hence this check.</remarks>
internal sealed class AuditFailClosedCheck(AuditTrail trail, IOptions<AuditOptions> options) : IGuardCheck
{
    public const string RuleId = "audit.unavailable";

    private readonly bool _enabled = options.Value.OverflowMode == AuditOverflowMode.FailClosed;

    public string Name => "audit";

    public int Order => GuardCheckOrder.Audit;

    public bool RunsAfterDenial => false;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (_enabled && !trail.CanAccept)
        {
            context.Deny(RuleId, trail.IsHealthy
                ? "the audit trail is saturated; the call is refused until it can be recorded (fail closed)"
                : "the audit trail is failing; the call is refused until it can be recorded (fail closed)");
        }

        return default;
    }
}
