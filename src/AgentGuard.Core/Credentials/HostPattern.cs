namespace AgentGuard;

/// <summary>One declared backend host: <c>name</c>, <c>name:port</c>, <c>*.name</c> or an IP literal (IPv6 in brackets).</summary>
/// <remarks>Without a port the pattern matches only the scheme's default port. A wildcard matches one or more labels in
/// front of the name, never the name itself. Comparison is on the IDN (punycode) host, case-insensitively.</remarks>
internal sealed class HostPattern
{
    private HostPattern(string host, bool wildcard, int? port, string text)
    {
        Host = host;
        Wildcard = wildcard;
        Port = port;
        Text = text;
    }

    public string Host { get; }

    public bool Wildcard { get; }

    public int? Port { get; }

    public string Text { get; }

    public static bool TryParse(string? text, out HostPattern? pattern)
    {
        pattern = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text)
        {
            return false;
        }

        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var rest = wildcard ? text[2..] : text;
        if (rest.Contains('*', StringComparison.Ordinal) || rest.IndexOfAny(['/', '?', '#', '@', '\\']) >= 0
            || !Uri.TryCreate("http://" + rest, UriKind.Absolute, out var uri) || uri.IdnHost.Length == 0)
        {
            return false;
        }

        var colon = rest.LastIndexOf(':');
        var explicitPort = colon > rest.LastIndexOf(']');
        pattern = new HostPattern(uri.IdnHost.ToLowerInvariant(), wildcard, explicitPort ? uri.Port : null, text);
        return true;
    }

    public bool Matches(Uri uri)
    {
        if (Port is { } port ? uri.Port != port : !uri.IsDefaultPort)
        {
            return false;
        }

        var host = uri.IdnHost;
        if (!Wildcard)
        {
            return string.Equals(host, Host, StringComparison.OrdinalIgnoreCase);
        }

        return host.Length > Host.Length + 1
            && host.EndsWith(Host, StringComparison.OrdinalIgnoreCase)
            && host[host.Length - Host.Length - 1] == '.';
    }

    public override string ToString() => Text;
}
