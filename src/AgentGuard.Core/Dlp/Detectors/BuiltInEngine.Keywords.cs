using System.Buffers;
using System.Runtime.InteropServices;

namespace AgentGuard;

internal sealed partial class BuiltInEngine
{
    private readonly record struct Entry(DlpKeyword Keyword, BuiltInDetector Detector);

    /// <summary>One vectorised search over a small group of anchors, and the entries to verify at each hit.</summary>
    private sealed class KeywordGroup
    {
        /// <summary>The high bits of four UTF-16 code units: set when any of them is not ASCII.</summary>
        private const ulong NonAscii = 0xFF80_FF80_FF80_FF80;

        private readonly SearchValues<string> _anchors;
        private readonly Candidate[][] _byFirst;
        private readonly bool _ignoreCase;

        public KeywordGroup(List<Entry> entries, bool ignoreCase)
        {
            _ignoreCase = ignoreCase;
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            _anchors = SearchValues.Create([.. entries.Select(static e => e.Keyword.Anchor).Distinct(StringComparer.FromComparison(comparison))], comparison);
            var byFirst = new List<Entry>[128];
            foreach (var entry in entries)
            {
                var first = entry.Keyword.Anchor[0];
                if (ignoreCase)
                {
                    (byFirst[char.ToUpperInvariant(first)] ??= []).Add(entry);
                    (byFirst[char.ToLowerInvariant(first)] ??= []).Add(entry);
                }
                else
                {
                    (byFirst[first] ??= []).Add(entry);
                }
            }

            _byFirst = [.. byFirst.Select(b => b is null ? [] : b.Distinct().Select(e => new Candidate(e, ignoreCase)).ToArray())];
        }

        public void Scan(ReadOnlySpan<char> text, Span<int> next, List<DlpDetection> hits)
        {
            var comparison = _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var pos = 0;
            while (pos < text.Length)
            {
                var found = text[pos..].IndexOfAny(_anchors);
                if (found < 0)
                {
                    return;
                }

                var index = pos + found;
                var c = text[index];
                if (c >= 128 && _ignoreCase)
                {
                    // Ordinal-ignore-case folds a few non-ASCII letters onto ASCII (the Kelvin sign onto K).
                    c = char.ToUpperInvariant(c);
                }

                if (c < 128)
                {
                    // The eight characters at the hit, compared with each candidate's first eight four at a time; only ASCII,
                    // where ignoring case is folding one bit, takes this path, the rest is compared in full as before.
                    var packed = index + 8 <= text.Length;
                    ulong low = 0, high = 0;
                    if (packed)
                    {
                        var bytes = MemoryMarshal.AsBytes(text.Slice(index, 8));
                        low = MemoryMarshal.Read<ulong>(bytes);
                        high = MemoryMarshal.Read<ulong>(bytes[8..]);
                        packed = ((low | high) & NonAscii) == 0;
                    }

                    // The packed comparison comes first: it is the cheapest test and rejects nearly every candidate.
                    foreach (ref readonly var candidate in _byFirst[c].AsSpan())
                    {
                        if (packed && !candidate.HeadMatches(low, high))
                        {
                            continue;
                        }

                        var start = index - candidate.AnchorOffset;
                        if (start < 0 || next[candidate.DetectorId] > start)
                        {
                            continue;
                        }

                        if ((!packed || !candidate.HeadIsAnchor) && !text[index..].StartsWith(candidate.Keyword.Anchor, comparison))
                        {
                            continue;
                        }

                        if (!candidate.AnchorIsKeyword && !text[start..].StartsWith(candidate.Keyword.Text, comparison))
                        {
                            continue;
                        }

                        next[candidate.DetectorId] = Math.Max(start + 1, candidate.Detector.MatchKeyword(text, start, candidate.Keyword.Text.Length, hits));
                    }
                }

                pos = index + 1;
            }
        }

        /// <summary>An entry to verify at a hit, with the first eight characters of its anchor packed as the text's are.</summary>
        private readonly struct Candidate
        {
            private const int HeadLength = 8;
            private readonly ulong _low;
            private readonly ulong _high;
            private readonly ulong _lowFold;
            private readonly ulong _highFold;
            private readonly ulong _lowMask;
            private readonly ulong _highMask;

            public Candidate(Entry entry, bool ignoreCase)
            {
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

            /// <summary>Gets the detector's index in the scanner (assigned before the groups are built).</summary>
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
}
