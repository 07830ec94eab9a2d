namespace AgentGuard;

/// <summary>The enforcement service answered a call with a non-OK gRPC status, or could not be reached.</summary>
/// <remarks><see cref="RemoteAgentGuard"/> never throws this for Authorize or InspectResult: those fail closed (or open,
/// per tool) with a decision. Halt, Resume, approvals and the credential broker surface it.</remarks>
public sealed class RemoteEnforcementException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RemoteEnforcementException"/> class.</summary>
    public RemoteEnforcementException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteEnforcementException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RemoteEnforcementException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteEnforcementException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteEnforcementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RemoteEnforcementException"/> class.</summary>
    /// <param name="status">The gRPC status.</param>
    /// <param name="detail">The status message (<c>grpc-message</c>).</param>
    /// <param name="innerException">The cause, if any.</param>
    public RemoteEnforcementException(GrpcStatusCode status, string detail, Exception? innerException = null)
        : base($"the enforcement service answered {status}: {detail}", innerException)
    {
        Status = status;
        Detail = detail;
    }

    /// <summary>Gets the gRPC status.</summary>
    public GrpcStatusCode Status { get; } = GrpcStatusCode.Unknown;

    /// <summary>Gets the status message.</summary>
    public string Detail { get; } = string.Empty;
}
