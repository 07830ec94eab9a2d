using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <summary>The server half of AgentGuard's small gRPC layer: routes <c>POST /package.Service/Method</c> over HTTP/2 to
/// unary and server-streaming handlers, reads and writes length-prefixed messages, honours <c>grpc-timeout</c>, and ends
/// every call with <c>grpc-status</c> / <c>grpc-message</c> trailers.</summary>
/// <remarks>Isolated from the enforcement logic (which sees only messages and <see cref="GrpcWireException"/>), so that it
/// can be swapped for Grpc.AspNetCore where that is available. Thread-safe after the methods are mapped.</remarks>
internal sealed partial class GrpcServiceRouter
{
    private static readonly TimeSpan s_longestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private readonly Dictionary<string, Func<HttpContext, CancellationToken, Task>> _methods = new(StringComparer.Ordinal);
    private readonly int _maxMessageSize;
    private readonly ILogger _logger;

    public GrpcServiceRouter(int maxMessageSize, ILogger logger)
    {
        _maxMessageSize = maxMessageSize;
        _logger = logger;
    }

    /// <summary>Gets or sets a check run on the request headers before the request's message is read (authentication:
    /// a caller without a valid key must not make the service wait for, and buffer, its message).</summary>
    public Action<HttpContext>? CheckHeaders { get; set; }

    /// <summary>Maps a unary method.</summary>
    public void MapUnary<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcServerCall, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        _methods[path] = async (context, cancellationToken) =>
        {
            var request = await ReadRequestAsync(context, parser, cancellationToken).ConfigureAwait(false);
            var response = await handler(request, new GrpcServerCall(context, cancellationToken)).ConfigureAwait(false);
            await GrpcFrame.WriteAsync(context.Response.Body, response, _maxMessageSize, cancellationToken).ConfigureAwait(false);
        };
    }

    /// <summary>Maps a server-streaming method; the handler writes each message with the function it is given.</summary>
    public void MapServerStreaming<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, GrpcServerCall, Func<TResponse, Task>, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        _methods[path] = async (context, cancellationToken) =>
        {
            var request = await ReadRequestAsync(context, parser, cancellationToken).ConfigureAwait(false);
            await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
            await handler(request, new GrpcServerCall(context, cancellationToken), async message =>
            {
                await GrpcFrame.WriteAsync(context.Response.Body, message, _maxMessageSize, cancellationToken).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        };
    }

    /// <summary>Handles one HTTP request addressed to a gRPC path.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        // Kestrel's minimum request-body data rate stays on: every method here reads one message and the end of the
        // request (no client streaming), so a caller that stalls mid-message is cut off instead of holding the stream.

        var status = GrpcStatusCode.OK;
        var detail = string.Empty;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            if (request.Headers.TryGetValue(GrpcProtocol.EncodingHeader, out var encoding) && encoding.Count > 0 && encoding[0] is not null and not "identity")
            {
                throw new GrpcWireException(GrpcStatusCode.Unimplemented, $"message encoding '{encoding[0]}' is not supported");
            }

            if (request.Headers.TryGetValue(GrpcProtocol.TimeoutHeader, out var timeoutValues) && timeoutValues.Count > 0)
            {
                if (!GrpcTimeout.TryParse(timeoutValues[0], out var timeout))
                {
                    throw new GrpcWireException(GrpcStatusCode.Internal, $"malformed grpc-timeout '{timeoutValues[0]}'");
                }

                if (timeout < s_longestTimer)
                {
                    // Longer than a timer can run (about 49 days; grpc-timeout allows 8 digits of hours): no practical deadline.
                    deadline.CancelAfter(timeout);
                }
            }

            if (!_methods.TryGetValue(request.Path.Value ?? string.Empty, out var method))
            {
                throw new GrpcWireException(GrpcStatusCode.Unimplemented, $"method '{request.Path.Value}' is not implemented");
            }

            CheckHeaders?.Invoke(context);

            await method(context, deadline.Token).ConfigureAwait(false);
        }
        catch (GrpcWireException ex)
        {
            status = ex.Status;
            detail = ex.Message;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            status = GrpcStatusCode.DeadlineExceeded;
            detail = "the deadline passed";
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client cancelled or went away: nobody reads the trailers.
            Log.CallCancelled(_logger, request.Path.Value);
            return;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException && context.RequestAborted.IsCancellationRequested)
        {
            Log.CallCancelled(_logger, request.Path.Value);
            return;
        }
        catch (Exception ex)
        {
            Log.CallFailed(_logger, ex, request.Path.Value);
            status = GrpcStatusCode.Internal;
            detail = "internal error";
        }

        if (status != GrpcStatusCode.OK)
        {
            Log.CallStatus(_logger, request.Path.Value, status, detail);
        }

        response.AppendTrailer(GrpcProtocol.StatusTrailer, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, GrpcMessageText.Encode(detail));
        }
    }

    private async Task<T> ReadRequestAsync<T>(HttpContext context, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var body = context.Request.Body;
        var message = await GrpcFrame.ReadAsync(body, parser, _maxMessageSize, cancellationToken).ConfigureAwait(false)
            ?? throw new GrpcWireException(GrpcStatusCode.Internal, "the request has no message");
        var probe = new byte[1];
        if (await body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new GrpcWireException(GrpcStatusCode.Internal, "a unary request carries more than one message");
        }

        return message;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "gRPC call {Path} cancelled by the client")]
        public static partial void CallCancelled(ILogger logger, string? path);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "gRPC call {Path} failed")]
        public static partial void CallFailed(ILogger logger, Exception exception, string? path);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "gRPC call {Path} ended with {Status}: {Detail}")]
        public static partial void CallStatus(ILogger logger, string? path, GrpcStatusCode status, string detail);
    }
}
