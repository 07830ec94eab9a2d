using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Canonical forms of the values lineage compares: e-mail addresses, URLs, IBANs, amounts, host names and text.</summary>
/// <remarks>The same functions run on the sources (user messages, persona constants, tool results) and on the sinks (call
/// arguments), so case, spacing, percent-encoding, IBAN grouping and number formatting do not hide where a value came from.
/// Pure and thread-safe.</remarks>
internal static partial class LineageNormalizer
{
    private const int MaxDecodeRounds = 3;
    internal const string EdgePunctuation = ".,;:!?\"'`()[]{}<>*";

    /// <summary>Percent-decodes repeatedly (double encoding is a classic way around filters), at most three rounds.</summary>
    public static string PercentDecode(string value)
    {
        var current = value;
        for (var i = 0; i < MaxDecodeRounds && current.Contains('%', StringComparison.Ordinal); i++)
        {
            var next = Uri.UnescapeDataString(current);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                break;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Folds compatibility characters (full-width letters, ligatures) and case, and collapses whitespace.</summary>
    public static string Text(string value)
    {
        var text = value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.AsSpan().Trim().Trim(EdgePunctuation).Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The canonical e-mail address in a value (<c>mailto:</c>, display names, angle brackets, case and
    /// percent-encoding removed), or <see langword="null"/> when the value is not one address.</summary>
    public static string? Email(string value)
    {
        var text = PercentDecode(value).Trim();
        var open = text.LastIndexOf('<');
        var close = text.LastIndexOf('>');
        if (open >= 0 && close > open)
        {
            text = text[(open + 1)..close].Trim();
        }

        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..];
            var query = text.IndexOf('?', StringComparison.Ordinal);
            text = query >= 0 ? text[..query] : text;
        }

        text = Text(text).TrimEnd('.');
        return EmailShape().IsMatch(text) ? text : null;
    }

    /// <summary>The canonical forms of a URL: the whole URL (scheme and host lower-cased, default port, fragment and
    /// trailing slash dropped, percent-encoding decoded), the URL without its query, and its host.</summary>
    public static bool TryUrl(string value, out string full, out string withoutQuery, out string host)
    {
        full = withoutQuery = host = string.Empty;
        var text = PercentDecode(value).Trim().Trim(EdgePunctuation.ToCharArray());
        if (text.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            text = "https://" + text;
        }

        if (!text.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        builder.Append(uri.Scheme.ToLowerInvariant()).Append("://").Append(host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        builder.Append(path);
        withoutQuery = builder.ToString();
        var query = uri.Query.Length > 1 ? Uri.UnescapeDataString(uri.Query) : string.Empty;
        full = withoutQuery + query;
        return true;
    }

    /// <summary>The canonical IBAN (no spaces or dashes, upper case) when the value has an IBAN's shape, else <see langword="null"/>.</summary>
    public static string? Iban(string value)
    {
        Span<char> buffer = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
        var n = 0;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c is ' ' or '-' or '.' or '\u00A0')
            {
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c))
            {
                return null;
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        var iban = buffer[..n];
        return n is >= 15 and <= 34 && char.IsAsciiLetter(iban[0]) && char.IsAsciiLetter(iban[1]) && char.IsAsciiDigit(iban[2]) && char.IsAsciiDigit(iban[3])
            && ContainsDigitRun(iban[4..], 4) && Mod97(iban) == 1
            ? iban.ToString()
            : null;
    }

    // ISO 13616 check digits: the country code and check digits moved to the end, letters as 10..35, mod 97 must be 1.
    private static int Mod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder;
    }

    /// <summary>The canonical host name when the value is one (lower case, no trailing dot), else <see langword="null"/>.</summary>
    public static string? Host(string value)
    {
        var text = Text(value).TrimEnd('.');
        return HostShape().IsMatch(text) ? text : null;
    }

    /// <summary>The canonical decimal readings of a written number: <c>18,220.40</c> → 18220.4; <c>1.234</c> → 1234
    /// and 1.234 (grouping or decimals cannot be told apart); <c>1 234,5</c> → 1234.5.</summary>
    public static void Numbers(ReadOnlySpan<char> written, List<string> into)
    {
        var token = written.Trim().TrimStart("+€$£¥").TrimEnd("€$£¥");
        if (token.IsEmpty || !char.IsAsciiDigit(token[0]) && token[0] != '-' || !char.IsAsciiDigit(token[^1]))
        {
            return;
        }

        var lastDot = token.LastIndexOf('.');
        var lastComma = token.LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0)
        {
            var decimalAt = Math.Max(lastDot, lastComma);
            Add(token, decimalAt, into);
            return;
        }

        var separator = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '\0';
        if (separator == '\0')
        {
            Add(token, -1, into);
            return;
        }

        var at = token.LastIndexOf(separator);
        var count = token.Count(separator);
        var after = token.Length - at - 1;
        if (count > 1)
        {
            Add(token, -1, into); // 1.234.567: grouping only
        }
        else if (after == 3)
        {
            Add(token, -1, into); // 1,234 or 1.234: both readings
            Add(token, at, into);
        }
        else
        {
            Add(token, at, into);
        }
    }

    /// <summary>Whether a value can name something on its own (a file, a message id, an account): at least three
    /// characters with a digit or one of <c>. @ _ - : /</c>, so that common words ("inbox", "latest") do not.</summary>
    public static bool IsIdentifying(string value) => IsIdentifying(value.AsSpan());

    /// <inheritdoc cref="IsIdentifying(string)"/>
    public static bool IsIdentifying(ReadOnlySpan<char> value)
    {
        if (value.Length < 3)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c) || c is '.' or '@' or '_' or '-' or ':' or '/' or '\\')
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(ReadOnlySpan<char> token, int decimalAt, List<string> into)
    {
        Span<char> buffer = token.Length <= 64 ? stackalloc char[token.Length] : new char[token.Length];
        var n = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (i == decimalAt)
            {
                buffer[n++] = '.';
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && n == 0))
            {
                buffer[n++] = c;
            }
            else if (c is not ('.' or ',' or '\'' or ' ' or '\u00A0' or '\u202F'))
            {
                return;
            }
        }

        if (decimal.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            var canonical = number.ToString("0.############################", CultureInfo.InvariantCulture);
            if (!into.Contains(canonical))
            {
                into.Add(canonical);
            }
        }
    }

    private static bool ContainsDigitRun(ReadOnlySpan<char> text, int run)
    {
        var digits = 0;
        foreach (var c in text)
        {
            digits = char.IsAsciiDigit(c) ? digits + 1 : 0;
            if (digits >= run)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[^@\s]+@(?:[a-z0-9\-\p{L}]+\.)+[a-z\p{L}]{2,}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^(?:[a-z0-9\p{L}](?:[a-z0-9\-\p{L}]*[a-z0-9\p{L}])?\.)+[a-z\p{L}]{2,}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HostShape();
}
