using System.Buffers;

namespace AgentGuard;

/// <summary>Small, allocation-free text predicates shared by the built-in detectors.</summary>
internal static class TextRules
{
    public static readonly SearchValues<char> Alnum = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    public static readonly SearchValues<char> LowerAlnum = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyz");
    public static readonly SearchValues<char> UpperAlnum = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    public static readonly SearchValues<char> Word = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");
    public static readonly SearchValues<char> Base64Url = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");
    public static readonly SearchValues<char> Base64 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/");
    public static readonly SearchValues<char> Hex = SearchValues.Create("0123456789ABCDEFabcdef");
    public static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private const double FixedPointScale = 1L << 40;

    private static readonly long[] s_countLogDeltaFixed =
        [.. Enumerable.Range(0, 256).Select(static k => (long)Math.Round((((k + 1) * Math.Log2(k + 1)) - (k == 0 ? 0 : k * Math.Log2(k))) * FixedPointScale))];

    private static readonly double[] s_log2 = [.. Enumerable.Range(0, 1024).Select(static n => n == 0 ? 0 : Math.Log2(n))];
    private static readonly bool[] s_base64Table = CreateTable("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/");

    /// <summary>Whether <paramref name="c"/> is a standard base64 character (a table lookup, cheaper than a set for one character).</summary>
    public static bool IsBase64Char(char c) => c < 128 && s_base64Table[c];

    /// <summary>Whether the character before <paramref name="index"/> ends a token: not a letter, digit, underscore or body character.</summary>
    /// <remarks>An escape such as <c>\n</c> in raw JSON counts as a boundary, so <c>"\nAKIA…"</c> is still found.</remarks>
    public static bool IsLeftBoundary(ReadOnlySpan<char> text, int index, SearchValues<char>? body = null)
    {
        if (index <= 0)
        {
            return true;
        }

        var c = text[index - 1];

        // Base64 padding only ends a value: an '=' before one is an assignment (KEY=ATATT3…), even where '=' is a body character.
        if (c == '=' || (!char.IsAsciiLetterOrDigit(c) && c != '_' && (body is null || !body.Contains(c))))
        {
            return !char.IsLetterOrDigit(c);
        }

        return c is 'n' or 'r' or 't' && index >= 2 && text[index - 2] == '\\';
    }

    /// <summary>Whether <paramref name="index"/> (just past a token) ends it: not a letter, digit, underscore or body character.</summary>
    public static bool IsRightBoundary(ReadOnlySpan<char> text, int index, SearchValues<char>? body = null)
    {
        if (index >= text.Length)
        {
            return true;
        }

        var c = text[index];
        return !char.IsLetterOrDigit(c) && c != '_' && (body is null || !body.Contains(c));
    }

    /// <summary>The number of leading characters of <paramref name="text"/> from <paramref name="start"/> in <paramref name="set"/>, up to <paramref name="max"/>.</summary>
    public static int CountRun(ReadOnlySpan<char> text, int start, SearchValues<char> set, int max)
    {
        if (start >= text.Length)
        {
            return 0;
        }

        var window = text[start..Math.Min(text.Length, start + max)];
        var end = window.IndexOfAnyExcept(set);
        return end < 0 ? window.Length : end;
    }

    /// <summary>The Shannon entropy of the text, in bits per character (non-ASCII characters share one bucket).</summary>
    public static double Entropy(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        // H = log2(n) - (1/n) * sum(c * log2(c)) over the distinct characters. The sum grows as the counts do: when a count
        // goes from k to k + 1 it gains (k+1)·log2(k+1) - k·log2(k), read from a table for small k, so a token costs one
        // single pass and no second walk over its distinct characters. The table holds the gains in fixed point (2^-40), so
        // the running sum is an integer addition rather than a floating-point one waiting on the last; the rounding (under
        // 2^-40 a character) is far below the bias added at the end.
        Span<ushort> counts = stackalloc ushort[129];
        counts.Clear();
        var deltas = s_countLogDeltaFixed;
        var length = Math.Min(text.Length, ushort.MaxValue);
        long sum = 0;
        double beyondTable = 0;
        foreach (var c in text[..length])
        {
            int count = counts[c < 128 ? c : 128]++;
            if ((uint)count < (uint)deltas.Length)
            {
                sum += deltas[count];
            }
            else
            {
                beyondTable += ((count + 1) * Math.Log2(count + 1)) - (count * Math.Log2(count));
            }
        }

        var log2Length = (uint)length < (uint)s_log2.Length ? s_log2[length] : Math.Log2(length);

        // The tiny bias keeps exact values (eight characters equally often: 3 bits) from rounding just below a threshold.
        return log2Length - ((((double)sum / FixedPointScale) + beyondTable) / length) + 1e-9;
    }

    /// <summary>How many of the classes upper-case, lower-case, digit and other the text mixes.</summary>
    public static int CharacterClasses(ReadOnlySpan<char> text)
    {
        bool upper = false, lower = false, digit = false, other = false;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else
            {
                other = true;
            }
        }

        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /// <summary>Whether every character is the same one (<c>xxxxxxxx</c>, <c>00000000</c>).</summary>
    public static bool IsRepeated(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept(text[0]);

    /// <summary>Whether any of <paramref name="keywords"/> occurs (case-insensitively) within <paramref name="window"/>
    /// characters before <paramref name="start"/> or after <paramref name="end"/>, at the start of a word.</summary>
    public static bool HasNearbyKeyword(ReadOnlySpan<char> text, int start, int end, int window, ReadOnlySpan<string> keywords)
    {
        var from = Math.Max(0, start - window);
        var to = Math.Min(text.Length, end + window);
        foreach (var keyword in keywords)
        {
            if (ContainsWord(text, from, start, keyword) || ContainsWord(text, end, to, keyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="keyword"/> starts a word (no letter before it) somewhere in <c>text[from..to)</c>.</summary>
    private static bool ContainsWord(ReadOnlySpan<char> text, int from, int to, string keyword)
    {
        var p = from;
        while (p < to)
        {
            var i = text[p..to].IndexOf(keyword, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return false;
            }

            var at = p + i;
            if (at == 0 || !char.IsLetter(text[at - 1]))
            {
                return true;
            }

            p = at + 1;
        }

        return false;
    }

    /// <summary>Whether the text is a UUID (8-4-4-4-12 hex digits).</summary>
    public static bool IsUuid(ReadOnlySpan<char> text) =>
        text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-'
        && !text[..8].ContainsAnyExcept(Hex) && !text[9..13].ContainsAnyExcept(Hex) && !text[14..18].ContainsAnyExcept(Hex)
        && !text[19..23].ContainsAnyExcept(Hex) && !text[24..].ContainsAnyExcept(Hex);

    /// <summary>Whether the text is only hexadecimal digits.</summary>
    public static bool IsHex(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept(Hex);

    /// <summary>Whether the text is base64 whose decoded bytes are ordinary printable text (an encoded sentence, not a key).</summary>
    public static bool IsBase64OfText(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimEnd('=');
        if (trimmed.Length < 12 || trimmed.Length > 4096 || trimmed.ContainsAnyExcept(Base64Url) && trimmed.ContainsAnyExcept(Base64))
        {
            return false;
        }

        var byteCount = trimmed.Length * 3 / 4;
        Span<byte> bytes = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        var written = Base64Decode(trimmed, bytes);
        if (written < 8)
        {
            return false;
        }

        int printable = 0, letters = 0;
        foreach (var b in bytes[..written])
        {
            if (b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                printable++;
                if (char.IsAsciiLetter((char)b) || b == ' ')
                {
                    letters++;
                }
            }
        }

        return printable == written && letters * 10 >= written * 7;
    }

    private static bool[] CreateTable(string chars)
    {
        var table = new bool[128];
        foreach (var c in chars)
        {
            table[c] = true;
        }

        return table;
    }

    /// <summary>Decodes unpadded base64 or base64url into <paramref name="destination"/>; returns the bytes written, or -1 when invalid.</summary>
    public static int Base64Decode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int buffer = 0, bits = 0, written = 0;
        foreach (var c in text)
        {
            int v = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' or '-' => 62,
                '/' or '_' => 63,
                _ => -1,
            };
            if (v < 0)
            {
                return -1;
            }

            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                if (written >= destination.Length)
                {
                    return -1;
                }

                destination[written++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        return written;
    }
}
