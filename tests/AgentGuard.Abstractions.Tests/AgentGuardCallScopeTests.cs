namespace AgentGuard.Abstractions.Tests;

public sealed class AgentGuardCallScopeTests
{
    private static ToolCall Call(string tool = "crm.get_customer") => new() { ToolName = tool, SessionId = "s1", UserId = "alice" };

    [Fact]
    public async Task Enter_FlowsAcrossAwaitsAndTasks_RestoresPreviousOnDispose()
    {
        Assert.Null(AgentGuardCallScope.Current);
        using (var outer = AgentGuardCallScope.Enter(Call(), GuardDecision.Allowed))
        {
            await Task.Yield();
            Assert.Same(outer, AgentGuardCallScope.Current);
            Assert.Same(outer, await Task.Run(() => AgentGuardCallScope.Current));
            using (var inner = AgentGuardCallScope.Enter(Call("crm.search_customers"), GuardDecision.Allowed))
            {
                Assert.Same(inner, AgentGuardCallScope.Current);
            }

            Assert.Same(outer, AgentGuardCallScope.Current);
        }

        Assert.Null(AgentGuardCallScope.Current);
    }

    [Theory]
    [InlineData(GuardVerdict.Deny)]
    [InlineData(GuardVerdict.Halt)]
    [InlineData(GuardVerdict.RequireApproval)]
    public void Enter_DecisionThatDoesNotAllow_Throws(GuardVerdict verdict)
    {
        Assert.Throws<ArgumentException>(() => AgentGuardCallScope.Enter(Call(), new GuardDecision(verdict)));
        Assert.Null(AgentGuardCallScope.Current);
    }

    [Fact]
    public void Enter_ApprovedCall_Allowed()
    {
        using var scope = AgentGuardCallScope.Enter(Call(), new GuardDecision(GuardVerdict.RequireApproval, GuardVerdict.Allow));

        Assert.Same(scope, AgentGuardCallScope.Current);
    }

    [Fact]
    public async Task Current_InATaskThatOutlivesTheScope_IsNull()
    {
        var release = new TaskCompletionSource();
        Task<AgentGuardCallScope?> later;
        using (AgentGuardCallScope.Enter(Call(), GuardDecision.Allowed))
        {
            later = Task.Run(async () =>
            {
                await release.Task;
                return AgentGuardCallScope.Current;
            });
        }

        release.SetResult();
        Assert.Null(await later);
    }

    [Fact]
    public void ReportDenied_RecordedInOrder_ThreadSafe()
    {
        using var scope = AgentGuardCallScope.Enter(Call(), GuardDecision.Allowed);

        Parallel.For(0, 100, i => scope.ReportDenied(new BackendDenial("crm", "backend.denied", $"r{i}", 403)));

        Assert.True(scope.IsDenied);
        Assert.Equal(100, scope.Denials.Count);
    }

    [Fact]
    public void Dispose_Twice_Harmless()
    {
        var scope = AgentGuardCallScope.Enter(Call(), GuardDecision.Allowed);
        scope.Dispose();
        scope.Dispose();

        Assert.False(scope.IsActive);
        Assert.Null(AgentGuardCallScope.Current);
    }
}
