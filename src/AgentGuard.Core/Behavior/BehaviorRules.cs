namespace AgentGuard;

/// <summary>The stable rule ids behavior scoring records on decisions.</summary>
internal static class BehaviorRules
{
    public const string OffPersona = "behavior.off_persona";
    public const string ArgumentViolation = "behavior.argument_violation";
    public const string DlpBlock = "behavior.dlp_block";
    public const string Rate = "behavior.velocity.rate";
    public const string Burst = "behavior.velocity.burst";
    public const string Enumeration = "behavior.velocity.enumeration";
    public const string Scrape = "behavior.velocity.scrape";
    public const string BackendDenied = "behavior.backend_denied";
    public const string BarrierRetry = "behavior.barrier.retry";
    public const string BarrierPathTrick = "behavior.barrier.path_trick";
    public const string BarrierOtherTool = "behavior.barrier.other_tool";
    public const string BarrierVariation = "behavior.barrier.variation";
    public const string BarrierToolRetry = "behavior.barrier.tool_retry";
    public const string BarrierCleared = "behavior.barrier.cleared";
    public const string WorkflowDrift = "behavior.workflow_drift";
    public const string Unbounded = "behavior.unbounded";
    public const string RecordsPerCall = "behavior.envelope.records_per_call";
    public const string BytesPerCall = "behavior.envelope.bytes_per_call";
    public const string RecordsPerHour = "behavior.envelope.records_per_hour";
    public const string ResourcesPerHour = "behavior.envelope.resources_per_hour";
    public const string Taint = "behavior.taint";

    /// <summary>A sensitive argument value whose lineage the persona scores (see <see cref="LineagePolicy"/>).</summary>
    public const string Lineage = "behavior.lineage";
    public const string WeakTaint = "behavior.taint.weak";
    public const string Alert = "behavior.alert";
    public const string Approval = "behavior.approval";
    public const string Halt = "behavior.halt";
    public const string SessionHalted = "session.halted";
    public const string BackendDeniedSource = "backend.denied";
}
