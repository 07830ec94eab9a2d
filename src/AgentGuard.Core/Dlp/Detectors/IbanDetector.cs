using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>International bank account numbers: a country code, two check digits and the country's BBAN length, contiguous or
/// in groups of four separated by spaces or dashes, in upper case or (in groups) lower case but not mixed, passing the ISO 7064
/// mod 97-10 check. The standard documentation examples are reported at low confidence.</summary>
internal sealed class IbanDetector() : BuiltInDetector(DlpDetectorNames.Iban, DlpKind.Pii)
{
    private static readonly FrozenDictionary<string, int> s_lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28,
        ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23,
        ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly HashSet<string> s_examples = new(StringComparer.Ordinal)
    {
        "GB82WEST12345698765432", "GB29NWBK60161331926819", "DE89370400440532013000", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957", "ES9121000418450200051332", "IT60X0542811101000000123456",
    };

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    /// <remarks>The two check digits.</remarks>
    public override int MinimumDigits => 2;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        var begin = start - 2;
        if (begin >= 0 && char.IsAsciiLetterUpper(text[begin]) && char.IsAsciiLetterUpper(text[begin + 1]))
        {
            TryMatch(text, begin, hits);
            return;
        }

        // A lower-case IBAN in groups ("de89 3704 0044 …"): the digit walk skips digits glued to lower-case letters, so its
        // first call is at a later group; look back over at most three groups for the country code and check digits.
        var p = start;
        for (var k = 0; k < 3 && p >= 5 && text[p - 1] is ' ' or '-'; k++)
        {
            p -= 5;
            var group = text.Slice(p, 4);
            if (group.ContainsAnyExcept(TextRules.Alnum) || group.ContainsAnyInRange('A', 'Z'))
            {
                // Not a group of four; or upper case, found from its own check digits.
                return;
            }

            if (char.IsAsciiLetterLower(text[p]) && char.IsAsciiLetterLower(text[p + 1]) && char.IsAsciiDigit(text[p + 2]) && char.IsAsciiDigit(text[p + 3]))
            {
                TryMatch(text, p, hits);
                return;
            }
        }
    }

    private void TryMatch(ReadOnlySpan<char> text, int begin, List<DlpDetection> hits)
    {
        Span<char> country = stackalloc char[2];
        country[0] = char.ToUpperInvariant(text[begin]);
        country[1] = char.ToUpperInvariant(text[begin + 1]);
        if (NumberRules.Digits(text, begin + 2, 2) < 2 || !TextRules.IsLeftBoundary(text, begin)
            || !s_lengths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(country, out var expected))
        {
            return;
        }

        Span<char> compact = stackalloc char[34];
        var count = 0;
        var p = begin;
        var separator = '\0';
        bool upper = false, lower = false;
        while (p < text.Length && count < expected)
        {
            var c = text[p];
            if (char.IsAsciiLetterOrDigit(c))
            {
                upper |= char.IsAsciiLetterUpper(c);
                lower |= char.IsAsciiLetterLower(c);
                compact[count++] = char.ToUpperInvariant(c);
                p++;
            }
            else if (c is ' ' or '-' && (separator == '\0' || c == separator) && count % 4 == 0 && p + 1 < text.Length && char.IsAsciiLetterOrDigit(text[p + 1]))
            {
                separator = c;
                p++;
            }
            else
            {
                break;
            }
        }

        // Mixed case ("GI75 aWBK …") is a typo or not an IBAN at all; one case throughout is either.
        if (count != expected || (upper && lower) || (p < text.Length && char.IsLetterOrDigit(text[p])) || !Checksums.Mod97(compact[..count]))
        {
            return;
        }

        var confidence = s_examples.Contains(compact[..count].ToString()) ? DlpConfidence.Low : DlpConfidence.High;
        Report(hits, begin, p - begin, confidence);
    }
}
