namespace AgentGuard.Abstractions.Tests;

public sealed class AgentGuardContextTests
{
    [Fact]
    public async Task Push_FlowsAcrossAwaitsAndRestoresPrevious()
    {
        Assert.Null(AgentGuardContext.Current);
        using (AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "alice", Persona = "p" }))
        {
            await Task.Yield();
            Assert.Equal("s1", AgentGuardContext.Current?.SessionId);
            var seenInTask = await Task.Run(() => AgentGuardContext.Current?.UserId);
            Assert.Equal("alice", seenInTask);

            using (AgentGuardContext.Push(new AgentGuardContext { SessionId = "s2" }))
            {
                Assert.Equal("s2", AgentGuardContext.Current?.SessionId);
            }

            Assert.Equal("s1", AgentGuardContext.Current?.SessionId);
        }

        Assert.Null(AgentGuardContext.Current);
    }

    [Fact]
    public void CreateSubAgent_AppendsParentPersonaAndKeepsUser()
    {
        var root = new AgentGuardContext { SessionId = "s", UserId = "alice", Persona = "planner", AgentId = "a1" };
        var child = root.CreateSubAgent("researcher", "a2").CreateSubAgent("fetcher", "a3");

        Assert.Equal(["planner", "researcher"], child.DelegationChain);
        Assert.Equal("fetcher", child.Persona);
        Assert.Equal("a2", child.ParentAgentId);
        Assert.Equal("alice", child.UserId);
        Assert.Equal("s", child.SessionId);
    }

    [Fact]
    public void GuardDecision_IsAllowed_FollowsEnforcedActionNotVerdict()
    {
        var monitored = new GuardDecision(GuardVerdict.Deny, GuardVerdict.Allow, ["scope.not_in_persona"], ["tool x is not in persona p"]);
        Assert.True(monitored.IsAllowed);
        Assert.Contains("enforced Allow", monitored.ToString(), StringComparison.Ordinal);
        Assert.False(new GuardDecision(GuardVerdict.RequireApproval, GuardVerdict.Deny).IsAllowed);
        Assert.True(new GuardDecision(GuardVerdict.Redact).IsAllowed);
    }

    [Fact]
    public void ToolResult_FromText_RoundTripsText()
    {
        var result = ToolResult.FromText("line \"one\"\nline two");
        Assert.Equal("line \"one\"\nline two", result.GetContentText());
        Assert.Null(ToolResult.FromText(null).GetContentText());
    }

    [Fact]
    public void ExplainForModel_HidesBehaviorEvidence_KeepsTheRefusal()
    {
        var decision = new GuardDecision(
            GuardVerdict.Deny,
            ruleIds: ["scope.not_in_persona", "behavior.off_persona"],
            reasons: ["tool 'x' is not part of persona 'p'", "attempt on 'x' (+20)"]);
        Assert.Equal("tool 'x' is not part of persona 'p'", decision.ExplainForModel());
        Assert.Contains("(+20)", decision.Explain(), StringComparison.Ordinal);

        var halted = new GuardDecision(GuardVerdict.Halt, ruleIds: ["behavior.barrier.retry"], reasons: ["attempt 4 on 'secrets/prod.env' (+30)"]);
        Assert.DoesNotContain("secrets/prod.env", halted.ExplainForModel(), StringComparison.Ordinal);
        Assert.Contains("halted", halted.ExplainForModel(), StringComparison.Ordinal);
    }
}
