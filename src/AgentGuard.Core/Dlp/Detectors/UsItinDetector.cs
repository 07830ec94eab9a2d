namespace AgentGuard;

/// <summary>US Individual Taxpayer Identification Numbers: <c>9XX-GG-SSSS</c> with the IRS's group ranges (50–65, 70–88,
/// 90–92, 94–99), dashed or spaced, or nine contiguous digits next to an ITIN keyword.</summary>
/// <remarks>SSNs never start with 9, so the two detectors never claim the same number.</remarks>
internal sealed class UsItinDetector() : BuiltInDetector(DlpDetectorNames.UsItin, DlpKind.Pii)
{
    private static readonly ContextWords s_context = new("itin", "individual taxpayer", "taxpayer id", "tax id", "tin ", "tin:", "tin#");

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    public override int MinimumDigits => 9;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        if (segment.Digits < MinimumDigits)
        {
            return;
        }

        for (var g = start; g + 9 <= end; g++)
        {
            if (text[g] == '9' && NumberRules.IsGroupStart(text, g) && NumberRules.IsLeftBoundary(text, g) && TryMatch(text, g, hits, out var matchEnd))
            {
                g = matchEnd - 1;
            }
        }
    }

    /// <summary>Whether the middle two digits fall in a range the IRS assigns to ITINs.</summary>
    internal static bool IsItinGroup(int group) => group is >= 50 and <= 65 or >= 70 and <= 88 or >= 90 and <= 92 or >= 94 and <= 99;

    private bool TryMatch(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int matchEnd)
    {
        matchEnd = g;
        int stop, group;
        char separator;
        if (NumberRules.Digits(text, g, 10) == 9)
        {
            stop = g + 9;
            separator = '\0';
            group = NumberRules.Value(text.Slice(g + 3, 2));
        }
        else if (NumberRules.Digits(text, g, 4) == 3 && g + 11 <= text.Length && text[g + 3] is '-' or ' ' && text[g + 6] == text[g + 3]
                 && NumberRules.Digits(text, g + 4, 3) == 2 && NumberRules.Digits(text, g + 7, 5) == 4)
        {
            stop = g + 11;
            separator = text[g + 3];
            group = NumberRules.Value(text.Slice(g + 4, 2));
        }
        else
        {
            return false;
        }

        if (!IsItinGroup(group) || !NumberRules.IsRightBoundary(text, stop)
            || (separator != '\0' && stop + 1 < text.Length && text[stop] == separator && char.IsAsciiDigit(text[stop + 1])))
        {
            return false;
        }

        var serial = text.Slice(stop - 4, 4);
        var repeated = !text.Slice(g, stop - g).ContainsAnyExcept(text[g], separator == '\0' ? text[g] : separator);
        if (serial.SequenceEqual("0000") || repeated)
        {
            return false;
        }

        var context = s_context.Near(text, g, stop, 48);
        DlpConfidence confidence;
        if (context)
        {
            confidence = DlpConfidence.High;
        }
        else if (separator == '-')
        {
            confidence = DlpConfidence.Medium;
        }
        else
        {
            // Spaced or bare nine-digit numbers starting with 9 are ITINs only where the text says so.
            return false;
        }

        Report(hits, g, stop - g, confidence);
        matchEnd = stop;
        return true;
    }
}
