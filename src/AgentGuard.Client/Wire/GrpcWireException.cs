namespace AgentGuard;

/// <summary>A gRPC status raised inside the wire layer, turned into trailers by the service or into a
/// <see cref="RemoteEnforcementException"/> by the client.</summary>
internal sealed class GrpcWireException : Exception
{
    public GrpcWireException(GrpcStatusCode status, string detail)
        : base(detail)
    {
        Status = status;
    }

    public GrpcWireException()
    {
    }

    public GrpcWireException(string message)
        : base(message)
    {
    }

    public GrpcWireException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrpcStatusCode Status { get; } = GrpcStatusCode.Unknown;
}
