namespace AgentGuard;

/// <summary>A human's answer to an <see cref="ApprovalRequest"/>.</summary>
/// <param name="Approved">Whether the call may run.</param>
/// <param name="Approver">Who answered.</param>
/// <param name="Comment">What they said.</param>
public sealed record ApprovalOutcome(bool Approved, string? Approver = null, string? Comment = null)
{
    /// <summary>Creates an approval.</summary>
    /// <param name="approver">Who approved.</param>
    /// <returns>The outcome.</returns>
    public static ApprovalOutcome Approve(string? approver = null) => new(true, approver);

    /// <summary>Creates a rejection.</summary>
    /// <param name="approver">Who rejected.</param>
    /// <param name="comment">Why.</param>
    /// <returns>The outcome.</returns>
    public static ApprovalOutcome Reject(string? approver = null, string? comment = null) => new(false, approver, comment);
}
