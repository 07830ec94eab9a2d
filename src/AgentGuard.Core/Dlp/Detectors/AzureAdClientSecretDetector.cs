using System.Buffers;

namespace AgentGuard;

/// <summary>Microsoft Entra ID (Azure AD) client secrets: three characters, a digit, <c>Q~</c>, then 31 to 34 more.</summary>
internal sealed class AzureAdClientSecretDetector() : BuiltInDetector(DlpDetectorNames.AzureAdClientSecret, DlpKind.Secret)
{
    private static readonly SearchValues<char> s_chars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~.-");

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("Q~");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (index < 4 || text[index] != 'Q' || !char.IsAsciiDigit(text[index - 1]))
        {
            return index + 1;
        }

        var start = index - 4;
        for (var i = start; i < index - 1; i++)
        {
            if (!s_chars.Contains(text[i]) || text[i] == '-')
            {
                return index + 1;
            }
        }

        if (!TextRules.IsLeftBoundary(text, start, s_chars))
        {
            return index + 1;
        }

        var bodyStart = index + 2;
        var body = TextRules.CountRun(text, bodyStart, s_chars, 35);
        var end = bodyStart + body;
        if (body is < 31 or > 34 || !TextRules.IsRightBoundary(text, end, s_chars) || TextRules.Entropy(text.Slice(bodyStart, body)) < 3.5)
        {
            return end;
        }

        Report(hits, start, end - start, DlpConfidence.High);
        return end;
    }
}
