using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using MEAIFunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using MEAIFunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace AgentGuard.SemanticKernel.Tests;

public sealed class AgentGuardAutoFunctionFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AutoInvoke_TwoCallsOneDenied_DeniedNeverRunsModelReadsWhyAndLoopContinues()
    {
        var host = new KernelHost();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(
                Call("call-1", "crm_get_customer", ("customer_id", "C123456")),
                Call("call-2", "crm_delete_customer", ("customer_id", "C123456"))),
            ScriptedChatClient.Text("Ada is customer C123456; I may not delete her."));
        using var _ = KernelHost.Alice();

        var reply = await host.ChatAsync(model, History("Look up C123456 and delete her."), Ct);

        Assert.Equal("Ada is customer C123456; I may not delete her.", reply.Content);
        Assert.Equal(["crm.get_customer(C123456)"], host.Ran);
        Assert.Equal(2, model.Requests.Count);
        var results = model.Requests[1].SelectMany(m => m.Contents).OfType<MEAIFunctionResultContent>().ToDictionary(r => r.CallId, r => r.Result?.ToString());
        Assert.Equal("C123456: Ada Lovelace", results["call-1"]);
        Assert.StartsWith("denied by AgentGuard: ", results["call-2"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoInvoke_ToolCallIdAndToolName_FlowIntoTheGuardsCallOnceEach()
    {
        var host = new KernelHost();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(
                Call("call-a", "crm_get_customer", ("customer_id", "C123456")),
                Call("call-b", "crm_get_customer", ("customer_id", "C654321"))),
            ScriptedChatClient.Text("done"));
        using var _ = KernelHost.Alice();

        await host.ChatAsync(model, History("Look up two customers."), Ct);

        // One authorization per call, though both filters (auto and function) see each one.
        var authorized = host.Decisions.Authorizations;
        Assert.Equal(["call-a", "call-b"], authorized.Select(e => e.Call.CallId).Order(StringComparer.Ordinal));
        Assert.All(authorized, e => Assert.Equal("crm.get_customer", e.Call.ToolName));
        Assert.Equal(2, host.Decisions.Events.Count(e => e.Stage == DecisionStage.InspectResult));
        Assert.Equal(2, host.Ran.Count);
    }

    [Fact]
    public async Task AutoInvoke_ConnectorGivesNoToolCallId_CallIdFromRequestAndFunctionSequence()
    {
        var host = new KernelHost();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(
                Call(string.Empty, "crm_get_customer", ("customer_id", "C123456")),
                Call(string.Empty, "crm_get_customer", ("customer_id", "C654321"))),
            ScriptedChatClient.Calls(Call(string.Empty, "crm_get_customer", ("customer_id", "C111111"))),
            ScriptedChatClient.Text("done"));
        using var _ = KernelHost.Alice();

        await host.ChatAsync(model, History("Look up three customers."), Ct);

        Assert.Equal(["sk-0-0", "sk-0-1", "sk-1-0"], host.Decisions.Authorizations.Select(e => e.Call.CallId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AutoInvoke_SessionHalted_TerminatesLoopAndModelIsNotAskedAgain()
    {
        var host = new KernelHost();
        await host.Guard.HaltAsync(HaltTarget.Session, "s1", "operator stop", Ct);
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(
                Call("call-1", "crm_get_customer", ("customer_id", "C123456")),
                Call("call-2", "crm_get_customer", ("customer_id", "C654321"))),
            ScriptedChatClient.Text("this answer must never be requested"));
        using var _ = KernelHost.Alice();

        var reply = await host.ChatAsync(model, History("Look up C123456."), Ct);

        Assert.Empty(host.Ran);
        Assert.Single(model.Requests);
        Assert.Equal(GuardVerdict.Halt, Assert.Single(host.Decisions.Authorizations).Decision.EnforcedAction);
        var result = Assert.Single(reply.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>());
        Assert.Contains("halted", result.Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoInvoke_ApprovalRequiredAndNoApprover_TerminatesForTheHost()
    {
        var host = new KernelHost(persona: KernelHost.Persona(Maturity.Junior));
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(Call("call-1", "email_send", ("to", "ops@contoso.example"), ("body", "hello"))),
            ScriptedChatClient.Text("this answer must never be requested"));
        using var _ = KernelHost.Alice();

        var reply = await host.ChatAsync(model, History("Mail ops."), Ct);

        Assert.Empty(host.Ran);
        Assert.Single(model.Requests);
        var result = Assert.Single(reply.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>());
        Assert.StartsWith("denied by AgentGuard: approval required", result.Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoInvoke_ApprovalRequiredWithTerminationOff_ModelReadsRefusalAndLoopContinues()
    {
        var host = new KernelHost(persona: KernelHost.Persona(Maturity.Junior), kernelOptions: o => o.TerminateOnApprovalRequired = false);
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(Call("call-1", "email_send", ("to", "ops@contoso.example"), ("body", "hello"))),
            ScriptedChatClient.Text("I need a human to approve that e-mail."));
        using var _ = KernelHost.Alice();

        var reply = await host.ChatAsync(model, History("Mail ops."), Ct);

        Assert.Empty(host.Ran);
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal("I need a human to approve that e-mail.", reply.Content);
    }

    [Fact]
    public async Task AutoInvoke_HumanApproves_CallRuns()
    {
        var approvals = new ApprovingService();
        var host = new KernelHost(persona: KernelHost.Persona(Maturity.Junior), approvals: approvals);
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(Call("call-1", "email_send", ("to", "ops@contoso.example"), ("body", "hello"))),
            ScriptedChatClient.Text("sent"));
        using var _ = KernelHost.Alice();

        await host.ChatAsync(model, History("Mail ops."), Ct);

        Assert.Equal(["email.send(ops@contoso.example)"], host.Ran);
        Assert.Equal("email.send", Assert.Single(approvals.Requests).Call.ToolName);
    }

    [Fact]
    public async Task AutoInvoke_ResultWithCardNumber_ModelSeesRedactedResult()
    {
        var host = new KernelHost();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(Call("call-1", "crm_get_billing", ("customer_id", "C123456"))),
            ScriptedChatClient.Text("done"));
        using var _ = KernelHost.Alice();

        await host.ChatAsync(model, History("How does C123456 pay?"), Ct);

        var result = Assert.Single(model.Requests[1].SelectMany(m => m.Contents).OfType<MEAIFunctionResultContent>());
        Assert.StartsWith("C123456 pays with card ", result.Result?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("1111", result.Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoInvoke_UserMessages_ReachConversationObserverOnceEach()
    {
        var host = new KernelHost();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(Call("call-1", "crm_get_customer", ("customer_id", "C123456")), Call("call-2", "crm_get_customer", ("customer_id", "C654321"))),
            ScriptedChatClient.Text("done"),
            ScriptedChatClient.Calls(Call("call-3", "crm_get_customer", ("customer_id", "C111111"))),
            ScriptedChatClient.Text("done again"));
        var history = History("Look up C123456 and C654321.");
        using var _ = KernelHost.Alice();

        history.Add(await host.ChatAsync(model, history, Ct));
        history.AddUserMessage("Now C111111.");
        await host.ChatAsync(model, history, Ct);

        Assert.Equal(["Look up C123456 and C654321.", "Now C111111."], host.Conversation.Messages.Select(m => m.Content));
        Assert.All(host.Conversation.Messages, m => Assert.Equal(("s1", "user"), (m.SessionId, m.Role)));
    }

    private static ChatHistory History(string user)
    {
        var history = new ChatHistory("You are a support agent.");
        history.AddUserMessage(user);
        return history;
    }

    private static MEAIFunctionCallContent Call(string id, string name, params (string Name, object? Value)[] arguments) =>
        new(id, name, arguments.ToDictionary(a => a.Name, a => a.Value));

    private sealed class ApprovingService : IApprovalService
    {
        public List<ApprovalRequest> Requests { get; } = [];

        public ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return ValueTask.FromResult(ApprovalOutcome.Approve("bob"));
        }
    }
}
