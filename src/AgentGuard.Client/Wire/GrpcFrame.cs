using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace AgentGuard;

/// <summary>Writes and reads gRPC's length-prefixed messages: one flag byte (0 = uncompressed), a 4-byte big-endian length,
/// then the protobuf bytes.</summary>
/// <remarks>Compressed frames are refused: neither side offers compression (no <c>grpc-encoding</c> is negotiated).</remarks>
internal static class GrpcFrame
{
    /// <summary>Serializes a message with its prefix into one pooled buffer and writes it.</summary>
    public static async ValueTask WriteAsync(Stream stream, IMessage message, int maxMessageSize, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcWireException(GrpcStatusCode.ResourceExhausted, $"the message is {size} bytes, more than the limit of {maxMessageSize}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(GrpcProtocol.HeaderSize + size);
        try
        {
            buffer[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1, 4), (uint)size);
            message.WriteTo(buffer.AsSpan(GrpcProtocol.HeaderSize, size));
            await stream.WriteAsync(buffer.AsMemory(0, GrpcProtocol.HeaderSize + size), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one message, or <see langword="default"/> at a clean end of the stream.</summary>
    /// <exception cref="GrpcWireException">A truncated or compressed frame, an oversize length, or bytes that do not parse.</exception>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, int maxMessageSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = ArrayPool<byte>.Shared.Rent(GrpcProtocol.HeaderSize);
        try
        {
            var read = await ReadFullyAsync(stream, header.AsMemory(0, GrpcProtocol.HeaderSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            if (read < GrpcProtocol.HeaderSize)
            {
                throw new GrpcWireException(GrpcStatusCode.Internal, "the stream ended inside a message prefix");
            }

            if (header[0] == 1)
            {
                throw new GrpcWireException(GrpcStatusCode.Unimplemented, "compressed messages are not supported (no grpc-encoding was negotiated)");
            }

            if (header[0] != 0)
            {
                throw new GrpcWireException(GrpcStatusCode.Internal, "the message prefix has an invalid compressed flag");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1, 4));
            if (length > (uint)maxMessageSize)
            {
                throw new GrpcWireException(GrpcStatusCode.ResourceExhausted, $"the message is {length} bytes, more than the limit of {maxMessageSize}");
            }

            var body = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var got = await ReadFullyAsync(stream, body.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
                if (got < length)
                {
                    throw new GrpcWireException(GrpcStatusCode.Internal, "the stream ended inside a message");
                }

                try
                {
                    return parser.ParseFrom(body, 0, (int)length);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "the message does not parse: " + ex.Message);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
