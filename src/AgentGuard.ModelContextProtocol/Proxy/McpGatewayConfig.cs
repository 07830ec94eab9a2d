using System.Text;

namespace AgentGuard;

/// <summary>The guarding proxy's configuration (<c>gateway.yaml</c>): the identity of the proxied host, the policy, the
/// lock file and the backend servers. Read it with <see cref="McpGatewayConfigReader"/>; the format is documented in
/// <c>docs/mcp.md</c>.</summary>
public sealed record McpGatewayConfig
{
    /// <summary>Gets the file the configuration was read from, when any.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Gets who the host acts as.</summary>
    public required McpGatewayIdentity Identity { get; init; }

    /// <summary>Gets the persona directory or file.</summary>
    public required string PersonasPath { get; init; }

    /// <summary>Gets the tool catalog file, or <see langword="null"/>.</summary>
    public string? CatalogPath { get; init; }

    /// <summary>Gets the user entitlements file, or <see langword="null"/>.</summary>
    public string? UsersPath { get; init; }

    /// <summary>Gets the lock file.</summary>
    public required string LockPath { get; init; }

    /// <summary>Gets whether verdicts are enforced or only recorded.</summary>
    /// <value>The default value is <see cref="EnforcementMode.Enforce"/>.</value>
    public EnforcementMode Mode { get; init; } = EnforcementMode.Enforce;

    /// <summary>Gets the poisoning severity at or above which tools are refused; <see langword="null"/> for never.</summary>
    /// <value>The default value is <see cref="McpFindingSeverity.High"/>.</value>
    public McpFindingSeverity? RefuseAtSeverity { get; init; } = McpFindingSeverity.High;

    /// <summary>Gets what separates the server's name from the tool's in the names the host sees.</summary>
    /// <value>The default value is <c>"."</c> (<c>files.read_file</c>), the name personas use; hosts that refuse dots in
    /// tool names can use <c>"__"</c>.</value>
    public string NamespaceSeparator { get; init; } = ".";

    /// <summary>Gets how long connecting to a server and listing its tools may take.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long one backend call may take.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the publishers' public key files (PEM, ECDSA P-256) by publisher name.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, string> Publishers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the backend servers (the allowlist: a server not listed here is never started).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<McpBackendConfig> Servers { get; init; } = [];

    /// <summary>Builds the gateway's trusted tool registry: its lock file, refusal severity and publisher keys.</summary>
    /// <returns>The registry.</returns>
    /// <exception cref="InvalidDataException">The lock file is invalid.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A publisher key is not a P-256 public key.</exception>
    public McpToolRegistry CreateRegistry()
    {
        var options = new McpToolRegistryOptions { RefuseAtSeverity = RefuseAtSeverity };
        foreach (var server in Servers.Where(static s => s.Publisher is not null))
        {
            options.PublisherKeys[server.Name] = [McpToolManifest.ImportPublicKey(File.ReadAllText(Publishers[server.Publisher!]))];
        }

        return new McpToolRegistry(McpLockFile.Load(LockPath), options);
    }

    /// <summary>Expands <c>${NAME}</c> references to the proxy's environment variables; <c>$$</c> is a literal <c>$</c>.</summary>
    /// <param name="value">The configured value.</param>
    /// <param name="environment">Looks a variable up; defaults to the process environment.</param>
    /// <returns>The expanded value.</returns>
    /// <exception cref="InvalidOperationException">A referenced variable is not set.</exception>
    public static string Expand(string value, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        environment ??= System.Environment.GetEnvironmentVariable;
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 >= value.Length)
            {
                result.Append(value[i]);
                continue;
            }

            if (value[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            var close = value[i + 1] == '{' ? value.IndexOf('}', i + 2) : -1;
            if (close < 0)
            {
                result.Append('$');
                continue;
            }

            var name = value[(i + 2)..close];
            result.Append(environment(name) ?? throw new InvalidOperationException($"environment variable '{name}' is not set"));
            i = close;
        }

        return result.ToString();
    }
}
