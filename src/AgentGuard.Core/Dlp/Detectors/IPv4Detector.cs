namespace AgentGuard;

/// <summary>IPv4 addresses in dotted-quad form, each octet 0-255 without leading zeros, with a CIDR prefix length
/// (<c>/24</c>) when one follows. Version strings (<c>v1.2.3.4</c>, <c>Version=4.0.0.0</c>), longer dotted numbers (OIDs) and
/// netmasks are not addresses; loopback, unspecified, broadcast and documentation ranges are reported at low confidence.</summary>
internal sealed class IPv4Detector() : BuiltInDetector(DlpDetectorNames.IPv4Address, DlpKind.Pii)
{
    private static readonly ContextWords s_addressContext = new("ip", "addr", "host");

    /// <remarks>Apart from the address words: consulted only for the rare <c>x.y.0.0</c>, so each address pays for three words.</remarks>
    private static readonly ContextWords s_networkContext = new("subnet", "network", "private", "gateway", "route", "cidr");
    private static readonly ContextWords s_versionContext = new("version", "ver.", "ver ", "v.", "release", "build", "assembly", "firmware", "rev");

    public override DlpTrigger Triggers => DlpTrigger.Digits;

    public override int MinimumDigits => 4;

    public override void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
        if (segment.Dots < 3 || segment.Digits < MinimumDigits)
        {
            return;
        }

        for (var g = start; g + 7 <= end; g++)
        {
            if (!NumberRules.IsGroupStart(text, g) || !IsLeftEdge(text, g))
            {
                continue;
            }

            if (TryMatch(text, g, hits, out var stop))
            {
                g = stop - 1;
            }
        }
    }

    private static bool IsLeftEdge(ReadOnlySpan<char> text, int g) =>
        g == 0 || !(char.IsLetterOrDigit(text[g - 1]) || text[g - 1] is '.' or '_' or '-' or '/' or ',' or '+');

    private bool TryMatch(ReadOnlySpan<char> text, int g, List<DlpDetection> hits, out int stop)
    {
        stop = g;
        Span<int> octets = stackalloc int[4];
        var p = g;
        for (var k = 0; k < 4; k++)
        {
            var run = NumberRules.Digits(text, p, 3);
            if (run is 0 or > 3 || (run > 1 && text[p] == '0'))
            {
                return false;
            }

            octets[k] = NumberRules.Value(text.Slice(p, run));
            if (octets[k] > 255)
            {
                return false;
            }

            p += run;
            if (k < 3)
            {
                if (p >= text.Length || text[p] != '.')
                {
                    return false;
                }

                p++;
            }
        }

        // A port (:443) or a prefix length (/24) may follow; another dotted number may not.
        if (p < text.Length && (char.IsLetterOrDigit(text[p]) || text[p] == '_' || (text[p] == '.' && p + 1 < text.Length && char.IsAsciiDigit(text[p + 1]))))
        {
            return false;
        }

        var addressContext = s_addressContext.Near(text, g, g, 12);
        var prefixEnd = PrefixLengthEnd(text, p);
        var prefix = p < text.Length && text[p] == '/';
        var unspecified = octets[0] == 0 && octets[1] == 0 && octets[2] == 0 && octets[3] == 0;
        if ((IsNetmask(octets) && octets[3] != 255) || (!addressContext && s_versionContext.Near(text, g, g, 12)))
        {
            return false;
        }

        if (octets[2] == 0 && octets[3] == 0 && !prefix && !addressContext && !unspecified && !IsPrivateNetwork(octets) && !s_networkContext.Near(text, g, g, 12))
        {
            return false; // 4.0.0.0, 2.1.0.0: far more often a four-part version than a network address.
        }

        p = prefixEnd;
        var confidence = IsSpecial(octets) ? DlpConfidence.Low : DlpConfidence.Medium;
        Report(hits, g, p - g, confidence);
        stop = p;
        return true;
    }

    /// <summary>The end of a CIDR prefix length (<c>/0</c> to <c>/32</c>) at <paramref name="p"/>, or <paramref name="p"/> when none
    /// stands there: a path (<c>/24/x</c>) or a longer number (<c>/123</c>) is not one.</summary>
    private static int PrefixLengthEnd(ReadOnlySpan<char> text, int p)
    {
        if (p >= text.Length || text[p] != '/')
        {
            return p;
        }

        var run = NumberRules.Digits(text, p + 1, 2);
        if (run is 0 or > 2 || (run == 2 && text[p + 1] == '0') || NumberRules.Value(text.Slice(p + 1, run)) > 32)
        {
            return p;
        }

        var end = p + 1 + run;
        if (end >= text.Length)
        {
            return end;
        }

        var c = text[end];
        var next = end + 1 < text.Length ? text[end + 1] : ' ';
        return char.IsLetterOrDigit(c) || c == '_' || (c == '/' && char.IsLetterOrDigit(next)) || (c == '.' && char.IsAsciiDigit(next)) ? p : end;
    }

    /// <summary>Whether the address lies in a private or shared network (172.16/12, 192.168/16, 100.64/10) or the link-local
    /// range, where no version number starts, so <c>172.16.0.0</c> is a network. 10/8 is not among them: <c>10.0.0.0</c> is the
    /// assembly version of .NET 10 as often as a network, and is an address only with address context.</summary>
    private static bool IsPrivateNetwork(ReadOnlySpan<int> o) =>
        (o[0] == 172 && o[1] is >= 16 and <= 31) || (o[0] == 192 && o[1] == 168) || (o[0] == 169 && o[1] == 254)
        || (o[0] == 100 && o[1] is >= 64 and <= 127);

    private static bool IsNetmask(ReadOnlySpan<int> o)
    {
        if (o[0] != 255)
        {
            return false;
        }

        var mask = ((uint)o[0] << 24) | ((uint)o[1] << 16) | ((uint)o[2] << 8) | (uint)o[3];
        var inverted = ~mask;
        return (inverted & (inverted + 1)) == 0;
    }

    private static bool IsSpecial(ReadOnlySpan<int> o) =>
        o[0] is 0 or 127 or 255
        || (o[0] == 169 && o[1] == 254)
        || (o[0] == 192 && o[1] == 0 && o[2] == 2)
        || (o[0] == 198 && o[1] == 51 && o[2] == 100)
        || (o[0] == 203 && o[1] == 0 && o[2] == 113);
}
