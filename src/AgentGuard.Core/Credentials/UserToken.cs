namespace AgentGuard;

/// <summary>The delegating user's own token, as the host's <see cref="IUserTokenProvider"/> returns it.</summary>
/// <remarks><see cref="ToString"/> never shows the token.</remarks>
public sealed class UserToken
{
    /// <summary>Initializes a new instance of the <see cref="UserToken"/> class.</summary>
    /// <param name="token">The token.</param>
    /// <param name="tokenType">Its RFC 8693 type URI; <c>urn:ietf:params:oauth:token-type:access_token</c> when <see langword="null"/>.</param>
    public UserToken(string token, string? tokenType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        Token = token;
        TokenType = tokenType ?? CredentialDefaults.AccessTokenType;
    }

    /// <summary>Gets the token. Never log it.</summary>
    public string Token { get; }

    /// <summary>Gets the token's type URI (for example <c>urn:ietf:params:oauth:token-type:id_token</c>).</summary>
    public string TokenType { get; }

    /// <inheritdoc />
    public override string ToString() => $"UserToken({TokenType}, hidden)";
}
