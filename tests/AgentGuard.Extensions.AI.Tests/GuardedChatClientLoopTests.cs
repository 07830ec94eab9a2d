using AgentGuard.Samples;
using AgentGuard.Testing;
using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

/// <summary>An agent loop end to end: scripted model → guarded client → function invocation → CRM tools.</summary>
public sealed class GuardedChatClientLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly RecordingFunction _getCustomer = new("get_customer", a => $"customer {a["customer_id"]}: Ada Lovelace");
    private readonly RecordingFunction _searchCustomers = RecordingFunction.Returning("search_customers", new[] { "C123456" });
    private readonly RecordingFunction _deleteCustomer = RecordingFunction.Returning("delete_customer", "deleted");

    private ChatOptions Options(string user) => new()
    {
        Tools = [_getCustomer, _searchCustomers, _deleteCustomer],
        AdditionalProperties = new()
        {
            [AgentGuardPropertyNames.Session] = $"session-{user}",
            [AgentGuardPropertyNames.User] = user,
            [AgentGuardPropertyNames.Persona] = TestPersonas.SupportId,
        },
    };

    private static IChatClient Agent(ScriptedChatClient model, GuardHarness harness) =>
        new MiniFunctionInvokingChatClient(model).AsGuarded(harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." }, harness.Time);

    [Fact]
    public async Task Conversation_EveryRefusalComesBackReadableAndTheLoopContinues()
    {
        var harness = new GuardHarness(users: TestPersonas.Users);
        var model = new ScriptedChatClient()
            .CallTool("get_customer", """{"customer_id":"C123456"}""", "lookup")
            .CallTool("delete_customer", """{"customer_id":"C123456"}""", "off_persona")
            .CallTool("get_customer", """{"customer_id":"C1; DROP TABLE customers"}""", "bad_argument")
            .CallTool("search_customers", """{"query":".*","limit":10}""", "wildcard")
            .CallTools(
                ("search_customers", """{"query":"acme","limit":10}""", "burst_1"),
                ("search_customers", """{"query":"acme corp","limit":10}""", "burst_2"),
                ("search_customers", """{"query":"acme inc","limit":10}""", "burst_3"),
                ("search_customers", """{"query":"acme ltd","limit":10}""", "burst_4"))
            .Reply("Here is what I found about Ada.");
        using var agent = Agent(model, harness);

        var response = await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "Who is customer C123456?")], Options("alice"), Ct);

        Assert.Equal("Here is what I found about Ada.", response.Text);
        Assert.Equal(0, model.RemainingTurns);
        var last = model.Requests[^1];
        Assert.Equal("customer C123456: Ada Lovelace", last.ResultText("lookup"));
        Assert.Equal("denied by AgentGuard: tool 'crm.delete_customer' is not part of persona 'support-triage'", last.ResultText("off_persona"));
        Assert.Equal("denied by AgentGuard: argument 'customer_id' does not match the pattern ^C[0-9]{6}$", last.ResultText("bad_argument"));
        Assert.StartsWith("denied by AgentGuard: argument 'query' ", last.ResultText("wildcard"), StringComparison.Ordinal);
        Assert.Equal("""["C123456"]""", last.ResultText("burst_1"));
        Assert.Equal("""["C123456"]""", last.ResultText("burst_3"));
        Assert.Equal("denied by AgentGuard: rate limit exceeded: at most 3 calls per minute to 'crm.search_customers'", last.ResultText("burst_4"));

        Assert.Single(_getCustomer.Invocations);
        Assert.Equal(3, _searchCustomers.Invocations.Count);
        Assert.Empty(_deleteCustomer.Invocations);
    }

    [Fact]
    public async Task Conversation_UserWhoLacksATool_IsRefusedThatToolButKeepsTheOthers()
    {
        var harness = new GuardHarness(users: TestPersonas.Users);
        var model = new ScriptedChatClient()
            .CallTool("search_customers", """{"query":"acme"}""", "not_entitled")
            .CallTool("get_customer", """{"customer_id":"C123456"}""", "entitled")
            .Reply("ok");
        using var agent = Agent(model, harness);

        var response = await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "find acme")], Options("bob"), Ct);

        Assert.Equal("ok", response.Text);
        var last = model.Requests[^1];
        Assert.Equal("denied by AgentGuard: user 'bob' is not entitled to 'crm.search_customers'", last.ResultText("not_entitled"));
        Assert.Equal("customer C123456: Ada Lovelace", last.ResultText("entitled"));
        Assert.Empty(_searchCustomers.Invocations);
    }

    [Fact]
    public async Task Conversation_UnlistedUser_MayUseNothing()
    {
        var harness = new GuardHarness(users: TestPersonas.Users);
        var model = new ScriptedChatClient().CallTool("get_customer", """{"customer_id":"C123456"}""", "c1").Reply("ok");
        using var agent = Agent(model, harness);

        await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options("mallory"), Ct);

        Assert.Equal("denied by AgentGuard: user 'mallory' is not entitled to 'crm.get_customer'", model.Requests[^1].ResultText("c1"));
        Assert.Empty(_getCustomer.Invocations);
    }

    [Fact]
    public async Task Conversation_BackendRefusal_ReachesTheModelAsReadableFailure()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().CallTool("get_customer", """{"customer_id":"C123456"}""", "c1").Reply("I could not access it.");
        var locked = new RecordingFunction("get_customer", _ => throw new UnauthorizedAccessException("403 from crm"));
        var options = Options("alice");
        options.Tools = [locked];
        using var agent = Agent(model, harness);

        var response = await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], options, Ct);

        Assert.Equal("I could not access it.", response.Text);
        Assert.Equal("tool failed: access denied", model.Requests[^1].ResultText("c1"));
    }

    [Fact]
    public async Task Conversation_ModelCannotCallAToolItWasNotGiven()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().CallTool("list_orders", "{}", "c1").Reply("ok");
        using var agent = Agent(model, harness);

        await agent.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options("alice"), Ct);

        // crm.list_orders is in the persona, but the host never offered it: the loop finds nothing to run.
        Assert.Equal("Error: Requested function \"list_orders\" not found.", model.Requests[^1].ResultText("c1"));
    }
}
