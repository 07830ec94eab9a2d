namespace AgentGuard.Samples.SemanticKernel;

/// <summary>Stands in for a human approver: approves mail to the customer's own address, rejects anything else.</summary>
internal sealed class ConsoleApprover : IApprovalService
{
    public ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        var to = request.Call.Arguments.TryGetProperty("to", out var value) ? value.GetString() : null;
        var approved = string.Equals(to, "jane.roe@contoso.example", StringComparison.Ordinal);
        Console.WriteLine($"    human asked      {request.Call.ToolName} to {to} → {(approved ? "approved" : "rejected")}");
        return new(approved ? ApprovalOutcome.Approve("demo-approver") : ApprovalOutcome.Reject("demo-approver", "not the customer"));
    }
}
