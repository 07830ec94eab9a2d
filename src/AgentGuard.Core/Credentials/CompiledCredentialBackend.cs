using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>A validated backend, resolved once: host patterns, tool globs, the credential per user, headers to strip.</summary>
internal sealed class CompiledCredentialBackend
{
    private static readonly string[] s_alwaysStripped = ["Authorization", "Proxy-Authorization", "Cookie", CredentialDefaults.HandleHeader];

    private readonly HostPattern[] _hosts;
    private readonly string[] _tools;

    public CompiledCredentialBackend(string name, CredentialBackendOptions options)
    {
        Name = name;
        var hosts = new List<HostPattern>(options.Hosts.Count);
        foreach (var text in options.Hosts)
        {
            if (HostPattern.TryParse(text, out var pattern))
            {
                hosts.Add(pattern!);
            }
        }

        _hosts = [.. hosts];
        _tools = options.Tools.Count > 0 ? [.. options.Tools] : [name + ".*"];
        RequireHttps = options.RequireHttps;
        FollowRedirects = options.FollowRedirects;
        MaxRedirects = options.MaxRedirects;
        Credential = options.Credential;
        Users = options.Users.ToFrozenDictionary(StringComparer.Ordinal);

        var strip = new HashSet<string>(s_alwaysStripped, StringComparer.OrdinalIgnoreCase);
        foreach (var header in options.StripHeaders)
        {
            strip.Add(header);
        }

        foreach (var credential in Users.Values.Append(Credential))
        {
            if (credential is not null)
            {
                strip.Add(credential.EffectiveHeaderName);
            }
        }

        StripHeaders = [.. strip];
    }

    public string Name { get; }

    public bool RequireHttps { get; }

    public bool FollowRedirects { get; }

    public int MaxRedirects { get; }

    public CredentialOptions? Credential { get; }

    public FrozenDictionary<string, CredentialOptions> Users { get; }

    public IReadOnlyList<string> Tools => _tools;

    public IReadOnlyList<string> StripHeaders { get; }

    public bool AllowsTool(string tool)
    {
        foreach (var pattern in _tools)
        {
            if (Glob.IsMatch(pattern, tool))
            {
                return true;
            }
        }

        return false;
    }

    public bool AllowsHost(Uri uri)
    {
        foreach (var host in _hosts)
        {
            if (host.Matches(uri))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the scheme may carry a credential: HTTPS, or HTTP to a loopback address or when HTTPS is not required.</summary>
    public bool IsSecureEnough(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (!RequireHttps || uri.IsLoopback));

    /// <summary>The credential for a user: the user's own entry, else the backend's default.</summary>
    public CredentialOptions? CredentialFor(string? userId, out string entry)
    {
        if (userId is not null && Users.TryGetValue(userId, out var own))
        {
            entry = "user:" + userId;
            return own;
        }

        entry = "default";
        return Credential;
    }
}
