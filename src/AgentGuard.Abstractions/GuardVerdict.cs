namespace AgentGuard;

/// <summary>The outcome of a guard evaluation, ordered from least to most restrictive.</summary>
/// <remarks>The numeric order is meaningful: when several checks disagree, the most restrictive verdict wins.</remarks>
public enum GuardVerdict
{
    /// <summary>The call (or result) may proceed unchanged.</summary>
    Allow = 0,

    /// <summary>The call (or result) may proceed with sensitive parts redacted.</summary>
    Redact = 1,

    /// <summary>The call may proceed only after a human approves it.</summary>
    RequireApproval = 2,

    /// <summary>The call is refused; the session continues.</summary>
    Deny = 3,

    /// <summary>The call is refused and the session (or agent) is halted until a human resumes it.</summary>
    Halt = 4,
}
