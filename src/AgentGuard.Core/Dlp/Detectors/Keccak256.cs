using System.Buffers.Binary;
using System.Numerics;

namespace AgentGuard;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA-3's), for EIP-55 address checksums.</summary>
/// <remarks>Only short inputs are needed (an address is 40 characters), so one block of the sponge suffices.</remarks>
internal static class Keccak256
{
    private const int Rate = 136;

    private static readonly ulong[] s_roundConstants =
    [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
        0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
        0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ];

    private static readonly int[] s_rotations = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44];
    private static readonly int[] s_lanes = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1];

    /// <summary>Hashes <paramref name="data"/> (at most 135 bytes) into <paramref name="digest"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (data.Length >= Rate)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "only single-block inputs are supported");
        }

        Span<byte> block = stackalloc byte[Rate];
        block.Clear();
        data.CopyTo(block);
        block[data.Length] ^= 0x01;
        block[Rate - 1] ^= 0x80;
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        for (var i = 0; i < Rate / 8; i++)
        {
            state[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        Permute(state);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(digest[(i * 8)..], state[i]);
        }
    }

    private static void Permute(Span<ulong> st)
    {
        Span<ulong> bc = stackalloc ulong[5];
        for (var round = 0; round < 24; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
            }

            for (var i = 0; i < 5; i++)
            {
                var t = bc[(i + 4) % 5] ^ BitOperations.RotateLeft(bc[(i + 1) % 5], 1);
                for (var j = 0; j < 25; j += 5)
                {
                    st[j + i] ^= t;
                }
            }

            var carry = st[1];
            for (var i = 0; i < 24; i++)
            {
                var j = s_lanes[i];
                var next = st[j];
                st[j] = BitOperations.RotateLeft(carry, s_rotations[i]);
                carry = next;
            }

            for (var j = 0; j < 25; j += 5)
            {
                for (var i = 0; i < 5; i++)
                {
                    bc[i] = st[j + i];
                }

                for (var i = 0; i < 5; i++)
                {
                    st[j + i] ^= ~bc[(i + 1) % 5] & bc[(i + 2) % 5];
                }
            }

            st[0] ^= s_roundConstants[round];
        }
    }
}
