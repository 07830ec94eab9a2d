namespace AgentGuard;

/// <summary>A keyword that anchors a built-in detector, and where in it the scanner's prefilter looks.</summary>
/// <param name="Text">The keyword (ASCII), for example a token prefix such as <c>github_pat_</c>.</param>
/// <param name="IgnoreCase">Whether the keyword matches in any case (<c>password</c>) or exactly (<c>ghp_</c>).</param>
/// <param name="AnchorOffset">Where the prefilter's search string starts inside the keyword. The vectorised search keys on
/// the first three characters of each search string, so starting at a rare spot (<c>b_pat_</c> rather than the common
/// <c>git</c>) keeps false candidates, and so verification work, low.</param>
/// <param name="AnchorText">The search string when it is not a part of <paramref name="Text"/>: then it sits
/// <paramref name="AnchorOffset"/> characters after the keyword's start (OpenAI keys carry a marker at a fixed offset).</param>
internal readonly record struct DlpKeyword(string Text, bool IgnoreCase = false, int AnchorOffset = 0, string? AnchorText = null)
{
    /// <summary>Gets the string the prefilter searches for.</summary>
    /// <remarks>Computed once: the scanner reads it at every candidate, where a substring each time would allocate.</remarks>
    public string Anchor { get; } = AnchorText ?? Text[AnchorOffset..];

    /// <summary>Parses <c>"githu^b_pat_"</c>: the caret marks where the anchor starts.</summary>
    public static DlpKeyword Parse(string spec, bool ignoreCase = false)
    {
        var caret = spec.IndexOf('^', StringComparison.Ordinal);
        return caret < 0 ? new DlpKeyword(spec, ignoreCase) : new DlpKeyword(spec.Remove(caret, 1), ignoreCase, caret);
    }

    /// <summary>Keywords matched in any case.</summary>
    public static DlpKeyword[] AnyCase(params string[] specs) => [.. specs.Select(static s => Parse(s, ignoreCase: true))];

    /// <summary>Keywords matched exactly.</summary>
    public static DlpKeyword[] Exact(params string[] specs) => [.. specs.Select(static s => Parse(s))];
}
