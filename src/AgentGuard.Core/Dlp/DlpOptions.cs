namespace AgentGuard;

/// <summary>Global options for data loss prevention: what is detected and how findings are redacted.</summary>
/// <remarks>
/// The action for a finding comes from, in order: <see cref="DetectorActions"/> keyed by the detector's name, then keyed
/// by its kind (<c>secret</c> or <c>pii</c>), then the persona's <see cref="DlpPolicy"/> for the direction (arguments of
/// egress tools, other arguments, results). An AgentGuard credential handle in the arguments of an egress tool is always
/// blocked, whatever the overrides say.
/// </remarks>
public sealed class DlpOptions
{
    /// <summary>Gets or sets how redacted findings are replaced.</summary>
    /// <value>The default value is <see cref="DlpRedactionStyle.Placeholder"/>.</value>
    public DlpRedactionStyle Redaction { get; set; } = DlpDefaults.Redaction;

    /// <summary>Gets or sets the key for <see cref="DlpRedactionStyle.Hash"/> digests (its UTF-8 bytes; at least 16).</summary>
    /// <value>The default value is <see langword="null"/>: a random key per scanner, so digests correlate only within one process.</value>
    public string? HmacKey { get; set; }

    /// <summary>Gets per-detector (or per-kind: <c>secret</c>, <c>pii</c>) actions that override the persona's.</summary>
    public IDictionary<string, DlpAction> DetectorActions { get; } = new Dictionary<string, DlpAction>(StringComparer.Ordinal);

    /// <summary>Gets the built-in detectors to run; empty runs every built-in detector.</summary>
    public ISet<string> EnabledDetectors { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets the detectors (built-in or custom) not to run.</summary>
    public ISet<string> DisabledDetectors { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets the detectors declared in configuration.</summary>
    public IList<DlpCustomDetector> CustomDetectors { get; } = [];

    /// <summary>Gets or sets the lowest confidence reported; weaker matches are ignored.</summary>
    /// <value>The default value is <see cref="DlpConfidence.Low"/>: documented test values (test card numbers, documentation
    /// IP ranges) are reported too. Raise it to <see cref="DlpConfidence.Medium"/> to ignore them.</value>
    public DlpConfidence MinimumConfidence { get; set; } = DlpDefaults.MinimumConfidence;

    /// <summary>Gets or sets how deeply nested JSON may be before a document is refused as unscannable.</summary>
    /// <value>The default value is 256.</value>
    public int MaxJsonDepth { get; set; } = DlpDefaults.MaxJsonDepth;
}
