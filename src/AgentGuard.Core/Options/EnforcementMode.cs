namespace AgentGuard;

/// <summary>Whether the guard enforces its verdicts or only records them.</summary>
public enum EnforcementMode
{
    /// <summary>Verdicts are enforced (the default).</summary>
    Enforce = 0,

    /// <summary>Verdicts are computed and recorded, but every call proceeds (audit-only roll-out of a new persona).</summary>
    Monitor = 1,
}
