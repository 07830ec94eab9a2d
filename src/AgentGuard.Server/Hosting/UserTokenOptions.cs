namespace AgentGuard;

/// <summary>Validation of the delegating user's signed token (a JWT in the <c>agentguard-user-token</c> header).</summary>
/// <remarks>When configured, every agent call needs a valid token; the user is its <c>sub</c> claim, and a different
/// user named by the client is refused.</remarks>
public sealed class UserTokenOptions
{
    /// <summary>Gets or sets the expected issuer.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Gets or sets the expected audience.</summary>
    public string Audience { get; set; } = string.Empty;

    /// <summary>Gets or sets an HMAC signing key as a secret reference (<c>env:NAME</c> or <c>file:PATH</c>; base64 content).</summary>
    public string? SymmetricKey { get; set; }

    /// <summary>Gets or sets a PEM file with the issuer's RSA or EC public key.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>Gets or sets the allowed clock skew.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
