using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Turns sources (free text, JSON results) and sinks (argument values) into keyed fingerprints of their
/// canonical forms, one domain per kind of value. Nothing here keeps a value.</summary>
/// <remarks>Source side: every e-mail address, URL (whole, without query, host), IBAN, number reading and host name in the
/// text, after percent-decoding too; every word and every run of up to four words (so a value embedded in a sentence
/// is found); path segments and file stems of identifying words. Sink side: one value's canonical forms by its kind.</remarks>
internal sealed partial class LineageFingerprints
{
    public const byte EmailDomain = 40;
    public const byte UrlDomain = 41;
    public const byte IbanDomain = 42;
    public const byte NumberDomain = 43;
    public const byte HostDomain = 44;
    public const byte TextDomain = 45;
    private const int MaxWindow = 4;
    private const int MaxScannedChars = 256 * 1024;
    private const int MaxJsonDepth = 16;
    private static readonly char[] s_pathSeparators = ['/', '\\'];
    private readonly Fingerprinter _fingerprinter;

    public LineageFingerprints(Fingerprinter fingerprinter) => _fingerprinter = fingerprinter;

    public ulong Hash(string canonical, byte domain) => _fingerprinter.Hash(canonical, domain);

    /// <summary>Fingerprints everything a text could hand on: typed values and words.</summary>
    public void FromText(string text, HashSet<ulong> into, int capacity)
    {
        if (text.Length > MaxScannedChars)
        {
            text = text[..MaxScannedChars];
        }

        ScanText(text, into, capacity);
        if (text.Contains('%', StringComparison.Ordinal))
        {
            var decoded = LineageNormalizer.PercentDecode(text);
            if (!string.Equals(decoded, text, StringComparison.Ordinal))
            {
                ScanText(decoded, into, capacity);
            }
        }
    }

    /// <summary>Fingerprints a JSON result: every string as text, every number's readings.</summary>
    public void FromJson(JsonElement element, HashSet<ulong> into, int capacity, int depth = 0)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                FromText(text, into, capacity);
                if (text.Length <= 256)
                {
                    Add(into, capacity, LineageNormalizer.Text(text), TextDomain);
                }

                break;
            case JsonValueKind.Number:
                AddNumbers(element.GetRawText(), into, capacity);
                break;
            case JsonValueKind.Object when depth < MaxJsonDepth:
                foreach (var property in element.EnumerateObject())
                {
                    FromJson(property.Value, into, capacity, depth + 1);
                }

                break;
            case JsonValueKind.Array when depth < MaxJsonDepth:
                foreach (var item in element.EnumerateArray())
                {
                    FromJson(item, into, capacity, depth + 1);
                }

                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                FromText(element.GetRawText(), into, capacity);
                break;
        }
    }

    /// <summary>The kind and canonical fingerprints of one argument value (a JSON string or number).</summary>
    public LineageValueKind FromValue(JsonElement value, List<ulong> into)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return FromNumber(value.GetRawText(), into);
        }

        return value.ValueKind == JsonValueKind.String ? FromValue(value.GetString()!, into) : LineageValueKind.Value;
    }

    /// <summary>The kind and canonical fingerprints of one argument value given as text.</summary>
    public LineageValueKind FromValue(string raw, List<ulong> into)
    {
        if (LineageNormalizer.Email(raw) is { } email)
        {
            into.Add(Hash(email, EmailDomain));
            return LineageValueKind.Recipient;
        }

        if (LineageNormalizer.TryUrl(raw, out var full, out var withoutQuery, out _))
        {
            into.Add(Hash(full, UrlDomain));
            into.Add(Hash(withoutQuery, UrlDomain));
            return LineageValueKind.Url;
        }

        var decoded = LineageNormalizer.PercentDecode(raw);
        if (LineageNormalizer.Iban(decoded) is { } iban)
        {
            into.Add(Hash(iban, IbanDomain));
            return LineageValueKind.Iban;
        }

        var numbers = new List<string>(2);
        LineageNormalizer.Numbers(decoded, numbers);
        if (numbers.Count > 0)
        {
            return FromNumber(decoded, into);
        }

        if (LineageNormalizer.Host(decoded) is { } host)
        {
            into.Add(Hash(host, HostDomain));
            into.Add(Hash(host, TextDomain));
            return LineageValueKind.Destination;
        }

        var text = LineageNormalizer.Text(decoded);
        if (text.Length > 0)
        {
            into.Add(Hash(text, TextDomain));
            var slash = text.LastIndexOfAny(s_pathSeparators);
            if (slash >= 0 && slash < text.Length - 1)
            {
                into.Add(Hash(text[(slash + 1)..], TextDomain));
            }
        }

        return LineageValueKind.Value;
    }

    /// <summary>Fingerprints a resource name and its identifying path segments and file stems (what a user would name).</summary>
    public void FromResource(string resource, HashSet<ulong> into, int capacity)
    {
        var list = new List<ulong>(4);
        FromValue(resource, list);
        foreach (var fingerprint in list)
        {
            AddHash(into, capacity, fingerprint);
        }

        AddPathParts(LineageNormalizer.Text(LineageNormalizer.PercentDecode(resource)), into, capacity);
    }

    private LineageValueKind FromNumber(string raw, List<ulong> into)
    {
        var numbers = new List<string>(2);
        LineageNormalizer.Numbers(raw, numbers);
        foreach (var number in numbers)
        {
            into.Add(Hash(number, NumberDomain));
        }

        var digits = 0;
        foreach (var c in raw)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        // Six digits or more without a fraction is an account, card or reference number, not an amount.
        return digits >= 6 && raw.IndexOfAny(['.', ',']) < 0 ? LineageValueKind.Account : LineageValueKind.Amount;
    }

    private void ScanText(string text, HashSet<ulong> into, int capacity)
    {
        foreach (var match in EmailPattern().EnumerateMatches(text))
        {
            if (LineageNormalizer.Email(text.Substring(match.Index, match.Length)) is { } email)
            {
                Add(into, capacity, email, EmailDomain);
                Add(into, capacity, email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..], HostDomain);
            }
        }

        foreach (var match in UrlPattern().EnumerateMatches(text))
        {
            if (LineageNormalizer.TryUrl(text.Substring(match.Index, match.Length), out var full, out var withoutQuery, out var host))
            {
                Add(into, capacity, full, UrlDomain);
                Add(into, capacity, withoutQuery, UrlDomain);
                Add(into, capacity, host, HostDomain);
            }
        }

        foreach (var match in IbanPattern().EnumerateMatches(text))
        {
            if (LineageNormalizer.Iban(text.Substring(match.Index, match.Length)) is { } iban)
            {
                Add(into, capacity, iban, IbanDomain);
            }
        }

        foreach (var match in HostPattern().EnumerateMatches(text))
        {
            if (LineageNormalizer.Host(text.Substring(match.Index, match.Length)) is { } host)
            {
                Add(into, capacity, host, HostDomain);
            }
        }

        foreach (var match in NumberPattern().EnumerateMatches(text))
        {
            AddNumbers(text.Substring(match.Index, match.Length), into, capacity);
        }

        ScanWords(text, into, capacity);
    }

    private void ScanWords(string text, HashSet<ulong> into, int capacity)
    {
        // Every word's canonical form (LineageNormalizer.Text of the whitespace-separated token), packed into one pooled
        // buffer with a single space after each: a phrase of consecutive words is then one contiguous span — the same
        // text LineageNormalizer.Text gives for those words typed as one argument value — and nothing is allocated per
        // word. ASCII tokens are folded in place; others go through Text (NFKC).
        var packed = ArrayPool<char>.Shared.Rent(Math.Max(256, text.Length + 16));
        var words = new List<(int Start, int Length)>();
        var used = 0;
        var span = text.AsSpan();
        for (var i = 0; i < span.Length;)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            var token = span[start..i];
            if (Ascii.IsValid(token))
            {
                var trimmed = token.Trim(LineageNormalizer.EdgePunctuation);
                if (trimmed.Length > 0)
                {
                    EnsureCapacity(ref packed, used, used + trimmed.Length + 1);
                    Ascii.ToLower(trimmed, packed.AsSpan(used), out var written);
                    words.Add((used, written));
                    used += written;
                    packed[used++] = ' ';
                }
            }
            else if (LineageNormalizer.Text(token.ToString()) is { Length: > 0 } word)
            {
                EnsureCapacity(ref packed, used, used + word.Length + 1);
                word.CopyTo(packed.AsSpan(used));
                words.Add((used, word.Length));
                used += word.Length;
                packed[used++] = ' ';
            }
        }

        for (var i = 0; i < words.Count && into.Count < capacity; i++)
        {
            var (start, length) = words[i];
            var word = packed.AsSpan(start, length);
            AddHash(into, capacity, _fingerprinter.Hash(word, TextDomain));
            if (LineageNormalizer.IsIdentifying(word))
            {
                AddPathParts(word.ToString(), into, capacity);
            }

            for (var n = 1; n < MaxWindow && i + n < words.Count && into.Count < capacity; n++)
            {
                var (last, lastLength) = words[i + n];
                AddHash(into, capacity, _fingerprinter.Hash(packed.AsSpan(start, last + lastLength - start), TextDomain));
            }
        }

        ArrayPool<char>.Shared.Return(packed);
    }

    private static void EnsureCapacity(ref char[] buffer, int used, int needed)
    {
        if (needed <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<char>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<char>.Shared.Return(buffer);
        buffer = larger;
    }

    private void AddPathParts(string word, HashSet<ulong> into, int capacity)
    {
        foreach (var segment in word.Split(s_pathSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!LineageNormalizer.IsIdentifying(segment))
            {
                continue;
            }

            Add(into, capacity, segment, TextDomain);
            var dot = segment.LastIndexOf('.');
            if (dot > 2 && segment.Length - dot <= 6)
            {
                Add(into, capacity, segment[..dot], TextDomain); // the stem: "bill-2024-05" for "bill-2024-05.txt"
            }
        }
    }

    private void AddNumbers(string written, HashSet<ulong> into, int capacity)
    {
        var numbers = new List<string>(2);
        LineageNormalizer.Numbers(written, numbers);
        foreach (var number in numbers)
        {
            Add(into, capacity, number, NumberDomain);
        }
    }

    private void Add(HashSet<ulong> into, int capacity, string canonical, byte domain)
    {
        if (canonical.Length > 0)
        {
            AddHash(into, capacity, Hash(canonical, domain));
        }
    }

    private static void AddHash(HashSet<ulong> into, int capacity, ulong fingerprint)
    {
        if (into.Count < capacity)
        {
            into.Add(fingerprint);
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>""'\]\)\}]+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b[A-Za-z]{2}[0-9]{2}(?:[ \-]?[A-Za-z0-9]{4}){2,7}(?:[ \-]?[A-Za-z0-9]{1,4})?\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\d{1,3}(?:[ \u00A0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,'\u00A0]\d+)*", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex NumberPattern();
}
