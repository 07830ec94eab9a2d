using System.Buffers;

namespace AgentGuard;

/// <summary>Credentials in an <c>Authorization</c> header or setting under a scheme other than Bearer and Basic
/// (<c>Token …</c>, <c>Api-Token …</c>, <c>SSWS …</c>, <c>Bot …</c>) or with no scheme at all (<c>Authorization: 5eb4…</c>):
/// header lines, JSON and dictionary keys (<c>headers['Authorization'] = …</c>) and settings.</summary>
/// <remarks>Bearer and Basic values are left to <c>bearer_token</c> and <c>basic_auth</c>; schemes whose value is a list of
/// parameters (Digest, AWS Signature, Negotiate) are skipped. The value must be long and random enough to be a credential.</remarks>
internal sealed class AuthorizationHeaderDetector() : BuiltInDetector(DlpDetectorNames.AuthorizationHeader, DlpKind.Secret)
{
    private const int MaxToken = 2048;
    private const int MaxScheme = 24;
    private static readonly SearchValues<char> s_tokenChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~+/");
    private static readonly SearchValues<char> s_schemeChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");
    private static readonly string[] s_skipped = ["bearer", "basic", "digest", "negotiate", "ntlm", "aws4-hmac-sha256", "hoba", "mutual", "vapid", "dpop"];

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("authorization");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var end = index + keywordLength;
        if ((index > 0 && (char.IsAsciiLetterOrDigit(text[index - 1]) || text[index - 1] is '_' or '-')) || end >= text.Length)
        {
            return end;
        }

        // Authorization: …, "Authorization": "…", authorization=…
        var p = end;
        if (text[p] is '"' or '\'')
        {
            p++;
        }

        if (p < text.Length && text[p] == ']')
        {
            p++; // headers['Authorization'] = …
        }

        var quoted = p > end;
        p = SkipBlanks(text, p);
        if (p >= text.Length || !(text[p] is ':' or '=' || (quoted && text[p] == ',')))
        {
            return end; // "Authorization", "…" as a call's arguments (Headers.Add) counts too
        }

        p = SkipBlanks(text, p + 1);
        if (p < text.Length && text[p] is '"' or '\'')
        {
            p++;
        }

        p = SkipBlanks(text, p);

        // An optional scheme: a word followed by a space.
        var scheme = TextRules.CountRun(text, p, s_schemeChars, MaxScheme + 1);
        var hasScheme = scheme is > 0 and <= MaxScheme && p + scheme < text.Length && text[p + scheme] == ' ';
        if (hasScheme)
        {
            var word = text.Slice(p, scheme);
            foreach (var skipped in s_skipped)
            {
                if (word.Equals(skipped, StringComparison.OrdinalIgnoreCase))
                {
                    return p + scheme;
                }
            }

            p = SkipBlanks(text, p + scheme);
        }

        var length = TextRules.CountRun(text, p, s_tokenChars, MaxToken + 1);
        var tokenEnd = p + length;
        while (tokenEnd < text.Length && text[tokenEnd] == '=' && tokenEnd - p < MaxToken)
        {
            tokenEnd++;
        }

        if (length > MaxToken || !TextRules.IsRightBoundary(text, tokenEnd, s_tokenChars) || (tokenEnd < text.Length && text[tokenEnd] is '{' or '$' or '<' or '%'))
        {
            return Math.Max(end, tokenEnd);
        }

        var token = text.Slice(p, length);
        if (Assess(token) is { } confidence)
        {
            Report(hits, p, tokenEnd - p, hasScheme ? confidence : DlpConfidence.Medium);
        }

        return Math.Max(end, tokenEnd);
    }

    private static DlpConfidence? Assess(ReadOnlySpan<char> token)
    {
        if (token.Length < 16 || SecretValueRules.IsPlaceholder(token) || SecretValueRules.IsCodeReference(token)
            || !token.ContainsAnyInRange('0', '9') || TextRules.CharacterClasses(token) < 2 || TextRules.Entropy(token) < 3.2)
        {
            return null;
        }

        return DlpConfidence.High;
    }

    private static int SkipBlanks(ReadOnlySpan<char> text, int p)
    {
        while (p < text.Length && text[p] is ' ' or '\t')
        {
            p++;
        }

        return p;
    }
}
