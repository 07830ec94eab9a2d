namespace AgentGuard;

/// <summary>Options for AgentGuard's token isolation: the backends, their credentials, handles and token caching.</summary>
public sealed class AgentGuardCredentialOptions
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> AgentGuard uses for OAuth token endpoints
    /// (configure it with <c>services.AddHttpClient(...)</c>; redirects and cookies are always off for it).</summary>
    public const string TokenEndpointHttpClientName = "AgentGuard.TokenEndpoint";

    /// <summary>Gets the backends, by name (<c>[a-z0-9][a-z0-9._-]*</c>).</summary>
    public IDictionary<string, CredentialBackendOptions> Backends { get; } = new Dictionary<string, CredentialBackendOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets how long a credential handle stays valid unless a shorter lifetime is asked for.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan HandleLifetime { get; set; } = CredentialDefaults.HandleLifetime;

    /// <summary>Gets or sets how long before its expiry an OAuth access token is replaced.</summary>
    /// <value>The default value is 60 seconds (at most half the token's lifetime).</value>
    public TimeSpan TokenRefreshBefore { get; set; } = CredentialDefaults.TokenRefreshBefore;

    /// <summary>Gets or sets how long a token is used when the token endpoint does not say (<c>expires_in</c> missing).</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan DefaultTokenLifetime { get; set; } = CredentialDefaults.DefaultTokenLifetime;

    /// <summary>Gets or sets how long a secret read from a store is reused before it is read again (rotation).</summary>
    /// <value>The default value is 5 minutes; <see cref="TimeSpan.Zero"/> reads on every request.</value>
    public TimeSpan SecretCacheDuration { get; set; } = CredentialDefaults.SecretCacheDuration;

    /// <summary>Gets errors met while reading credential configuration, reported by validation at start-up.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}
