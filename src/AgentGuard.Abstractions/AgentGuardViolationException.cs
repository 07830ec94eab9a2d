namespace AgentGuard;

/// <summary>Thrown only where an exception is the host's sole way to refuse a call; carries the decision.</summary>
public sealed class AgentGuardViolationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AgentGuardViolationException"/> class.</summary>
    public AgentGuardViolationException()
        : this(new GuardDecision(GuardVerdict.Deny))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AgentGuardViolationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public AgentGuardViolationException(string message)
        : base(message) => Decision = new GuardDecision(GuardVerdict.Deny, reasons: [message]);

    /// <summary>Initializes a new instance of the <see cref="AgentGuardViolationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AgentGuardViolationException(string message, Exception innerException)
        : base(message, innerException) => Decision = new GuardDecision(GuardVerdict.Deny, reasons: [message]);

    /// <summary>Initializes a new instance of the <see cref="AgentGuardViolationException"/> class.</summary>
    /// <param name="decision">The refusing decision.</param>
    public AgentGuardViolationException(GuardDecision decision)
        : base($"denied by AgentGuard: {decision?.Explain()}") => Decision = decision ?? throw new ArgumentNullException(nameof(decision));

    /// <summary>Gets the decision that refused the call.</summary>
    public GuardDecision Decision { get; }
}
