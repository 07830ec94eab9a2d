namespace AgentGuard;

/// <summary>Microsoft Entra ID (Azure AD) refresh tokens: <c>0.A</c> or <c>1.A</c> and a base64url client part, then
/// <c>.AgAB…</c> and at least 250 characters of encrypted token, sometimes followed by a <c>.A…</c> part. The prefilter
/// searches for <c>AgAB</c>; the detector reads back to the version digit.</summary>
internal sealed class EntraRefreshTokenDetector() : BuiltInDetector(DlpDetectorNames.EntraRefreshToken, DlpKind.Secret)
{
    private const int MaxClientPart = 400;
    private const int MaxPart = 8192;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact(".^AgAB");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        // Back over an optional ".1" and the client part to "0.A" / "1.A".
        var p = index;
        if (p >= 2 && text[p - 2] == '.' && char.IsAsciiDigit(text[p - 1]))
        {
            p -= 2;
        }

        var runStart = p;
        while (runStart > 0 && p - runStart <= MaxClientPart && IsTokenChar(text[runStart - 1]))
        {
            runStart--;
        }

        if (p - runStart < 51 || p - runStart > MaxClientPart || text[runStart] != 'A' || runStart < 2 || text[runStart - 1] != '.'
            || text[runStart - 2] is not ('0' or '1') || !TextRules.IsLeftBoundary(text, runStart - 2, TextRules.Word))
        {
            return index + keywordLength;
        }

        var start = runStart - 2;
        var end = index + 1 + TextRules.CountRun(text, index + 1, TextRules.Base64Url, MaxPart + 1);
        if (end - index - 1 < 250 || end - index - 1 > MaxPart)
        {
            return end;
        }

        // An optional third part: ".A" and at least 200 more characters.
        if (end + 2 < text.Length && text[end] == '.' && text[end + 1] == 'A')
        {
            var third = TextRules.CountRun(text, end + 1, TextRules.Base64Url, MaxPart + 1);
            if (third >= 201 && third <= MaxPart)
            {
                end += 1 + third;
            }
        }

        if (!TextRules.IsRightBoundary(text, end, TextRules.Base64Url) || TextRules.Entropy(text[(index + 1)..end]) < 4.5)
        {
            return end;
        }

        Report(hits, start, end - start, DlpConfidence.High);
        return end;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
