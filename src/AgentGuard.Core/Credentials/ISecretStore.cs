namespace AgentGuard;

/// <summary>A named source of secrets: environment, files, configuration, or a real secret store (Key Vault, Vault).</summary>
/// <remarks>Implementations are thread-safe, never log the values they return, and return <see langword="null"/> for
/// a secret they do not hold (the request that needed it is then refused). AgentGuard caches values for
/// <see cref="AgentGuardCredentialOptions.SecretCacheDuration"/>.</remarks>
public interface ISecretStore
{
    /// <summary>Gets the store's name, the part before the colon in a <see cref="SecretReference"/>.</summary>
    string Name { get; }

    /// <summary>Reads one secret.</summary>
    /// <param name="name">The secret's name within the store.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The secret, or <see langword="null"/> when the store does not hold it.</returns>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken);
}
