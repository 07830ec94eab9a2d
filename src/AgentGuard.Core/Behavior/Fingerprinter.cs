using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Keyed 64-bit fingerprints (SipHash-2-4) of normalized values: what taint tracking stores instead of values.</summary>
/// <remarks>SipHash is a keyed pseudo-random function: without the key, a fingerprint neither reveals its value nor can
/// be matched against guesses. Thread-safe and allocation-free.</remarks>
internal sealed class Fingerprinter
{
    private static readonly string s_processKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>Creates a fingerprinter with the configured key, or with the process's random key (shared by every
    /// stage in the process, so what the result stage remembers the call stage can recognise).</summary>
    public static Fingerprinter Create(string? base64Key) => new(base64Key ?? s_processKey);

    public Fingerprinter(string base64Key)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        Span<byte> key = stackalloc byte[16];
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64Key);
            }
            catch (FormatException)
            {
                throw new OptionsValidationException(nameof(BehaviorOptions), typeof(BehaviorOptions), ["BehaviorOptions.FingerprintKey must be base64."]);
            }

            if (bytes.Length < 16)
            {
                throw new OptionsValidationException(nameof(BehaviorOptions), typeof(BehaviorOptions), ["BehaviorOptions.FingerprintKey must hold at least 16 bytes."]);
            }

            // Longer keys are folded into 128 bits so every byte counts.
            for (var i = 0; i < bytes.Length; i++)
            {
                key[i % 16] ^= bytes[i];
            }
        }

        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
    }

    /// <summary>Fingerprints already-normalized text in a domain (so an e-mail and a word with equal text differ).</summary>
    public ulong Hash(ReadOnlySpan<char> text, byte domain) => SipHash(_k0 ^ domain, _k1, MemoryMarshal.AsBytes(text));

    internal static ulong SipHash(ulong k0, ulong k1, ReadOnlySpan<byte> data)
    {
        var v0 = 0x736f6d6570736575UL ^ k0;
        var v1 = 0x646f72616e646f6dUL ^ k1;
        var v2 = 0x6c7967656e657261UL ^ k0;
        var v3 = 0x7465646279746573UL ^ k1;
        var length = data.Length;
        var blocks = length / 8;
        for (var i = 0; i < blocks; i++)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 8, 8));
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        var last = (ulong)(length & 0xff) << 56;
        var tail = data[(blocks * 8)..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
