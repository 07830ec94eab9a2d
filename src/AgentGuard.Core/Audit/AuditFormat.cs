namespace AgentGuard;

/// <summary>The shape of the records a file sink writes; the hash chain is the same for both.</summary>
public enum AuditFormat
{
    /// <summary>AgentGuard's own flat record (see docs/audit.md).</summary>
    AgentGuard = 0,

    /// <summary>OCSF-shaped events for SIEMs: API Activity for decisions, Detection Finding for halts and exfiltration.</summary>
    Ocsf = 1,
}
