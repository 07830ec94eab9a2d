using System.Net;
using Google.Protobuf;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>The credentialed <see cref="HttpMessageHandler"/> of remote mode: tool code's backend request goes to the
/// enforcement service's <c>ExecuteHttp</c>, which checks it, adds the backend credential, sends it and returns the
/// response. The agent process never holds a backend secret.</summary>
/// <remarks>
/// Requires an executing authorized call (<see cref="AgentGuardCallScope.Current"/>) whose decision came from
/// <see cref="RemoteAgentGuard"/>; outside one the request is refused here (fail closed) and the service would refuse it
/// too. Whatever tool code put in <c>Authorization</c>, <c>Cookie</c> or other headers travels to the service, which
/// strips caller credentials exactly as in process. Refusals by the service throw <see cref="HttpRequestException"/>
/// with status 403 and are recorded on the call scope, as are the backend's own 401/403 answers. Thread-safe.
/// </remarks>
public sealed class RemoteCredentialHandler : HttpMessageHandler
{
    private readonly RemoteAgentGuard _guard;
    private readonly string _backend;

    /// <summary>Initializes a new instance of the <see cref="RemoteCredentialHandler"/> class.</summary>
    /// <param name="guard">The remote engine whose decisions authorize the requests.</param>
    /// <param name="backend">The backend's name, as configured on the service.</param>
    public RemoteCredentialHandler(RemoteAgentGuard guard, string backend)
    {
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        ArgumentException.ThrowIfNullOrEmpty(backend);
        _backend = backend;
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            throw new InvalidOperationException("The request has no absolute URI; set one or the client's BaseAddress.");
        }

        var scope = AgentGuardCallScope.Current
            ?? throw new HttpRequestException($"AgentGuard refused the request to backend '{_backend}': no authorized tool call is executing", null, HttpStatusCode.Forbidden);
        var call = new P.HttpCall { Backend = _backend, Method = request.Method.Method, Url = uri.AbsoluteUri, Call = ProtoMapping.ToProto(scope.Call) };
        if (_guard.TryGetGrant(scope.Decision, out var grant))
        {
            call.Grant = grant;
        }

        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                call.Headers.Add(new P.Header { Name = header.Key, Value = value });
            }
        }

        if (request.Content is { } content)
        {
            foreach (var header in content.Headers)
            {
                foreach (var value in header.Value)
                {
                    call.Headers.Add(new P.Header { Name = header.Key, Value = value });
                }
            }

            call.Body = ByteString.CopyFrom(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        }

        P.HttpReply reply;
        try
        {
            reply = await _guard.ExecuteHttpAsync(call, scope.Call, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteEnforcementException ex)
        {
            scope.ReportDenied(new BackendDenial(_backend, RemoteRuleIds.Unavailable, ex.Message));
            throw new HttpRequestException($"AgentGuard could not send the request to backend '{_backend}': {ex.Detail}", ex, HttpStatusCode.ServiceUnavailable);
        }

        foreach (var denial in reply.Denials)
        {
            scope.ReportDenied(new BackendDenial(denial.Backend, denial.RuleId, denial.Reason, denial.StatusCode == 0 ? null : denial.StatusCode, denial.Resource.Length == 0 ? null : denial.Resource));
        }

        if (reply.RefusalRuleId.Length > 0)
        {
            throw new HttpRequestException($"AgentGuard refused the request to backend '{_backend}' ({reply.RefusalRuleId}): {reply.RefusalReason}", null, HttpStatusCode.Forbidden);
        }

        var response = new HttpResponseMessage((HttpStatusCode)reply.StatusCode)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(reply.Body.ToByteArray()),
        };
        foreach (var header in reply.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(header.Name, header.Value))
            {
                response.Content.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        return response;
    }
}
