namespace AgentGuard;

/// <summary>A built-in detector: anchored on keywords or trigger characters so the scanner can run all of them in two passes.</summary>
/// <remarks>
/// Every method is bounded: it looks at most a fixed window around its anchor, and reports how far it looked so the
/// scanner skips the detector's later anchors inside that region. Together this keeps a scan linear in the text.
/// </remarks>
internal abstract class BuiltInDetector
{
    protected BuiltInDetector(string name, DlpKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>Gets the detector's name.</summary>
    public string Name { get; }

    /// <summary>Gets the detector's kind.</summary>
    public DlpKind Kind { get; }

    /// <summary>Gets the detector's index in the scanner (set once when the scanner is built).</summary>
    public int Id { get; set; }

    /// <summary>Gets the keywords that anchor the detector.</summary>
    public virtual IReadOnlyList<DlpKeyword> Keywords => [];

    /// <summary>Gets the characters that anchor the detector.</summary>
    public virtual DlpTrigger Triggers => DlpTrigger.None;

    /// <summary>Examines a keyword found at <paramref name="index"/> (the keyword's start, already verified).</summary>
    /// <returns>The offset before which this detector's later anchors are skipped (at least <paramref name="index"/> + 1).</returns>
    public virtual int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits) => index + 1;

    /// <summary>Gets the fewest digits a numeric segment must hold for <see cref="MatchNumber"/> to look at it: the scanner does not
    /// call it for smaller segments (each detector's own test would return at once).</summary>
    public virtual int MinimumDigits => 0;

    /// <summary>Examines a numeric segment (digits and separators) <c>[start, end)</c>.</summary>
    public virtual void MatchNumber(ReadOnlySpan<char> text, int start, int end, in NumericSegment segment, List<DlpDetection> hits)
    {
    }

    /// <summary>Examines a token that starts with the digits at <paramref name="start"/> (a word boundary before them) and
    /// goes on with a letter or a colon.</summary>
    /// <returns>The offset before which this detector's later digit tokens are skipped (at least <paramref name="start"/> + 1).</returns>
    public virtual int MatchDigitToken(ReadOnlySpan<char> text, int start, List<DlpDetection> hits) => start + 1;

    /// <summary>Examines a trigger character (<c>@</c> or <c>:</c>) at <paramref name="index"/>.</summary>
    /// <returns>The offset at which the character pass resumes for this trigger (at least <paramref name="index"/> + 1).</returns>
    public virtual int MatchCharacter(ReadOnlySpan<char> text, int index, List<DlpDetection> hits) => index + 1;

    /// <summary>Records a finding.</summary>
    protected void Report(List<DlpDetection> hits, int start, int length, DlpConfidence confidence) =>
        hits.Add(new DlpDetection(Name, Kind, start, length, confidence));
}
