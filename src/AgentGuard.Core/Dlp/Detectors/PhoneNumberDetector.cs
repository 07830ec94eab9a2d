namespace AgentGuard;

/// <summary>Phone numbers: international (<c>+</c> and 8 to 15 digits, E.164), North American (<c>(415) 555-2671</c>,
/// <c>415-555-2671</c>, <c>415.555.2671</c>; ten bare digits only next to a phone keyword) and national numbers with a trunk
/// zero (<c>020 7946 0958</c>, <c>06-12345678</c>). The reserved fictional range 555-0100…0199 is reported at low confidence.</summary>
internal sealed class PhoneNumberDetector() : BuiltInDetector(DlpDetectorNames.PhoneNumber, DlpKind.Pii)
{
    private static readonly ContextWords s_context = new("phone", "tel", "mobile", "cell", "call", "fax", "contact", "whatsapp", "sms", "number");

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    /// <remarks>Eight with a leading plus, ten without.</remarks>
    public override int MinimumDigits => 8;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        if (segment.Digits < (segment.Plus ? 8 : 10))
        {
            return;
        }

        if (segment.Plus && TryInternational(text, start, hits, out var stop))
        {
            return;
        }

        for (var g = start; g < end; g++)
        {
            if (!NumberRules.IsGroupStart(text, g))
            {
                continue;
            }

            if (TryNorthAmerican(text, g, hits, out stop) || TryNational(text, g, hits, out stop))
            {
                g = stop - 1;
            }
        }
    }

    private bool TryInternational(ReadOnlySpan<char> text, int start, List<DlpDetection> hits, out int stop)
    {
        stop = start;
        var plus = start - 1;
        if (text[start] == '0' || !TextRules.IsLeftBoundary(text, plus) || (plus > 0 && text[plus - 1] is '+' or '-' or '.'))
        {
            return false;
        }

        var digits = 0;
        var p = start;
        var last = start;
        var openParen = false;
        while (p < text.Length)
        {
            var c = text[p];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                last = p + 1;
                p++;
                continue;
            }

            var next = p + 1 < text.Length ? text[p + 1] : '\0';
            if (c is ' ' or '-' or '.' && (char.IsAsciiDigit(next) || (next == '(' && !openParen)))
            {
                p++;
            }
            else if (c == '(' && !openParen && char.IsAsciiDigit(next))
            {
                openParen = true;
                p++;
            }
            else if (c == ')' && openParen && (next == ' ' || char.IsAsciiDigit(next)))
            {
                openParen = false;
                p++;
            }
            else
            {
                break;
            }
        }

        if (digits is < 8 or > 15 || !NumberRules.IsRightBoundary(text, last))
        {
            return false;
        }

        Report(hits, plus, last - plus, DlpConfidence.High);
        stop = last;
        return true;
    }

    private bool TryNorthAmerican(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int stop)
    {
        stop = g;
        var begin = g;
        int p;
        var bare = false;
        if (g > 0 && text[g - 1] == '(')
        {
            // (415) 555-2671
            if (NumberRules.Digits(text, g, 3) != 3 || g + 4 >= text.Length || text[g + 3] != ')')
            {
                return false;
            }

            begin = g - 1;
            p = g + 4;
            if (p < text.Length && text[p] is ' ' or '-' or '.')
            {
                p++;
            }
        }
        else
        {
            var run = NumberRules.Digits(text, g, 10);
            if (run == 10)
            {
                bare = true;
                p = g + 3;
            }
            else if (run == 3 && g + 3 < text.Length && text[g + 3] is '-' or '.' or ' ')
            {
                p = g + 4;
            }
            else
            {
                return false;
            }
        }

        var countryCode = begin >= 2 && text[begin - 2] == '1' && text[begin - 1] is ' ' or '-' or '.' && NumberRules.IsLeftBoundary(text, begin - 2)
            && (begin < 3 || text[begin - 3] != '+');
        if (!countryCode && (!NumberRules.IsLeftBoundary(text, begin) || (begin > 0 && text[begin - 1] == '+')))
        {
            return false;
        }

        int exchangeStart = p, lineStart;
        if (bare)
        {
            lineStart = p + 3;
        }
        else
        {
            if (NumberRules.Digits(text, p, 3) != 3 || p + 3 >= text.Length || text[p + 3] is not ('-' or '.' or ' '))
            {
                return false;
            }

            if (begin == g && text[p + 3] != text[g + 3])
            {
                return false; // 415-555.2671: mixed separators are not a phone number.
            }

            lineStart = p + 4;
        }

        if (NumberRules.Digits(text, lineStart, 4) != 4)
        {
            return false;
        }

        var last = lineStart + 4;
        if (!NumberRules.IsRightBoundary(text, last) || (last < text.Length && text[last] is '-' or '.' or ' ' && last + 1 < text.Length && char.IsAsciiDigit(text[last + 1]) && text[last] != ' '))
        {
            return false;
        }

        if (text[g] is '0' or '1' || text[exchangeStart] is '0' or '1')
        {
            return false;
        }

        var context = s_context.Near(text, begin, last, 32);
        if (bare && !context)
        {
            return false;
        }

        var fictional = text.Slice(exchangeStart, 3).SequenceEqual("555") && text.Slice(lineStart, 2).SequenceEqual("01");
        var confidence = fictional ? DlpConfidence.Low : context ? DlpConfidence.High : DlpConfidence.Medium;

        // A leading country code "1 " or "1-" belongs to the number.
        if (countryCode)
        {
            begin -= 2;
        }

        Report(hits, begin, last - begin, confidence);
        stop = last;
        return true;
    }

    private bool TryNational(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int stop)
    {
        stop = g;
        var begin = g > 0 && text[g - 1] == '(' ? g - 1 : g;
        if (text[g] != '0' || g + 1 >= text.Length || !char.IsAsciiDigit(text[g + 1]) || text[g + 1] == '0'
            || !NumberRules.IsLeftBoundary(text, begin) || (begin > 0 && text[begin - 1] == '+'))
        {
            return false;
        }

        var digits = 0;
        var groups = 0;
        var separator = '\0';
        var p = g;
        var last = g;
        while (p < text.Length)
        {
            var run = NumberRules.Digits(text, p, 12);
            if (run < 2 || (groups == 0 && run > 5))
            {
                break;
            }

            digits += run;
            groups++;
            p += run;
            last = p;
            if (groups == 1 && begin < g)
            {
                if (p >= text.Length || text[p] != ')')
                {
                    return false;
                }

                p++;
                if (p < text.Length && text[p] == ' ')
                {
                    p++;
                }

                separator = ' ';
                continue;
            }

            if (p + 1 >= text.Length || text[p] is not (' ' or '-') || !char.IsAsciiDigit(text[p + 1]) || (separator != '\0' && text[p] != separator && groups > 1))
            {
                break;
            }

            separator = text[p];
            p++;
        }

        if (groups < 2 || digits is < 10 or > 11 || !NumberRules.IsRightBoundary(text, last))
        {
            return false;
        }

        var confidence = s_context.Near(text, begin, last, 32) ? DlpConfidence.Medium : DlpConfidence.Low;
        Report(hits, begin, last - begin, confidence);
        stop = last;
        return true;
    }
}
