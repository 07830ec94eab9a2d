namespace AgentGuard;

/// <summary>One match reported by a detector: where it is in the scanned text, and how sure the detector is.</summary>
/// <param name="Start">The offset of the match, in UTF-16 code units.</param>
/// <param name="Length">The length of the match, in UTF-16 code units.</param>
/// <param name="Confidence">How sure the detector is.</param>
public readonly record struct DlpMatch(int Start, int Length, DlpConfidence Confidence = DlpConfidence.High);
