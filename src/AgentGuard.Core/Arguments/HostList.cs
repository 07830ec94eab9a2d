namespace AgentGuard;

/// <summary><c>allowed_hosts</c>: the value must be an http(s)/ws(s) URL (or bare host) whose host is listed.</summary>
/// <remarks>
/// Entries are exact hosts, <c>*.example.com</c> (subdomains only) or <c>host:port</c>; an entry without a port
/// allows only the scheme's default port. URLs with user information
/// (<c>https://good@evil</c>) are refused outright; hosts are compared in lower-case ASCII (punycode) form without a
/// trailing dot, so case, IDN look-alikes and <c>host.</c> tricks do not slip through.
/// </remarks>
internal sealed class HostList
{
    private readonly (string Host, bool Wildcard, int? Port)[] _entries;

    public HostList(IEnumerable<string> hosts) => _entries = [.. hosts.Select(Parse)];

    public bool Allows(string value, out string reason)
    {
        if (DomainList.HasInvisible(value))
        {
            reason = "contains invisible or control characters";
            return false;
        }

        var text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown || uri.Host.Length == 0)
        {
            reason = "is not a URL with a host";
            return false;
        }

        if (uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            reason = $"scheme '{CompiledArguments.Printable(uri.Scheme)}' is not allowed";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            reason = "URLs carrying user information are not allowed";
            return false;
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        foreach (var (allowed, wildcard, port) in _entries)
        {
            var hostMatches = wildcard
                ? host.Length > allowed.Length + 1 && host.EndsWith(allowed, StringComparison.Ordinal) && host[host.Length - allowed.Length - 1] == '.'
                : host == allowed;
            if (hostMatches && (port is null ? uri.IsDefaultPort : port == uri.Port))
            {
                reason = string.Empty;
                return true;
            }
        }

        reason = $"host '{CompiledArguments.Printable(host)}' is not allowed";
        return false;
    }

    private static (string Host, bool Wildcard, int? Port) Parse(string entry)
    {
        var e = entry.Trim().ToLowerInvariant();
        var wildcard = e.StartsWith("*.", StringComparison.Ordinal);
        if (wildcard)
        {
            e = e[2..];
        }

        int? port = null;
        var colon = e.LastIndexOf(':');
        if (colon > 0 && !e.Contains(']', StringComparison.Ordinal) && int.TryParse(e.AsSpan(colon + 1), out var p))
        {
            port = p;
            e = e[..colon];
        }

        return (DomainList.NormalizeDomain(e) ?? e.TrimEnd('.'), wildcard, port);
    }
}
