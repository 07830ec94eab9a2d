using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using MEAIFunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>One decision table, run through Semantic Kernel (invoked directly and chosen by the model) and through
/// Microsoft.Extensions.AI's <see cref="GuardedAIFunction"/>: the same persona must decide the same way in every host.</summary>
public sealed class HostParityTests
{
    // Every host hears the same request from the user, so data lineage (which classifies the recipients of outward
    // calls against what the user said) decides alike too: the M.E.AI and direct paths hear it as GuardedChatClient
    // and an app would pass it on, the automatic path from the chat history.
    private const string Prompt = "Mail ops@contoso.example about customer C123456.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task HearPromptAsync(IAgentGuard guard) =>
        await ((IConversationObserver)guard).ObserveMessageAsync(new ConversationMessage("s1", "user", Prompt, DateTimeOffset.UtcNow), Ct);

    public static TheoryData<string, string, Maturity, GuardVerdict, GuardVerdict> Table => new()
    {
        { "crm.get_customer", """{"customer_id":"C123456"}""", Maturity.Principal, GuardVerdict.Allow, GuardVerdict.Allow },
        { "crm.get_customer", """{"customer_id":"C12345"}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "crm.get_customer", """{"customer_id":"C123456","note":"NOTE"}""".Replace("NOTE", new string('x', 201), StringComparison.Ordinal), Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "crm.search_customers", """{"query":"ada","limit":5}""", Maturity.Principal, GuardVerdict.Allow, GuardVerdict.Allow },
        { "crm.search_customers", """{"query":"ada*"}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "crm.search_customers", """{"query":"ada","limit":500}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "crm.delete_customer", """{"customer_id":"C123456"}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "email.send", """{"to":"ops@contoso.example","body":"hi"}""", Maturity.Principal, GuardVerdict.Allow, GuardVerdict.Allow },
        { "email.send", """{"to":"x@evil.example","body":"hi"}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "email.send", """{"to":"ops@contoso.example.evil.example","body":"hi"}""", Maturity.Principal, GuardVerdict.Deny, GuardVerdict.Deny },
        { "email.send", """{"to":"ops@contoso.example","body":"hi"}""", Maturity.Junior, GuardVerdict.RequireApproval, GuardVerdict.Deny },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task SameCall_SemanticKernelAndExtensionsAI_SameDecision(string tool, string argumentsJson, Maturity maturity, GuardVerdict verdict, GuardVerdict enforced)
    {
        using var _ = KernelHost.Alice();

        var direct = await ThroughKernelAsync(tool, argumentsJson, maturity);
        var auto = await ThroughAutoInvocationAsync(tool, argumentsJson, maturity);
        var meai = await ThroughExtensionsAIAsync(tool, argumentsJson, maturity);

        foreach (var (host, decision, ran) in new[] { ("sk-direct", direct.Decision, direct.Ran), ("sk-auto", auto.Decision, auto.Ran), ("meai", meai.Decision, meai.Ran) })
        {
            Assert.True(verdict == decision.Verdict, $"{host}: verdict {decision.Verdict}, expected {verdict}");
            Assert.True(enforced == decision.EnforcedAction, $"{host}: enforced {decision.EnforcedAction}, expected {enforced}");
            Assert.True(decision.IsAllowed == ran, $"{host}: the function body {(ran ? "ran" : "did not run")} for {decision}");
        }

        Assert.Equal(meai.Decision.RuleIds, direct.Decision.RuleIds);
        Assert.Equal(meai.Decision.RuleIds, auto.Decision.RuleIds);
        Assert.Equal(meai.Call.Arguments.GetRawText(), direct.Call.Arguments.GetRawText());
        Assert.Equal(meai.Call.Arguments.GetRawText(), auto.Call.Arguments.GetRawText());
    }

    private static async Task<(GuardDecision Decision, ToolCall Call, bool Ran)> ThroughKernelAsync(string tool, string argumentsJson, Maturity maturity)
    {
        var host = new KernelHost(KernelHost.Persona(maturity));
        await HearPromptAsync(host.Guard);
        await host.Kernel.InvokeAsync(host.Function(tool), new KernelArguments(Arguments(argumentsJson)), Ct);
        var authorized = Assert.Single(host.Decisions.Authorizations);
        return (authorized.Decision, authorized.Call, !host.Ran.IsEmpty);
    }

    private static async Task<(GuardDecision Decision, ToolCall Call, bool Ran)> ThroughAutoInvocationAsync(string tool, string argumentsJson, Maturity maturity)
    {
        var host = new KernelHost(KernelHost.Persona(maturity), kernelOptions: o => o.TerminateOnApprovalRequired = false);
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls(new MEAIFunctionCallContent("call-1", tool.Replace('.', '_'), Arguments(argumentsJson))),
            ScriptedChatClient.Text("done"));
        var history = new ChatHistory();
        history.AddUserMessage(Prompt);
        await host.ChatAsync(model, history, Ct);
        var authorized = Assert.Single(host.Decisions.Authorizations);
        Assert.Equal("call-1", authorized.Call.CallId);
        return (authorized.Decision, authorized.Call, !host.Ran.IsEmpty);
    }

    private static async Task<(GuardDecision Decision, ToolCall Call, bool Ran)> ThroughExtensionsAIAsync(string tool, string argumentsJson, Maturity maturity)
    {
        var recorder = new DecisionRecorder();
        var services = new ServiceCollection();
        services.AddSingleton<IDecisionListener>(recorder);
        services.AddAgentGuard().AddPersona(KernelHost.Persona(maturity));
        using var provider = services.BuildServiceProvider();
        var ran = new ConcurrentQueue<string>();
        var plugin = tool[..tool.IndexOf('.', StringComparison.Ordinal)];
        var functions = plugin == "crm" ? KernelHost.CrmAIFunctions(ran) : KernelHost.EmailAIFunctions(ran);
        var function = functions.Single(f => tool.EndsWith("." + f.Name, StringComparison.Ordinal))
            .AsGuarded(provider, new GuardedFunctionOptions { ToolNamePrefix = plugin + "." });

        await HearPromptAsync(provider.GetRequiredService<IAgentGuard>());
        await function.InvokeAsync(new AIFunctionArguments(Arguments(argumentsJson)), Ct);
        var authorized = Assert.Single(recorder.Authorizations);
        return (authorized.Decision, authorized.Call, !ran.IsEmpty);
    }

    private static Dictionary<string, object?> Arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}
