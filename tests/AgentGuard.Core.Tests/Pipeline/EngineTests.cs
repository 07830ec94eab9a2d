using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class EngineTests
{
    [Fact]
    public async Task Halt_IsStickyUntilResumed()
    {
        var guard = new TestGuard(TestGuard.Policy());
        var call = TestGuard.Call("tickets.get");
        await guard.Engine.HaltAsync(HaltTarget.Session, "s1", "operator says stop", TestContext.Current.CancellationToken);

        for (var i = 0; i < 3; i++)
        {
            var decision = await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken);
            Assert.Equal(GuardVerdict.Halt, decision.Verdict);
            Assert.Contains("session.halted", decision.RuleIds);
            guard.Clock.Advance(TimeSpan.FromDays(3));
        }

        Assert.True((await guard.Engine.AuthorizeAsync(call with { SessionId = "s2" }, TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True(await guard.Engine.ResumeAsync(HaltTarget.Session, "s1", TestContext.Current.CancellationToken));
        Assert.False(await guard.Engine.ResumeAsync(HaltTarget.Session, "s1", TestContext.Current.CancellationToken));
        Assert.True((await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task AgentHalt_AppliesInEverySession()
    {
        var guard = new TestGuard(TestGuard.Policy());
        await guard.Engine.HaltAsync(HaltTarget.Agent, "agent-7", "compromised", TestContext.Current.CancellationToken);
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", session: "other") with { AgentId = "agent-7" }, TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Halt, decision.Verdict);
    }

    [Fact]
    public async Task HaltFromACheck_RecordedAndSticky()
    {
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [new HaltOnTool("crm.search_customers")]);
        var first = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.search_customers", """{"query":"x"}"""), TestContext.Current.CancellationToken);
        var next = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Halt, first.Verdict);
        Assert.Equal(GuardVerdict.Halt, next.Verdict);
        Assert.Contains("session.halted", next.RuleIds);
    }

    [Fact]
    public async Task MonitorMode_RecordsVerdictButEnforcesAllow()
    {
        var guard = new TestGuard(TestGuard.Policy(), new AgentGuardOptions { Mode = EnforcementMode.Monitor });
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.delete_customer"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Equal(GuardVerdict.Allow, decision.EnforcedAction);
        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task ThrowingCheck_FailsClosed()
    {
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [new Throwing()]);
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains("engine.error", decision.RuleIds);
    }

    [Fact]
    public async Task ThrowingResultCheck_WithholdsResult()
    {
        var guard = new TestGuard(TestGuard.Policy(), resultChecks: [new ThrowingResult()]);
        var decision = await guard.Engine.InspectResultAsync(TestGuard.Call("tickets.get"), ToolResult.FromText("secret stuff"), TestContext.Current.CancellationToken);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.DoesNotContain("secret stuff", decision.RedactedResult!.GetContentText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_Propagates()
    {
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [new Slow()]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get"), cts.Token));
    }

    [Fact]
    public async Task InspectResult_NoResultChecks_AllowsUnchanged()
    {
        var guard = new TestGuard(TestGuard.Policy());
        var decision = await guard.Engine.InspectResultAsync(TestGuard.Call("tickets.get"), ToolResult.FromText("ok"), TestContext.Current.CancellationToken);
        Assert.Same(GuardDecision.Allowed, decision);
    }

    [Fact]
    public async Task Concurrency_ManySessionsInParallel_EachDecidedOnItsOwn()
    {
        var guard = new TestGuard(TestGuard.Policy());
        await guard.Engine.HaltAsync(HaltTarget.Session, "s-13", "stop", TestContext.Current.CancellationToken);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            (i, await guard.Engine.AuthorizeAsync(TestGuard.Call(i % 2 == 0 ? "tickets.get" : "crm.delete_customer", session: $"s-{i % 20}"), TestContext.Current.CancellationToken)))));
        foreach (var (i, decision) in decisions)
        {
            var expected = i % 20 == 13 ? GuardVerdict.Halt : i % 2 == 0 ? GuardVerdict.Allow : GuardVerdict.Deny;
            Assert.Equal(expected, decision.Verdict);
        }
    }

    private sealed class HaltOnTool(string tool) : IGuardCheck
    {
        public string Name => "test.halt";

        public int Order => GuardCheckOrder.Behavior;

        public bool RunsAfterDenial => true;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
        {
            if (context.Call.ToolName == tool && !context.IsDenied)
            {
                context.Halt("test.halt", "test halts this tool");
            }

            return default;
        }
    }

    private sealed class Throwing : IGuardCheck
    {
        public string Name => "test.throw";

        public int Order => 250;

        public bool RunsAfterDenial => false;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }

    private sealed class ThrowingResult : IResultCheck
    {
        public string Name => "test.throw";

        public int Order => 1;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }

    private sealed class Slow : IGuardCheck
    {
        public string Name => "test.slow";

        public int Order => 250;

        public bool RunsAfterDenial => false;

        public async ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken) => await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
