namespace AgentGuard;

/// <summary>Jenkins encrypted secrets as <c>credentials.xml</c> and job configurations store them: <c>{AQAAABAAAA…}</c>, the
/// base64 of a version byte and an IV length, then the cipher text. Whoever holds the controller's master key decrypts them,
/// so they are secrets wherever they are copied. The braces' content is the finding.</summary>
internal sealed class JenkinsSecretDetector() : BuiltInDetector(DlpDetectorNames.JenkinsSecret, DlpKind.Secret)
{
    private const int MaxBefore = 48;
    private const int MaxValue = 1024;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("AQAAA^BAAA");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var markerEnd = index + keywordLength;

        // The opening brace: right before the marker, or before a label on the same line ({name AQAAABAAA…}).
        var from = Math.Max(0, index - MaxBefore);
        var open = text[from..index].LastIndexOfAny('{', '\n', '>');
        if (open < 0 || text[from + open] != '{')
        {
            return markerEnd;
        }

        var start = from + open + 1;
        var window = text[markerEnd..Math.Min(text.Length, markerEnd + MaxValue)];
        var close = window.IndexOfAny('}', '\n', '<');
        if (close < 0 || window[close] != '}')
        {
            return markerEnd + (close < 0 ? window.Length : close);
        }

        var end = markerEnd + close;
        var rest = window[..close].Trim(' ');
        if (rest.Length < 8 || rest.ContainsAny(' ', '\t') || TextRules.IsRepeated(rest) || TextRules.Entropy(rest) < 2.5 || SecretValueRules.IsFiller(rest))
        {
            return end;
        }

        Report(hits, start, end - start, DlpConfidence.High);
        return end;
    }
}
