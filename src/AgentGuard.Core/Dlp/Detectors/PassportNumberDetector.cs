namespace AgentGuard;

/// <summary>Passport numbers, which have no checksum a scanner can verify and look like any other code, so only where a
/// passport word introduces them ("passport", "passport no.", "passeport", "pasaporte", "reisepass"…): the first code after
/// the word and its labels, 6 to 10 upper-case letters and digits with at least 5 digits and at most 3 letters. This covers
/// the US (9 digits, or a letter and 8), UK (9 digits), Canada (2 letters, 6 digits), France (2 digits, 2 letters, 5
/// digits), India (a letter, 7 digits), Australia, Italy, Spain and Germany's digit-rich numbers.</summary>
internal sealed class PassportNumberDetector() : BuiltInDetector(DlpDetectorNames.PassportNumber, DlpKind.Pii)
{
    private const int Window = 40;

    private static readonly HashSet<string> s_labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "nr", "nbr", "num", "number", "numbers", "id", "is", "was", "of", "the", "my", "his", "her", "their", "de", "du", "numero", "número",
        "nummer", "n", "nº", "no.", "details", "card", "book", "issued", "holder", "and", "s",
    };

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("passport", "passeport", "pasaporte", "passaporto", "reisepass", "paspoort");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (index > 0 && char.IsAsciiLetter(text[index - 1]))
        {
            return index + 1;
        }

        var to = Math.Min(text.Length, index + keywordLength + Window);
        var p = index + keywordLength;

        // Skip the rest of the word ("passports", "passport_number") and any labels, then judge the first code.
        while (p < to && (char.IsAsciiLetter(text[p]) || text[p] == '_'))
        {
            p++;
        }

        while (p < to)
        {
            if (!char.IsAsciiLetterOrDigit(text[p]))
            {
                p++;
                continue;
            }

            var start = p;
            while (p < text.Length && char.IsAsciiLetterOrDigit(text[p]))
            {
                p++;
            }

            var word = text[start..p];
            if (s_labels.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word) || (word.Length <= 6 && !word.ContainsAnyInRange('0', '9') && (word.ContainsAnyInRange('a', 'z') || word.Length <= 2)))
            {
                continue; // a label such as "number", or another word before the code
            }

            if (IsPassportNumber(word) && (p >= text.Length || !(text[p] is '-' or '.' or '/' && p + 1 < text.Length && char.IsAsciiDigit(text[p + 1]))))
            {
                Report(hits, start, word.Length, DlpConfidence.High);
            }

            return p;
        }

        return p;
    }

    private static bool IsPassportNumber(ReadOnlySpan<char> word)
    {
        if (word.Length is < 6 or > 10 || word.ContainsAnyInRange('a', 'z'))
        {
            return false;
        }

        var digits = word.Length - CountLetters(word);
        return digits >= 5 && CountLetters(word) <= 3 && !TextRules.IsRepeated(word) && !word.SequenceEqual("123456789");
    }

    private static int CountLetters(ReadOnlySpan<char> word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
            }
        }

        return letters;
    }
}
