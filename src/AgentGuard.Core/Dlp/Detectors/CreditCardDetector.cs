namespace AgentGuard;

/// <summary>Payment card numbers: 12 to 19 digits, contiguous or in groups separated by single spaces, dashes or dots, passing
/// the Luhn check, with a known issuer prefix and a length that issuer uses. Groups that continue a longer grouped number (the
/// tail of an IBAN or of an account number) are not a card. Documented test numbers are reported at low confidence.</summary>
internal sealed class CreditCardDetector() : BuiltInDetector(DlpDetectorNames.CreditCard, DlpKind.Pii)
{
    private const int MaxDigits = 19;
    private static readonly ContextWords s_context = new("card", "visa", "master", "amex", "credit", "debit", "payment", "discover", "jcb", "diners", "pan");

    private static readonly HashSet<string> s_testNumberList = new(StringComparer.Ordinal)
    {
        "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "4000056655665556", "4000000000000002",
        "4000000000000077", "4000000000000093", "4000000000003220", "4000002500003155", "4000000000009995", "4000000000000069",
        "4000000000000127", "4000000000000119", "4005519200000004", "4009348888881881", "4012000033330026", "4012000077777777",
        "4217651111111119", "4500600000000061", "4988438843884305", "4917610000000000", "4462030000000000",
        "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454", "2223003122003222", "2223000048400011",
        "5431111111111111", "5500000000000004", "5555555555555557",
        "378282246310005", "371449635398431", "378734493671000", "340000000000009", "370000000000002",
        "6011111111111117", "6011000990139424", "6011000000000004", "6011601160116611", "6445644564456445",
        "3530111333300000", "3566002020360505", "3566111111111113", "30569309025904", "38520000023237", "36227206271667",
        "3056930009020004", "36259600000004", "6200000000000005", "6205500000000000004", "6759649826438453",
    };

    private static readonly System.Collections.Frozen.FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_testNumbers =
        System.Collections.Frozen.FrozenSet.ToFrozenSet(s_testNumberList, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    public override int MinimumDigits => 12;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        if (segment.Digits < MinimumDigits)
        {
            return;
        }

        var g = start;
        while (g < end)
        {
            if (NumberRules.IsGroupStart(text, g) && NumberRules.IsLeftBoundary(text, g) && TryMatch(text, g, end, hits, out var matchEnd))
            {
                g = matchEnd;
                continue;
            }

            g++;
        }
    }

    /// <summary>Whether the digits lie inside a UUID: four of its groups can read as a dash-grouped, Luhn-valid 16-digit
    /// number about once in ten thousand random UUIDs.</summary>
    private static bool InsideUuid(ReadOnlySpan<char> text, int start, int stop)
    {
        const int Length = 36;
        if (stop - start > Length)
        {
            return false;
        }

        for (var offset = Math.Max(0, stop - Length); offset <= start && offset + Length <= text.Length; offset++)
        {
            if (TextRules.IsUuid(text.Slice(offset, Length))
                && (offset == 0 || !TextRules.Hex.Contains(text[offset - 1]))
                && (offset + Length == text.Length || !TextRules.Hex.Contains(text[offset + Length])))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryMatch(ReadOnlySpan<char> text, int start, int end, List<DlpDetection> hits, out int matchEnd)
    {
        matchEnd = start;
        Span<char> digits = stackalloc char[MaxDigits];
        Span<int> candidateEnds = stackalloc int[8];
        Span<int> candidateCounts = stackalloc int[8];
        Span<int> groupLengths = stackalloc int[8];
        var candidates = 0;
        var count = 0;
        var groups = 0;
        var separator = '\0';
        var p = start;
        while (true)
        {
            var run = NumberRules.Digits(text, p, MaxDigits);
            if (count + run > MaxDigits || groups == groupLengths.Length)
            {
                break;
            }

            text.Slice(p, run).CopyTo(digits[count..]);
            count += run;
            groupLengths[groups++] = run;
            p += run;
            if (count >= 12 && GroupsPlausible(groupLengths[..groups]))
            {
                candidateEnds[candidates] = p;
                candidateCounts[candidates++] = count;
            }

            if (p + 1 >= end || text[p] is not (' ' or '-' or '.') || !char.IsAsciiDigit(text[p + 1]) || (separator != '\0' && text[p] != separator))
            {
                break;
            }

            separator = text[p];
            p++;
        }

        // "RS35 2600 0560 1001 6113 70": groups after another group of digits are the middle of a longer grouped number, unless
        // that group ends a card just found (a list of cards).
        if (separator != '\0' && start >= 2 && text[start - 1] == separator && NumberRules.FollowsDigitGroup(text, start - 1)
            && !(hits.Count > 0 && hits[^1].Detector == Name && hits[^1].End == start - 1))
        {
            return false;
        }

        for (var k = candidates - 1; k >= 0; k--)
        {
            var n = candidateCounts[k];
            var number = digits[..n];
            var stop = candidateEnds[k];
            if (!NumberRules.IsRightBoundary(text, stop, allowGroupSeparator: separator != '\0'))
            {
                continue;
            }

            if (!Checksums.Luhn(number) || !IsIssuerLength(number) || TextRules.IsRepeated(number) || InsideUuid(text, start, stop))
            {
                continue;
            }

            var confidence = s_testNumbers.Contains(number) ? DlpConfidence.Low
                : separator != '\0' || s_context.Near(text, start, stop, 48) ? DlpConfidence.High
                : DlpConfidence.Medium;
            Report(hits, start, stop - start, confidence);
            matchEnd = stop;
            return true;
        }

        return false;
    }

    /// <summary>Grouped numbers are written 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3: the first group has four digits and the others four to six
    /// (the last may be shorter).</summary>
    private static bool GroupsPlausible(ReadOnlySpan<int> groups)
    {
        if (groups.Length == 1)
        {
            return true;
        }

        if (groups[0] != 4)
        {
            return false;
        }

        for (var i = 1; i < groups.Length - 1; i++)
        {
            if (groups[i] is < 4 or > 6)
            {
                return false;
            }
        }

        return groups[^1] is >= 1 and <= 6;
    }

    /// <summary>Whether the number's prefix belongs to a card issuer that uses its length.</summary>
    private static bool IsIssuerLength(ReadOnlySpan<char> n)
    {
        var length = n.Length;
        var p2 = NumberRules.Value(n[..2]);
        var p3 = NumberRules.Value(n[..3]);
        var p4 = NumberRules.Value(n[..4]);
        var p6 = NumberRules.Value(n[..6]);
        return n[0] switch
        {
            '1' => length == 15, // UATP
            '4' => length is 13 or 16 or 19, // Visa
            '5' => (p2 is >= 51 and <= 55 && length == 16) // Mastercard
                || (p2 is 50 or (>= 56 and <= 58) && length is >= 12 and <= 19), // Maestro
            '2' => (p4 is >= 2221 and <= 2720 && length == 16) // Mastercard 2-series
                || (p4 is >= 2200 and <= 2204 && length is >= 16 and <= 19), // Mir
            '3' => (p2 is 34 or 37 && length == 15) // American Express
                || (p4 is >= 3528 and <= 3589 && length is >= 16 and <= 19) // JCB
                || ((p3 is >= 300 and <= 305 || p4 == 3095 || p2 is 36 or 38 or 39) && length is >= 14 and <= 19), // Diners Club
            '6' => (p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65 || p6 is >= 622126 and <= 622925) && length is >= 16 and <= 19 // Discover
                || (p2 == 62 && length is >= 16 and <= 19) // UnionPay
                || (p2 == 60 && length == 16) // RuPay
                || (length is >= 12 and <= 19 && p2 is 63 or 67 or 68 or 69 or 61 or 64 or 66), // Maestro
            _ => false,
        };
    }
}
