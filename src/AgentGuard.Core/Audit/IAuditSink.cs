namespace AgentGuard;

/// <summary>Where audit records go: a hash-chained file, a database, a SIEM forwarder.</summary>
/// <remarks>
/// The <see cref="AuditTrail"/> calls <see cref="WriteAsync"/> from one background task at a time, in record order,
/// never on the tool-call path. A sink that throws loses that batch (counted, logged) and marks the trail unhealthy
/// until a later batch succeeds. The trail disposes its sinks after draining its queue, and a dependency-injection
/// container may dispose them again: disposal must be idempotent.
/// </remarks>
public interface IAuditSink : IAsyncDisposable
{
    /// <summary>Gets the sink's name, for diagnostics and metrics.</summary>
    string Name { get; }

    /// <summary>Writes a batch of records, in order, durably enough that an orderly shutdown loses none.</summary>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the batch is written.</returns>
    ValueTask WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);
}
