namespace AgentGuard;

/// <summary>Terraform Cloud / Enterprise API tokens: 14 lower-case letters and digits, <c>.atlasv1.</c>, and 60 to 70
/// characters of base64url (<c>abcd…wxyz.atlasv1.…</c>). The prefilter searches for the fixed middle part.</summary>
internal sealed class TerraformCloudTokenDetector() : BuiltInDetector(DlpDetectorNames.TerraformCloudToken, DlpKind.Secret)
{
    private const string Infix = ".atlasv1.";
    private const int IdLength = 14;
    private static readonly System.Buffers.SearchValues<char> s_secret =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-=");

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact(Infix);

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var start = index - IdLength;
        var end = index + keywordLength;
        if (start < 0 || text[start..index].ContainsAnyExcept(TextRules.LowerAlnum) || !TextRules.IsLeftBoundary(text, start, TextRules.LowerAlnum))
        {
            return end;
        }

        var length = TextRules.CountRun(text, end, s_secret, 71);
        var secret = text.Slice(end, length);
        if (length is < 60 or > 70 || !TextRules.IsRightBoundary(text, end + length, s_secret)
            || TextRules.Entropy(secret) < 4.0 || SecretValueRules.IsFiller(secret))
        {
            return end + length;
        }

        Report(hits, start, end + length - start, DlpConfidence.High);
        return end + length;
    }
}
