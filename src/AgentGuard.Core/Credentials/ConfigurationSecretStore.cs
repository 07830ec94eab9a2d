using Microsoft.Extensions.Configuration;

namespace AgentGuard;

/// <summary>Reads secrets from the host's configuration (<c>config:Crm:Token</c>): user secrets, a key-vault
/// configuration provider, environment variables bound into configuration.</summary>
internal sealed class ConfigurationSecretStore(IConfiguration? configuration) : ISecretStore
{
    public string Name => SecretStoreNames.Configuration;

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken) =>
        new(configuration?[name] is { Length: > 0 } value ? value : null);
}
