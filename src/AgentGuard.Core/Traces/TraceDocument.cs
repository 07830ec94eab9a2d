namespace AgentGuard;

/// <summary>A read trace: its entries in file order, or the errors that stopped it from being read.</summary>
/// <param name="Entries">The entries (empty when there are errors).</param>
/// <param name="Errors">Every problem found, with file, line and field.</param>
public sealed record TraceDocument(IReadOnlyList<TraceEntry> Entries, IReadOnlyList<PolicyError> Errors)
{
    /// <summary>Gets a value indicating whether the trace was read without errors.</summary>
    public bool IsValid => Errors.Count == 0;
}
