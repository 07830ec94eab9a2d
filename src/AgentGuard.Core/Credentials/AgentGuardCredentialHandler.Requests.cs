using System.Net;

namespace AgentGuard;

public sealed partial class AgentGuardCredentialHandler
{
    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static Uri WithoutUserInfo(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;

    /// <summary>Removes every credential the caller put on the request; returns the credential handles it presented.</summary>
    private List<string>? StripCallerCredentials(HttpRequestMessage request, string? tool)
    {
        List<string>? presented = null;
        List<string>? stripped = null;
        foreach (var name in _backend.StripHeaders)
        {
            foreach (var headers in (ReadOnlySpan<System.Net.Http.Headers.HttpHeaders?>)[request.Headers, request.Content?.Headers])
            {
                if (headers is null || !headers.NonValidated.TryGetValues(name, out var values))
                {
                    continue;
                }

                var onlyHandles = true;
                foreach (var value in values)
                {
                    if (CredentialHandleFormat.Contains(value))
                    {
                        CredentialHandleFormat.FindAll(value, presented ??= []);
                    }

                    onlyHandles &= IsPresentedHandle(value);
                }

                headers.Remove(name);
                if (!onlyHandles)
                {
                    (stripped ??= []).Add(name);
                }
            }
        }

        if (request.RequestUri is { UserInfo.Length: > 0 } uri)
        {
            request.RequestUri = WithoutUserInfo(uri);
            (stripped ??= []).Add("URL userinfo");
        }

        if (stripped is not null)
        {
            CredentialLog.CallerCredentialsStripped(_logger, string.Join(", ", stripped.Distinct(StringComparer.OrdinalIgnoreCase)), _backend.Name, tool ?? "(no call)");
        }

        return presented;
    }

    /// <summary>A header value that is just a handle (<c>agh_…</c> or <c>Bearer agh_…</c>): the expected way to present one.</summary>
    private static bool IsPresentedHandle(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..].TrimStart();
        }

        return CredentialHandleFormat.IsHandle(text);
    }

    private void EnsureAllowed(Uri uri, AgentGuardCallScope scope)
    {
        if (!_backend.AllowsHost(uri))
        {
            throw Refuse(scope, uri, CredentialRuleIds.HostNotAllowed, $"host '{uri.Authority}' is not declared for backend '{_backend.Name}'");
        }

        if (!_backend.IsSecureEnough(uri))
        {
            throw Refuse(scope, uri, CredentialRuleIds.InsecureScheme, $"'{uri.Scheme}' to '{uri.Authority}' would expose the credential; backend '{_backend.Name}' requires https");
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(
        HttpRequestMessage request,
        AgentGuardCallScope scope,
        CredentialRequest credentialRequest,
        CancellationToken cancellationToken)
    {
        var next = _next ??= new HttpMessageInvoker(InnerHandler ?? throw new InvalidOperationException("The credential handler has no inner handler."), disposeHandler: false);
        var tool = credentialRequest.Call.ToolName;
        for (var redirects = 0; ; redirects++)
        {
            var uri = request.RequestUri!;
            EnsureAllowed(uri, scope);
            var response = await _broker.SendAsync(credentialRequest, request, next, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(request.RequestUri, uri))
            {
                // Something below followed a redirect with the credential on: it may have gone to another host already.
                response.Dispose();
                CredentialLog.InnerRedirect(_logger, _backend.Name);
                throw new AgentGuardCredentialException(
                    $"the HTTP pipeline of backend '{_backend.Name}' follows redirects by itself; the response is refused",
                    CredentialRuleIds.HostNotAllowed,
                    _backend.Name,
                    null);
            }

            if (!_backend.FollowRedirects || !IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var target = WithoutUserInfo(location.IsAbsoluteUri ? location : new Uri(uri, location));
            if (redirects >= _backend.MaxRedirects)
            {
                CredentialLog.TooManyRedirects(_logger, _backend.Name, tool, _backend.MaxRedirects);
                return response;
            }

            var downgrade = uri.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps;
            if (downgrade || !_backend.AllowsHost(target) || !_backend.IsSecureEnough(target))
            {
                CredentialLog.RedirectNotFollowed(_logger, _backend.Name, tool, $"{target.Scheme}://{target.Authority}");
                return response;
            }

            var status = response.StatusCode;
            response.Dispose();
            if ((status is HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post)
                || (status == HttpStatusCode.SeeOther && request.Method != HttpMethod.Head))
            {
                request.Method = HttpMethod.Get;
                request.Content = null;
            }

            request.RequestUri = target;
        }
    }
}
