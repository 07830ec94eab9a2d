using AgentGuard.Samples;
using AgentGuard.Testing;
using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

public sealed class GuardedChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ChatMessage[] s_hello = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task GetResponse_WrapsFunctionsOnlyAndNeverTwice()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().Reply("hi");
        var plain = RecordingFunction.Returning("get_customer", "ok");
        var alreadyGuarded = harness.Guard(RecordingFunction.Returning("list_orders", "[]"));
        var approvalOverGuarded = new ApprovalRequiredAIFunction(harness.Guard(RecordingFunction.Returning("search_customers", "[]")));
        var hosted = new HostedWebSearchTool();
        var declaration = AIFunctionFactory.CreateDeclaration("remote_only", "declared elsewhere", AIJsonUtilities.CreateJsonSchema(typeof(string)));
        var options = new ChatOptions { Tools = [plain, alreadyGuarded, approvalOverGuarded, hosted, declaration] };
        using var client = new GuardedChatClient(model, harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });

        await client.GetResponseAsync(s_hello, options, Ct);

        var sent = Assert.Single(model.Requests).Options!;
        Assert.NotSame(options, sent);
        var wrapped = Assert.IsType<GuardedAIFunction>(sent.Tools![0]);
        Assert.Same(plain, wrapped.GetService<RecordingFunction>());
        Assert.Equal("crm.get_customer", wrapped.ToolName);
        Assert.Same(alreadyGuarded, sent.Tools[1]);
        Assert.Same(approvalOverGuarded, sent.Tools[2]);
        Assert.Same(hosted, sent.Tools[3]);
        Assert.Same(declaration, sent.Tools[4]);
    }

    [Fact]
    public async Task GetResponse_LeavesCallerOptionsUntouched()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().Reply("hi");
        var plain = RecordingFunction.Returning("get_customer", "ok");
        var tools = new List<AITool> { plain };
        var options = new ChatOptions { Tools = tools, AdditionalProperties = new() { [AgentGuardPropertyNames.Session] = "s1" } };
        using var client = new GuardedChatClient(model, harness.Engine);

        await client.GetResponseAsync(s_hello, options, Ct);

        Assert.Same(tools, options.Tools);
        Assert.Same(plain, Assert.Single(tools));
        Assert.Equal("s1", options.AdditionalProperties["agentguard.session"]);
    }

    [Fact]
    public async Task GetResponse_NoFunctions_PassesTheSameOptionsThrough()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().Reply("hi").Reply("again");
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };
        using var client = new GuardedChatClient(model, harness.Engine);

        await client.GetResponseAsync(s_hello, options, Ct);
        await client.GetResponseAsync(s_hello, null, Ct);

        Assert.Same(options, model.Requests[0].Options);
        Assert.Null(model.Requests[1].Options);
    }

    [Fact]
    public async Task GetResponse_SameFunctionAcrossRequests_ReusesOneWrapper()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().Reply("1").Reply("2");
        var plain = RecordingFunction.Returning("get_customer", "ok");
        using var client = new GuardedChatClient(model, harness.Engine);

        await client.GetResponseAsync(s_hello, new ChatOptions { Tools = [plain] }, Ct);
        await client.GetResponseAsync(s_hello, new ChatOptions { Tools = [plain] }, Ct);

        Assert.Same(model.Requests[0].Options!.Tools![0], model.Requests[1].Options!.Tools![0]);
    }

    [Fact]
    public async Task GetResponse_IdentityFromAdditionalProperties_ReachesToolCallsOfTheLoopBeneath()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var model = new ScriptedChatClient().CallTool("get_customer", """{"customer_id":"C123456"}""", "call_a").Reply("done");
        var options = new ChatOptions
        {
            Tools = [RecordingFunction.Returning("get_customer", "Ada")],
            AdditionalProperties = new()
            {
                [AgentGuardPropertyNames.Session] = "s-props",
                [AgentGuardPropertyNames.User] = "alice",
                [AgentGuardPropertyNames.Agent] = "agent-9",
                [AgentGuardPropertyNames.Persona] = TestPersonas.SupportId,
            },
        };
        using var client = new GuardedChatClient(new MiniFunctionInvokingChatClient(model), harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });

        var response = await client.GetResponseAsync(s_hello, options, Ct);

        Assert.Equal("done", response.Text);
        Assert.Equal("Ada", model.Requests[1].ResultText("call_a"));
        var call = Assert.Single(recording.Calls);
        Assert.Equal(("s-props", "alice", "agent-9", TestPersonas.SupportId, "call_a"), (call.SessionId, call.UserId, call.AgentId, call.Persona, call.CallId));
        Assert.Null(AgentGuardContext.Current);
    }

    [Fact]
    public async Task GetResponse_PropertiesOverrideAmbientAndAmbientIsRestored()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var model = new ScriptedChatClient().CallTool("get_customer", """{"customer_id":"C123456"}""").Reply("done");
        var options = new ChatOptions
        {
            Tools = [RecordingFunction.Returning("get_customer", "Ada")],
            AdditionalProperties = new() { [AgentGuardPropertyNames.Session] = "s-override" },
        };
        using var client = new GuardedChatClient(new MiniFunctionInvokingChatClient(model), harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });
        using var scope = GuardHarness.Alice();
        var ambient = AgentGuardContext.Current;

        await client.GetResponseAsync(s_hello, options, Ct);

        var call = Assert.Single(recording.Calls);
        Assert.Equal("s-override", call.SessionId);
        Assert.Equal("alice", call.UserId);
        Assert.Same(ambient, AgentGuardContext.Current);
    }

    [Fact]
    public async Task GetResponse_NoIdentityAnywhere_ToolCallsAreRefusedAndTheLoopContinues()
    {
        var harness = new GuardHarness();
        var tool = RecordingFunction.Returning("get_customer", "Ada");
        var model = new ScriptedChatClient().CallTool("get_customer", """{"customer_id":"C123456"}""", "c1").Reply("sorry");
        using var client = new GuardedChatClient(new MiniFunctionInvokingChatClient(model), harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });

        var response = await client.GetResponseAsync(s_hello, new ChatOptions { Tools = [tool] }, Ct);

        Assert.Equal("sorry", response.Text);
        Assert.StartsWith("denied by AgentGuard: no AgentGuard session", model.Requests[1].ResultText("c1"), StringComparison.Ordinal);
        Assert.Empty(tool.Invocations);
    }

    [Fact]
    public async Task GetStreamingResponse_IdentityFromPropertiesReachesToolsInvokedWhileStreaming()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var model = new ScriptedChatClient()
            .CallTool("get_customer", """{"customer_id":"C123456"}""", "ok_call")
            .CallTool("delete_customer", """{"customer_id":"C123456"}""", "bad_call")
            .Reply("all done");
        var get = RecordingFunction.Returning("get_customer", "Ada");
        var delete = RecordingFunction.Returning("delete_customer", "deleted");
        var options = new ChatOptions
        {
            Tools = [get, delete],
            AdditionalProperties = new()
            {
                [AgentGuardPropertyNames.Session] = "s-stream",
                [AgentGuardPropertyNames.User] = "alice",
                [AgentGuardPropertyNames.Persona] = TestPersonas.SupportId,
            },
        };
        using var client = new GuardedChatClient(new MiniFunctionInvokingChatClient(model), harness.Engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(s_hello, options, Ct))
        {
            Assert.Null(AgentGuardContext.Current); // the identity is in force inside the pipeline, not in the consumer
            updates.Add(update);
        }

        Assert.Equal("all done", updates.ToChatResponse().Messages[^1].Text);
        Assert.Equal("Ada", model.Requests[1].ResultText("ok_call"));
        Assert.StartsWith("denied by AgentGuard: tool 'crm.delete_customer' is not part of persona", model.Requests[2].ResultText("bad_call"), StringComparison.Ordinal);
        Assert.All(recording.Calls, c => Assert.Equal(("s-stream", "alice"), (c.SessionId, c.UserId)));
        Assert.Equal(2, recording.Calls.Count);
        Assert.Single(get.Invocations);
        Assert.Empty(delete.Invocations);
    }

    [Fact]
    public async Task ObserveMessages_SeesEachRequestWithItsIdentity()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient().Reply("1").Reply("2");
        using var client = new ObservingClient(model, harness.Engine);
        var options = new ChatOptions { AdditionalProperties = new() { [AgentGuardPropertyNames.Session] = "s-obs", [AgentGuardPropertyNames.User] = "alice" } };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "pay invoice 7")], options, Ct);
        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "and invoice 8")], null, Ct))
        {
        }

        Assert.Equal(2, client.Observed.Count);
        Assert.Equal(("pay invoice 7", "s-obs", "alice"), (client.Observed[0].Text, client.Observed[0].Identity?.SessionId, client.Observed[0].Identity?.UserId));
        Assert.Equal("and invoice 8", client.Observed[1].Text);
        Assert.Null(client.Observed[1].Identity);
    }

    [Fact]
    public void GetService_FindsTheGuardedClientAndTheInnerClient()
    {
        var harness = new GuardHarness();
        var model = new ScriptedChatClient();
        using var client = new GuardedChatClient(model, harness.Engine);

        Assert.Same(client, client.GetService<GuardedChatClient>());
        Assert.Same(model, client.GetService<ScriptedChatClient>());
    }

    private sealed class ObservingClient(IChatClient inner, IAgentGuard guard) : GuardedChatClient(inner, guard)
    {
        public List<(string Text, AgentGuardContext? Identity)> Observed { get; } = [];

        protected override ValueTask ObserveMessagesAsync(IEnumerable<ChatMessage> messages, AgentGuardContext? identity, CancellationToken cancellationToken)
        {
            foreach (var message in messages.Where(static m => m.Role == ChatRole.User))
            {
                Observed.Add((message.Text, identity));
            }

            return default;
        }
    }
}
