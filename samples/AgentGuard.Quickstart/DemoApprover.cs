namespace AgentGuard.Quickstart;

/// <summary>Stands in for a human approver: approves calls to internal recipients, prints every request.</summary>
internal sealed class DemoApprover : IApprovalService
{
    public ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        Console.WriteLine($"    human asked to approve {request.Call.ToolName}: {string.Join("; ", request.Reasons)} → approved");
        return new(ApprovalOutcome.Approve("demo-approver"));
    }
}
