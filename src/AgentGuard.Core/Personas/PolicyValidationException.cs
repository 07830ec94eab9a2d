namespace AgentGuard;

/// <summary>Thrown when personas, the catalog or user entitlements are invalid; lists every error, not just the first.</summary>
public sealed class PolicyValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PolicyValidationException"/> class.</summary>
    public PolicyValidationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PolicyValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PolicyValidationException(string message)
        : base(message) => Errors = [new PolicyError(null, null, null, string.Empty, message)];

    /// <summary>Initializes a new instance of the <see cref="PolicyValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new PolicyError(null, null, null, string.Empty, message)];

    /// <summary>Initializes a new instance of the <see cref="PolicyValidationException"/> class.</summary>
    /// <param name="errors">The errors (and warnings) found.</param>
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(FormatMessage(errors)) => Errors = errors;

    /// <summary>Gets every problem found, errors and warnings, in file order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var count = errors.Count(static e => e.Severity == PolicySeverity.Error);
        return $"The AgentGuard policy has {count} error(s):{Environment.NewLine}" +
            string.Join(Environment.NewLine, errors.Where(static e => e.Severity == PolicySeverity.Error).Select(static e => "  " + e));
    }
}
