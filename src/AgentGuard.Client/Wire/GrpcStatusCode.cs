namespace AgentGuard;

/// <summary>The gRPC status codes the enforcement service and its client use (the numbering of the gRPC specification).</summary>
public enum GrpcStatusCode
{
    /// <summary>Success.</summary>
    OK = 0,

    /// <summary>The call was cancelled, usually by the caller.</summary>
    Cancelled = 1,

    /// <summary>An unknown error.</summary>
    Unknown = 2,

    /// <summary>The request was malformed (bad JSON arguments, a bad frame).</summary>
    InvalidArgument = 3,

    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>The caller may not do this (an agent's key on an operator method, another agent's grant).</summary>
    PermissionDenied = 7,

    /// <summary>A message was larger than the limit.</summary>
    ResourceExhausted = 8,

    /// <summary>The method is not implemented by the service.</summary>
    Unimplemented = 12,

    /// <summary>An internal error in the service.</summary>
    Internal = 13,

    /// <summary>The service could not be reached; the only status the client retries.</summary>
    Unavailable = 14,

    /// <summary>The caller's credentials (the inside key, the user token) are missing or invalid.</summary>
    Unauthenticated = 16,
}
