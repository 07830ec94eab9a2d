using System.Buffers;

namespace AgentGuard;

/// <summary>Credentials in HTTP authorization values: <c>Bearer &lt;token&gt;</c> (a random-looking token) and
/// <c>Basic &lt;base64 of user:password&gt;</c>.</summary>
internal sealed class AuthorizationDetector : BuiltInDetector
{
    private const int MaxToken = 4096;
    private static readonly SearchValues<char> s_tokenChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~+/");
    private static readonly DlpKeyword[] s_basic = DlpKeyword.AnyCase("basic ");
    private static readonly DlpKeyword[] s_bearer = DlpKeyword.AnyCase("bearer ");
    private readonly bool _basic;

    private AuthorizationDetector(string name, bool basic)
        : base(name, DlpKind.Secret) => _basic = basic;

    public override IReadOnlyList<DlpKeyword> Keywords => _basic ? s_basic : s_bearer;

    public static IEnumerable<BuiltInDetector> Create()
    {
        yield return new AuthorizationDetector(DlpDetectorNames.BearerToken, basic: false);
        yield return new AuthorizationDetector(DlpDetectorNames.BasicAuth, basic: true);
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (index > 0 && char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return index + 1;
        }

        var start = index + keywordLength;
        while (start < text.Length && text[start] == ' ')
        {
            start++;
        }

        var length = TextRules.CountRun(text, start, s_tokenChars, MaxToken + 1);
        var end = start + length;
        while (end < text.Length && text[end] == '=' && end - start < MaxToken)
        {
            end++;
        }

        if (length > MaxToken || !TextRules.IsRightBoundary(text, end, s_tokenChars))
        {
            return end;
        }

        var token = text.Slice(start, length);
        var confidence = _basic ? AssessBasic(text[start..end]) : AssessBearer(token);
        if (confidence is { } c)
        {
            Report(hits, start, end - start, c);
        }

        return Math.Max(end, index + 1);
    }

    private static DlpConfidence? AssessBearer(ReadOnlySpan<char> token)
    {
        if (token.Length < 20 || SecretValueRules.IsPlaceholder(token) || TextRules.CharacterClasses(token) < 2 || TextRules.Entropy(token) < 3.5)
        {
            return null;
        }

        return DlpConfidence.High;
    }

    private static DlpConfidence? AssessBasic(ReadOnlySpan<char> value)
    {
        var trimmed = value.TrimEnd('=');
        if (trimmed.Length < 8 || trimmed.Length > 1024)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[(trimmed.Length * 3 / 4) + 1];
        var written = TextRules.Base64Decode(trimmed, bytes);
        if (written < 3)
        {
            return null;
        }

        var decoded = bytes[..written];
        var colon = decoded.IndexOf((byte)':');
        if (colon <= 0 || colon == written - 1)
        {
            return null;
        }

        foreach (var b in decoded)
        {
            if (b is < 0x20 or >= 0x7f)
            {
                return null;
            }
        }

        return DlpConfidence.High;
    }
}
