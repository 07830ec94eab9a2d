using System.Buffers;

namespace AgentGuard;

/// <summary>A token that carries a fixed marker at a fixed offset inside it rather than as a prefix: Azure's identifiable keys
/// (<c>…+ACR…</c> in a container-registry password, <c>…+ASt…==</c> in a storage account key) and New Relic license keys
/// (<c>…FFFFNRAL</c>). The prefilter searches for the marker; the token around it must have the exact length and alphabet.</summary>
internal sealed class InfixTokenDetector : BuiltInDetector
{
    private readonly string _marker;
    private readonly int _offset;
    private readonly int _length;
    private readonly int _padding;
    private readonly SearchValues<char> _chars;
    private readonly ValueShape? _shape;

    /// <param name="name">The detector's name.</param>
    /// <param name="marker">The marker (a caret marks where the prefilter's anchor starts, see <see cref="DlpKeyword.Parse"/>).</param>
    /// <param name="offset">Where the marker starts inside the token.</param>
    /// <param name="length">The token's length, padding included.</param>
    /// <param name="chars">The token's alphabet (without padding).</param>
    /// <param name="padding">How many trailing <c>=</c> the token ends with.</param>
    /// <param name="shape">A further check of the whole token.</param>
    private InfixTokenDetector(string name, string marker, int offset, int length, SearchValues<char> chars, int padding = 0, ValueShape? shape = null)
        : base(name, DlpKind.Secret)
    {
        _marker = marker.Replace("^", string.Empty, StringComparison.Ordinal);
        _offset = offset;
        _length = length;
        _chars = chars;
        _padding = padding;
        _shape = shape;
        Keywords = DlpKeyword.Exact(marker);
    }

    public override IReadOnlyList<DlpKeyword> Keywords { get; }

    public static IEnumerable<BuiltInDetector> Create()
    {
        // Azure identifiable keys (Microsoft's security-utilities formats): 32- or 64-byte keys in base64 whose last bytes
        // carry a service signature, so the key is recognisable without context.
        var base64 = TextRules.Base64;
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "+ACR", 42, 52, TextRules.Base64);   // container registry
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "AzSe", 42, 52, TextRules.Base64);   // AI Search
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "AzFu", 44, 56, base64, padding: 2); // Functions
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "+^ASb", 33, 44, base64, padding: 1); // Service Bus
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "+AEh", 33, 44, base64, padding: 1); // Event Hubs
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "+^ARm", 33, 44, base64, padding: 1); // Relay
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "+ASt", 76, 88, base64, padding: 2); // Storage
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "A^CDb", 76, 88, base64, padding: 2); // Cosmos DB
        yield return new InfixTokenDetector(DlpDetectorNames.AzureIdentifiableKey, "APIM", 76, 88, base64, padding: 2); // API Management

        // New Relic license (ingest) keys: 32 hex digits, or eu01xx and 26, then FFFFNRAL.
        yield return new InfixTokenDetector(DlpDetectorNames.NewRelicLicenseKey, "FF^FFNRAL", 32, 40, TextRules.LowerAlnum,
            shape: static v => TextRules.IsHex(v[..32]) || (v.StartsWith("eu01xx", StringComparison.Ordinal) && TextRules.IsHex(v[6..32])));
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var start = index - _offset;
        var markerEnd = index + _marker.Length;
        if (start < 0 || text[start..index].ContainsAnyExcept(_chars) || !TextRules.IsLeftBoundary(text, start, _chars))
        {
            return markerEnd;
        }

        var bodyEnd = start + _length - _padding;
        var tail = TextRules.CountRun(text, markerEnd, _chars, bodyEnd - markerEnd + 1);
        var end = markerEnd + tail;
        if (end != bodyEnd)
        {
            return end;
        }

        for (var i = 0; i < _padding; i++)
        {
            if (end >= text.Length || text[end] != '=')
            {
                return end;
            }

            end++;
        }

        var token = text[start..end];
        var body = token[..(_length - _padding)];
        if (!TextRules.IsRightBoundary(text, end, _chars) || (end < text.Length && text[end] == '=') || TextRules.Entropy(body) < 3.5
            || SecretValueRules.IsFiller(body) || (_shape is not null && !_shape(token)))
        {
            return end;
        }

        Report(hits, start, end - start, DlpConfidence.High);
        return end;
    }
}
