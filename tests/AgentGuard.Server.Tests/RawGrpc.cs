using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;

namespace AgentGuard.Server.Tests;

/// <summary>Hand-made gRPC requests over h2c on the service's Unix socket: exact bytes, to send what a correct client never would.</summary>
internal static class RawGrpc
{
    public static HttpClient CreateHttpClient(string socketPath) => new(new SocketsHttpHandler
    {
        // Header values go out as UTF-8 bytes, so that tests can send what an ASCII-only client would refuse to.
        RequestHeaderEncodingSelector = static (_, _) => System.Text.Encoding.UTF8,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(byte[] payload, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Sends one request and returns the HTTP status, the reply body and the grpc-status / grpc-message.</summary>
    public static async Task<RawReply> SendAsync(string socketPath, string method, byte[] body, string? key, string contentType = "application/grpc", Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient(socketPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/agentguard.v1.Enforcement/" + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + key);
        }

        configure?.Invoke(request);
        using var response = await http.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? status = null;
        string? message = null;
        if (response.TrailingHeaders.TryGetValues("grpc-status", out var s))
        {
            status = s.First();
        }

        if (response.TrailingHeaders.TryGetValues("grpc-message", out var m))
        {
            message = m.First();
        }

        return new RawReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes, status is null ? null : (GrpcStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message);
    }

    internal sealed record RawReply(HttpStatusCode HttpStatus, string? ContentType, byte[] Body, GrpcStatusCode? Status, string? Message);
}
