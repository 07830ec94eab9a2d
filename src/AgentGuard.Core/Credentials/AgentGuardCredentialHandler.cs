using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>The <see cref="HttpMessageHandler"/> through which tool code reaches a backend: it adds the backend credential
/// for the executing authorized call, for that one request, and refuses everything else.</summary>
/// <remarks>
/// <para>Register it with <c>services.AddHttpClient("crm").AddAgentGuardCredentials("crm")</c>; tool code then sends
/// plain requests. For every request the handler:</para>
/// <list type="number">
/// <item>requires an executing authorized call (<see cref="AgentGuardCallScope.Current"/>) whose tool may reach the
/// backend — outside any allowed call no credential is ever added (fail closed);</item>
/// <item>strips whatever the caller tried to send as a credential: <c>Authorization</c>, <c>Proxy-Authorization</c>,
/// <c>Cookie</c>, every configured credential header (API keys) and credentials in the URL; a credential handle
/// presented there is checked against its binding and refused (<see cref="CredentialRuleIds.HandleMisuse"/>) when used
/// outside it;</item>
/// <item>refuses hosts not declared for the backend, and plain HTTP except to loopback addresses;</item>
/// <item>has the <see cref="ICredentialBroker"/> send the request with the real credential, and follows redirects itself,
/// hop by hop: only to the backend's own hosts, never downgrading HTTPS, re-checking each hop; a redirect elsewhere is
/// handed back unfollowed and no credential goes there;</item>
/// <item>records a 401 or 403 answer on the call scope, so the guard sees the call's result as denied even when the
/// tool's code swallows the status.</item>
/// </list>
/// <para>A refusal throws <see cref="AgentGuardCredentialException"/> (status 403) and is recorded on the call scope.
/// The primary handler must not follow redirects or keep cookies; <c>AddAgentGuardCredentials</c> turns both off on
/// the standard handlers and wraps the primary handler with this one, below every other handler of the client (its
/// logging included). Thread-safe.</para>
/// </remarks>
public sealed partial class AgentGuardCredentialHandler : DelegatingHandler
{
    private static readonly SearchValues<char> s_lineBreaks = SearchValues.Create("\r\n\0");
    private readonly CompiledCredentialBackend _backend;
    private readonly ICredentialBroker _broker;
    private readonly CredentialHandleService _handles;
    private readonly ILogger _logger;
    private HttpMessageInvoker? _next;

    internal AgentGuardCredentialHandler(CompiledCredentialBackend backend, ICredentialBroker broker, CredentialHandleService handles, ILogger? logger)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _handles = handles ?? throw new ArgumentNullException(nameof(handles));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the backend this handler adds credentials for.</summary>
    public string Backend => _backend.Name;

    /// <summary>Creates a handler for a backend from the services AgentGuard registered (for pipelines built by hand;
    /// <c>AddAgentGuardCredentials</c> does this for <c>IHttpClientFactory</c> clients).</summary>
    /// <param name="services">The services; credential services must be registered (<c>AddCredential</c>).</param>
    /// <param name="backend">The backend's name.</param>
    /// <returns>The handler; set its <see cref="DelegatingHandler.InnerHandler"/> to a handler that does not follow
    /// redirects or keep cookies.</returns>
    public static AgentGuardCredentialHandler Create(IServiceProvider services, string backend)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        var registry = services.GetService<CredentialBackendRegistry>()
            ?? throw new InvalidOperationException("AgentGuard credential services are not registered; call AddAgentGuard().AddCredential(...) first.");
        return new AgentGuardCredentialHandler(
            registry.Get(backend),
            services.GetRequiredService<ICredentialBroker>(),
            services.GetRequiredService<CredentialHandleService>(),
            services.GetService<ILoggerFactory>()?.CreateLogger<AgentGuardCredentialHandler>());
    }

    /// <inheritdoc />
    /// <remarks>Runs the asynchronous path and waits for it.</remarks>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException("The request has no absolute URI; set one or the client's BaseAddress.");
        }

        var scope = AgentGuardCallScope.Current;
        var presented = StripCallerCredentials(request, scope?.Call.ToolName);
        if (scope is null)
        {
            throw Refuse(null, request.RequestUri, CredentialRuleIds.NoCall, "no authorized tool call is executing; outside an allowed call no credential is added");
        }

        var call = scope.Call;
        if (!_backend.AllowsTool(call.ToolName))
        {
            throw Refuse(scope, request.RequestUri, CredentialRuleIds.ToolNotAllowed, $"tool '{call.ToolName}' may not reach backend '{_backend.Name}'");
        }

        if (request.Headers.Host is { } hostHeader && !string.Equals(hostHeader, request.RequestUri.Authority, StringComparison.OrdinalIgnoreCase))
        {
            // A Host header naming another site would let a shared front end route the credential to that site.
            throw Refuse(scope, request.RequestUri, CredentialRuleIds.HostNotAllowed, $"the Host header names another host than '{request.RequestUri.Authority}'");
        }

        if (FindBrokenHeader(request) is { } broken)
        {
            // HttpClient sends values added with TryAddWithoutValidation as they are: a line break would put a header of
            // the model's choosing (or a second request) next to the credential.
            throw Refuse(scope, request.RequestUri, CredentialRuleIds.BadHeader, $"header '{broken}' holds a line break or NUL; nothing was sent");
        }

        if (CredentialHandleFormat.Contains(request.RequestUri.OriginalString))
        {
            throw Refuse(scope, request.RequestUri, CredentialRuleIds.HandleMisuse, "a credential handle in the URL would reach the backend; present it in the Authorization header");
        }

        foreach (var handle in presented ?? [])
        {
            var status = await _handles.ValidateAsync(handle, call, _backend.Name, cancellationToken).ConfigureAwait(false);
            if (status != CredentialHandleStatus.Valid)
            {
                CredentialLog.HandleMisused(_logger, call.ToolName, call.SessionId, status);
                throw Refuse(scope, request.RequestUri, CredentialRuleIds.HandleMisuse, CredentialHandleService.Describe(status));
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await SendFollowingRedirectsAsync(request, scope, new CredentialRequest(_backend.Name, call, scope.UserTokenReference), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AgentGuardCredentialException ex) when (ex.IsRefusal && ex.RuleId != CredentialRuleIds.HostNotAllowed && ex.RuleId != CredentialRuleIds.InsecureScheme)
        {
            // The vault or the token service refused this user: as much a barrier as the backend's own 403.
            scope.ReportDenied(new BackendDenial(_backend.Name, ex.RuleId, ex.Message, null, Resource(request.RequestUri!)));
            CredentialLog.RequestRefused(_logger, _backend.Name, call.ToolName, call.SessionId, ex.RuleId, ex.Message);
            throw;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var code = (int)response.StatusCode;
            CredentialLog.BackendDenied(_logger, _backend.Name, code, call.ToolName, call.SessionId);
            scope.ReportDenied(new BackendDenial(
                _backend.Name, CredentialRuleIds.BackendDenied, $"backend '{_backend.Name}' answered {code}", code, Resource(request.RequestUri!)));
        }

        return response;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _next?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Scheme, host and path: what a request addressed, without userinfo or query.</summary>
    private static string Resource(Uri uri) => $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";

    /// <summary>Finds a request or content header whose raw value holds CR, LF or NUL (names are validated by HttpClient
    /// even when values are not).</summary>
    private static string? FindBrokenHeader(HttpRequestMessage request)
    {
        foreach (var header in request.Headers.NonValidated)
        {
            if (IsBroken(header.Value))
            {
                return header.Key;
            }
        }

        foreach (var header in request.Content?.Headers.NonValidated ?? default)
        {
            if (IsBroken(header.Value))
            {
                return header.Key;
            }
        }

        return null;

        static bool IsBroken(HeaderStringValues values)
        {
            foreach (var value in values)
            {
                if (value.AsSpan().IndexOfAny(s_lineBreaks) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private AgentGuardCredentialException Refuse(AgentGuardCallScope? scope, Uri uri, string rule, string reason)
    {
        CredentialLog.RequestRefused(_logger, _backend.Name, scope?.Call.ToolName, scope?.Call.SessionId, rule, reason);
        scope?.ReportDenied(new BackendDenial(_backend.Name, rule, reason, null, Resource(uri)));
        return new AgentGuardCredentialException($"AgentGuard refused the request to backend '{_backend.Name}': {reason}", rule, _backend.Name, HttpStatusCode.Forbidden);
    }
}
