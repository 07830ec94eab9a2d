namespace AgentGuard;

/// <summary>AWS secret access keys: 40 base64 characters, reported only with context — a nearby
/// <c>aws_secret_access_key</c>-style name (high confidence) or a nearby access key id (medium).</summary>
/// <remarks>A bare 40-character string is too common (git SHAs, digests) to be a finding on its own; the candidate
/// must also mix upper case, lower case and digits, look random, and not be base64 of ordinary text.</remarks>
internal sealed class AwsSecretKeyDetector() : BuiltInDetector(DlpDetectorNames.AwsSecretAccessKey, DlpKind.Secret)
{
    private const int KeyLength = 40;
    private const int KeywordWindow = 120;
    private const int KeyIdWindowBefore = 80;
    private const int KeyIdWindowAfter = 160;

    private static readonly ContextWords s_awsContext = new("aws", "access_key", "accesskey", "access key", "access-key");

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = [.. DlpKeyword.AnyCase("secret"), .. DlpKeyword.Exact("AKIA", "ASIA")];

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (keywordLength == 4)
        {
            // An access key id: AKIA/ASIA (case-sensitive) and 16 more characters standing alone.
            var rest = text[index..];
            if (!(rest.StartsWith("AKIA", StringComparison.Ordinal) || rest.StartsWith("ASIA", StringComparison.Ordinal))
                || !TextRules.IsLeftBoundary(text, index) || TextRules.CountRun(text, index + 4, TextRules.UpperAlnum, 17) != 16
                || !TextRules.IsRightBoundary(text, index + 20))
            {
                return index + 1;
            }

            // Credentials files and exports put the secret on the same line as the id or on the next one.
            var found = FindKey(text, LineWindowStart(text, index, KeyIdWindowBefore), index, DlpConfidence.Medium, hits);
            if (found < 0)
            {
                found = FindKey(text, index + 20, LineWindowEnd(text, index + 20, KeyIdWindowAfter), DlpConfidence.Medium, hits);
            }

            return Math.Max(found, index + 20);
        }

        // "secret" alone names many things; an AWS secret key is named with AWS or an access key nearby.
        var start = index + keywordLength;
        if (!s_awsContext.Near(text, index, start, 24) && !HasAccessKeyJustBefore(text, index))
        {
            return start;
        }

        return Math.Max(FindKey(text, start, Math.Min(text.Length, start + KeywordWindow), DlpConfidence.High, hits), start);
    }

    /// <summary>Reports the first plausible key in <c>[from, to)</c>; returns the offset past it, or -1 when there is none.</summary>
    /// <remarks>Only runs of base64 characters at least as long as a key matter, so the search probes the last character a key
    /// starting at <c>i</c> would cover: when that one is not base64, no key starts before it and the search jumps past it.
    /// In the words and punctuation around an access key id this reads a few characters in forty; each character is read at
    /// most twice, whatever the text.</remarks>
    private int FindKey(ReadOnlySpan<char> text, int from, int to, DlpConfidence confidence, List<DlpDetection> hits)
    {
        // Invariants: i == from or text[i - 1] is not base64 (a run starts at i at the earliest); text[i..good) is all base64.
        var i = from;
        var good = from;
        while (to - i >= KeyLength)
        {
            var probe = i + KeyLength - 1;
            if (!TextRules.IsBase64Char(text[probe]))
            {
                i = good = probe + 1;
                continue;
            }

            var back = probe - 1;
            while (back >= good && TextRules.IsBase64Char(text[back]))
            {
                back--;
            }

            if (back >= good)
            {
                i = back + 1;
                good = probe + 1;
                continue;
            }

            var end = i + KeyLength;
            while (end < to && TextRules.IsBase64Char(text[end]))
            {
                end++;
            }

            if (end - i == KeyLength && TextRules.IsLeftBoundary(text, i, TextRules.Base64) && IsRightEdge(text, end)
                && IsKey(text.Slice(i, KeyLength)))
            {
                Report(hits, i, KeyLength, confidence);
                return end;
            }

            i = good = end + 1;
        }

        return -1;
    }

    /// <summary>The start of the line before the one holding <paramref name="index"/>, at most <paramref name="max"/> back.</summary>
    private static int LineWindowStart(ReadOnlySpan<char> text, int index, int max)
    {
        var from = Math.Max(0, index - max);
        var window = text[from..index];
        var last = window.LastIndexOf('\n');
        if (last > 0)
        {
            var previous = window[..last].LastIndexOf('\n');
            return previous < 0 ? from : from + previous + 1;
        }

        return from;
    }

    /// <summary>The end of the line after the one holding <paramref name="index"/>, at most <paramref name="max"/> on.</summary>
    private static int LineWindowEnd(ReadOnlySpan<char> text, int index, int max)
    {
        var to = Math.Min(text.Length, index + max);
        var window = text[index..to];
        var first = window.IndexOf('\n');
        if (first >= 0)
        {
            var second = window[(first + 1)..].IndexOf('\n');
            return second < 0 ? to : index + first + 1 + second;
        }

        return to;
    }

    /// <summary>"SecretAccessKey" and "secret_access_key": the keyword is followed by "access"; "awssecret": preceded by "aws".</summary>
    private static bool HasAccessKeyJustBefore(ReadOnlySpan<char> text, int index)
    {
        var after = text[(index + 6)..Math.Min(text.Length, index + 18)];
        return after.TrimStart("_- ").StartsWith("access", StringComparison.OrdinalIgnoreCase)
            || (index >= 3 && text.Slice(index - 3, 3).Equals("aws", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsRightEdge(ReadOnlySpan<char> text, int index) =>
        index >= text.Length || (!TextRules.Base64.Contains(text[index]) && text[index] != '=' && !char.IsLetterOrDigit(text[index]));

    private static bool IsKey(ReadOnlySpan<char> candidate) =>
        candidate.IndexOfAnyInRange('A', 'Z') >= 0 && candidate.IndexOfAnyInRange('a', 'z') >= 0 && candidate.IndexOfAnyInRange('0', '9') >= 0
        && TextRules.Entropy(candidate) >= 4.0 && !TextRules.IsBase64OfText(candidate);
}
