using System.Collections;

namespace AgentGuard;

/// <summary>The findings of a scan too large for one small array, held in chunks that each stay below the large object heap's
/// threshold.</summary>
/// <remarks>A megabyte of text dense with findings yields tens of thousands of them: as one array that lands in the large
/// object heap, where each allocation is fresh memory the process first has to fault in, and where the garbage collector
/// reclaims it only in a full collection — measured at ten times the cost of the same findings in young chunks.</remarks>
internal sealed class DlpDetectionList : IReadOnlyList<DlpDetection>
{
    /// <summary>Findings per chunk: 2048 of 24 bytes, 48 KB, under the 85,000-byte large-object threshold.</summary>
    public const int ChunkSize = 2048;

    private const int ChunkShift = 11;
    private readonly DlpDetection[][] _chunks;

    private DlpDetectionList(ReadOnlySpan<DlpDetection> findings)
    {
        Count = findings.Length;
        _chunks = new DlpDetection[(findings.Length + ChunkSize - 1) >> ChunkShift][];
        for (var c = 0; c < _chunks.Length; c++)
        {
            _chunks[c] = findings.Slice(c << ChunkShift, Math.Min(ChunkSize, findings.Length - (c << ChunkShift))).ToArray();
        }
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public DlpDetection this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _chunks[index >> ChunkShift][index & (ChunkSize - 1)];
        }
    }

    /// <summary>Copies findings into a list of their own: an array when they fit in one chunk, otherwise chunks.</summary>
    public static IReadOnlyList<DlpDetection> Create(ReadOnlySpan<DlpDetection> findings) =>
        findings.IsEmpty ? [] : findings.Length <= ChunkSize ? findings.ToArray() : new DlpDetectionList(findings);

    /// <inheritdoc />
    public IEnumerator<DlpDetection> GetEnumerator()
    {
        foreach (var chunk in _chunks)
        {
            foreach (var finding in chunk)
            {
                yield return finding;
            }
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
