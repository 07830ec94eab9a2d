using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AgentGuard;

/// <summary>Runs every enabled built-in detector over a text: one vectorised pass for the keywords, then one vectorised walk
/// over the trigger characters (digits, <c>@</c>, <c>:</c>, <c>~</c>).</summary>
/// <remarks>
/// The keyword pass (<see cref="KeywordPrefilter"/>) marks the places where any anchor may start, and each is verified against
/// the anchors beginning with its two characters. Detectors run only at anchors, each within a bounded window, and a
/// detector's later anchors inside a region it already examined are skipped, which keeps hostile input linear.
/// </remarks>
internal sealed partial class BuiltInEngine
{
    private const int MaxStackDetectors = 256;
    private readonly BuiltInDetector[] _detectors;
    private readonly KeywordPrefilter? _prefilter;
    private readonly int[] _pairStart = [];
    private readonly Candidate[] _pairCandidates = [];
    private readonly BuiltInDetector[] _numeric;
    private readonly int[] _numericMinimumDigits;
    private readonly BuiltInDetector[] _at;
    private readonly BuiltInDetector[] _colon;
    private readonly BuiltInDetector[] _digitTokens;
    private readonly BuiltInDetector? _afterDigits;
    private readonly bool _digits;
    private readonly bool _use256;
    private readonly bool _use128;

    /// <summary>Initializes a new instance of the <see cref="BuiltInEngine"/> class.</summary>
    /// <param name="detectors">The detectors to run.</param>
    /// <param name="vectorBits">The widest vectors to use (256, 128, or 0 for none), within what the machine supports: the
    /// narrower paths exist for other machines, and tests check that every path finds the same.</param>
    public BuiltInEngine(IEnumerable<BuiltInDetector> detectors, int vectorBits = 256)
    {
        _use256 = vectorBits >= 256 && Avx2.IsSupported;
        _use128 = vectorBits >= 128 && Vector128.IsHardwareAccelerated;
        _detectors = [.. detectors];
        for (var i = 0; i < _detectors.Length; i++)
        {
            _detectors[i].Id = i;
        }

        var entries = _detectors.SelectMany(static d => d.Keywords.Select(k => new Entry(k, d))).ToList();

        // Azure AD client secrets carry "Q~" right after a digit; the digit walk finds them without a two-character search.
        _afterDigits = entries.FirstOrDefault(static e => e.Keyword.Text == "Q~").Detector;
        entries.RemoveAll(static e => e.Keyword.Text == "Q~");

        // Exact duplicates (two detectors may share a keyword) are one entry per detector; the prefilter needs each anchor once.
        entries = [.. entries.Distinct()];
        if (entries.Count > 0)
        {
            _prefilter = KeywordPrefilter.For([.. entries.Select(static e => (e.Keyword.Anchor, e.Keyword.IgnoreCase)).Distinct()]);
            (_pairStart, _pairCandidates) = BuildPairTable(entries);
        }
        _numeric = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.Digits))];
        _numericMinimumDigits = [.. _numeric.Select(static d => d.MinimumDigits)];
        _at = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.At))];
        _colon = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.Colon))];
        _digitTokens = [.. _detectors.Where(static d => d.Triggers.HasFlag(DlpTrigger.DigitToken))];
        _digits = _numeric.Length > 0 || _afterDigits is not null || _digitTokens.Length > 0;
    }

    public IReadOnlyList<BuiltInDetector> Detectors => _detectors;

    public void Scan(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        if (_prefilter is not null)
        {
            var rented = _detectors.Length > MaxStackDetectors ? ArrayPool<int>.Shared.Rent(2 * _detectors.Length) : null;
            var examined = rented is null ? stackalloc int[2 * _detectors.Length] : rented.AsSpan(0, 2 * _detectors.Length);
            examined.Clear();
            ScanKeywords(_prefilter, text, examined, hits);

            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }

        if (_digits || _at.Length > 0 || _colon.Length > 0)
        {
            ScanCharacters(text, hits);
        }
    }

    /// <summary>Indexes the entries by the first two characters of their anchor (every case of them where case is ignored), as
    /// one array of candidates and where each pair's run of it starts.</summary>
    private static (int[] Start, Candidate[] Candidates) BuildPairTable(List<Entry> entries)
    {
        var byPair = new List<Entry>?[128 * 128];
        foreach (var entry in entries)
        {
            var anchor = entry.Keyword.Anchor;
            foreach (var c0 in KeywordPrefilter.Variants(anchor[0], entry.Keyword.IgnoreCase))
            {
                foreach (var c1 in KeywordPrefilter.Variants(anchor[1], entry.Keyword.IgnoreCase))
                {
                    (byPair[(c0 << 7) | c1] ??= []).Add(entry);
                }
            }
        }

        var start = new int[byPair.Length + 1];
        var candidates = new List<Candidate>();
        for (var key = 0; key < byPair.Length; key++)
        {
            start[key] = candidates.Count;
            if (byPair[key] is { } list)
            {
                candidates.AddRange(list.Select(static e => new Candidate(e)));
            }
        }

        start[byPair.Length] = candidates.Count;
        return (start, [.. candidates]);
    }

    /// <summary>Walks the digits, <c>@</c>, <c>:</c> and <c>~</c> of the text through vector bitmasks, so runs of other
    /// characters cost next to nothing and each trigger costs a few instructions rather than a fresh search.</summary>
    /// <remarks>
    /// The masks also drop, without leaving the vector code, the triggers no detector can use: digits that continue a run,
    /// digits glued to a word (hex digests, identifiers, <c>v2</c>) unless an upper-case letter (an IBAN's country code) or
    /// <c>n</c>/<c>r</c>/<c>t</c> (a JSON escape such as <c>\n</c>) comes before them, and colons with no hex digit or colon
    /// before them (JSON's <c>"key":</c>). Logs and JSON are full of such characters; each used to cost a call.
    /// </remarks>
    private void ScanCharacters(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        var resume = 0;
        var i = 0;
        if (_use256 && text.Length >= Vector256<byte>.Count)
        {
            ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var state = default(BlockState);
            var last = text.Length - Vector256<byte>.Count;
            for (; i <= last; i += Vector256<byte>.Count)
            {
                var masks = Classify(Narrow256(ref start, (nuint)i));
                var bits = state.Next(masks, Vector256<byte>.Count);
                if (i + Vector256<byte>.Count > resume)
                {
                    resume = HandleBits(text, i, bits, resume, hits);
                }
            }
        }
        else if (_use128 && text.Length >= Vector128<byte>.Count)
        {
            ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var state = default(BlockState);
            var last = text.Length - Vector128<byte>.Count;
            var latin1 = Vector128.Create((ushort)0xFF);
            for (; i <= last; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.Narrow(
                    Vector128.Min(Vector128.LoadUnsafe(ref start, (nuint)i), latin1),
                    Vector128.Min(Vector128.LoadUnsafe(ref start, (nuint)i + 8), latin1));
                var masks = Classify(bytes);
                var bits = state.Next(masks, Vector128<byte>.Count);
                if (i + Vector128<byte>.Count > resume)
                {
                    resume = HandleBits(text, i, bits, resume, hits);
                }
            }
        }

        for (i = Math.Max(i, resume); i < text.Length; i++)
        {
            var c = text[i];
            if ((_digits && char.IsAsciiDigit(c)) || (c == '@' && _at.Length > 0) || (c == ':' && _colon.Length > 0) || (c == '~' && _afterDigits is not null))
            {
                i = Handle(text, i, hits) - 1;
            }
        }
    }

    private int HandleBits(ReadOnlySpan<char> text, int i, uint bits, int resume, List<DlpDetection> hits)
    {
        while (bits != 0)
        {
            var position = i + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            if (position >= resume)
            {
                resume = Handle(text, position, hits);
            }
        }

        return resume;
    }

    /// <summary>Thirty-two characters from <paramref name="index"/> as bytes in order: U+0100-U+7FFF become 0xFF and the rest
    /// of the non-Latin-1 range 0, neither of which is in any class the walk looks for.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Narrow256(ref ushort text, nuint index)
    {
        var packed = Avx2.PackUnsignedSaturate(Vector256.LoadUnsafe(ref text, index).AsInt16(), Vector256.LoadUnsafe(ref text, index + 16).AsInt16());
        return Avx2.Permute4x64(packed.AsUInt64(), 0b11_01_10_00).AsByte();
    }

    private BlockMasks Classify(Vector256<byte> v)
    {
        var lower = v | Vector256.Create((byte)0x20);
        var digits = Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        var letters = Vector256.LessThan(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)26)) | Vector256.Equals(v, Vector256.Create((byte)'_'));
        var upper = Vector256.LessThan(v - Vector256.Create((byte)'A'), Vector256.Create((byte)26));
        var escape = Vector256.Equals(v, Vector256.Create((byte)'n')) | Vector256.Equals(v, Vector256.Create((byte)'r')) | Vector256.Equals(v, Vector256.Create((byte)'t'));
        var colon = Vector256.Equals(v, Vector256.Create((byte)':'));
        var hexOrColon = digits | colon | Vector256.LessThan(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)6));
        var other = (Vector256.Equals(v, Vector256.Create((byte)'@')) & Vector256.Create(_at.Length > 0 ? byte.MaxValue : (byte)0))
            | (Vector256.Equals(v, Vector256.Create((byte)'~')) & Vector256.Create(_afterDigits is not null ? byte.MaxValue : (byte)0));
        return new BlockMasks(
            (digits & Vector256.Create(_digits ? byte.MaxValue : (byte)0)).ExtractMostSignificantBits(),
            letters.ExtractMostSignificantBits(),
            (upper | escape).ExtractMostSignificantBits(),
            (colon & Vector256.Create(_colon.Length > 0 ? byte.MaxValue : (byte)0)).ExtractMostSignificantBits(),
            hexOrColon.ExtractMostSignificantBits(),
            other.ExtractMostSignificantBits());
    }

    private BlockMasks Classify(Vector128<byte> v)
    {
        var lower = v | Vector128.Create((byte)0x20);
        var digits = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        var letters = Vector128.LessThan(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)26)) | Vector128.Equals(v, Vector128.Create((byte)'_'));
        var upper = Vector128.LessThan(v - Vector128.Create((byte)'A'), Vector128.Create((byte)26));
        var escape = Vector128.Equals(v, Vector128.Create((byte)'n')) | Vector128.Equals(v, Vector128.Create((byte)'r')) | Vector128.Equals(v, Vector128.Create((byte)'t'));
        var colon = Vector128.Equals(v, Vector128.Create((byte)':'));
        var hexOrColon = digits | colon | Vector128.LessThan(lower - Vector128.Create((byte)'a'), Vector128.Create((byte)6));
        var other = (Vector128.Equals(v, Vector128.Create((byte)'@')) & Vector128.Create(_at.Length > 0 ? byte.MaxValue : (byte)0))
            | (Vector128.Equals(v, Vector128.Create((byte)'~')) & Vector128.Create(_afterDigits is not null ? byte.MaxValue : (byte)0));
        return new BlockMasks(
            (digits & Vector128.Create(_digits ? byte.MaxValue : (byte)0)).ExtractMostSignificantBits(),
            letters.ExtractMostSignificantBits(),
            (upper | escape).ExtractMostSignificantBits(),
            (colon & Vector128.Create(_colon.Length > 0 ? byte.MaxValue : (byte)0)).ExtractMostSignificantBits(),
            hexOrColon.ExtractMostSignificantBits(),
            other.ExtractMostSignificantBits());
    }

    /// <summary>One block's character classes, a bit per character (the first character in the lowest bit).</summary>
    private readonly record struct BlockMasks(uint Digits, uint Letters, uint UpperOrEscape, uint Colons, uint HexOrColon, uint Other);

    /// <summary>Carries each class's last bit into the next block, so "the character before" works across block edges.</summary>
    private struct BlockState
    {
        private uint _digit;
        private uint _letter;
        private uint _upperOrEscape;
        private uint _hexOrColon;

        /// <summary>The triggers of a block of <paramref name="width"/> characters.</summary>
        public uint Next(in BlockMasks m, int width)
        {
            var top = width - 1;
            var previousDigit = (m.Digits << 1) | _digit;
            var previousLetter = (m.Letters << 1) | _letter;
            var previousUpperOrEscape = (m.UpperOrEscape << 1) | _upperOrEscape;
            var previousHexOrColon = (m.HexOrColon << 1) | _hexOrColon;
            _digit = (m.Digits >> top) & 1;
            _letter = (m.Letters >> top) & 1;
            _upperOrEscape = (m.UpperOrEscape >> top) & 1;
            _hexOrColon = (m.HexOrColon >> top) & 1;

            // Only where a run of digits starts does a number start; the rest of the run is the handler's business.
            var runStarts = m.Digits & ~previousDigit & (~previousLetter | previousUpperOrEscape);
            return runStarts | (m.Colons & previousHexOrColon) | m.Other;
        }
    }

    /// <summary>Handles one trigger character; returns where the walk resumes.</summary>
    private int Handle(ReadOnlySpan<char> text, int index, List<DlpDetection> hits)
    {
        var c = text[index];
        var resume = index + 1;
        if (c == '@')
        {
            foreach (var detector in _at)
            {
                resume = Math.Max(resume, detector.MatchCharacter(text, index, hits));
            }

            return resume;
        }

        if (c == '~')
        {
            // Azure AD client secrets: "Q~" right after a digit, which is often glued to the characters before it.
            return _afterDigits is not null && index >= 2 && text[index - 1] == 'Q' && char.IsAsciiDigit(text[index - 2])
                ? Math.Max(resume, _afterDigits.MatchKeyword(text, index - 1, 2, hits))
                : resume;
        }

        if (c == ':')
        {
            // In an IPv6 address every colon has a hex digit or another colon on both sides; most colons in JSON ("key": value) do not.
            var before = index > 0 ? text[index - 1] : ' ';
            var after = index + 1 < text.Length ? text[index + 1] : ' ';
            if (!(TextRules.Hex.Contains(before) || before == ':') || !(TextRules.Hex.Contains(after) || after == ':'))
            {
                return resume;
            }

            foreach (var detector in _colon)
            {
                resume = Math.Max(resume, detector.MatchCharacter(text, index, hits));
            }

            return resume;
        }

        var previous = index > 0 ? text[index - 1] : ' ';
        var escaped = previous is 'n' or 'r' or 't' && index >= 2 && text[index - 2] == '\\';
        if ((char.IsAsciiLetter(previous) || previous == '_') && !escaped)
        {
            // Glued to a word (hex digests, identifiers): only an IBAN's check digits follow letters.
            if (_numeric.Length > 0 && index >= 2 && char.IsAsciiLetterUpper(previous) && char.IsAsciiLetterUpper(text[index - 2]))
            {
                return ScanNumber(text, index, hits);
            }

            // Telegram's bot API puts the bot token right after "bot" in its URLs.
            if (_digitTokens.Length > 0 && index >= 3 && text.Slice(index - 3, 3).SequenceEqual("bot"))
            {
                return ScanNumber(text, index, hits);
            }

            return SkipDigits(text, index, hits);
        }

        return _numeric.Length > 0 || _digitTokens.Length > 0 ? ScanNumber(text, index, hits) : SkipDigits(text, index, hits);
    }

    private int SkipDigits(ReadOnlySpan<char> text, int index, List<DlpDetection> hits)
    {
        var end = index + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (_afterDigits is not null && end + 1 < text.Length && text[end] == 'Q' && text[end + 1] == '~')
        {
            return Math.Max(end, _afterDigits.MatchKeyword(text, end, 2, hits));
        }

        return end;
    }

    /// <summary>Finds the numeric segment starting at <paramref name="start"/> (digits with single separators, spaces, dashes,
    /// dots and parentheses between them) and hands it to the numeric detectors when it is large enough for any of them.</summary>
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

        var resume = end;
        if (_digitTokens.Length > 0 && end < text.Length && (char.IsAsciiLetter(text[end]) || text[end] == ':') && (end == start + digits))
        {
            foreach (var detector in _digitTokens)
            {
                resume = Math.Max(resume, detector.MatchDigitToken(text, start, hits));
            }
        }

        if (end < text.Length && text[end] == ')')
        {
            end++;
        }

        // Most segments in ordinary text (dates, times, small numbers) are too small for any detector.
        if (digits >= 8 || (dots >= 3 && digits >= 4) || (start >= 2 && char.IsAsciiLetterUpper(text[start - 1])))
        {
            var segment = new NumericSegment(digits, dots, start > 0 && text[start - 1] == '+');
            var minimumDigits = _numericMinimumDigits;
            for (var k = 0; k < _numeric.Length && k < minimumDigits.Length; k++)
            {
                // Most segments reach only a few detectors: a short run glued to capitals (an IBAN's check digits, or part of
                // a base32 key) is nothing to the card, SSN and phone detectors.
                if (digits >= minimumDigits[k])
                {
                    _numeric[k].MatchNumber(text, start, end, segment, hits);
                }
            }
        }

        if (_afterDigits is not null && end + 1 < text.Length && text[end] == 'Q' && text[end + 1] == '~')
        {
            return Math.Max(Math.Max(end, resume), _afterDigits.MatchKeyword(text, end, 2, hits));
        }

        return Math.Max(end, resume);
    }
}
