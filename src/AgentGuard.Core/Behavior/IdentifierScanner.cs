namespace AgentGuard;

/// <summary>Fingerprints the identifiers a result lists (tokens with a digit: <c>C000123</c>, <c>INV-1001</c>, <c>4711</c>),
/// so reading them afterwards is following a list, not guessing.</summary>
internal static class IdentifierScanner
{
    public const byte Domain = 5;
    private const int MaxChars = 256 * 1024;
    private const int MaxTokenLength = 64;

    public static void Scan(string text, Fingerprinter fingerprinter, FingerprintSet set, int minute, int capacity)
    {
        var length = Math.Min(text.Length, MaxChars);
        Span<char> token = stackalloc char[MaxTokenLength];
        var i = 0;
        while (i < length)
        {
            while (i < length && !IsTokenChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < length && IsTokenChar(text[i]))
            {
                i++;
            }

            if (Normalize(text.AsSpan(start, i - start), token, out var written))
            {
                set.Add(fingerprinter.Hash(token[..written], Domain), minute, capacity);
            }
        }
    }

    /// <summary>Fingerprints the last identifier token of a value (the part that would be guessed).</summary>
    public static bool TryFingerprintLast(string value, Fingerprinter fingerprinter, out ulong fingerprint)
    {
        var end = value.Length;
        while (end > 0 && !IsTokenChar(value[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && IsTokenChar(value[start - 1]))
        {
            start--;
        }

        Span<char> token = stackalloc char[MaxTokenLength];
        if (Normalize(value.AsSpan(start, end - start), token, out var written))
        {
            fingerprint = fingerprinter.Hash(token[..written], Domain);
            return true;
        }

        fingerprint = 0;
        return false;
    }

    private static bool Normalize(ReadOnlySpan<char> raw, Span<char> token, out int written)
    {
        written = 0;
        raw = raw.Trim("-_");
        if (raw.Length < 3 || raw.Length > MaxTokenLength || !raw.ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        for (var k = 0; k < raw.Length; k++)
        {
            token[k] = char.ToLowerInvariant(raw[k]);
        }

        written = raw.Length;
        return true;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
