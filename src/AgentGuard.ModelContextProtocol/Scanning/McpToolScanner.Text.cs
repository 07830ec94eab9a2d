using System.Globalization;
using System.Text;

namespace AgentGuard;

public static partial class McpToolScanner
{
    private const int OversizedDescription = 4000;
    private const int EvidenceLength = 80;

    private enum TextRole
    {
        Text,
        Key,
        ParameterDescription,
    }

    /// <summary>Folds text for matching: invisible characters removed, look-alikes folded, NFKC, lowercase, one space.</summary>
    internal static string Normalize(string text, out int lookalikes)
    {
        lookalikes = 0;
        var folded = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Classify(rune) != Invisible.None || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                continue;
            }

            if (rune.IsBmp && Lookalike((char)rune.Value) is var ascii and not '\0')
            {
                lookalikes++;
                folded.Append(ascii);
                continue;
            }

            folded.Append(rune.ToString());
        }

        var compatible = folded.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var result = new StringBuilder(compatible.Length);
        var space = false;
        foreach (var c in compatible)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '\u00A0')
            {
                space = true;
                continue;
            }

            if (space && result.Length > 0)
            {
                result.Append(' ');
            }

            space = false;
            result.Append(c);
        }

        return result.ToString();
    }

    internal static string Printable(string text, int start = 0, int length = -1)
    {
        if (length < 0)
        {
            length = text.Length - start;
        }

        var from = Math.Max(0, start);
        var to = Math.Min(text.Length, from + Math.Min(length, EvidenceLength));
        var printable = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < to && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                i++;
                if (Classify(rune) != Invisible.None)
                {
                    printable.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X}}}");
                }
                else
                {
                    printable.Append(rune.ToString());
                }

                continue;
            }

            if (char.IsControl(c) || Classify(new Rune(char.IsSurrogate(c) ? '\uFFFD' : c)) != Invisible.None || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                printable.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X}}}");
            }
            else
            {
                printable.Append(c);
            }
        }

        if (to < start + length)
        {
            printable.Append('…');
        }

        return printable.ToString();
    }

    private enum Invisible
    {
        None,
        ZeroWidth,
        Bidi,
        Tag,
        VariationSelector,
        Escape,
    }

    private static Invisible Classify(Rune rune) => rune.Value switch
    {
        >= 0xE0000 and <= 0xE007F => Invisible.Tag,
        0x202A or 0x202B or 0x202C or 0x202D or 0x202E or 0x2066 or 0x2067 or 0x2068 or 0x2069 or 0x200E or 0x200F or 0x061C => Invisible.Bidi,
        0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF or 0x180E or 0x2061 or 0x2062 or 0x2063 or 0x2064 or 0x00AD or 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 => Invisible.ZeroWidth,
        >= 0xFE00 and <= 0xFE0F => Invisible.VariationSelector,
        >= 0xE0100 and <= 0xE01EF => Invisible.VariationSelector,
        0x1B => Invisible.Escape,
        _ => Invisible.None,
    };

    // Latin look-alikes from Cyrillic and Greek that fool a reader (and a naive filter) but not NFKC.
    private static char Lookalike(char c) => c switch
    {
        'а' => 'a', 'е' => 'e', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'у' => 'y', 'х' => 'x', 'і' => 'i', 'ј' => 'j', 'ѕ' => 's',
        'ԁ' => 'd', 'ӏ' => 'l', 'һ' => 'h', 'ԛ' => 'q', 'ԝ' => 'w',
        'А' => 'A', 'В' => 'B', 'Е' => 'E', 'К' => 'K', 'М' => 'M', 'Н' => 'H', 'О' => 'O', 'Р' => 'P', 'С' => 'C', 'Т' => 'T',
        'Х' => 'X', 'І' => 'I', 'Ј' => 'J', 'Ѕ' => 'S',
        'ο' => 'o', 'α' => 'a', 'ι' => 'i', 'ν' => 'v', 'ρ' => 'p', 'κ' => 'k', 'τ' => 't', 'υ' => 'u',
        'Α' => 'A', 'Β' => 'B', 'Ε' => 'E', 'Ζ' => 'Z', 'Η' => 'H', 'Ι' => 'I', 'Κ' => 'K', 'Μ' => 'M', 'Ν' => 'N', 'Ο' => 'O',
        'Ρ' => 'P', 'Τ' => 'T', 'Υ' => 'Y', 'Χ' => 'X',
        'ɡ' => 'g', 'ɑ' => 'a',
        _ => '\0',
    };

    /// <summary>Finds invisible characters; returns the text hidden in tag characters, if any.</summary>
    private static string? ScanInvisible(ScanState scan, string text, string location)
    {
        int zeroWidth = 0, bidi = 0, tags = 0, selectors = 0, escapes = 0, format = 0;
        var firstIndex = -1;
        StringBuilder? hidden = null;
        var previous = default(Rune);
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var kind = Classify(rune);
            var emojiContext = Rune.GetUnicodeCategory(previous) == UnicodeCategory.OtherSymbol || previous.Value == 0x200D;
            switch (kind)
            {
                case Invisible.Tag:
                    tags++;
                    if (rune.Value is >= 0xE0020 and <= 0xE007E)
                    {
                        (hidden ??= new StringBuilder()).Append((char)(rune.Value - 0xE0000));
                    }

                    break;
                case Invisible.Bidi:
                    bidi++;
                    break;
                case Invisible.ZeroWidth when rune.Value == 0x200D && emojiContext:
                    kind = Invisible.None;
                    break;
                case Invisible.ZeroWidth:
                    zeroWidth++;
                    break;
                case Invisible.VariationSelector when rune.Value is 0xFE0E or 0xFE0F && emojiContext:
                    kind = Invisible.None;
                    break;
                case Invisible.VariationSelector:
                    selectors++;
                    break;
                case Invisible.Escape:
                    escapes++;
                    break;
                default:
                    if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
                    {
                        format++;
                        kind = Invisible.ZeroWidth;
                    }

                    break;
            }

            if (kind != Invisible.None && firstIndex < 0)
            {
                firstIndex = index;
            }

            previous = rune;
            index += rune.Utf16SequenceLength;
        }

        var evidence = firstIndex < 0 ? string.Empty : Printable(text, Math.Max(0, firstIndex - 20), 60);
        if (tags > 0)
        {
            scan.Add("mcp.poison.invisible_characters", McpFindingSeverity.High, location,
                $"{tags} Unicode tag character(s): text the user cannot see" + (hidden is null ? string.Empty : $" (hidden text: \"{Printable(hidden.ToString())}\")"), evidence);
        }

        if (bidi > 0)
        {
            scan.Add("mcp.poison.invisible_characters", McpFindingSeverity.High, location, $"{bidi} bidirectional control character(s): text shown in a different order than it is read", evidence);
        }

        if (zeroWidth + selectors > 0)
        {
            scan.Add("mcp.poison.invisible_characters", McpFindingSeverity.High, location, $"{zeroWidth + selectors} zero-width or invisible character(s)", evidence);
        }

        if (escapes > 0)
        {
            scan.Add("mcp.poison.invisible_characters", McpFindingSeverity.High, location, $"{escapes} terminal escape character(s): text a terminal can hide or rewrite", evidence);
        }

        if (format > 0 && zeroWidth + selectors == 0)
        {
            scan.Add("mcp.poison.invisible_characters", McpFindingSeverity.Medium, location, $"{format} invisible formatting character(s)", evidence);
        }

        return hidden?.ToString();
    }
}
