using System.Buffers;

namespace AgentGuard;

/// <summary>Runs every enabled built-in detector over a text in two vectorised passes: one for keyword anchors
/// (<see cref="SearchValues{T}"/> of strings) and one for trigger characters (digits, <c>@</c>, <c>:</c>).</summary>
/// <remarks>Clean text costs little more than the two searches: detectors run only at anchors, each within a bounded window,
/// and a detector's later anchors inside a region it already examined are skipped, which keeps hostile input linear.</remarks>
internal sealed class BuiltInEngine
{
    private const int MaxStackDetectors = 256;
    private readonly BuiltInDetector[] _detectors;
    private readonly SearchValues<string>? _keywords;
    private readonly (string Keyword, BuiltInDetector Detector)[][] _buckets;
    private readonly BuiltInDetector[] _numeric;
    private readonly BuiltInDetector[] _at;
    private readonly BuiltInDetector[] _colon;
    private readonly SearchValues<char>? _triggers;

    public BuiltInEngine(IEnumerable<BuiltInDetector> detectors)
    {
        _detectors = [.. detectors];
        for (var i = 0; i < _detectors.Length; i++)
        {
            _detectors[i].Id = i;
        }

        var byFirst = new List<(string, BuiltInDetector)>[128];
        var keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var detector in _detectors)
        {
            foreach (var keyword in detector.Keywords)
            {
                keywords.Add(keyword);
                var first = char.ToUpperInvariant(keyword[0]);
                (byFirst[first] ??= []).Add((keyword, detector));
            }
        }

        _buckets = [.. byFirst.Select(static b => b is null ? [] : b.ToArray())];
        _keywords = keywords.Count == 0 ? null : SearchValues.Create([.. keywords], StringComparison.OrdinalIgnoreCase);
        _numeric = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.Digits))];
        _at = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.At))];
        _colon = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.Colon))];
        var triggers = (_numeric.Length > 0 ? "0123456789" : string.Empty) + (_at.Length > 0 ? "@" : string.Empty) + (_colon.Length > 0 ? ":" : string.Empty);
        _triggers = triggers.Length == 0 ? null : SearchValues.Create(triggers);
    }

    public IReadOnlyList<BuiltInDetector> Detectors => _detectors;

    public void Scan(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        if (_keywords is not null)
        {
            var rented = _detectors.Length > MaxStackDetectors ? ArrayPool<int>.Shared.Rent(_detectors.Length) : null;
            var next = rented is null ? stackalloc int[_detectors.Length] : rented.AsSpan(0, _detectors.Length);
            next.Clear();
            ScanKeywords(text, next, hits);
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }

        if (_triggers is not null)
        {
            ScanCharacters(text, hits);
        }
    }

    private void ScanKeywords(ReadOnlySpan<char> text, Span<int> next, List<DlpDetection> hits)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOfAny(_keywords!);
            if (found < 0)
            {
                return;
            }

            var index = pos + found;
            var first = char.ToUpperInvariant(text[index]);
            if (first < 128)
            {
                var rest = text[index..];
                foreach (var (keyword, detector) in _buckets[first])
                {
                    if (next[detector.Id] <= index && rest.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                    {
                        next[detector.Id] = Math.Max(index + 1, detector.MatchKeyword(text, index, keyword.Length, hits));
                    }
                }
            }

            pos = index + 1;
        }
    }

    private void ScanCharacters(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOfAny(_triggers!);
            if (found < 0)
            {
                return;
            }

            var index = pos + found;
            var c = text[index];
            if (c == '@')
            {
                pos = index + 1;
                foreach (var detector in _at)
                {
                    pos = Math.Max(pos, detector.MatchCharacter(text, index, hits));
                }
            }
            else if (c == ':')
            {
                pos = index + 1;
                foreach (var detector in _colon)
                {
                    pos = Math.Max(pos, detector.MatchCharacter(text, index, hits));
                }
            }
            else
            {
                pos = ScanNumber(text, index, hits);
            }
        }
    }

    /// <summary>Finds the numeric segment starting at <paramref name="start"/> (digits with single separators, spaces, dashes,
    /// dots and parentheses between them) and hands it to the numeric detectors that could match its size.</summary>
    private int ScanNumber(ReadOnlySpan<char> text, int start, List<DlpDetection> hits)
    {
        int digits = 0, dots = 0, separators = 0;
        var p = start;
        var end = start;
        while (p < text.Length)
        {
            var c = text[p];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                separators = 0;
                end = ++p;
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' && ++separators <= 2)
            {
                if (c == '.')
                {
                    dots++;
                }

                p++;
            }
            else
            {
                break;
            }
        }

        if (end < text.Length && text[end] == ')')
        {
            end++;
        }

        // Most segments in ordinary text (times, small numbers, hash fragments) are too small for any detector.
        if (digits >= 8 || (dots >= 3 && digits >= 4) || (start >= 2 && char.IsAsciiLetterUpper(text[start - 1])))
        {
            var segment = new NumericSegment(digits, dots, start > 0 && text[start - 1] == '+');
            foreach (var detector in _numeric)
            {
                detector.MatchNumber(text, start, end, segment, hits);
            }
        }

        return end;
    }
}
