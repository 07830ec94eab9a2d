using Microsoft.AspNetCore.Http;

namespace AgentGuard;

/// <summary>What a service method sees of its call: the request headers and the call's cancellation (the client's
/// deadline, the client going away, or the service shutting down for streams).</summary>
internal sealed class GrpcServerCall(HttpContext httpContext, CancellationToken cancellationToken)
{
    public HttpContext HttpContext { get; } = httpContext;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public string? GetHeader(string name)
    {
        var values = HttpContext.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }
}
