using System.Collections.Concurrent;
using System.Security.Cryptography;
using AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>Human approval out of process: a call that needs approval is announced on <c>WatchEvents</c> and waits until an
/// operator answers with <c>Approve</c> or <c>Reject</c> (or the engine's approval timeout denies it).</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class RemoteApprovalService : IApprovalService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ApprovalOutcome>> _waiting = new(StringComparer.Ordinal);
    private readonly GuardEventHub _events;

    public RemoteApprovalService(GuardEventHub events) => _events = events;

    public async ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_events.WatcherCount == 0)
        {
            // Nobody could answer: refuse at once instead of holding the agent until the timeout.
            return ApprovalOutcome.Reject("agentguard", "no operator is watching for approvals");
        }

        var id = "apr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var pending = new TaskCompletionSource<ApprovalOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = pending;
        try
        {
            var call = request.Call;
            var announcement = new GuardEvent
            {
                Kind = EventKind.ApprovalRequired,
                ApprovalId = id,
                AgentId = call.AgentId ?? string.Empty,
                Persona = call.Persona ?? string.Empty,
                SessionId = call.SessionId,
                ToolName = call.ToolName,
            };
            announcement.RuleIds.AddRange(request.RuleIds);
            announcement.Reasons.AddRange(request.Reasons);
            _events.Publish(announcement);
            return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    public bool Answer(string approvalId, ApprovalOutcome outcome)
    {
        if (!_waiting.TryRemove(approvalId, out var pending) || !pending.TrySetResult(outcome))
        {
            return false;
        }

        _events.Publish(new GuardEvent { Kind = EventKind.ApprovalResolved, ApprovalId = approvalId, Reasons = { outcome.Approved ? "approved" : "rejected" } });
        return true;
    }
}
