using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class DelegationTests
{
    private static Persona Researcher(params ToolGrant[] tools) => new()
    {
        Id = "researcher",
        Description = "Looks things up.",
        Owner = "team@contoso.example",
        Maturity = Maturity.Principal,
        Tools = tools,
    };

    [Fact]
    public async Task Authorize_SubAgentToolItsParentLacks_Denied()
    {
        // The sub-agent's own persona grants crm.delete_customer; its parent (support-triage) does not.
        var child = Researcher(new ToolGrant { Name = "crm.*" });
        var guard = new TestGuard(TestGuard.Policy(users: false, more: child));
        var call = TestGuard.Call("crm.delete_customer", persona: "researcher", delegation: ["support-triage"]);

        var decision = await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken);

        Assert.Contains("scope.not_in_ancestor", decision.RuleIds);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
    }

    [Fact]
    public async Task Authorize_SubAgent_AncestorArgumentConstraintsStillApply()
    {
        var child = Researcher(new ToolGrant { Name = "crm.get_customer" });
        var guard = new TestGuard(TestGuard.Policy(users: false, more: child));

        var bad = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.get_customer", """{"customer_id":"*"}""", persona: "researcher", delegation: ["support-triage"]), TestContext.Current.CancellationToken);
        var good = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", persona: "researcher", delegation: ["support-triage"]), TestContext.Current.CancellationToken);

        Assert.Contains("args.pattern", bad.RuleIds);
        Assert.True(good.IsAllowed);
    }

    [Fact]
    public async Task Authorize_UnknownAncestor_FailsClosed()
    {
        var child = Researcher(new ToolGrant { Name = "crm.get_customer" });
        var guard = new TestGuard(TestGuard.Policy(users: false, more: child));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", persona: "researcher", delegation: ["ghost"]), TestContext.Current.CancellationToken);
        Assert.Contains("scope.unknown_ancestor", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_SubAgentStillBoundByUser()
    {
        var child = Researcher(new ToolGrant { Name = "tickets.get" });
        var guard = new TestGuard(TestGuard.Policy(more: child));
        var context = new AgentGuardContext { SessionId = "s", UserId = "mallory", Persona = "support-triage" }.CreateSubAgent("researcher");
        var call = context.CreateCall("tickets.get", ToolCall.EmptyArguments, guard.Clock.GetUtcNow());
        var decision = await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.Contains("scope.not_entitled", decision.RuleIds);
    }
}
