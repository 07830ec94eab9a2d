namespace AgentGuard;

/// <summary>The outcome of one replayed call, as a trace's <c>expect</c> names it.</summary>
public enum TraceOutcome
{
    /// <summary>The call ran and its result reached the model unchanged.</summary>
    Allow = 0,

    /// <summary>The call ran with sensitive data redacted from its arguments or result.</summary>
    Redact = 1,

    /// <summary>The call needs a human's approval.</summary>
    Approval = 2,

    /// <summary>The call was refused, or its result withheld.</summary>
    Deny = 3,

    /// <summary>The session was halted.</summary>
    Halt = 4,
}
