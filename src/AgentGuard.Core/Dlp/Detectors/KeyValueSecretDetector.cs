using System.Buffers;

namespace AgentGuard;

/// <summary>A secret that follows a fixed key in a connection string or URL: <c>AccountKey=…</c>, <c>SharedAccessKey=…</c>,
/// <c>sig=…</c>. The value alone is the finding.</summary>
internal sealed class KeyValueSecretDetector : BuiltInDetector
{
    private const int ContextWindow = 300;
    private readonly DlpKeyword[] _keywords;
    private readonly SearchValues<char> _value;
    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly ContextWords? _context;
    private readonly Func<ReadOnlySpan<char>, bool>? _accept;

    public KeyValueSecretDetector(string name, string[] keys, SearchValues<char> value, int minLength, int maxLength, string[]? context = null, Func<ReadOnlySpan<char>, bool>? accept = null)
        : base(name, DlpKind.Secret)
    {
        _keywords = DlpKeyword.AnyCase(keys);
        _value = value;
        _minLength = minLength;
        _maxLength = maxLength;
        _context = context is { Length: > 0 } ? new ContextWords(context) : null;
        _accept = accept;
    }

    public override IReadOnlyList<DlpKeyword> Keywords => _keywords;

    public static IEnumerable<BuiltInDetector> Create()
    {
        var base64 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=");
        var urlBase64 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=%");
        yield return new KeyValueSecretDetector(DlpDetectorNames.AzureStorageAccountKey, ["Account^Key="], base64, 88, 88,
            accept: static v => v.EndsWith("==", StringComparison.Ordinal));
        yield return new KeyValueSecretDetector(DlpDetectorNames.AzureSharedAccessKey, ["SharedAccess^Key="], base64, 43, 44,
            accept: static v => v.EndsWith('=') || v.Length == 43);
        yield return new KeyValueSecretDetector(DlpDetectorNames.AzureSasToken, ["sig="], urlBase64, 40, 100,
            context: ["sv=", "se=", "sp=", "srt=", "sr="]);
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (index > 0 && char.IsAsciiLetterOrDigit(text[index - 1]))
        {
            return index + 1;
        }

        var start = index + keywordLength;
        var length = TextRules.CountRun(text, start, _value, _maxLength + 1);
        var end = start + length;
        if (length < _minLength || length > _maxLength || !TextRules.IsRightBoundary(text, end, _value))
        {
            return end;
        }

        var value = text.Slice(start, length);
        if (TextRules.IsRepeated(value.TrimEnd('=')) || TextRules.Entropy(value) < 3.5
            || (_accept is not null && !_accept(value))
            || (_context is not null && !_context.Near(text, index, end, ContextWindow)))
        {
            return end;
        }

        Report(hits, start, length, DlpConfidence.High);
        return end;
    }
}
