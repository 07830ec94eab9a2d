using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class ApprovalTests
{
    [Theory]
    [InlineData(Maturity.Intern, ToolRisk.Low, true)]
    [InlineData(Maturity.Intern, ToolRisk.High, true)]
    [InlineData(Maturity.Junior, ToolRisk.Low, false)]
    [InlineData(Maturity.Junior, ToolRisk.Medium, true)]
    [InlineData(Maturity.Junior, ToolRisk.High, true)]
    [InlineData(Maturity.Senior, ToolRisk.Medium, false)]
    [InlineData(Maturity.Senior, ToolRisk.High, true)]
    [InlineData(Maturity.Principal, ToolRisk.High, false)]
    public async Task MaturityTimesRisk_DecidesApproval(Maturity maturity, ToolRisk risk, bool needsApproval)
    {
        var persona = TestGuard.SupportTriage(maturity) with { Tools = [new ToolGrant { Name = "tickets.update", Risk = risk }] };
        var guard = new TestGuard(new PolicyBuilder().AddPersona(persona).Build());
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.update"), TestContext.Current.CancellationToken);
        Assert.Equal(needsApproval ? GuardVerdict.RequireApproval : GuardVerdict.Allow, decision.Verdict);
    }

    [Fact]
    public async Task NoApprover_DeniesWithApprovalRequired()
    {
        var guard = new TestGuard(TestGuard.Policy(TestGuard.SupportTriage(Maturity.Junior)));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("email.send", """{"to":"b@contoso.example","body":"x"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.RequireApproval, decision.Verdict);
        Assert.Equal(GuardVerdict.Deny, decision.EnforcedAction);
        Assert.Contains("approval required", decision.Reasons);
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public async Task CatalogRisk_UsedWhenGrantSaysNothing()
    {
        var guard = new TestGuard(TestGuard.Policy(TestGuard.SupportTriage(Maturity.Junior) with { Capabilities = ["tickets.write"] }, users: false));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.close"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.RequireApproval, decision.Verdict);
    }

    [Fact]
    public async Task Approver_Approves_CallProceeds()
    {
        var approvals = new ScriptedApprovals(ApprovalOutcome.Approve("carol"));
        var guard = new TestGuard(TestGuard.Policy(TestGuard.SupportTriage(Maturity.Intern)), approvals: approvals);
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Allow, decision.EnforcedAction);
        Assert.True(decision.IsAllowed);
        Assert.Contains("approved by carol", decision.Reasons);
        var request = Assert.Single(approvals.Requests);
        Assert.Equal("tickets.get", request.Call.ToolName);
        Assert.Contains("approval.maturity", request.RuleIds);
    }

    [Fact]
    public async Task Approver_Rejects_CallDenied()
    {
        var guard = new TestGuard(TestGuard.Policy(TestGuard.SupportTriage(Maturity.Intern)), approvals: new ScriptedApprovals(ApprovalOutcome.Reject("carol", "not today")));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains("rejected by carol: not today", decision.Reasons);
    }

    [Fact]
    public async Task Approver_Silent_TimesOutAndDenies()
    {
        var guard = new TestGuard(
            TestGuard.Policy(TestGuard.SupportTriage(Maturity.Intern)),
            new AgentGuardOptions { ApprovalTimeout = TimeSpan.FromMilliseconds(50) },
            approvals: new NeverAnswers());
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains("approval.timeout", decision.RuleIds);
    }

    [Fact]
    public async Task DeniedCall_NeverReachesApprover()
    {
        var approvals = new ScriptedApprovals(ApprovalOutcome.Approve());
        var guard = new TestGuard(TestGuard.Policy(TestGuard.SupportTriage(Maturity.Intern)), approvals: approvals);
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.delete_customer"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Empty(approvals.Requests);
    }

    [Fact]
    public async Task ConsoleApprover_YesApproves_EndOfInputRejects()
    {
        using var yes = new ConsoleApprovalService(new StringReader("y\n"), TextWriter.Null);
        using var eof = new ConsoleApprovalService(new StringReader(string.Empty), TextWriter.Null);
        var request = new ApprovalRequest(TestGuard.Call("tickets.get"), null, ["approval.maturity"], ["needs approval"]);
        Assert.True((await yes.RequestApprovalAsync(request, TestContext.Current.CancellationToken)).Approved);
        Assert.False((await eof.RequestApprovalAsync(request, TestContext.Current.CancellationToken)).Approved);
    }

    private sealed class ScriptedApprovals(ApprovalOutcome outcome) : IApprovalService
    {
        public List<ApprovalRequest> Requests { get; } = [];

        public ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return new(outcome);
        }
    }

    private sealed class NeverAnswers : IApprovalService
    {
        public async ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ApprovalOutcome.Approve();
        }
    }
}
