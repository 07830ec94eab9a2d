namespace AgentGuard;

/// <summary>The check digits and checksums the detectors validate matches with.</summary>
internal static class Checksums
{
    private const string Base62Upper = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Base62Lower = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static readonly uint[] s_crcTable = CreateCrcTable();

    /// <summary>Whether the digits of <paramref name="text"/> (other characters ignored) pass the Luhn check.</summary>
    public static bool Luhn(ReadOnlySpan<char> text)
    {
        int sum = 0, count = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if ((count & 1) == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            count++;
        }

        return count > 1 && sum % 10 == 0;
    }

    /// <summary>Whether the letters and digits of <paramref name="text"/> (spaces ignored) pass ISO 7064 mod 97-10
    /// with the first four characters moved to the end, as IBANs do.</summary>
    public static bool Mod97(ReadOnlySpan<char> text)
    {
        Span<char> compact = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) || n == compact.Length)
            {
                return false;
            }

            compact[n++] = char.ToUpperInvariant(c);
        }

        if (n < 5)
        {
            return false;
        }

        var remainder = 0;
        for (var k = 0; k < n; k++)
        {
            var c = compact[(k + 4) % n];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                var v = c - 'A' + 10;
                remainder = ((remainder * 100) + v) % 97;
            }
        }

        return remainder == 1;
    }

    /// <summary>Whether a token's last six characters are the base62 CRC-32 of the characters before them, as GitHub and npm
    /// tokens carry (either base62 alphabet, over the random part alone or with the prefix).</summary>
    public static bool HasCrc32Base62Suffix(ReadOnlySpan<char> token, int prefixLength)
    {
        if (token.Length < prefixLength + 7)
        {
            return false;
        }

        var suffix = token[^6..];
        var random = token[prefixLength..^6];
        var whole = token[..^6];
        return Matches(Crc32(random), suffix) || Matches(Crc32(whole), suffix);

        static bool Matches(uint crc, ReadOnlySpan<char> suffix) =>
            EncodedEquals(crc, suffix, Base62Upper) || EncodedEquals(crc, suffix, Base62Lower);
    }

    /// <summary>The CRC-32 (IEEE) of the text's characters taken as bytes (ASCII).</summary>
    public static uint Crc32(ReadOnlySpan<char> text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc = s_crcTable[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static bool EncodedEquals(uint value, ReadOnlySpan<char> expected, string alphabet)
    {
        Span<char> encoded = stackalloc char[6];
        for (var i = 5; i >= 0; i--)
        {
            encoded[i] = alphabet[(int)(value % 62)];
            value /= 62;
        }

        return value == 0 && encoded.SequenceEqual(expected);
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
