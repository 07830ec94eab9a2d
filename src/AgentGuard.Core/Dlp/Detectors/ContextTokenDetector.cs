using System.Buffers;

namespace AgentGuard;

/// <summary>A prefixed token whose shape alone is not distinctive enough: reported with high confidence when a marker inside
/// it or a nearby word (the provider's name, the variable it is usually stored in) confirms it, and otherwise only when
/// <c>bareConfidence</c> allows.</summary>
internal sealed class ContextTokenDetector : BuiltInDetector
{
    private const int ContextWindow = 64;
    private readonly string _prefix;
    private readonly DlpKeyword[] _keywords;
    private readonly SearchValues<char> _body;
    private readonly int _length;
    private readonly ContextWords _context;
    private readonly ValueShape _shape;
    private readonly ValueShape? _marker;
    private readonly DlpConfidence? _bareConfidence;

    private ContextTokenDetector(string name, string prefix, DlpKeyword[] keywords, SearchValues<char> body, int length, string[] context,
        ValueShape shape, ValueShape? marker, DlpConfidence? bareConfidence)
        : base(name, DlpKind.Secret)
    {
        _prefix = prefix;
        _keywords = keywords;
        _body = body;
        _length = length;
        _context = new ContextWords(context);
        _shape = shape;
        _marker = marker;
        _bareConfidence = bareConfidence;
    }

    public override IReadOnlyList<DlpKeyword> Keywords => _keywords;

    public static IEnumerable<BuiltInDetector> Create()
    {
        // Twilio API key SIDs (SK…) and account SIDs (AC…): two letters and 32 lower-case hex digits. The prefilter searches
        // for the prefix and the first hex digit, since a two-character search would run on every "SK" and "AC" in prose.
        yield return new ContextTokenDetector(DlpDetectorNames.TwilioApiKey, "SK", HexAnchors("SK"), TextRules.Hex, 32,
            ["twilio", "api_key", "apikey", "api key", "key_sid", "sid"], IsLowerHex, marker: null, bareConfidence: DlpConfidence.Medium);
        yield return new ContextTokenDetector(DlpDetectorNames.TwilioAccountSid, "AC", HexAnchors("AC"), TextRules.Hex, 32,
            ["twilio", "account_sid", "accountsid", "account sid", "account-sid", "account", "sid"], IsLowerHex, marker: null, bareConfidence: null);

        // Legacy OpenAI keys: sk- and 48 letters and digits; the T3BlbkFJ marker ("OpenAI" in base64) or a nearby name confirms them.
        yield return new ContextTokenDetector(DlpDetectorNames.OpenAIApiKey, "sk-", DlpKeyword.Exact("sk-"), TextRules.Alnum, 48,
            ["openai", "open_ai", "gpt", "chatgpt", "api_key", "apikey", "api key", "api-key", "authorization", "bearer", "sk-"],
            static v => TextRules.CharacterClasses(v) >= 3 && TextRules.Entropy(v) >= 4.0,
            static v => v.Contains("T3BlbkFJ", StringComparison.Ordinal), bareConfidence: DlpConfidence.Low);
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (!text[index..].StartsWith(_prefix, StringComparison.Ordinal) || !TextRules.IsLeftBoundary(text, index, _body))
        {
            return index + 1;
        }

        var bodyStart = index + _prefix.Length;
        var length = TextRules.CountRun(text, bodyStart, _body, _length + 1);
        var end = bodyStart + length;
        var body = text.Slice(bodyStart, length);
        if (length != _length || !TextRules.IsRightBoundary(text, end, _body) || TextRules.IsRepeated(body) || !_shape(body))
        {
            return end;
        }

        DlpConfidence? confidence = _marker is not null && _marker(body) ? DlpConfidence.High
            : _context.Near(text, index, end, ContextWindow) ? DlpConfidence.High
            : _bareConfidence;
        if (confidence is { } c)
        {
            Report(hits, index, end - index, c);
        }

        return end;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> value) =>
        !value.ContainsAnyExcept(TextRules.LowerHex) && value.ContainsAnyInRange('a', 'f') && TextRules.Entropy(value) >= 3.0;

    private static DlpKeyword[] HexAnchors(string prefix) =>
        [.. "0123456789abcdef".Select(h => new DlpKeyword(prefix, AnchorText: prefix + h))];
}
