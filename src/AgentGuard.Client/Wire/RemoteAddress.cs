namespace AgentGuard;

/// <summary>Where the enforcement service listens: <c>unix:/path/to.sock</c>, <c>http://127.0.0.1:5077</c> (h2c) or
/// <c>https://host:5078</c> (TLS).</summary>
internal sealed record RemoteAddress(Uri BaseAddress, string? SocketPath)
{
    public static RemoteAddress Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = address["unix:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            if (path.Length == 0)
            {
                throw new ArgumentException($"'{address}' names no socket path.", nameof(address));
            }

            return new RemoteAddress(new Uri("http://localhost/"), path);
        }

        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new RemoteAddress(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), null);
        }

        throw new ArgumentException($"'{address}' is not an enforcement service address (unix:/path, http://host:port or https://host:port).", nameof(address));
    }
}
