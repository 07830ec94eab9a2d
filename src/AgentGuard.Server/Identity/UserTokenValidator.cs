using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentGuard;

/// <summary>Validates the delegating user's signed token with Microsoft.IdentityModel.JsonWebTokens: signature, issuer,
/// audience and lifetime; the user is the <c>sub</c> claim.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class UserTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    /// <summary>Initializes a new instance of the <see cref="UserTokenValidator"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="signingKey">The key that verifies signatures.</param>
    public UserTokenValidator(UserTokenOptions options, SecurityKey signingKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signingKey);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = signingKey,
            ClockSkew = options.ClockSkew,
        };
    }

    /// <summary>Creates the validator described by options, reading the key they reference.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="InvalidOperationException">No key, or the key cannot be read.</exception>
    public static UserTokenValidator Create(UserTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Issuer) || string.IsNullOrEmpty(options.Audience))
        {
            throw new InvalidOperationException("AgentGuard:Server:UserTokens needs Issuer and Audience.");
        }

        if (options.PublicKeyFile is { Length: > 0 } file)
        {
            var pem = File.ReadAllText(file);
            if (TryEc(pem) is { } ec)
            {
                return new UserTokenValidator(options, new ECDsaSecurityKey(ec));
            }

            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new UserTokenValidator(options, new RsaSecurityKey(rsa));
        }

        if (options.SymmetricKey is { Length: > 0 } reference)
        {
            var text = reference switch
            {
                _ when reference.StartsWith("env:", StringComparison.Ordinal) => Environment.GetEnvironmentVariable(reference[4..]),
                _ when reference.StartsWith("file:", StringComparison.Ordinal) => File.ReadAllText(reference[5..]).Trim(),
                _ => throw new InvalidOperationException("AgentGuard:Server:UserTokens:SymmetricKey must be a reference (env:NAME or file:PATH), never the key itself."),
            } ?? throw new InvalidOperationException($"the user-token key '{reference}' is not set");
            return new UserTokenValidator(options, new SymmetricSecurityKey(Convert.FromBase64String(text)));
        }

        throw new InvalidOperationException("AgentGuard:Server:UserTokens needs SymmetricKey or PublicKeyFile.");
    }

    /// <summary>Validates a token and returns its subject.</summary>
    /// <param name="token">The compact JWT.</param>
    /// <returns>The user id, or <see langword="null"/> with the reason when the token is invalid.</returns>
    public async ValueTask<(string? User, string? Error)> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, "a signed user token is required");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, "the user token is invalid: " + (result.Exception?.GetType().Name ?? "rejected"));
        }

        return result.Claims.TryGetValue("sub", out var sub) && sub is string user && user.Length > 0
            ? (user, null)
            : (null, "the user token has no subject");
    }

    private static ECDsa? TryEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (ArgumentException)
        {
            ec.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            return null;
        }
    }
}
