namespace AgentGuard;

/// <summary>Maps (backend, tool call, user) to the real backend credential, at the moment an allowed call's request goes out.</summary>
/// <remarks>
/// The built-in vault reads the backends configured with <c>AddCredential</c> / <c>AddCredentialsFromConfiguration</c>:
/// the user's own entry, else the backend's default; static bearer tokens, API keys and basic auth read through
/// <see cref="ISecretStore"/>s; OAuth client-credentials and token-exchange tokens cached until they expire; the
/// user's own token from <see cref="IUserTokenProvider"/>. Implementations are thread-safe, throw
/// <see cref="AgentGuardCredentialException"/> when no credential can be had, and never log a secret.
/// </remarks>
public interface ICredentialVault
{
    /// <summary>Gets the credential for one request.</summary>
    /// <param name="request">The backend and the authorized call.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The credential, for this request only.</returns>
    ValueTask<BackendCredential> GetCredentialAsync(CredentialRequest request, CancellationToken cancellationToken);
}
