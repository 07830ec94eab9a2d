namespace AgentGuard;

/// <summary>One backend that tools reach through AgentGuard's credential handler: where it is, which tools may reach it,
/// and which credential each user's calls present.</summary>
public sealed class CredentialBackendOptions
{
    /// <summary>Gets the hosts requests may go to: <c>crm.contoso.example</c> (default port of the scheme),
    /// <c>crm.contoso.example:8443</c>, <c>*.crm.contoso.example</c> (any subdomain, not the name itself), <c>127.0.0.1:5000</c>.</summary>
    /// <remarks>A request or a redirect to any other host is refused, and no credential is sent there.</remarks>
    public IList<string> Hosts { get; } = [];

    /// <summary>Gets the tools (names or globs such as <c>crm.*</c>) whose calls may reach the backend.</summary>
    /// <value>The default value is empty, which means <c>&lt;backend&gt;.*</c>.</value>
    public IList<string> Tools { get; } = [];

    /// <summary>Gets or sets a value indicating whether plain HTTP is refused (loopback addresses excepted).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether redirects to the backend's own hosts are followed (with the
    /// credential re-applied per hop). Redirects elsewhere are never followed: the caller receives the redirect.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool FollowRedirects { get; set; } = true;

    /// <summary>Gets or sets the most redirects followed for one request.</summary>
    /// <value>The default value is 5.</value>
    public int MaxRedirects { get; set; } = CredentialDefaults.MaxRedirects;

    /// <summary>Gets or sets the credential for calls whose user has no entry in <see cref="Users"/> (or that have no user).</summary>
    /// <value>The default value is <see langword="null"/>: only users listed in <see cref="Users"/> reach the backend.</value>
    public CredentialOptions? Credential { get; set; }

    /// <summary>Gets the per-user credentials, by user id (ordinal); an entry wins over <see cref="Credential"/>.</summary>
    public IDictionary<string, CredentialOptions> Users { get; } = new Dictionary<string, CredentialOptions>(StringComparer.Ordinal);

    /// <summary>Gets further request headers to strip from tool code's requests, besides <c>Authorization</c>,
    /// <c>Proxy-Authorization</c>, <c>Cookie</c> and every credential's own header.</summary>
    public IList<string> StripHeaders { get; } = [];
}
