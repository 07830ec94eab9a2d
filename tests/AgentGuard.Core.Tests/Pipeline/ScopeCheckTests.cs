using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class ScopeCheckTests
{
    private readonly TestGuard _guard = new(TestGuard.Policy());

    private ValueTask<GuardDecision> Authorize(ToolCall call) => _guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Authorize_ExplicitGrantWithValidArguments_Allows()
    {
        var decision = await Authorize(TestGuard.Call("crm.get_customer", """{"customer_id":"C123456"}"""));
        Assert.Same(GuardDecision.Allowed, decision);
    }

    [Fact]
    public async Task Authorize_CapabilitySelectedCatalogTool_Allows()
    {
        var decision = await Authorize(TestGuard.Call("tickets.get", """{"id":"T-1"}"""));
        Assert.Equal(GuardVerdict.Allow, decision.Verdict);
    }

    [Theory]
    [InlineData("crm.delete_customer")]
    [InlineData("tickets.close")]
    [InlineData("shell.exec")]
    public async Task Authorize_ToolOutsidePersona_DeniesWithRule(string tool)
    {
        var decision = await Authorize(TestGuard.Call(tool));
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains("scope.not_in_persona", decision.RuleIds);
        Assert.False(decision.IsAllowed);
    }

    [Theory]
    [InlineData("CRM.get_customer")]
    [InlineData("crm.get_customer ")]
    [InlineData(" crm.get_customer")]
    [InlineData("crm.get_customer\u200B")]
    [InlineData("crm.get_customer\0")]
    [InlineData("crm..get_customer")]
    [InlineData("crm.get_customеr")] // Cyrillic 'е'
    public async Task Authorize_LookAlikeToolNames_AreNotTheGrantedTool(string tool)
    {
        var decision = await Authorize(TestGuard.Call(tool, """{"customer_id":"C123456"}"""));
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains("scope.not_in_persona", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_UserLacksToolThePersonaHas_Denies()
    {
        // bob may use tickets.* only: persona ∩ user excludes the CRM.
        var decision = await Authorize(TestGuard.Call("crm.get_customer", """{"customer_id":"C123456"}""", user: "bob"));
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains("scope.not_entitled", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_UserHasToolThePersonaLacks_NeverExpands()
    {
        // alice is entitled to crm.* (which includes delete), the persona is not.
        var decision = await Authorize(TestGuard.Call("crm.delete_customer", """{"customer_id":"C123456"}"""));
        Assert.Contains("scope.not_in_persona", decision.RuleIds);
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("ALICE")]
    [InlineData("alice ")]
    public async Task Authorize_UnlistedUser_GetsNothing(string user)
    {
        var decision = await Authorize(TestGuard.Call("tickets.get", user: user));
        Assert.Contains("scope.not_entitled", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_NoUserWhileEntitlementsInForce_Denies()
    {
        var decision = await Authorize(TestGuard.Call("tickets.get", user: null));
        Assert.Contains("scope.not_entitled", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_NoUserTable_PersonaScopeAlone()
    {
        var guard = new TestGuard(TestGuard.Policy(users: false));
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "anyone"), TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task Authorize_UnknownPersona_FailsClosed()
    {
        var decision = await Authorize(TestGuard.Call("tickets.get", persona: "support-triage-admin"));
        Assert.Contains("persona.unknown", decision.RuleIds);
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
    }

    [Fact]
    public async Task Authorize_NoPersonaAndNoDefault_FailsClosed()
    {
        var call = TestGuard.Call("tickets.get") with { Persona = null };
        var decision = await Authorize(call);
        Assert.Contains("persona.unknown", decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_NoPersonaWithDefault_UsesDefault()
    {
        var guard = new TestGuard(TestGuard.Policy(), new AgentGuardOptions { DefaultPersona = "support-triage" });
        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get") with { Persona = null }, TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task Authorize_GlobGrant_MatchesByMostSpecificPattern()
    {
        var persona = TestGuard.SupportTriage() with
        {
            Tools =
            [
                new ToolGrant { Name = "tickets.*" },
                new ToolGrant { Name = "tickets.close", Args = new Dictionary<string, ArgumentConstraint> { ["id"] = new() { Pattern = "^T-[0-9]+$", Required = true } } },
            ],
        };
        var guard = new TestGuard(TestGuard.Policy(persona, users: false));
        var ok = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.close", """{"id":"T-9"}"""), TestContext.Current.CancellationToken);
        var bad = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.close", """{"id":"all"}"""), TestContext.Current.CancellationToken);
        var other = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.reopen", """{"anything":1}"""), TestContext.Current.CancellationToken);
        Assert.True(ok.IsAllowed);
        Assert.Contains("args.pattern", bad.RuleIds);
        Assert.True(other.IsAllowed);
    }
}
