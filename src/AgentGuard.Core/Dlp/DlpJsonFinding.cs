namespace AgentGuard;

/// <summary>A finding inside a JSON document: where (a JSON path) and what.</summary>
/// <param name="Path">The JSON path of the string, number or property name, such as <c>$.items[2].note</c>; a property name
/// that itself holds a finding appears redacted in paths.</param>
/// <param name="Detection">The finding; its offsets are within the value (or property name) at <paramref name="Path"/>.</param>
/// <param name="InPropertyName">Whether the finding is in the property name rather than in its value.</param>
/// <param name="RootProperty">The top-level property the finding is under (an argument's name), or <see langword="null"/>.</param>
public sealed record DlpJsonFinding(string Path, DlpDetection Detection, bool InPropertyName, string? RootProperty)
{
    /// <summary>Gets the position of the token in document order (property names and values), which redaction uses to find it again.</summary>
    internal int TokenIndex { get; init; }
}
