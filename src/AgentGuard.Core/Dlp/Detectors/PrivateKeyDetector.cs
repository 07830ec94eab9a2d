namespace AgentGuard;

/// <summary>PEM private keys (<c>-----BEGIN … PRIVATE KEY-----</c>) with a body, through the END line when present; the whole
/// block is the finding. A bare header without key material (a parser's constant) is not.</summary>
internal sealed class PrivateKeyDetector() : BuiltInDetector(DlpDetectorNames.PrivateKey, DlpKind.Secret)
{
    private const int MaxLabel = 48;
    private const int MaxBody = 1 << 16;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("-----^BEGIN ");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var labelStart = index + keywordLength;
        var labelEnd = FindDashes(text, labelStart, MaxLabel);
        if (labelEnd < 0)
        {
            return labelStart;
        }

        var label = text[labelStart..labelEnd];
        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) && !label.EndsWith("PRIVATE KEY BLOCK", StringComparison.Ordinal))
        {
            return labelEnd;
        }

        var p = labelEnd + 5;
        var material = 0;
        var limit = Math.Min(text.Length, p + MaxBody);
        while (p < limit)
        {
            var c = text[p];
            if (c == '-' && text[p..].StartsWith("-----", StringComparison.Ordinal))
            {
                break;
            }

            if (TextRules.Base64.Contains(c))
            {
                material++;
            }
            else if (!(c is '=' or ' ' or '\t' or '\r' or '\n' or '\\' or ':' or ',' or '-' or '"'))
            {
                break;
            }

            p++;
        }

        var end = p;
        var complete = false;
        if (text[p..].StartsWith("-----END ", StringComparison.Ordinal))
        {
            var endLabel = FindDashes(text, p + 9, MaxLabel);
            if (endLabel > 0)
            {
                end = endLabel + 5;
                complete = true;
            }
        }

        if (material < (complete ? 40 : 64))
        {
            return Math.Max(end, index + 1);
        }

        if (!complete)
        {
            end = TrimTrailing(text, index, end);
        }

        Report(hits, index, end - index, DlpConfidence.High);
        return end;
    }

    /// <summary>The offset of the <c>-----</c> closing a label that starts at <paramref name="start"/>, or -1.</summary>
    private static int FindDashes(ReadOnlySpan<char> text, int start, int max)
    {
        var limit = Math.Min(text.Length - 5, start + max);
        for (var i = start; i <= limit; i++)
        {
            var c = text[i];
            if (c == '-')
            {
                return text[i..].StartsWith("-----", StringComparison.Ordinal) ? i : -1;
            }

            if (!(char.IsAsciiLetterUpper(c) || c == ' ' || char.IsAsciiDigit(c)))
            {
                return -1;
            }
        }

        return -1;
    }

    private static int TrimTrailing(ReadOnlySpan<char> text, int start, int end)
    {
        while (end > start && text[end - 1] is ' ' or '\t' or '\r' or '\n' or '\\' or '"' or ',' or ':' or '-')
        {
            end--;
        }

        return end;
    }
}
