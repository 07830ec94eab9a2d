using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace AgentGuard;

/// <summary>The client half of AgentGuard's small gRPC layer: unary and server-streaming calls over HTTP/2 with
/// <see cref="SocketsHttpHandler"/>, to a Unix domain socket (h2c), TCP (h2c) or TLS.</summary>
/// <remarks>Kept apart from <see cref="RemoteAgentGuard"/> so that it can be replaced by Grpc.Net.Client where that is
/// available: the rest of the client only sees messages and <see cref="RemoteEnforcementException"/>. Thread-safe.</remarks>
internal sealed class GrpcClientChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _baseAddress;
    private readonly int _maxMessageSize;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private FormattedTimeout? _lastTimeout;

    public GrpcClientChannel(RemoteEnforcementOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxMessageSize = options.MaxMessageSize;
        var address = RemoteAddress.Parse(options.Address);
        _baseAddress = address.BaseAddress;
        _invoker = new HttpMessageInvoker(handler ?? CreateHandler(address, options), disposeHandler: true);
    }

    public async Task<TResponse> UnaryAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CallHeaders headers, TimeSpan? timeout, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        using var deadline = CreateDeadline(timeout, cancellationToken);
        using var message = CreateRequest(method, request, headers, timeout);
        try
        {
            using var response = await _invoker.SendAsync(message, deadline.Token).ConfigureAwait(false);
            ThrowOnHeaders(response);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var reply = await GrpcFrame.ReadAsync(stream, parser, _maxMessageSize, deadline.Token).ConfigureAwait(false);
                await DrainAsync(stream, deadline.Token).ConfigureAwait(false);
                ThrowOnTrailers(response);
                return reply ?? throw new RemoteEnforcementException(GrpcStatusCode.Internal, "the service ended the call without a message");
            }
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CallHeaders headers, TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResponse : class, IMessage<TResponse>
    {
        using var deadline = CreateDeadline(timeout, cancellationToken);
        using var message = CreateRequest(method, request, headers, timeout);
        HttpResponseMessage response;
        Stream stream;
        try
        {
            response = await _invoker.SendAsync(message, deadline.Token).ConfigureAwait(false);
            ThrowOnHeaders(response);
            stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }

        using (response)
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                TResponse? item;
                try
                {
                    item = await GrpcFrame.ReadAsync(stream, parser, _maxMessageSize, deadline.Token).ConfigureAwait(false);
                    if (item is null)
                    {
                        ThrowOnTrailers(response);
                    }
                }
                catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                if (item is null)
                {
                    yield break;
                }

                yield return item;
            }
        }
    }

    public void Dispose() => _invoker.Dispose();

    private static CancellationTokenSource CreateDeadline(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t && t != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(t);
        }

        return source;
    }

    private HttpRequestMessage CreateRequest(string method, IMessage request, CallHeaders headers, TimeSpan? timeout)
    {
        var uri = _methodUris.GetOrAdd(method, static (m, b) => new Uri(b, GrpcProtocol.ServicePath + m), _baseAddress);
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new GrpcRequestContent(request, _maxMessageSize),
        };
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is { } t && t != Timeout.InfiniteTimeSpan)
        {
            // Calls almost always use the configured deadline: format it once (a reference swap, so threads never see a torn pair).
            var formatted = _lastTimeout;
            if (formatted is null || formatted.Timeout != t)
            {
                formatted = _lastTimeout = new FormattedTimeout(t, GrpcTimeout.Format(t));
            }

            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, formatted.Text);
        }

        if (headers.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("authorization", authorization);
        }

        if (headers.UserToken is { } userToken)
        {
            message.Headers.TryAddWithoutValidation(RemoteHeaders.UserToken, userToken);
        }

        return message;
    }

    private static void ThrowOnHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var status = response.StatusCode switch
            {
                HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
                HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
                HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
                HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
                HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
                _ => GrpcStatusCode.Unknown,
            };
            throw new RemoteEnforcementException(status, $"HTTP status {(int)response.StatusCode}");
        }

        // A trailers-only response carries the status in the headers.
        if (TryGetStatus(response.Headers, out var code, out var detail))
        {
            if (code != GrpcStatusCode.OK)
            {
                throw new RemoteEnforcementException(code, detail);
            }
        }
        else if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            throw new RemoteEnforcementException(GrpcStatusCode.Internal, $"the response's content type is '{response.Content.Headers.ContentType}', not {GrpcProtocol.ContentType}");
        }
    }

    private static void ThrowOnTrailers(HttpResponseMessage response)
    {
        if (!TryGetStatus(response.TrailingHeaders, out var code, out var detail) && !TryGetStatus(response.Headers, out code, out detail))
        {
            throw new RemoteEnforcementException(GrpcStatusCode.Internal, "the response has no grpc-status");
        }

        if (code != GrpcStatusCode.OK)
        {
            throw new RemoteEnforcementException(code, detail);
        }
    }

    private static bool TryGetStatus(HttpHeaders headers, out GrpcStatusCode code, out string detail)
    {
        code = GrpcStatusCode.Unknown;
        detail = string.Empty;
        if (!headers.TryGetValues(GrpcProtocol.StatusTrailer, out var values))
        {
            return false;
        }

        var text = values.FirstOrDefault();
        code = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? (GrpcStatusCode)n : GrpcStatusCode.Unknown;
        if (headers.TryGetValues(GrpcProtocol.MessageTrailer, out var messages))
        {
            detail = GrpcMessageText.Decode(messages.FirstOrDefault());
        }

        return true;
    }

    private static async ValueTask DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Trailers arrive after the body: read to its end. A second message in a unary reply is a protocol error.
        var probe = new byte[1];
        if (await stream.ReadAsync(probe.AsMemory(), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new RemoteEnforcementException(GrpcStatusCode.Internal, "the service sent more than one message in a unary reply");
        }
    }

    private static RemoteEnforcementException? Translate(Exception ex, CancellationToken callerToken) => ex switch
    {
        RemoteEnforcementException => null,
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException => new RemoteEnforcementException(GrpcStatusCode.DeadlineExceeded, "the deadline passed before the service answered", ex),
        GrpcWireException wire => new RemoteEnforcementException(wire.Status, wire.Message, ex),
        HttpRequestException or IOException or SocketException => new RemoteEnforcementException(GrpcStatusCode.Unavailable, "the service could not be reached: " + ex.Message, ex),
        _ => null,
    };

    private static SocketsHttpHandler CreateHandler(RemoteAddress address, RemoteEnforcementOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = options.ConnectTimeout,
        };
        if (address.SocketPath is { } path)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        if (address.BaseAddress.Scheme == Uri.UriSchemeHttps)
        {
            var ssl = new SslClientAuthenticationOptions();
            if (options.ClientCertificate is { } certificate)
            {
                ssl.ClientCertificates = [certificate];
            }

            if (options.ServerCertificateSha256 is { Length: > 0 } pin)
            {
                var expected = Convert.FromHexString(pin.Replace(":", string.Empty, StringComparison.Ordinal));
                ssl.RemoteCertificateValidationCallback = (_, cert, _, _) =>
                    cert is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(cert.GetRawCertData()), expected);
            }

            handler.SslOptions = ssl;
        }

        return handler;
    }

    private sealed record FormattedTimeout(TimeSpan Timeout, string Text);
}
