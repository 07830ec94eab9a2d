namespace AgentGuard;

/// <summary>The outcome of verifying an audit chain (<see cref="AuditChainVerifier"/>).</summary>
public sealed class AuditVerificationResult
{
    internal AuditVerificationResult(
        AuditChainIssue? error,
        IReadOnlyList<AuditChainIssue> warnings,
        IReadOnlyList<string> files,
        long recordCount,
        long? firstSequence,
        long? lastSequence,
        string? lastHash,
        bool isSealed,
        bool startsAtGenesis)
    {
        Error = error;
        Warnings = warnings;
        Files = files;
        RecordCount = recordCount;
        FirstSequence = firstSequence;
        LastSequence = lastSequence;
        LastHash = lastHash;
        IsSealed = isSealed;
        StartsAtGenesis = startsAtGenesis;
    }

    /// <summary>Gets a value indicating whether the chain is intact (warnings allowed).</summary>
    public bool IsValid => Error is null;

    /// <summary>Gets the first problem found, or <see langword="null"/> when the chain is intact.</summary>
    public AuditChainIssue? Error { get; }

    /// <summary>Gets what does not break the chain but deserves attention (torn final lines, unsealed files).</summary>
    public IReadOnlyList<AuditChainIssue> Warnings { get; }

    /// <summary>Gets the files, in chain order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Gets how many records were verified (up to the first problem).</summary>
    public long RecordCount { get; }

    /// <summary>Gets the sequence number of the first record.</summary>
    public long? FirstSequence { get; }

    /// <summary>Gets the sequence number of the last verified record.</summary>
    public long? LastSequence { get; }

    /// <summary>Gets the hash of the last verified record (the chain head): compare it with a copy kept elsewhere.</summary>
    public string? LastHash { get; }

    /// <summary>Gets a value indicating whether the chain ends with a seal record (its writer shut down in order).</summary>
    public bool IsSealed { get; }

    /// <summary>Gets a value indicating whether the chain begins at its very first record (rather than after files that
    /// were not given, such as ones removed by retention).</summary>
    public bool StartsAtGenesis { get; }
}
