using System.Security.Cryptography.X509Certificates;

namespace AgentGuard;

/// <summary>Options of <see cref="RemoteAgentGuard"/>: where the enforcement service is, the inside key, deadlines,
/// retries and what happens when the service cannot be reached.</summary>
public sealed class RemoteEnforcementOptions
{
    /// <summary>Gets or sets the service's address: <c>unix:/path/to.sock</c>, <c>http://127.0.0.1:port</c> or <c>https://host:port</c>.</summary>
    /// <value>The default value is <c>unix:/run/agentguard/agentguard.sock</c>.</value>
    public string Address { get; set; } = RemoteEnforcementDefaults.Address;

    /// <summary>Gets or sets the inside key that authenticates this agent instance (and fixes its persona) at the service.</summary>
    /// <remarks>It opens nothing but the enforcement service. Prefer <see cref="InsideKeyFile"/> so it is not in the
    /// environment of every child process.</remarks>
    public string? InsideKey { get; set; }

    /// <summary>Gets or sets a file whose content (trimmed) is the inside key; read when the client is created.</summary>
    public string? InsideKeyFile { get; set; }

    /// <summary>Gets or sets a provider of the delegating user's signed token for each call, when the service requires one.</summary>
    public Func<ToolCall, string?>? UserTokenProvider { get; set; }

    /// <summary>Gets or sets the deadline of each call (sent as <c>grpc-timeout</c>).</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Deadline { get; set; } = RemoteEnforcementDefaults.Deadline;

    /// <summary>Gets or sets the time allowed to open a connection.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = RemoteEnforcementDefaults.ConnectTimeout;

    /// <summary>Gets or sets how many times a call that failed with UNAVAILABLE is retried (with jittered backoff).</summary>
    /// <value>The default value is 2.</value>
    public int MaxRetries { get; set; } = RemoteEnforcementDefaults.MaxRetries;

    /// <summary>Gets or sets the base delay of the retry backoff; each retry waits a random time up to base × 2^attempt.</summary>
    /// <value>The default value is 50 milliseconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = RemoteEnforcementDefaults.RetryBaseDelay;

    /// <summary>Gets or sets the largest message sent or accepted.</summary>
    /// <value>The default value is 4 MB.</value>
    public int MaxMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Gets the tools that fail open (allowed, with an alert in the log) when the service cannot be reached
    /// (<c>UNAVAILABLE</c>). Every other tool fails closed (denied), and so does every tool when the deadline passes: the
    /// service may be holding the call for a human's approval.</summary>
    public ISet<string> FailOpenTools { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the client certificate presented over TLS, when the service requires one.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Gets or sets the SHA-256 fingerprint (hex) of the service's certificate to pin over TLS; when unset the
    /// platform's chain validation applies.</summary>
    public string? ServerCertificateSha256 { get; set; }

    internal string ResolveInsideKey()
    {
        if (!string.IsNullOrEmpty(InsideKey))
        {
            return InsideKey;
        }

        if (!string.IsNullOrEmpty(InsideKeyFile))
        {
            return File.ReadAllText(InsideKeyFile).Trim();
        }

        throw new InvalidOperationException("RemoteEnforcementOptions needs an InsideKey or an InsideKeyFile.");
    }
}
