namespace AgentGuard;

/// <summary>The stable rule ids token isolation records: on decisions (handles in arguments), on
/// <see cref="AgentGuardCallScope"/> denials and on <see cref="AgentGuardCredentialException"/>s.</summary>
public static class CredentialRuleIds
{
    /// <summary>A credential handle used outside its binding (another session, agent, user, tool or backend), or one
    /// that is unknown, expired or revoked.</summary>
    public const string HandleMisuse = "credentials.handle_misuse";

    /// <summary>Tool code sent a credentialed request outside any authorized tool call.</summary>
    public const string NoCall = "credentials.no_call";

    /// <summary>The executing tool may not reach the backend.</summary>
    public const string ToolNotAllowed = "credentials.tool_not_allowed";

    /// <summary>A request header name or value holds a line break or NUL: it could smuggle a header (or a second request)
    /// next to the credential, so nothing is sent.</summary>
    public const string BadHeader = "credentials.bad_header";

    /// <summary>The request (or a redirect) addressed a host not declared for the backend.</summary>
    public const string HostNotAllowed = "credentials.host_not_allowed";

    /// <summary>The request would have carried a credential over plain HTTP.</summary>
    public const string InsecureScheme = "credentials.insecure_scheme";

    /// <summary>No credential could be found for the call: no entry for the user, a missing secret, no user token.</summary>
    public const string Unavailable = "credentials.unavailable";

    /// <summary>The token endpoint refused to issue a token for the call (for example <c>invalid_grant</c> on a token exchange).</summary>
    public const string TokenRefused = "credentials.token_refused";

    /// <summary>The token endpoint failed (unreachable, an error status, a malformed answer).</summary>
    public const string TokenEndpointFailed = "credentials.token_endpoint";

    /// <summary>The backend itself refused the request (HTTP 401 or 403).</summary>
    public const string BackendDenied = "backend.denied";
}
