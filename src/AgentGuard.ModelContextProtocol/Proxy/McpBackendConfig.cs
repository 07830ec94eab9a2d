using ModelContextProtocol.Client;

namespace AgentGuard;

/// <summary>One backend MCP server of the gateway: how to start or reach it, and its credentials.</summary>
/// <remarks>Credentials (<see cref="Environment"/> for stdio servers, <see cref="Headers"/> for HTTP servers) exist only
/// here: the host never sees them. Values may name the proxy's own environment variables as <c>${NAME}</c>, expanded
/// when the server is started (<c>$$</c> is a literal <c>$</c>).</remarks>
public sealed record McpBackendConfig
{
    /// <summary>Gets the server's name: the namespace of its tools.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the command that starts a stdio server, or <see langword="null"/> for an HTTP server.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the command's arguments.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the stdio server's working directory, or <see langword="null"/> for the configuration's directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets the stdio server's environment variables (credentials), unexpanded.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether the stdio server inherits the proxy's whole environment.</summary>
    /// <value>The default value is <see langword="false"/>: it gets only a minimal set (<c>PATH</c>, <c>HOME</c>, …) plus
    /// <see cref="Environment"/>, so one server never sees another's credentials.</value>
    public bool InheritEnvironment { get; init; }

    /// <summary>Gets the HTTP server's endpoint, or <see langword="null"/> for a stdio server.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the HTTP transport.</summary>
    /// <value>The default value is <see cref="HttpTransportMode.StreamableHttp"/>.</value>
    public HttpTransportMode Transport { get; init; } = HttpTransportMode.StreamableHttp;

    /// <summary>Gets the HTTP server's request headers (credentials), unexpanded.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the name of the publisher whose key must verify the server's tool manifest, or <see langword="null"/>.</summary>
    public string? Publisher { get; init; }

    /// <summary>Gets the file holding the publisher's signature of the tool manifest (DER or 64-byte P1363, raw or base64).</summary>
    public string? SignaturePath { get; init; }

    /// <summary>Gets how long connecting and listing tools may take, or <see langword="null"/> for the gateway's default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Gets how long one call may take, or <see langword="null"/> for the gateway's default.</summary>
    public TimeSpan? CallTimeout { get; init; }

    /// <summary>Reads the publisher's signature from <see cref="SignaturePath"/> (raw bytes, or base64 text).</summary>
    /// <returns>The signature, or <see langword="null"/> when none is configured.</returns>
    public ReadOnlyMemory<byte>? ReadSignature()
    {
        if (SignaturePath is not { } path)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        var buffer = new byte[bytes.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsMemory(0, written) : bytes;
    }

    /// <summary>Gets the identity the registry checks (command and arguments, or URL, as written).</summary>
    public McpServerIdentity Identity => Command is null
        ? McpServerIdentity.Http(Name, Url ?? string.Empty)
        : McpServerIdentity.Stdio(Name, Command, Arguments);
}
