namespace AgentGuard;

/// <summary>One problem (or warning) found while verifying an audit chain.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="File">The file, as given or found.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>, when the problem is at a line.</param>
/// <param name="Sequence">The sequence number of the record concerned (for a missing record, the first one missing).</param>
/// <param name="Message">A sentence for people.</param>
public sealed record AuditChainIssue(AuditChainIssueKind Kind, string? File, int? Line, long? Sequence, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{File ?? "(no file)"}{(Line is { } line ? ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}: {Kind.ToString().ToLowerInvariant()}: {Message}";
}
