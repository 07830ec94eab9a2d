namespace AgentGuard;

/// <summary>Phone numbers: international (<c>+</c> and 8 to 15 digits, E.164), North American (<c>(415) 555-2671</c>,
/// <c>415-555-2671</c>, <c>415.555.2671</c>; ten bare digits only next to a phone keyword) and national numbers with a trunk
/// zero (<c>020 7946 0958</c>, <c>06-12345678</c>). The reserved fictional range 555-0100…0199 is reported at low confidence.</summary>
internal sealed class PhoneNumberDetector() : BuiltInDetector(DlpDetectorNames.PhoneNumber, DlpKind.Pii)
{
    private static readonly ContextWords s_context = new("phone", "tel", "mobile", "cell", "call", "fax", "contact", "whatsapp", "sms");

    // "number" corroborates a phone number ("my number is 09-7625400") unless it names a type: "type": "number" in a JSON
    // schema or a tool's parameters, type: number in OpenAPI YAML, <input type="number">.
    private static readonly ContextWords s_numberWord = new("number");

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    /// <remarks>Eight with a leading plus, nine without.</remarks>
    public override int MinimumDigits => 8;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        if (segment.Digits < (segment.Plus ? 8 : 9))
        {
            return;
        }

        if (segment.Plus && TryInternational(text, start - 1, start, hits, out var stop))
        {
            return;
        }

        for (var g = start; g < end; g++)
        {
            if (!NumberRules.IsGroupStart(text, g))
            {
                continue;
            }

            if (TryInternationalPrefix(text, g, hits, out stop) || TryNorthAmerican(text, g, hits, out stop) || TryNational(text, g, hits, out stop)
                || TryMobile(text, g, hits, out stop))
            {
                g = stop - 1;
            }
        }
    }

    /// <summary>An international number written with the <c>00</c> call prefix instead of <c>+</c> (<c>0049 30 1234567</c>,
    /// <c>00 44 20 7946 0958</c>): in groups, as a bare run of digits is more often something else.</summary>
    private bool TryInternationalPrefix(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int stop)
    {
        stop = g;
        if (g + 3 >= text.Length || text[g] != '0' || text[g + 1] != '0' || !NumberRules.IsLeftBoundary(text, g) || (g > 0 && text[g - 1] == '+'))
        {
            return false;
        }

        if (g >= 2 && text[g - 1] is ' ' or '-' && NumberRules.FollowsDigitGroup(text, g - 1))
        {
            return false; // "PK36 SCBL 0000 0011 2345 6703": the middle of a longer grouped number.
        }

        var country = text[g + 2] == ' ' ? g + 3 : g + 2;
        return char.IsAsciiDigit(text[country]) && text[country] != '0' && NumberRules.Digits(text, g, 15) < 8
            && TryInternational(text, g, country, hits, out stop);
    }

    /// <summary>An international number: a prefix (<c>+</c>, <c>(+</c> or <c>00</c>) at <paramref name="prefix"/> and the country
    /// code at <paramref name="start"/>.</summary>
    private bool TryInternational(ReadOnlySpan<char> text, int prefix, int start, List<DlpDetection> hits, out int stop)
    {
        stop = start;
        var plus = prefix;
        var parenthesized = text[plus] == '+' && plus > 0 && text[plus - 1] == '(';
        if (parenthesized)
        {
            // (+41) 22 730 5989
            plus--;
        }

        if (text[start] == '0' || !TextRules.IsLeftBoundary(text, plus) || (plus > 0 && text[plus - 1] is '+' or '-' or '.'))
        {
            return false;
        }

        var digits = 0;
        var p = start;
        var last = start;
        var openParen = parenthesized;
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

        if (digits is < 8 or > 15 || openParen || !NumberRules.IsRightBoundary(text, last) || (text[plus] == '0' && last - start == digits))
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

        var countryCode = CountryCodeLength(text, begin, begin == g && !bare ? text[g + 3] : '\0');
        if (countryCode == 0 && (!NumberRules.IsLeftBoundary(text, begin) || (begin > 0 && text[begin - 1] == '+')))
        {
            return false;
        }

        int exchangeStart = p, lineStart;
        if (bare)
        {
            lineStart = p + 3;
        }
        else if (NumberRules.Digits(text, p, 7) == 7)
        {
            // 425 8829090: exchange and line run together, which only a phone keyword makes a phone number.
            bare = true;
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

        var context = HasContext(text, begin, last);
        if (bare && !context)
        {
            return false;
        }

        var fictional = text.Slice(exchangeStart, 3).SequenceEqual("555") && text.Slice(lineStart, 2).SequenceEqual("01");
        var confidence = fictional ? DlpConfidence.Low : context ? DlpConfidence.High : DlpConfidence.Medium;

        // A leading country code ("1 ", "1-", "91-") belongs to the number.
        if (countryCode > 0)
        {
            begin -= countryCode + 1;
        }

        Report(hits, begin, last - begin, confidence);
        stop = last;
        return true;
    }

    /// <summary>The length of a country code written without a plus before a North American number at <paramref name="begin"/>:
    /// <c>1</c> and any separator, or two or three digits and the number's own separator (<c>91-415-555-0132</c>); 0 when none.</summary>
    private static int CountryCodeLength(ReadOnlySpan<char> text, int begin, char separator)
    {
        if (begin < 2 || text[begin - 1] is not (' ' or '-' or '.'))
        {
            return 0;
        }

        var length = 0;
        while (length < 4 && begin - 2 - length >= 0 && char.IsAsciiDigit(text[begin - 2 - length]))
        {
            length++;
        }

        var code = begin - 1 - length;
        if (length is 0 or > 3 || text[code] == '0' || !NumberRules.IsLeftBoundary(text, code) || (code > 0 && text[code - 1] == '+'))
        {
            return 0;
        }

        return length == 1 ? (text[code] == '1' ? 1 : 0) : text[begin - 1] == separator ? length : 0;
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
            if (run < 2 || (groups == 0 && run > 5 && run is not (10 or 11)))
            {
                break;
            }

            if (digits >= 9 && digits + run > 11 && text[p] == '0')
            {
                // "052 5552606 074-7111234": a list of numbers, the next one starting with its own trunk zero.
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

        if (digits is < 9 or > 11 || !NumberRules.IsRightBoundary(text, last))
        {
            return false;
        }

        // "DE89 3704 0044 0532 0130 00": groups after another group of digits are the tail of a longer grouped number.
        // A list of numbers ("031 2345678 089-7654321") is not one: the group before ends the phone number just found.
        if (begin >= 2 && text[begin - 1] is ' ' or '-' && NumberRules.FollowsDigitGroup(text, begin - 1)
            && !(hits.Count > 0 && hits[^1].Detector == Name && hits[^1].End == begin - 1))
        {
            return false;
        }

        // Nine digits (09-7625400) or one run of ten (0612345678) are a phone number only where the text says so.
        var context = HasContext(text, begin, last);
        if ((groups < 2 || digits == 9) && !context)
        {
            return false;
        }

        var confidence = context ? DlpConfidence.Medium : DlpConfidence.Low;
        Report(hits, begin, last - begin, confidence);
        stop = last;
        return true;
    }

    /// <summary>Whether a phone word, or "number" other than as a type's name, stands within 32 characters of the match.</summary>
    private static bool HasContext(ReadOnlySpan<char> text, int start, int end)
    {
        if (s_context.Near(text, start, end, 32))
        {
            return true;
        }

        if (!s_numberWord.Near(text, start, end, 32))
        {
            return false;
        }

        var from = Math.Max(0, start - 32);
        var to = Math.Min(text.Length, end + 32);
        var p = from;
        while (p < to)
        {
            var i = text[p..to].IndexOf("number", StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return false;
            }

            var at = p + i;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && !NamesType(text, at))
            {
                return true;
            }

            p = at + 6;
        }

        return false;
    }

    /// <summary>Whether the word at <paramref name="at"/> is the value of a <c>type</c> member or attribute.</summary>
    private static bool NamesType(ReadOnlySpan<char> text, int at)
    {
        var before = text[Math.Max(0, at - 16)..at].TrimEnd(" \t\"'");
        if (before.IsEmpty || before[^1] is not (':' or '='))
        {
            return false;
        }

        before = before[..^1].TrimEnd(" \t\"'");
        return before.EndsWith("type", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A mobile number written as one run of eleven digits with no trunk zero (China: <c>13812345678</c>), next to a
    /// phone keyword.</summary>
    private bool TryMobile(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int stop)
    {
        stop = g;
        if (text[g] != '1' || NumberRules.Digits(text, g, 11) != 11 || text[g + 1] is < '3' or > '9' || !NumberRules.IsLeftBoundary(text, g)
            || (g > 0 && text[g - 1] == '+') || !NumberRules.IsRightBoundary(text, g + 11) || !HasContext(text, g, g + 11))
        {
            return false;
        }

        Report(hits, g, 11, DlpConfidence.Medium);
        stop = g + 11;
        return true;
    }
}
