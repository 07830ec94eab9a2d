namespace AgentGuard;

/// <summary>One finding of a scan: which detector matched where. It holds no part of the matched value.</summary>
/// <param name="Detector">The detector's name, for example <c>aws_access_key_id</c>.</param>
/// <param name="Kind">The detector's kind.</param>
/// <param name="Start">The offset of the finding in the scanned text, in UTF-16 code units.</param>
/// <param name="Length">The length of the finding, in UTF-16 code units.</param>
/// <param name="Confidence">How sure the detector is.</param>
public readonly record struct DlpDetection(string Detector, DlpKind Kind, int Start, int Length, DlpConfidence Confidence)
{
    /// <summary>Gets the offset just past the finding.</summary>
    public int End => Start + Length;

    /// <summary>Gets the kind as findings name it: <c>secret</c> or <c>pii</c>.</summary>
    public string KindName => Kind == DlpKind.Secret ? "secret" : "pii";
}
