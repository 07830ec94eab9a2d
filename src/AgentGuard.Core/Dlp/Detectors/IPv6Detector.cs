using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace AgentGuard;

/// <summary>IPv6 addresses: eight groups, or fewer with <c>::</c>, optionally ending in dotted IPv4 (<c>::ffff:192.0.2.1</c>,
/// <c>::10.0.0.1</c>), with a zone (<c>%eth0</c>) and a prefix length (<c>/64</c>) when they follow; validated by the platform
/// parser. The loopback <c>::1</c> counts; clock times, MAC addresses and C++ scopes (<c>std::vector</c>) are not addresses.
/// Loopback, link-local and the documentation prefix 2001:db8::/32 are reported at low confidence.</summary>
internal sealed class IPv6Detector() : BuiltInDetector(DlpDetectorNames.IPv6Address, DlpKind.Pii)
{
    private const int MaxLength = 45;
    private const int MaxZone = 16;
    private static readonly SearchValues<char> s_chars = SearchValues.Create("0123456789ABCDEFabcdef:.");

    public override DlpTrigger Triggers => DlpTrigger.Colon;

    public override int MatchCharacter(ReadOnlySpan<char> text, int index, List<DlpDetection> hits)
    {
        var before = index > 0 ? text[index - 1] : '\0';
        var after = index + 1 < text.Length ? text[index + 1] : '\0';
        if (!(TextRules.Hex.Contains(before) || before == ':') && !(TextRules.Hex.Contains(after) || after == ':'))
        {
            return index + 1;
        }

        var start = index;
        while (start > 0 && index - start <= MaxLength && s_chars.Contains(text[start - 1]))
        {
            start--;
        }

        var end = index + 1 + TextRules.CountRun(text, index + 1, s_chars, MaxLength + 1);
        while (end > index + 1 && text[end - 1] == '.')
        {
            end--;
        }

        if (end - start > MaxLength || (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
            || (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')))
        {
            // A run too long to be one address holds none (there is no boundary inside it): skip it.
            return end - start > MaxLength ? end : index + 1;
        }

        var candidate = text[start..end];
        var suffixEnd = SuffixEnd(text, end);
        if (!IsPlausible(candidate, prefixed: suffixEnd > end) || !IPAddress.TryParse(candidate, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            // Resume right after this colon: the digits around it may still be a phone number, an SSN or an IPv4 address.
            return index + 1;
        }

        var special = IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.Equals(IPAddress.IPv6Any)
            || candidate.StartsWith("2001:db8:", StringComparison.OrdinalIgnoreCase) || candidate.StartsWith("2001:0db8:", StringComparison.OrdinalIgnoreCase);
        Report(hits, start, suffixEnd - start, special ? DlpConfidence.Low : DlpConfidence.Medium);
        return suffixEnd;
    }

    /// <summary>The end of a zone (<c>%eth0</c>, <c>%25en0</c>) and then a prefix length (<c>/0</c> to <c>/128</c>) after an
    /// address ending at <paramref name="end"/>; <paramref name="end"/> when neither stands there.</summary>
    private static int SuffixEnd(ReadOnlySpan<char> text, int end)
    {
        var p = end;
        if (p + 1 < text.Length && text[p] == '%')
        {
            var zone = TextRules.CountRun(text, p + 1, TextRules.Word, MaxZone + 1);
            if (zone is > 0 and <= MaxZone && TextRules.IsRightBoundary(text, p + 1 + zone))
            {
                p += 1 + zone;
            }
        }

        if (p + 1 < text.Length && text[p] == '/')
        {
            var run = NumberRules.Digits(text, p + 1, 3);
            var stop = p + 1 + run;
            if (run is >= 1 and <= 3 && (run == 1 || text[p + 1] != '0') && NumberRules.Value(text.Slice(p + 1, run)) <= 128
                && (stop >= text.Length || !(char.IsLetterOrDigit(text[stop]) || text[stop] == '_' || (text[stop] is '/' or '.' && stop + 1 < text.Length && char.IsLetterOrDigit(text[stop + 1])))))
            {
                p = stop;
            }
        }

        return p;
    }

    /// <summary>Whether the candidate has the shape of an address: the right number of colons, a digit, and two groups or more
    /// (a dotted IPv4 tail counts as two); <c>::1</c>, and one group before <c>::</c> with a prefix length (<c>fe80::/10</c>),
    /// are addresses too.</summary>
    private static bool IsPlausible(ReadOnlySpan<char> candidate, bool prefixed)
    {
        var colons = candidate.Count(':');
        var compressed = candidate.Contains("::", StringComparison.Ordinal);
        var dotted = candidate.Contains('.');
        if (colons < 2 || (!compressed && colons != (dotted ? 6 : 7)) || candidate.IndexOfAnyInRange('0', '9') < 0)
        {
            return false;
        }

        var groups = 0;
        foreach (var range in candidate.Split(':'))
        {
            var group = candidate[range];
            if (group.Length > 4 && !group.Contains('.'))
            {
                return false;
            }

            if (!group.IsEmpty)
            {
                groups += group.Contains('.') ? 2 : 1;
            }
        }

        return groups >= 2 || candidate.SequenceEqual("::1") || (groups == 1 && prefixed && compressed);
    }
}
