namespace AgentGuard;

/// <summary>Sidekiq Pro/Enterprise gem-server credentials (<c>xxxxxxxx:yyyyyyyy</c>, eight hex digits each) in the
/// <c>BUNDLE_ENTERPRISE__CONTRIBSYS__COM</c> / <c>BUNDLE_GEMS__CONTRIBSYS__COM</c> settings, after
/// <c>bundle config gems.contribsys.com</c>, or in a
/// <c>https://user:pass@gems.contribsys.com</c> source URL. The prefilter searches for "contribsys".</summary>
internal sealed class SidekiqSecretDetector() : BuiltInDetector(DlpDetectorNames.SidekiqSecret, DlpKind.Secret)
{
    private const int CredentialLength = 17;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("contribsys");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var end = index + keywordLength;

        // The URL form: "user:pass@" and a host ending in contribsys.com ("gems.", "enterprise.").
        var at = text[Math.Max(0, index - 16)..index].LastIndexOf('@');
        if (at >= 0)
        {
            at += Math.Max(0, index - 16);
            var start = at - CredentialLength;
            if (start >= 0 && IsCredential(text.Slice(start, CredentialLength)) && start >= 3 && text[(start - 3)..start] is "://")
            {
                Report(hits, start, CredentialLength, DlpConfidence.High);
                return end;
            }

            return end;
        }

        // The setting form: BUNDLE_…__CONTRIBSYS__COM, then "=" or ":", then the value (maybe quoted); or
        // "bundle config gems.contribsys.com user:pass".
        var rest = text[end..];
        if (!rest.StartsWith("__COM", StringComparison.OrdinalIgnoreCase) && !(rest.StartsWith(".com ", StringComparison.Ordinal)))
        {
            return end;
        }

        var p = end + (rest[0] == '.' ? 4 : 5);
        while (p < text.Length && text[p] is ' ' or '\t' or '"' or '\'' or '=' or ':' && p - end < 16)
        {
            p++;
        }

        if (p + CredentialLength <= text.Length && IsCredential(text.Slice(p, CredentialLength))
            && TextRules.IsRightBoundary(text, p + CredentialLength, TextRules.Hex))
        {
            Report(hits, p, CredentialLength, DlpConfidence.High);
            return p + CredentialLength;
        }

        return end;
    }

    private static bool IsCredential(ReadOnlySpan<char> value) =>
        value[8] == ':' && TextRules.IsHex(value[..8]) && TextRules.IsHex(value[9..]) && !TextRules.IsRepeated(value[..8]);
}
