namespace AgentGuard;

/// <summary>How AgentGuard authenticates as an OAuth client at a token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthenticationMethod
{
    /// <summary>HTTP basic authentication with the form-encoded client id and secret (<c>client_secret_basic</c>).</summary>
    ClientSecretBasic = 0,

    /// <summary>The client id and secret in the request body (<c>client_secret_post</c>).</summary>
    ClientSecretPost = 1,

    /// <summary>No client secret: only <c>client_id</c> is sent (a public client), when one is configured.</summary>
    None = 2,
}
