namespace AgentGuard;

/// <summary>US Social Security numbers: <c>AAA-GG-SSSS</c> (dashes, or consistent spaces or dots), or next to an SSN keyword
/// nine contiguous digits or a single dash in the wrong place (<c>AAA-GGSSSS</c>, <c>AAAGG-SSSS</c>). Never-issued numbers are rejected: area 000, 666 or 900-999, group 00, serial 0000, and
/// well-known invalid numbers (123-45-6789, the Woolworth card's 078-05-1120).</summary>
internal sealed class UsSsnDetector() : BuiltInDetector(DlpDetectorNames.UsSsn, DlpKind.Pii)
{
    private static readonly ContextWords s_context = new("ssn", "social security", "social sec", "ss#", "ss #", "ssa number", "taxpayer");

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
            if (!NumberRules.IsGroupStart(text, g) || !NumberRules.IsLeftBoundary(text, g))
            {
                continue;
            }

            if (TryMatch(text, g, hits, out var matchEnd))
            {
                g = matchEnd - 1;
            }
        }
    }

    /// <summary>Numbers printed on sample cards and in advertising, never valid.</summary>
    private static bool IsWellKnownInvalid(int number) => number is 123456789 or 78051120 or 219099999 or 457555462 or 987654321;

    private bool TryMatch(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int matchEnd)
    {
        matchEnd = g;
        var first = NumberRules.Digits(text, g, 9);
        Span<char> digits = stackalloc char[9];
        int stop;
        char separator;
        var misplaced = false;
        if (first == 9)
        {
            stop = g + 9;
            separator = '\0';
            text.Slice(g, 9).CopyTo(digits);
        }
        else if (first == 3 && g + 11 <= text.Length && text[g + 3] is '-' or ' ' or '.' && text[g + 6] == text[g + 3]
                 && NumberRules.Digits(text, g + 4, 2) == 2 && NumberRules.Digits(text, g + 7, 4) == 4)
        {
            stop = g + 11;
            separator = text[g + 3];
            text.Slice(g, 3).CopyTo(digits);
            text.Slice(g + 4, 2).CopyTo(digits[3..]);
            text.Slice(g + 7, 4).CopyTo(digits[5..]);
        }
        else if (first is 3 or 5 && g + 10 <= text.Length && text[g + first] == '-' && NumberRules.Digits(text, g + first + 1, 9 - first) == 9 - first)
        {
            // 078-051121, 07805-1121: split in the wrong place, an SSN only next to an SSN keyword.
            stop = g + 10;
            separator = '-';
            misplaced = true;
            text.Slice(g, first).CopyTo(digits);
            text.Slice(g + first + 1, 9 - first).CopyTo(digits[first..]);
        }
        else
        {
            return false;
        }

        if (!NumberRules.IsRightBoundary(text, stop) || (separator != '\0' && stop + 1 < text.Length && text[stop] == separator && char.IsAsciiDigit(text[stop + 1])))
        {
            return false;
        }

        var area = NumberRules.Value(digits[..3]);
        var group = NumberRules.Value(digits[3..5]);
        var serial = NumberRules.Value(digits[5..]);
        if (area is 0 or 666 or >= 900 || group == 0 || serial == 0 || TextRules.IsRepeated(digits) || IsWellKnownInvalid(NumberRules.Value(digits)))
        {
            return false;
        }

        var context = s_context.Near(text, g, stop, 48);
        DlpConfidence confidence;
        if (misplaced)
        {
            if (!context)
            {
                return false;
            }

            confidence = DlpConfidence.Medium;
        }
        else if (context)
        {
            confidence = DlpConfidence.High;
        }
        else if (separator == '-')
        {
            confidence = DlpConfidence.Medium;
        }
        else if (separator != '\0')
        {
            confidence = DlpConfidence.Low;
        }
        else
        {
            // Nine bare digits are an SSN only where the text says so.
            return false;
        }

        Report(hits, g, stop - g, confidence);
        matchEnd = stop;
        return true;
    }
}
