using System.Buffers;
using System.Text;

namespace AgentGuard;

/// <summary>Splits text into normalized tokens and fingerprints those that can identify a sensitive value.</summary>
/// <remarks>
/// Normalization: NFKC, lower case, digits of any script as ASCII. Strong tokens: e-mail addresses; numbers of six
/// digits or more (also when written in groups such as <c>DE89 3704 0044…</c> or <c>+1 (555) 123-4567</c>; as written,
/// digits only, and the last nine and ten digits); identifiers mixing letters and digits (six characters or more with two
/// digits, ten or more with one); short multi-word fields (2–6 words between separators such as <c>,</c>, <c>:</c>,
/// quotes or line breaks: a name, an address line). Weak tokens: single words of six letters or more. Dates are not
/// fingerprinted. The same normalization runs on the source (a sensitive result) and the sink (egress arguments), so
/// case, grouping and surrounding text do not hide a value. On the sink side every token of eight letters and digits
/// or more is also looked up whole, so a value a DLP finding marked (an access key) is recognised whatever its shape.
/// </remarks>
internal static class ValueTokenizer
{
    public const byte IdDomain = 1;
    public const byte DigitsDomain = 2;
    public const byte PhraseDomain = 3;
    public const byte WordDomain = 4;
    private const int MaxPhraseWords = 6;
    private const int MaxWholeValueLength = 64;
    private const int MaxGroupMemberLength = 8;
    private const int MinWholeTokenLookup = 8;
    private static readonly System.Buffers.SearchValues<char> s_fieldSeparators = System.Buffers.SearchValues.Create("\n\r\t,;:|\"{}[]()<>=");

    /// <summary>Scans one value.</summary>
    /// <param name="input">The text.</param>
    /// <param name="fingerprinter">The keyed hash.</param>
    /// <param name="sink">Receives the fingerprints.</param>
    /// <param name="phraseWindows">
    /// <see langword="false"/> on the source side: each field (text between separators) of 2–6 words is one phrase;
    /// <see langword="true"/> on the sink side: every run of 2–6 consecutive words is looked up.</param>
    public static void Scan<TSink>(string input, Fingerprinter fingerprinter, ref TSink sink, bool phraseWindows)
        where TSink : struct, ITokenSink
    {
        if (input.Length == 0)
        {
            return;
        }

        var text = input;
        if (!IsAscii(text) && !text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }

        var chars = ArrayPool<char>.Shared.Rent(text.Length + 1);
        var group = ArrayPool<char>.Shared.Rent(text.Length + 1);
        var starts = ArrayPool<int>.Shared.Rent((text.Length / 2) + 2);
        var lengths = ArrayPool<int>.Shared.Rent((text.Length / 2) + 2);
        try
        {
            var words = 0;
            var used = 0;
            var groupLength = 0;
            var groupMembers = 0;
            var i = 0;
            var joinable = false;
            var fieldFirstWord = 0;
            var fieldStart = 0;
            var lastWordEnd = 0;
            while (i < text.Length)
            {
                // Separator run: decides whether the next token may continue a digit group, and where fields end.
                var separatorStart = i;
                var separatorJoins = true;
                var endsField = false;
                while (i < text.Length && !IsWordChar(text[i]))
                {
                    separatorJoins &= char.IsWhiteSpace(text[i]) || text[i] is '(' or ')';
                    endsField |= s_fieldSeparators.Contains(text[i]);
                    i++;
                }

                joinable = joinable && separatorJoins && i > separatorStart;
                if (endsField && !phraseWindows)
                {
                    EmitField(chars, starts, lengths, fieldFirstWord, words, lastWordEnd - fieldStart, fingerprinter, ref sink);
                    fieldFirstWord = words;
                    fieldStart = i;
                }

                if (i >= text.Length)
                {
                    break;
                }

                var start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                var token = text.AsSpan(start, i - start).Trim("._-+'@");
                if (token.IsEmpty)
                {
                    joinable = false;
                    continue;
                }

                if (words == fieldFirstWord)
                {
                    fieldStart = start;
                }

                lastWordEnd = i;

                var normalized = chars.AsSpan(used, token.Length);
                var digits = 0;
                var letters = 0;
                var others = 0;
                for (var k = 0; k < token.Length; k++)
                {
                    var c = token[k];
                    if (char.IsDigit(c))
                    {
                        c = (char)('0' + (int)char.GetNumericValue(c));
                        digits++;
                    }
                    else if (char.IsLetter(c))
                    {
                        c = char.ToLowerInvariant(c);
                        letters++;
                    }
                    else
                    {
                        others++;
                    }

                    normalized[k] = c;
                }

                ClassifyToken(normalized, digits, letters, fingerprinter, ref sink);
                if (phraseWindows && digits + letters >= MinWholeTokenLookup)
                {
                    EmitWhole(normalized, fingerprinter, ref sink);
                }

                // Digit groups written with spaces: card numbers, IBANs, phone numbers.
                var member = digits > 0 && normalized.Length <= MaxGroupMemberLength && OnlyAlnumOrDash(normalized);
                if (member && joinable)
                {
                    AppendAlnum(normalized, group, ref groupLength);
                    groupMembers++;
                }
                else
                {
                    FlushGroup(group.AsSpan(0, groupLength), groupMembers, fingerprinter, ref sink);
                    groupLength = 0;
                    groupMembers = 0;
                    if (member)
                    {
                        AppendAlnum(normalized, group, ref groupLength);
                        groupMembers = 1;
                    }
                }

                joinable = member;
                starts[words] = used;
                lengths[words] = normalized.Length;
                words++;
                used += normalized.Length;
            }

            FlushGroup(group.AsSpan(0, groupLength), groupMembers, fingerprinter, ref sink);
            if (phraseWindows)
            {
                EmitWindows(chars, starts, lengths, words, fingerprinter, ref sink);
            }
            else
            {
                EmitField(chars, starts, lengths, fieldFirstWord, words, lastWordEnd - fieldStart, fingerprinter, ref sink);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lengths);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<char>.Shared.Return(group);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void ClassifyToken<TSink>(ReadOnlySpan<char> token, int digits, int letters, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var at = token.IndexOf('@');
        if (at > 0 && token[(at + 1)..].IndexOf('.') > 0)
        {
            sink.Strong(fingerprinter.Hash(token, IdDomain));
            return;
        }

        if (digits >= 6 && !IsDateLike(token))
        {
            EmitNumber(token, fingerprinter, ref sink);
        }
        else if (letters >= 1 && ((digits >= 2 && digits + letters >= 6) || (digits >= 1 && digits + letters >= 10)))
        {
            Span<char> alnum = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
            var n = 0;
            foreach (var c in token)
            {
                if (char.IsAsciiDigit(c) || char.IsLetter(c))
                {
                    alnum[n++] = c;
                }
            }

            sink.Strong(fingerprinter.Hash(alnum[..n], IdDomain));
        }
        else if (digits == 0 && letters >= 6)
        {
            sink.Weak(fingerprinter.Hash(token, WordDomain));
        }
    }

    private static void EmitNumber<TSink>(ReadOnlySpan<char> token, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        Span<char> alnum = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
        Span<char> digitsOnly = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
        int a = 0, d = 0;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                alnum[a++] = c;
                digitsOnly[d++] = c;
            }
            else if (char.IsLetter(c))
            {
                alnum[a++] = c;
            }
        }

        if (a != d)
        {
            sink.Strong(fingerprinter.Hash(alnum[..a], IdDomain));
        }

        sink.Strong(fingerprinter.Hash(digitsOnly[..d], DigitsDomain));

        // The national part of a phone or account number: +31 20 555 0199 and 020 555 0199 share their last nine digits.
        for (var tail = 9; tail <= 10; tail++)
        {
            if (d > tail)
            {
                sink.Strong(fingerprinter.Hash(digitsOnly[(d - tail)..d], DigitsDomain));
            }
        }
    }

    private static void FlushGroup<TSink>(ReadOnlySpan<char> group, int members, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (members < 2)
        {
            return;
        }

        var digits = 0;
        foreach (var c in group)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        if (digits >= 6)
        {
            EmitNumber(group, fingerprinter, ref sink);
        }
    }

    private static void EmitField<TSink>(char[] chars, int[] starts, int[] lengths, int first, int end, int fieldLength, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var count = end - first;
        if (count is >= 2 and <= MaxPhraseWords && fieldLength <= MaxWholeValueLength)
        {
            sink.Strong(HashPhrase(chars, starts, lengths, first, count, fingerprinter));
        }
    }

    private static void EmitWindows<TSink>(char[] chars, int[] starts, int[] lengths, int words, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        for (var first = 0; first < words - 1; first++)
        {
            var max = Math.Min(MaxPhraseWords, words - first);
            for (var count = 2; count <= max; count++)
            {
                sink.Strong(HashPhrase(chars, starts, lengths, first, count, fingerprinter));
            }
        }
    }

    /// <summary>Fingerprints a whole value as letters and digits only (a DLP finding's span), as the sink side looks tokens up.</summary>
    public static void EmitWhole<TSink>(ReadOnlySpan<char> value, Fingerprinter fingerprinter, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        Span<char> alnum = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var n = 0;
        foreach (var c in value)
        {
            if (char.IsDigit(c))
            {
                alnum[n++] = (char)('0' + (int)char.GetNumericValue(c));
            }
            else if (char.IsLetter(c))
            {
                alnum[n++] = char.ToLowerInvariant(c);
            }
        }

        if (n >= MinWholeTokenLookup)
        {
            sink.Strong(fingerprinter.Hash(alnum[..n], IdDomain));
        }
    }

    private static ulong HashPhrase(char[] chars, int[] starts, int[] lengths, int first, int count, Fingerprinter fingerprinter)
    {
        var total = count - 1;
        for (var w = first; w < first + count; w++)
        {
            total += lengths[w];
        }

        var rented = total > 256 ? ArrayPool<char>.Shared.Rent(total) : null;
        try
        {
            var phrase = rented is null ? stackalloc char[total] : rented.AsSpan(0, total);
            var at = 0;
            for (var w = first; w < first + count; w++)
            {
                if (w > first)
                {
                    phrase[at++] = ' ';
                }

                chars.AsSpan(starts[w], lengths[w]).CopyTo(phrase[at..]);
                at += lengths[w];
            }

            return fingerprinter.Hash(phrase, PhraseDomain);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static void AppendAlnum(ReadOnlySpan<char> token, char[] group, ref int length)
    {
        foreach (var c in token)
        {
            if (c != '-')
            {
                group[length++] = c;
            }
        }
    }

    private static bool OnlyAlnumOrDash(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c) && !char.IsLetter(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    // 2024-05-03, 2024/05/03, 03.05.2024, 2024-05-03t10: dates are everywhere and identify nothing.
    private static bool IsDateLike(ReadOnlySpan<char> token)
    {
        static int Digits(ReadOnlySpan<char> s, int from)
        {
            var n = 0;
            while (from + n < s.Length && char.IsAsciiDigit(s[from + n]))
            {
                n++;
            }

            return n;
        }

        var first = Digits(token, 0);
        if (first is not (4 or 1 or 2) || first >= token.Length || token[first] is not ('-' or '/' or '.'))
        {
            return false;
        }

        var second = Digits(token, first + 1);
        var afterSecond = first + 1 + second;
        if (second is not (1 or 2) || afterSecond >= token.Length || token[afterSecond] is not ('-' or '/' or '.'))
        {
            return false;
        }

        var third = Digits(token, afterSecond + 1);
        var end = afterSecond + 1 + third;
        return first == 4 ? third is 1 or 2 : third is 2 or 4 && end == token.Length;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '@' or '.' or '_' or '-' or '+' or '\'';

    private static bool IsAscii(string text) => Ascii.IsValid(text);
}
