namespace AgentGuard;

/// <summary>Where the enforcement service listens. With nothing set it listens on the default Unix socket.</summary>
public sealed class ServerListenOptions
{
    /// <summary>Gets or sets the Unix domain socket path (h2c); the socket file gets mode 0600.</summary>
    public string? UnixSocket { get; set; }

    /// <summary>Gets or sets a loopback TCP endpoint for h2c, for example <c>127.0.0.1:5077</c> (port 0 picks one).</summary>
    public string? Tcp { get; set; }

    /// <summary>Gets or sets a TCP endpoint served with TLS (HTTP/2 over ALPN), for remote hosts.</summary>
    public string? Https { get; set; }

    /// <summary>Gets or sets the TLS settings for <see cref="Https"/>.</summary>
    public ServerTlsOptions? Tls { get; set; }

    /// <summary>Gets or sets a file the service writes its bound addresses to once it listens (for tests and scripts).</summary>
    public string? ReadyFile { get; set; }
}
