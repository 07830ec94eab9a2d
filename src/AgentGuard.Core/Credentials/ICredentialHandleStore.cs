namespace AgentGuard;

/// <summary>Keeps issued credential handles and their bindings: in memory by default, shared (Redis) across replicas.</summary>
/// <remarks>Implementations are thread-safe and may keep a digest of the value rather than the value itself.</remarks>
public interface ICredentialHandleStore
{
    /// <summary>Stores a newly issued handle.</summary>
    /// <param name="handle">The handle's value.</param>
    /// <param name="binding">What it is bound to.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the handle is stored.</returns>
    ValueTask AddAsync(string handle, CredentialHandleBinding binding, CancellationToken cancellationToken);

    /// <summary>Finds a handle's binding.</summary>
    /// <param name="handle">The handle's value.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The binding, or <see langword="null"/> for an unknown or revoked handle.</returns>
    ValueTask<CredentialHandleBinding?> FindAsync(string handle, CancellationToken cancellationToken);

    /// <summary>Revokes one handle.</summary>
    /// <param name="handle">The handle's value.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the handle existed.</returns>
    ValueTask<bool> RemoveAsync(string handle, CancellationToken cancellationToken);

    /// <summary>Revokes every handle of a session.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many handles were revoked.</returns>
    ValueTask<int> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken);
}
