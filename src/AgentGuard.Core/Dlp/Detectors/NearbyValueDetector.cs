using System.Buffers;

namespace AgentGuard;

/// <summary>Whether a candidate value has a detector's shape.</summary>
internal delegate bool ValueShape(ReadOnlySpan<char> value);

/// <summary>A value of a fixed shape that a provider's name introduces: a UUID after "heroku", 32 hex digits after
/// "twilio" and "auth"/"token". The shape alone is too common (request ids, digests) to report.</summary>
internal sealed class NearbyValueDetector : BuiltInDetector
{
    private const int Window = 120;
    private readonly DlpKeyword[] _keywords;
    private readonly SearchValues<char> _chars;
    private readonly int _length;
    private readonly int _maxLength;
    private readonly ValueShape _shape;
    private readonly string[]? _required;

    private NearbyValueDetector(string name, string[] keywords, SearchValues<char> chars, int length, ValueShape shape, string[]? required, int maxLength = 0)
        : this(name, DlpKeyword.AnyCase(keywords), chars, length, shape, required, maxLength)
    {
    }

    private NearbyValueDetector(string name, DlpKeyword[] keywords, SearchValues<char> chars, int length, ValueShape shape, string[]? required, int maxLength = 0)
        : base(name, DlpKind.Secret)
    {
        _keywords = keywords;
        _chars = chars;
        _length = length;
        _maxLength = Math.Max(length, maxLength);
        _shape = shape;
        _required = required;
    }

    public override IReadOnlyList<DlpKeyword> Keywords => _keywords;

    public static IEnumerable<BuiltInDetector> Create()
    {
        var hexDash = SearchValues.Create("0123456789abcdefABCDEF-");
        yield return new NearbyValueDetector(DlpDetectorNames.HerokuApiKey, ["heroku"], hexDash, 36, static v => TextRules.IsUuid(v), null);
        yield return new NearbyValueDetector(DlpDetectorNames.TwilioAuthToken, ["twilio"], TextRules.Hex, 32,
            static v => !v.ContainsAnyInRange('A', 'F') && v.ContainsAnyInRange('a', 'f') && TextRules.Entropy(v) >= 3.0,
            ["auth", "token", "secret"]);

        // Sumo Logic access ids: "su" and 12 letters and digits, with "sumo" and "access" near.
        yield return new NearbyValueDetector(DlpDetectorNames.SumoLogicAccessId, ["sumo"], TextRules.Alnum, 14,
            static v => v.StartsWith("su", StringComparison.Ordinal) && TextRules.CharacterClasses(v[2..]) >= 3 && TextRules.Entropy(v) >= 3.0,
            ["access"]);

        // Facebook app access tokens: the app id (15 or 16 digits), "|", and the app secret's 27-character hash.
        var appToken = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-|");
        yield return new NearbyValueDetector(DlpDetectorNames.FacebookAppToken, ["facebook"], appToken, 43,
            static v => v.IndexOf('|') is 15 or 16 && v.Length - v.IndexOf('|') == 28 && v.Count('|') == 1 && !v[..v.IndexOf('|')].ContainsAnyExceptInRange('0', '9')
                && TextRules.CharacterClasses(v[(v.IndexOf('|') + 1)..]) >= 2 && TextRules.Entropy(v[(v.IndexOf('|') + 1)..]) >= 3.5,
            null, maxLength: 44);

        // Docker registry credentials (config.json, DOCKER_AUTH_CONFIG): "auths", a registry, and "auth": base64 of user:password.
        var base64Padded = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=");
        // Discord bot tokens, near the name (a bare token's first characters are too common an anchor).
        var dotted = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.");
        yield return new NearbyValueDetector(DlpDetectorNames.DiscordBotToken, DlpKeyword.Exact("d^iscord", "Di^scord", "D^ISCORD"), dotted, 58, IsDiscordBotToken, null, maxLength: 75);

        yield return new NearbyValueDetector(DlpDetectorNames.DockerRegistryAuth, DlpKeyword.Exact("au^ths"), base64Padded, 8, IsBase64Credentials, null, maxLength: 400);
    }

    /// <summary>Whether the value is a Discord bot token: the bot's id (17 to 20 digits) in base64, a 6- or 7-character
    /// timestamp and a 27- to 38-character HMAC, separated by dots.</summary>
    private static bool IsDiscordBotToken(ReadOnlySpan<char> value)
    {
        var first = value.IndexOf('.');
        var last = value.LastIndexOf('.');
        if (first is < 23 or > 28 || last - first - 1 is < 6 or > 7 || value.Length - last - 1 is < 27 or > 38 || value.Count('.') != 2)
        {
            return false;
        }

        Span<byte> id = stackalloc byte[24];
        var written = TextRules.Base64Decode(value[..first], id);
        var secret = value[(last + 1)..];
        return written is >= 17 and <= 20 && !id[..written].ContainsAnyExceptInRange((byte)'0', (byte)'9') && id[0] != (byte)'0'
            && TextRules.CharacterClasses(secret) >= 3 && TextRules.Entropy(secret) >= 4.0;
    }

    /// <summary>Whether the value is base64 of <c>user:password</c>: printable ASCII with a colon inside.</summary>
    private static bool IsBase64Credentials(ReadOnlySpan<char> value)
    {
        if (value.Length % 4 != 0 || value.Length > 400)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[300];
        var written = TextRules.Base64Decode(value.TrimEnd('='), bytes);
        if (written < 3)
        {
            return false;
        }

        var decoded = bytes[..written];
        var colon = decoded.IndexOf((byte)':');
        return colon > 0 && colon < written - 1 && !decoded.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var from = index + keywordLength;
        var to = Math.Min(text.Length, from + Window);
        if (_required is not null && !HasRequiredWord(text[Math.Max(0, index - 24)..Math.Min(text.Length, from + 40)]))
        {
            return from;
        }

        var p = from;
        while (p < to)
        {
            var offset = text[p..to].IndexOfAny(_chars);
            if (offset < 0)
            {
                break;
            }

            var start = p + offset;
            var length = TextRules.CountRun(text, start, _chars, _maxLength + 1);
            var end = start + length;
            if (length >= _length && length <= _maxLength && TextRules.IsLeftBoundary(text, start, _chars) && TextRules.IsRightBoundary(text, end, _chars)
                && !TextRules.IsRepeated(text.Slice(start, length)) && _shape(text.Slice(start, length)))
            {
                Report(hits, start, length, DlpConfidence.High);
                return end;
            }

            p = end + 1;
        }

        return from;
    }

    /// <summary>Whether a required word occurs anywhere in the window, also inside a compound name (<c>TwilioAuthToken</c>).</summary>
    private bool HasRequiredWord(ReadOnlySpan<char> window)
    {
        foreach (var word in _required!)
        {
            if (window.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
