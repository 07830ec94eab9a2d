namespace AgentGuard;

/// <summary>Supplies the delegating user's own token, implemented by the host (which received it when the user signed in).</summary>
/// <remarks>
/// Needed only by backends whose credential is <see cref="CredentialKind.PassThrough"/> or
/// <see cref="CredentialKind.OAuthTokenExchange"/>. The host puts an opaque reference in
/// <see cref="AgentGuardContext.UserTokenReference"/> (a session key, a token-cache key — never the token), and this
/// provider resolves it when an allowed call's request goes out. The raw token never enters a <see cref="ToolCall"/>, a
/// decision or a log. Return <see langword="null"/> when there is no token: the request is refused. Implementations must
/// check that the reference belongs to <see cref="UserTokenRequest.Call"/>'s user.
/// </remarks>
public interface IUserTokenProvider
{
    /// <summary>Gets the delegating user's token for one request.</summary>
    /// <param name="request">The backend, the authorized call and the reference.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The token, or <see langword="null"/> when there is none.</returns>
    ValueTask<UserToken?> GetUserTokenAsync(UserTokenRequest request, CancellationToken cancellationToken);
}
