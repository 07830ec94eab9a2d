namespace AgentGuard;

/// <summary>What the audit trail does with a record when its bounded queue is full.</summary>
public enum AuditOverflowMode
{
    /// <summary>The tool call waits until the queue has room (back-pressure): no record is lost while the sinks work.</summary>
    Wait = 0,

    /// <summary>The record is dropped and counted; the trail later writes a <see cref="AuditRecordKind.Dropped"/> notice
    /// with the count. Refusals still wait unless <see cref="AuditOptions.NeverDropRefusals"/> is switched off.</summary>
    Drop = 1,

    /// <summary>No record is dropped while the sinks work (the call waits), and while the queue is full or a sink is
    /// failing every new call is denied (rule <c>audit.unavailable</c>): nothing happens that cannot be recorded.</summary>
    FailClosed = 2,
}
