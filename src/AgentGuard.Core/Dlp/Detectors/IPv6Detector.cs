using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace AgentGuard;

/// <summary>IPv6 addresses: eight groups, or fewer with <c>::</c>, optionally ending in dotted IPv4; validated by the platform
/// parser. Clock times, MAC addresses and C++ scopes (<c>std::vector</c>) are not addresses; loopback, link-local and the
/// documentation prefix 2001:db8::/32 are reported at low confidence.</summary>
internal sealed class IPv6Detector() : BuiltInDetector(DlpDetectorNames.IPv6Address, DlpKind.Pii)
{
    private const int MaxLength = 45;
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
        if (!IsPlausible(candidate) || !IPAddress.TryParse(candidate, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            // Resume right after this colon: the digits around it may still be a phone number, an SSN or an IPv4 address.
            return index + 1;
        }

        var special = IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.Equals(IPAddress.IPv6Any)
            || candidate.StartsWith("2001:db8:", StringComparison.OrdinalIgnoreCase) || candidate.StartsWith("2001:0db8:", StringComparison.OrdinalIgnoreCase);
        Report(hits, start, end - start, special ? DlpConfidence.Low : DlpConfidence.Medium);
        return end;
    }

    private static bool IsPlausible(ReadOnlySpan<char> candidate)
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
                groups++;
            }
        }

        return groups >= 2;
    }
}
