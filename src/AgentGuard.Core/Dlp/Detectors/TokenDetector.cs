using System.Buffers;

namespace AgentGuard;

/// <summary>Validates a candidate token; returns the confidence, or <see langword="null"/> to reject it.</summary>
internal delegate DlpConfidence? TokenValidator(ReadOnlySpan<char> token, ReadOnlySpan<char> body);

/// <summary>A token with a distinctive prefix: <c>ghp_</c>, <c>AKIA</c>, <c>xoxb-</c>… followed by a body of known characters and length.</summary>
/// <remarks>The prefix is matched case-sensitively, the token must stand alone (no letter, digit or body character on
/// either side), the body's length must fit, and its entropy must look random; a validator may check more.</remarks>
internal sealed class TokenDetector : BuiltInDetector
{
    private readonly string[] _prefixes;
    private readonly DlpKeyword[] _keywords;
    private readonly SearchValues<char> _body;
    private readonly int _minBody;
    private readonly int _maxBody;
    private readonly double _minEntropy;
    private readonly bool _leftBoundary;
    private readonly TokenValidator? _validate;

    // prefixes: a caret marks where the prefilter's anchor starts (see DlpKeyword.Parse);
    // keywords: anchors other than the prefixes themselves, when the prefixes are too common to search for.
    public TokenDetector(string name, DlpKind kind, string[] prefixes, SearchValues<char> body, int minBody, int maxBody,
        double minEntropy = 3.0, TokenValidator? validate = null, bool leftBoundary = true, DlpKeyword[]? keywords = null)
        : base(name, kind)
    {
        _keywords = keywords ?? DlpKeyword.Exact(prefixes);
        _prefixes = [.. DlpKeyword.Exact(prefixes).Select(static k => k.Text)];
        _body = body;
        _minBody = minBody;
        _maxBody = maxBody;
        _minEntropy = minEntropy;
        _validate = validate;
        _leftBoundary = leftBoundary;
    }

    public override IReadOnlyList<DlpKeyword> Keywords => _keywords;

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var rest = text[index..];
        string? prefix = null;
        foreach (var p in _prefixes)
        {
            if (rest.StartsWith(p, StringComparison.Ordinal) && (prefix is null || p.Length > prefix.Length))
            {
                prefix = p;
            }
        }

        if (prefix is null || (_leftBoundary && !TextRules.IsLeftBoundary(text, index, _body)))
        {
            return index + 1;
        }

        var bodyStart = index + prefix.Length;
        var bodyLength = TextRules.CountRun(text, bodyStart, _body, _maxBody + 1);
        var end = bodyStart + bodyLength;

        // Trailing '=' padding belongs to base64 bodies.
        while (end < text.Length && text[end] == '=' && end - bodyStart < _maxBody + 2 && _body.Contains('+'))
        {
            end++;
        }

        if (bodyLength > _maxBody || bodyLength < _minBody || !TextRules.IsRightBoundary(text, end, _body))
        {
            return end;
        }

        var token = text[index..end];
        var body = text[bodyStart..(bodyStart + bodyLength)];
        if ((_minEntropy > 0 && TextRules.Entropy(body) < _minEntropy) || SecretValueRules.IsFiller(body))
        {
            return end;
        }

        DlpConfidence? confidence = _validate is null ? DlpConfidence.High : _validate(token, body);
        if (confidence is { } c)
        {
            Report(hits, index, end - index, c);
        }

        return end;
    }
}
