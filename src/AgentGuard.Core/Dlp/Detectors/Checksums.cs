namespace AgentGuard;

/// <summary>The check digits and checksums the detectors validate matches with.</summary>
internal static class Checksums
{
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
    /// <remarks>The suffix is decoded once in each alphabet and compared with both checksums, which come from one pass over the
    /// random part: the CRC with the prefix is the same register run on from the prefix's state.</remarks>
    public static bool HasCrc32Base62Suffix(ReadOnlySpan<char> token, int prefixLength)
    {
        if (token.Length < prefixLength + 7 || !TryDecodeBase62(token[^6..], out var upperFirst, out var lowerFirst))
        {
            return false;
        }

        var whole = Update(0xFFFFFFFFu, token[..prefixLength]);
        var random = 0xFFFFFFFFu;
        (random, whole) = UpdatePair(random, whole, token[prefixLength..^6]);
        random = ~random;
        whole = ~whole;
        return random == upperFirst || random == lowerFirst || whole == upperFirst || whole == lowerFirst;
    }

    /// <summary>The CRC-32 (IEEE) of the text's characters taken as bytes (ASCII).</summary>
    public static uint Crc32(ReadOnlySpan<char> text) => ~Update(0xFFFFFFFFu, text);

    /// <summary>Runs the CRC register over the characters' low bytes, four at a time (slicing by four).</summary>
    private static uint Update(uint crc, ReadOnlySpan<char> text)
    {
        var table = s_crcTable;
        var i = 0;
        for (; i + 4 <= text.Length; i += 4)
        {
            crc = Slice4(table, crc ^ Pack(text, i));
        }

        for (; i < text.Length; i++)
        {
            crc = table[(int)((crc ^ (byte)text[i]) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>Runs two CRC registers over the same characters; the two dependency chains overlap in the processor.</summary>
    private static (uint A, uint B) UpdatePair(uint a, uint b, ReadOnlySpan<char> text)
    {
        var table = s_crcTable;
        var i = 0;
        for (; i + 4 <= text.Length; i += 4)
        {
            var packed = Pack(text, i);
            a = Slice4(table, a ^ packed);
            b = Slice4(table, b ^ packed);
        }

        for (; i < text.Length; i++)
        {
            var c = (byte)text[i];
            a = table[(int)((a ^ c) & 0xFF)] ^ (a >> 8);
            b = table[(int)((b ^ c) & 0xFF)] ^ (b >> 8);
        }

        return (a, b);
    }

    private static uint Pack(ReadOnlySpan<char> text, int i) =>
        (byte)text[i] | ((uint)(byte)text[i + 1] << 8) | ((uint)(byte)text[i + 2] << 16) | ((uint)(byte)text[i + 3] << 24);

    private static uint Slice4(uint[] table, uint x) =>
        table[768 + (int)(x & 0xFF)] ^ table[512 + (int)((x >> 8) & 0xFF)] ^ table[256 + (int)((x >> 16) & 0xFF)] ^ table[(int)(x >> 24)];

    /// <summary>Decodes six base62 digits in both alphabets (digits, then upper or lower case first).</summary>
    private static bool TryDecodeBase62(ReadOnlySpan<char> digits, out ulong upperFirst, out ulong lowerFirst)
    {
        upperFirst = 0;
        lowerFirst = 0;
        foreach (var c in digits)
        {
            int upper, lower;
            if (char.IsAsciiDigit(c))
            {
                upper = lower = c - '0';
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                upper = c - 'A' + 10;
                lower = c - 'A' + 36;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                upper = c - 'a' + 36;
                lower = c - 'a' + 10;
            }
            else
            {
                return false;
            }

            upperFirst = (upperFirst * 62) + (ulong)upper;
            lowerFirst = (lowerFirst * 62) + (ulong)lower;
        }

        return true;
    }

    /// <summary>The CRC-32 table and its three slicing-by-four successors, one after another.</summary>
    private static uint[] CreateCrcTable()
    {
        var table = new uint[1024];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (var n = 256; n < 1024; n++)
        {
            var previous = table[n - 256];
            table[n] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
        }

        return table;
    }
}
