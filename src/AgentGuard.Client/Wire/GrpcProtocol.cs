namespace AgentGuard;

/// <summary>Constants of the gRPC-over-HTTP/2 wire protocol shared by the client and the service.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string ServicePath = "/agentguard.v1.Enforcement/";

    /// <summary>The 5-byte prefix of every message: a compressed flag and a big-endian length.</summary>
    public const int HeaderSize = 5;

    /// <summary>The default largest message either side accepts: 4 MB, as gRPC's own default.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Tells whether a content type is gRPC's (<c>application/grpc</c>, optionally <c>+proto</c> or with parameters).</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is ';' || contentType.AsSpan(ContentType.Length).Equals("+proto", StringComparison.OrdinalIgnoreCase);
    }
}
