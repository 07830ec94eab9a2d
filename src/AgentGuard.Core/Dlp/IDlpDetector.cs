namespace AgentGuard;

/// <summary>A detector of sensitive data, added in code next to the built-in ones.</summary>
/// <remarks>
/// Implementations must be thread-safe and must run in time linear in the text (use
/// <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/> or a match timeout for regexes):
/// tool arguments and results are attacker-controlled. A detector reports offsets, never copies of the value.
/// </remarks>
public interface IDlpDetector
{
    /// <summary>Gets the detector's name (<c>[a-z0-9][a-z0-9_.-]*</c>), used in findings, placeholders and action overrides.</summary>
    string Name { get; }

    /// <summary>Gets what the detector looks for.</summary>
    DlpKind Kind { get; }

    /// <summary>Scans <paramref name="text"/> and adds every match to <paramref name="matches"/>.</summary>
    /// <param name="text">The text to scan.</param>
    /// <param name="matches">Receives the matches, in any order; overlapping matches are resolved by the scanner.</param>
    void Scan(ReadOnlySpan<char> text, ICollection<DlpMatch> matches);
}
