namespace AgentGuard;

/// <summary>Which audit records to read back from SQLite; every set field must match (unset fields match anything).</summary>
public sealed record AuditQuery
{
    /// <summary>Gets the session.</summary>
    public string? SessionId { get; init; }

    /// <summary>Gets the agent instance.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the persona.</summary>
    public string? Persona { get; init; }

    /// <summary>Gets the delegating user.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the tool.</summary>
    public string? ToolName { get; init; }

    /// <summary>Gets the verdict (what the policy concluded, not what was enforced).</summary>
    public GuardVerdict? Verdict { get; init; }

    /// <summary>Gets the earliest decision time (inclusive).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the latest decision time (exclusive).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Gets the largest number of records to return, oldest first.</summary>
    public int? Limit { get; init; }
}
