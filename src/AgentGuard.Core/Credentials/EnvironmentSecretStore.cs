namespace AgentGuard;

/// <summary>Reads secrets from environment variables (<c>env:NAME</c>).</summary>
internal sealed class EnvironmentSecretStore : ISecretStore
{
    public string Name => SecretStoreNames.Environment;

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken) =>
        new(System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null);
}
