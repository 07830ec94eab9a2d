using System.Collections.Concurrent;
using AgentGuard.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>A kernel built the way a user builds one (<c>Kernel.CreateBuilder().AddAgentGuard()</c>), with a CRM and an
/// e-mail plugin whose function bodies record that they ran.</summary>
internal sealed class KernelHost
{
    public const string CardNumber = "4111 1111 1111 1111";

    public KernelHost(
        Persona? persona = null,
        IApprovalService? approvals = null,
        Action<AgentGuardKernelOptions>? kernelOptions = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton<IDecisionListener>(Decisions);
        builder.Services.AddSingleton<IConversationObserver>(Conversation);
        services?.Invoke(builder.Services);
        var guard = builder.AddAgentGuard(configureKernel: kernelOptions).AddPersona(persona ?? Persona());
        if (approvals is not null)
        {
            guard.UseApprovalService(approvals);
        }

        // Kernel.CreateBuilder().Build() lives in Microsoft.SemanticKernel.Core; the adapter needs only the Abstractions,
        // so the kernel is made from the builder's services here, which is what Build() does.
        Kernel = new Kernel(builder.Services.BuildServiceProvider());
        Kernel.Plugins.Add(new TestPlugin("crm", [.. CrmFunctions(Ran)]));
        Kernel.Plugins.Add(new TestPlugin("email", [.. EmailFunctions(Ran)]));
    }

    public Kernel Kernel { get; }

    public ManualTimeProvider Time { get; } = new();

    public DecisionRecorder Decisions { get; } = new();

    public ConversationRecorder Conversation { get; } = new();

    /// <summary>The functions whose bodies ran, as <c>plugin.function(arguments)</c>.</summary>
    public ConcurrentQueue<string> Ran { get; } = new();

    public IAgentGuard Guard => Kernel.Services.GetRequiredService<IAgentGuard>();

    public KernelFunction Function(string tool)
    {
        var dot = tool.IndexOf('.', StringComparison.Ordinal);
        return Kernel.Plugins[tool[..dot]][tool[(dot + 1)..]];
    }

    /// <summary>The FORMATS.md support persona with a free-text note on customer lookups, plus a billing lookup whose
    /// results carry card numbers.</summary>
    public static Persona Persona(Maturity maturity = Maturity.Principal)
    {
        var persona = TestGuard.SupportTriage(maturity);
        var lookup = new ToolGrant
        {
            Name = "crm.get_customer",
            Args = new Dictionary<string, ArgumentConstraint>
            {
                ["customer_id"] = new() { Pattern = "^C[0-9]{6}$", Required = true },
                ["note"] = new() { MaxLength = 200 },
            },
        };
        return persona with
        {
            Tools = [lookup, .. persona.Tools.Where(t => t.Name != lookup.Name), new ToolGrant { Name = "crm.get_billing" }],
        };
    }

    public static IDisposable Alice(string persona = "support-triage") =>
        AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "alice", AgentId = "agent-1", Persona = persona });

    /// <summary>The CRM functions as plain <see cref="AIFunction"/>s; the same bodies serve both hosts.</summary>
    public static IEnumerable<AIFunction> CrmAIFunctions(ConcurrentQueue<string> ran) =>
    [
        AIFunctionFactory.Create((string customer_id, string? note = null) => Record(ran, note is null ? $"crm.get_customer({customer_id})" : $"crm.get_customer({customer_id},{note})", $"{customer_id}: Ada Lovelace"), "get_customer"),
        AIFunctionFactory.Create((string query, int limit = 10) => Record(ran, $"crm.search_customers({query},{limit})", $"1 match for {query}"), "search_customers"),
        AIFunctionFactory.Create((string customer_id) => Record(ran, $"crm.delete_customer({customer_id})", "deleted"), "delete_customer"),
        AIFunctionFactory.Create((string customer_id) => Record(ran, $"crm.get_billing({customer_id})", $"{customer_id} pays with card {CardNumber}"), "get_billing"),
    ];

    public static IEnumerable<AIFunction> EmailAIFunctions(ConcurrentQueue<string> ran) =>
    [
        AIFunctionFactory.Create((string to, string body) => Record(ran, $"email.send({to})", "sent"), "send"),
    ];

    public async Task<ChatMessageContent> ChatAsync(ScriptedChatClient model, ChatHistory history, CancellationToken cancellationToken)
    {
        var client = model.AsBuilder().UseKernelFunctionInvocation().Build(Kernel.Services);
        var chat = client.AsChatCompletionService(Kernel.Services);
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        return await chat.GetChatMessageContentAsync(history, settings, Kernel, cancellationToken);
    }

    private static IEnumerable<KernelFunction> CrmFunctions(ConcurrentQueue<string> ran) => CrmAIFunctions(ran).Select(f => f.AsKernelFunction());

    private static IEnumerable<KernelFunction> EmailFunctions(ConcurrentQueue<string> ran) => EmailAIFunctions(ran).Select(f => f.AsKernelFunction());

    private static string Record(ConcurrentQueue<string> ran, string what, string result)
    {
        ran.Enqueue(what);
        return result;
    }
}
