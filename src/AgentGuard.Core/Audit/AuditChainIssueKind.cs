namespace AgentGuard;

/// <summary>What is wrong with an audit chain at one place.</summary>
public enum AuditChainIssueKind
{
    /// <summary>A record's content no longer matches its hash, or a record with a valid hash was replaced.</summary>
    Modified = 0,

    /// <summary>A record that is not part of the chain was inserted (or an existing one repeated).</summary>
    Inserted = 1,

    /// <summary>One or more records are missing (deleted from the middle, or a file's first records removed).</summary>
    Missing = 2,

    /// <summary>Records are out of order.</summary>
    Reordered = 3,

    /// <summary>Records were cut from the end of a file (the next file's anchor shows what is missing).</summary>
    Truncated = 4,

    /// <summary>A file does not end with a seal: its writer stopped without shutting down, is still running, or the
    /// end of the file was cut off. An error only when a seal is required.</summary>
    Unsealed = 5,

    /// <summary>A file ends with a torn, incomplete line (the writer was interrupted mid-write); it is ignored.</summary>
    Incomplete = 6,

    /// <summary>No audit record was found.</summary>
    Empty = 7,
}
