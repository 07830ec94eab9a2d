namespace AgentGuard;

/// <summary>Mailchimp API keys: 32 lower-case hex digits, <c>-us</c> and the data-centre number (<c>…-us21</c>).</summary>
internal sealed class MailchimpApiKeyDetector() : BuiltInDetector(DlpDetectorNames.MailchimpApiKey, DlpKind.Secret)
{
    private const int KeyLength = 32;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("-us");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var start = index - KeyLength;
        var digits = NumberRules.Digits(text, index + 3, 3);
        var end = index + 3 + digits;
        if (start < 0 || digits is < 1 or > 2 || !TextRules.IsRightBoundary(text, end) || !TextRules.IsLeftBoundary(text, start, TextRules.LowerHex))
        {
            return index + 1;
        }

        var key = text.Slice(start, KeyLength);
        if (key.ContainsAnyExcept(TextRules.LowerHex) || TextRules.Entropy(key) < 3.0 || !key.ContainsAnyInRange('a', 'f'))
        {
            return end;
        }

        Report(hits, start, end - start, DlpConfidence.High);
        return end;
    }
}
