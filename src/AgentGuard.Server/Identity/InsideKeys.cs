using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>The format of inside keys and of their stored form.</summary>
/// <remarks>
/// A key is <c>agk_{id}_{secret}</c>: a 16-hex-digit key id (not secret; it selects the stored entry) and 32 random bytes
/// (base64url). The service stores only <c>{id}:{sha256(secret) as hex}</c>. SHA-256 without a slow KDF is adequate here
/// because the secret is 256 random bits, not a password: there is nothing to guess.
/// </remarks>
public static class InsideKeys
{
    private const string Prefix = "agk_";

    /// <summary>Creates a new key and its stored form.</summary>
    /// <returns>The key (give it to the agent instance) and the entry to put in the service's configuration.</returns>
    public static (string Key, string Stored) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id}_{secret}", $"{id}:{Convert.ToHexStringLower(Hash(secret))}");
    }

    /// <summary>Splits a presented key into its id and secret.</summary>
    /// <param name="key">The presented key.</param>
    /// <param name="id">The key id.</param>
    /// <param name="secret">The secret part.</param>
    /// <returns><see langword="true"/> when the key has the right shape.</returns>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (key is null || key.Length != Prefix.Length + 16 + 1 + 43 || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + 16] != '_')
        {
            return false;
        }

        id = key.Substring(Prefix.Length, 16);
        secret = key[(Prefix.Length + 17)..];
        return true;
    }

    /// <summary>Parses a stored entry <c>{id}:{sha256 hex}</c>.</summary>
    /// <param name="stored">The entry.</param>
    /// <param name="id">The key id.</param>
    /// <param name="hash">The secret's SHA-256.</param>
    /// <returns><see langword="true"/> when the entry is well formed.</returns>
    public static bool TryParseStored(string? stored, out string id, out byte[] hash)
    {
        id = string.Empty;
        hash = [];
        var colon = stored?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (stored is null || colon != 16 || stored.Length != 16 + 1 + 64)
        {
            return false;
        }

        try
        {
            hash = Convert.FromHexString(stored.AsSpan(17));
        }
        catch (FormatException)
        {
            return false;
        }

        id = stored[..16].ToLowerInvariant();
        return true;
    }

    internal static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
