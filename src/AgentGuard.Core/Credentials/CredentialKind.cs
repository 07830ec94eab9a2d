namespace AgentGuard;

/// <summary>How a backend credential is presented to the backend.</summary>
public enum CredentialKind
{
    /// <summary>A static bearer token: <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    Bearer = 0,

    /// <summary>A static API key in a header (<see cref="CredentialOptions.HeaderName"/>, <c>X-API-Key</c> by default).</summary>
    ApiKey = 1,

    /// <summary>HTTP basic authentication (RFC 7617) with <see cref="CredentialOptions.UserName"/> and the secret as password.</summary>
    Basic = 2,

    /// <summary>An OAuth 2.0 access token from the client credentials grant (RFC 6749 §4.4), cached until it expires.</summary>
    OAuthClientCredentials = 3,

    /// <summary>An OAuth 2.0 token exchange (RFC 8693): the delegating user's token is exchanged for a narrowly scoped
    /// backend token, cached per user until it expires.</summary>
    OAuthTokenExchange = 4,

    /// <summary>The delegating user's own token, passed through as a bearer token.</summary>
    PassThrough = 5,
}
