namespace AgentGuard;

/// <summary>One backend credential: how it is presented and where its secrets come from.</summary>
/// <remarks>Holds references to secrets (<see cref="SecretReference"/>), never the secrets themselves (except
/// <see cref="SecretReference.FromValue"/> in code). Validated at start-up with the other credential options.</remarks>
public sealed class CredentialOptions
{
    /// <summary>Gets or sets how the credential is presented.</summary>
    /// <value>The default value is <see cref="CredentialKind.Bearer"/>.</value>
    public CredentialKind Kind { get; set; }

    /// <summary>Gets or sets the static secret: the bearer token, the API key, or the basic-auth password.</summary>
    /// <value>The default value is <see langword="null"/>; required for <see cref="CredentialKind.Bearer"/>,
    /// <see cref="CredentialKind.ApiKey"/> and <see cref="CredentialKind.Basic"/>.</value>
    public SecretReference? Secret { get; set; }

    /// <summary>Gets or sets the basic-auth user name.</summary>
    /// <value>The default value is <see langword="null"/>; required for <see cref="CredentialKind.Basic"/>.</value>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the header that carries an API key.</summary>
    /// <value>The default value is <see langword="null"/>: <c>X-API-Key</c>.</value>
    public string? HeaderName { get; set; }

    /// <summary>Gets or sets the OAuth token endpoint.</summary>
    /// <value>The default value is <see langword="null"/>; required for the OAuth kinds. HTTPS unless a loopback address.</value>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the OAuth client id AgentGuard authenticates as.</summary>
    /// <value>The default value is <see langword="null"/>; required for <see cref="CredentialKind.OAuthClientCredentials"/>.</value>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the OAuth client secret.</summary>
    /// <value>The default value is <see langword="null"/>; required unless <see cref="ClientAuthentication"/> is
    /// <see cref="ClientAuthenticationMethod.None"/>.</value>
    public SecretReference? ClientSecret { get; set; }

    /// <summary>Gets or sets how the client authenticates at the token endpoint.</summary>
    /// <value>The default value is <see cref="ClientAuthenticationMethod.ClientSecretBasic"/>.</value>
    public ClientAuthenticationMethod ClientAuthentication { get; set; }

    /// <summary>Gets the scopes to request (<c>scope</c>, space-separated on the wire).</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Gets or sets the audience to request (<c>audience</c>): the backend's logical name at the token service.</summary>
    /// <value>The default value is <see langword="null"/> (not sent).</value>
    public string? Audience { get; set; }

    /// <summary>Gets the resources to request (<c>resource</c>, RFC 8707 / RFC 8693): absolute URIs of the backend.</summary>
    public IList<string> Resources { get; } = [];

    /// <summary>Gets or sets the token type to ask a token exchange for (<c>requested_token_type</c>).</summary>
    /// <value>The default value is <c>urn:ietf:params:oauth:token-type:access_token</c>.</value>
    public string RequestedTokenType { get; set; } = CredentialDefaults.AccessTokenType;

    /// <summary>Gets or sets the type of the user's token in a token exchange (<c>subject_token_type</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the type the <see cref="IUserTokenProvider"/> reports.</value>
    public string? SubjectTokenType { get; set; }

    /// <summary>Gets or sets the agent's own token for delegation semantics in a token exchange (<c>actor_token</c>).</summary>
    /// <value>The default value is <see langword="null"/> (impersonation semantics: no actor token).</value>
    public SecretReference? ActorToken { get; set; }

    /// <summary>Gets or sets the type of <see cref="ActorToken"/> (<c>actor_token_type</c>).</summary>
    /// <value>The default value is <c>urn:ietf:params:oauth:token-type:access_token</c>.</value>
    public string ActorTokenType { get; set; } = CredentialDefaults.AccessTokenType;

    /// <summary>Gets the header the credential is presented in.</summary>
    internal string EffectiveHeaderName => Kind == CredentialKind.ApiKey ? HeaderName ?? CredentialDefaults.ApiKeyHeader : "Authorization";

    /// <summary>Creates a static bearer-token credential.</summary>
    /// <param name="token">Where the token comes from.</param>
    /// <returns>The credential.</returns>
    public static CredentialOptions Bearer(SecretReference token) => new() { Kind = CredentialKind.Bearer, Secret = token };

    /// <summary>Creates an API-key credential.</summary>
    /// <param name="key">Where the key comes from.</param>
    /// <param name="headerName">The header that carries it; <c>X-API-Key</c> when <see langword="null"/>.</param>
    /// <returns>The credential.</returns>
    public static CredentialOptions ApiKey(SecretReference key, string? headerName = null) =>
        new() { Kind = CredentialKind.ApiKey, Secret = key, HeaderName = headerName };

    /// <summary>Creates a basic-auth credential.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">Where the password comes from.</param>
    /// <returns>The credential.</returns>
    public static CredentialOptions Basic(string userName, SecretReference password) =>
        new() { Kind = CredentialKind.Basic, UserName = userName, Secret = password };

    /// <summary>Creates an OAuth 2.0 client-credentials credential.</summary>
    /// <param name="tokenEndpoint">The token endpoint.</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="clientSecret">Where the client secret comes from.</param>
    /// <param name="scopes">The scopes to request.</param>
    /// <returns>The credential.</returns>
    public static CredentialOptions ClientCredentials(Uri tokenEndpoint, string clientId, SecretReference clientSecret, params IEnumerable<string> scopes)
    {
        var options = new CredentialOptions { Kind = CredentialKind.OAuthClientCredentials, TokenEndpoint = tokenEndpoint, ClientId = clientId, ClientSecret = clientSecret };
        foreach (var scope in scopes ?? [])
        {
            options.Scopes.Add(scope);
        }

        return options;
    }

    /// <summary>Creates an OAuth 2.0 token-exchange credential (RFC 8693) for the delegating user's token.</summary>
    /// <param name="tokenEndpoint">The token endpoint.</param>
    /// <param name="clientId">The client id AgentGuard authenticates as.</param>
    /// <param name="clientSecret">Where the client secret comes from.</param>
    /// <param name="audience">The backend's audience, or <see langword="null"/>.</param>
    /// <param name="scopes">The scopes to request.</param>
    /// <returns>The credential.</returns>
    public static CredentialOptions TokenExchange(Uri tokenEndpoint, string clientId, SecretReference clientSecret, string? audience, params IEnumerable<string> scopes)
    {
        var options = new CredentialOptions
        {
            Kind = CredentialKind.OAuthTokenExchange,
            TokenEndpoint = tokenEndpoint,
            ClientId = clientId,
            ClientSecret = clientSecret,
            Audience = audience,
        };
        foreach (var scope in scopes ?? [])
        {
            options.Scopes.Add(scope);
        }

        return options;
    }

    /// <summary>Creates a credential that passes the delegating user's own token through as a bearer token.</summary>
    /// <returns>The credential.</returns>
    public static CredentialOptions PassThrough() => new() { Kind = CredentialKind.PassThrough };
}
