using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Digests of arguments, results and resources: <c>sha256:hex</c>, or <c>hmac-sha256:hex</c> with a key.</summary>
/// <remarks>The digest covers the JSON text exactly as the guard received it (no canonicalisation): the same value
/// written with different spacing digests differently. Thread-safe.</remarks>
internal sealed class AuditDigester(byte[]? key)
{
    public const string Unavailable = "unavailable";

    private readonly byte[]? _key = key is { Length: > 0 } ? (byte[])key.Clone() : null;

    public string? Digest(JsonElement value)
    {
        try
        {
            return value.ValueKind == JsonValueKind.Undefined ? null : Digest(JsonMarshal.GetRawUtf8Value(value));
        }
        catch (ObjectDisposedException)
        {
            // The host disposed the JsonDocument behind the call before the trail got to it; say so rather than guess.
            return Unavailable;
        }
    }

    public string Digest(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            return Digest(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public string Digest(ReadOnlySpan<byte> utf8)
    {
        Span<byte> hash = stackalloc byte[32];
        if (_key is null)
        {
            SHA256.HashData(utf8, hash);
            return string.Concat("sha256:", Convert.ToHexStringLower(hash));
        }

        HMACSHA256.HashData(_key, utf8, hash);
        return string.Concat("hmac-sha256:", Convert.ToHexStringLower(hash));
    }
}
