using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AgentGuard;

internal sealed partial class BuiltInEngine
{
    private readonly record struct Entry(DlpKeyword Keyword, BuiltInDetector Detector);

    /// <summary>Finds the keywords: the prefilter marks the places where an anchor may start, and each marked place is verified
    /// against the entries whose anchor starts with its two characters.</summary>
    /// <param name="prefilter">The keyword prefilter.</param>
    /// <param name="text">The text.</param>
    /// <param name="examined">Per detector, the region <c>[from, to)</c> its last call examined (at <c>2 * id</c> and
    /// <c>2 * id + 1</c>): a keyword starting inside it is not handed to the detector again. Keywords are found in the order of
    /// their anchors, and an anchor may sit inside its keyword, so a keyword can start before the last one; it is never
    /// skipped for that.</param>
    /// <param name="hits">Where findings go.</param>
    private void ScanKeywords(KeywordPrefilter prefilter, ReadOnlySpan<char> text, Span<int> examined, List<DlpDetection> hits)
    {
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var i = 0;
        if (_use256)
        {
            for (; i + KeywordPrefilter.Block256 + KeywordPrefilter.Width - 1 <= text.Length; i += KeywordPrefilter.Block256)
            {
                for (var bits = prefilter.Candidates256(ref start, (nuint)i); bits != 0; bits &= bits - 1)
                {
                    Verify(text, i + BitOperations.TrailingZeroCount(bits), examined, hits);
                }
            }
        }

        if (_use128)
        {
            for (; i + KeywordPrefilter.Block128 + KeywordPrefilter.Width - 1 <= text.Length; i += KeywordPrefilter.Block128)
            {
                for (var bits = prefilter.Candidates128(ref start, (nuint)i); bits != 0; bits &= bits - 1)
                {
                    Verify(text, i + BitOperations.TrailingZeroCount(bits), examined, hits);
                }
            }
        }

        // The last few places (and everything where no vector path runs): the pair table is the filter.
        for (; i < text.Length - 1; i++)
        {
            Verify(text, i, examined, hits);
        }
    }

    /// <summary>Verifies the entries whose anchor starts with the two characters at <paramref name="index"/>.</summary>
    private void Verify(ReadOnlySpan<char> text, int index, Span<int> examined, List<DlpDetection> hits)
    {
        if (index + 1 >= text.Length)
        {
            return;
        }

        var c0 = text[index];
        var c1 = text[index + 1];
        if ((c0 | c1) >= 128)
        {
            // Anchors are ASCII, and no other character equals an ASCII one, in any case.
            return;
        }

        var key = (c0 << 7) | c1;
        var from = _pairStart[key];
        var to = _pairStart[key + 1];
        if (from == to)
        {
            return;
        }

        // The eight characters at the place, compared with each candidate's first eight four at a time; only ASCII, where
        // ignoring case is folding one bit, takes this path, the rest is compared in full.
        var packed = index + 8 <= text.Length;
        ulong low = 0, high = 0;
        if (packed)
        {
            var bytes = MemoryMarshal.AsBytes(text.Slice(index, 8));
            low = MemoryMarshal.Read<ulong>(bytes);
            high = MemoryMarshal.Read<ulong>(bytes[8..]);
            packed = ((low | high) & Candidate.NonAscii) == 0;
        }

        // The packed comparison comes first: it is the cheapest test and rejects nearly every candidate.
        foreach (ref readonly var candidate in _pairCandidates.AsSpan(from, to - from))
        {
            if (packed && !candidate.HeadMatches(low, high))
            {
                continue;
            }

            var start = index - candidate.AnchorOffset;
            var region = 2 * candidate.DetectorId;
            if (start < 0 || (start >= examined[region] && start < examined[region + 1]))
            {
                continue;
            }

            var comparison = candidate.Keyword.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if ((!packed || !candidate.HeadIsAnchor) && !text[index..].StartsWith(candidate.Keyword.Anchor, comparison))
            {
                continue;
            }

            if (!candidate.AnchorIsKeyword && !text[start..].StartsWith(candidate.Keyword.Text, comparison))
            {
                continue;
            }

            examined[region] = start;
            examined[region + 1] = Math.Max(start + 1, candidate.Detector.MatchKeyword(text, start, candidate.Keyword.Text.Length, hits));
        }
    }

    /// <summary>An entry to verify at a hit, with the first eight characters of its anchor packed as the text's are.</summary>
    private readonly struct Candidate
    {
        /// <summary>The high bits of four UTF-16 code units: set when any of them is not ASCII.</summary>
        public const ulong NonAscii = 0xFF80_FF80_FF80_FF80;

        private const int HeadLength = 8;
        private readonly ulong _low;
        private readonly ulong _high;
        private readonly ulong _lowFold;
        private readonly ulong _highFold;
        private readonly ulong _lowMask;
        private readonly ulong _highMask;

        public Candidate(Entry entry)
        {
            var ignoreCase = entry.Keyword.IgnoreCase;
            Keyword = entry.Keyword;
            Detector = entry.Detector;
            var anchor = entry.Keyword.Anchor;
            Span<char> head = stackalloc char[HeadLength];
            Span<char> fold = stackalloc char[HeadLength];
            Span<char> mask = stackalloc char[HeadLength];
            head.Clear();
            fold.Clear();
            mask.Clear();
            for (var i = 0; i < Math.Min(HeadLength, anchor.Length); i++)
            {
                var letter = ignoreCase && char.IsAsciiLetter(anchor[i]);
                head[i] = letter ? char.ToLowerInvariant(anchor[i]) : anchor[i];
                fold[i] = letter ? (char)0x20 : '\0';
                mask[i] = (char)0xFFFF;
            }

            (_low, _high) = Pack(head);
            (_lowFold, _highFold) = Pack(fold);
            (_lowMask, _highMask) = Pack(mask);
            AnchorOffset = entry.Keyword.AnchorOffset;
            DetectorId = entry.Detector.Id;
            HeadIsAnchor = anchor.Length <= HeadLength;
            AnchorIsKeyword = entry.Keyword.AnchorOffset == 0 && entry.Keyword.AnchorText is null;
        }

        public DlpKeyword Keyword { get; }

        public BuiltInDetector Detector { get; }

        /// <summary>Gets where the anchor starts inside the keyword.</summary>
        public int AnchorOffset { get; }

        /// <summary>Gets the detector's index in the scanner (assigned before the candidates are built).</summary>
        public int DetectorId { get; }

        /// <summary>Gets a value indicating whether the head is the whole anchor, so matching it matches the anchor.</summary>
        public bool HeadIsAnchor { get; }

        /// <summary>Gets a value indicating whether the keyword starts with its anchor, so matching it matches the keyword.</summary>
        public bool AnchorIsKeyword { get; }

        /// <summary>Whether eight ASCII characters of text, packed four to a word, start with the anchor's head: where case is
        /// ignored, each letter of the text is lower-cased by setting its case bit (which maps only a letter's two cases
        /// onto the head's lower-case letter); past the head's end nothing is compared.</summary>
        public bool HeadMatches(ulong low, ulong high) =>
            ((low | _lowFold) & _lowMask) == _low && ((high | _highFold) & _highMask) == _high;

        private static (ulong Low, ulong High) Pack(ReadOnlySpan<char> chars)
        {
            var bytes = MemoryMarshal.AsBytes(chars);
            return (MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[8..]));
        }
    }
}
