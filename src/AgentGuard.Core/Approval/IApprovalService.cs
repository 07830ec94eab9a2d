namespace AgentGuard;

/// <summary>Asks a human whether a call that needs approval may run.</summary>
/// <remarks>With no service configured, a call that needs approval is denied with the reason "approval required".
/// Implementations are thread-safe; the engine bounds the wait by <see cref="AgentGuardOptions.ApprovalTimeout"/>.</remarks>
public interface IApprovalService
{
    /// <summary>Requests approval for a call.</summary>
    /// <param name="request">The call and why it needs approval.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up or the approval times out.</param>
    /// <returns>The human's answer.</returns>
    ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken);
}
