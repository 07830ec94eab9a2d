namespace AgentGuard;

/// <summary>What an <see cref="AuditRecord"/> records.</summary>
public enum AuditRecordKind
{
    /// <summary>One decision of the engine: a call authorized (or refused), or a result inspected.</summary>
    Decision = 0,

    /// <summary>A notice that records were dropped because the audit queue was full (see <see cref="AuditRecord.DroppedCount"/>).</summary>
    Dropped = 1,
}
