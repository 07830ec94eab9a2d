using System.Buffers;
using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>E-mail addresses: a local part, <c>@</c>, and a domain of at least two labels with an alphabetic top-level domain;
/// letters of any script count in both parts (internationalised addresses, RFC 6531).
/// File names such as <c>icon@2x.png</c>, package specs such as <c>lodash@4.17.21</c> and SSH remotes (<c>git@host:org/repo</c>) are not addresses; documentation
/// domains (<c>example.com</c>, <c>.test</c>, <c>.invalid</c>) are reported at low confidence.</summary>
internal sealed class EmailAddressDetector() : BuiltInDetector(DlpDetectorNames.EmailAddress, DlpKind.Pii)
{
    private const int MaxLocal = 64;
    private const int MaxDomain = 253;
    private static readonly SearchValues<char> s_local = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.%'+_-");
    private static readonly SearchValues<char> s_letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> s_domain = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_fileExtensions = FrozenSet.ToFrozenSet(
    [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff", "js", "mjs", "ts", "css", "scss", "html", "htm",
        "json", "xml", "yaml", "yml", "md", "txt", "pdf", "zip", "gz", "tgz", "exe", "dll", "so", "dylib", "wasm", "map", "lock",
    ], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The top-level domains under which <c>example.</c> is reserved for documentation (RFC 2606).</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_exampleParents =
        FrozenSet.ToFrozenSet(["com", "org", "net", "edu"], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The top-level domains reserved for testing and documentation (RFC 2606, RFC 6761).</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_reservedTopLevel =
        FrozenSet.ToFrozenSet(["test", "invalid", "example", "localhost"], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    public override DlpTrigger Triggers => DlpTrigger.At;

    public override int MatchCharacter(ReadOnlySpan<char> text, int index, List<DlpDetection> hits)
    {
        var localStart = index;
        while (localStart > 0 && index - localStart <= MaxLocal && IsLocal(text[localStart - 1]))
        {
            localStart--;
        }

        // Quotes and other punctuation around an address in prose or JSON are not part of it.
        while (localStart < index && text[localStart] is '.' or '\'' or '-' or '+')
        {
            localStart++;
        }

        var localLength = index - localStart;
        if (localLength is 0 or > MaxLocal || text[index - 1] == '.' || text.Slice(localStart, localLength).Contains("..", StringComparison.Ordinal)
            || (localStart > 0 && char.IsLetterOrDigit(text[localStart - 1])))
        {
            return index + 1;
        }

        var domainStart = index + 1;
        var domainLength = DomainRun(text, domainStart);
        var domainEnd = domainStart + domainLength;
        while (domainEnd > domainStart && text[domainEnd - 1] is '.' or '-')
        {
            domainEnd--;
        }

        if (domainLength > MaxDomain || (domainEnd < text.Length && (char.IsLetterOrDigit(text[domainEnd]) || text[domainEnd] == '_')))
        {
            return index + 1;
        }

        var domain = text[domainStart..domainEnd];
        var local = text.Slice(localStart, localLength);
        if (!IsDomain(domain) || (domainEnd < text.Length && text[domainEnd] == ':' && local.Equals("git", StringComparison.Ordinal)))
        {
            // Resume right after the '@': what follows (an IP address, a version) is for the other detectors.
            return index + 1;
        }

        Report(hits, localStart, domainEnd - localStart, IsDocumentation(domain) ? DlpConfidence.Low : DlpConfidence.High);
        return domainEnd;
    }

    /// <summary>Whether the character may be part of a local part: the usual ASCII set, or a letter or digit of another script
    /// (<c>Łukasz@…</c>, RFC 6531).</summary>
    private static bool IsLocal(char c) => c < 128 ? s_local.Contains(c) : char.IsLetterOrDigit(c);

    /// <summary>The length of the run of domain characters at <paramref name="start"/> (ASCII letters, digits, dots and dashes,
    /// and letters of other scripts for internationalised names such as <c>münchen.de</c>), up to one past the longest domain.</summary>
    private static int DomainRun(ReadOnlySpan<char> text, int start)
    {
        var ascii = TextRules.CountRun(text, start, s_domain, MaxDomain + 1);
        var p = start + ascii;
        while (p < text.Length && p - start <= MaxDomain && (text[p] < 128 ? s_domain.Contains(text[p]) : char.IsLetterOrDigit(text[p])))
        {
            p++;
        }

        return p - start;
    }

    /// <summary>Whether a top-level label is letters only, some of them from other scripts (<c>.рф</c>, <c>.中国</c>).</summary>
    private static bool IsInternationalLabel(ReadOnlySpan<char> label)
    {
        foreach (var c in label)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
        }

        var tld = domain[(lastDot + 1)..];
        if (tld.Length is < 2 or > 24 || (!tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && tld.ContainsAnyExcept(s_letters) && !IsInternationalLabel(tld)))
        {
            return false;
        }

        return labels >= 2 && !s_fileExtensions.Contains(tld);
    }

    /// <summary>Whether the domain (validated: ASCII, two labels or more) is <c>example.com</c>, <c>example.org</c>,
    /// <c>example.net</c> or <c>example.edu</c>, a subdomain of one, or under <c>.test</c>, <c>.invalid</c>, <c>.example</c> or
    /// <c>.localhost</c>; read from its last two labels rather than tried against each name.</summary>
    private static bool IsDocumentation(ReadOnlySpan<char> domain)
    {
        var lastDot = domain.LastIndexOf('.');
        var tld = domain[(lastDot + 1)..];
        if (s_reservedTopLevel.Contains(tld))
        {
            return true;
        }

        if (!s_exampleParents.Contains(tld))
        {
            return false;
        }

        var rest = domain[..lastDot];
        return rest.Equals("example", StringComparison.OrdinalIgnoreCase) || rest.EndsWith(".example", StringComparison.OrdinalIgnoreCase);
    }
}
