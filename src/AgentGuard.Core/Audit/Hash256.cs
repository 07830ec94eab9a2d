using System.Buffers.Binary;

namespace AgentGuard;

/// <summary>A SHA-256 value, compared and stored without allocating.</summary>
internal readonly record struct Hash256(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Gets the all-zero hash that the first record of a chain names as its predecessor.</summary>
    public static Hash256 Genesis => default;

    public static Hash256 FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    /// <summary>Parses 64 lowercase hex digits (uppercase is refused: the line's bytes are what is hashed).</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> hex, out Hash256 value)
    {
        value = default;
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < 32; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        value = FromBytes(bytes);
        return true;
    }

    public static bool TryParseHex(string hex, out Hash256 value) => TryParseHex(System.Text.Encoding.ASCII.GetBytes(hex ?? string.Empty), out value);

    /// <summary>Writes the 64 lowercase hex digits into <paramref name="destination"/>.</summary>
    public void WriteHex(Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        for (var i = 0; i < 32; i++)
        {
            destination[2 * i] = Digit(bytes[i] >> 4);
            destination[(2 * i) + 1] = Digit(bytes[i] & 0xF);
        }
    }

    public override string ToString()
    {
        Span<byte> hex = stackalloc byte[64];
        WriteHex(hex);
        return System.Text.Encoding.ASCII.GetString(hex);
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    private static byte Digit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
