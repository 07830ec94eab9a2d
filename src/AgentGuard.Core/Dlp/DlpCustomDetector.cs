namespace AgentGuard;

/// <summary>A detector declared in configuration: a regular expression, an optional validator and optional nearby keywords.</summary>
/// <remarks>The pattern runs with <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/> (linear time);
/// a pattern that needs backtracking constructs runs with a match timeout instead. When the pattern has a group named
/// <c>value</c>, only that group is the finding (for example the key after <c>key=</c>); otherwise the whole match is.</remarks>
public sealed class DlpCustomDetector
{
    /// <summary>Gets or sets the detector's name (<c>[a-z0-9][a-z0-9_.-]*</c>), unique among detectors.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the regular expression.</summary>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Gets or sets what the detector looks for.</summary>
    /// <value>The default value is <see cref="DlpKind.Secret"/>.</value>
    public DlpKind Kind { get; set; } = DlpKind.Secret;

    /// <summary>Gets or sets the check applied to each match.</summary>
    /// <value>The default value is <see cref="DlpValidator.None"/>.</value>
    public DlpValidator Validator { get; set; }

    /// <summary>Gets the keywords of which one must appear near a match (case-insensitive); empty for none.</summary>
    /// <remarks>Keywords also serve as the prefilter: text without any of them is not run through the regex.</remarks>
    public IList<string> Keywords { get; } = [];

    /// <summary>Gets or sets how far from a match, in characters either side, a keyword counts as near.</summary>
    /// <value>The default value is 64.</value>
    public int KeywordWindow { get; set; } = DlpDefaults.KeywordWindow;

    /// <summary>Gets or sets the confidence reported for matches.</summary>
    /// <value>The default value is <see cref="DlpConfidence.High"/>.</value>
    public DlpConfidence Confidence { get; set; } = DlpConfidence.High;
}
