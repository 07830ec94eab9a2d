using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace AgentGuard;

/// <summary>The body of a gRPC request: one length-prefixed message, with the gRPC content type.</summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private static readonly MediaTypeHeaderValue s_contentType = new(GrpcProtocol.ContentType);
    private readonly IMessage _message;
    private readonly int _maxMessageSize;

    public GrpcRequestContent(IMessage message, int maxMessageSize)
    {
        _message = message;
        _maxMessageSize = maxMessageSize;
        Headers.ContentType = s_contentType;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        GrpcFrame.WriteAsync(stream, _message, _maxMessageSize, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = GrpcProtocol.HeaderSize + _message.CalculateSize();
        return true;
    }
}
