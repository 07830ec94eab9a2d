// AgentGuard with Semantic Kernel: one builder call guards every kernel function, whether the app invokes it or the
// model chooses it. A scripted model drives a support agent offline, no API key.
// Run: dotnet run --project samples/AgentGuard.Samples.SemanticKernel
using AgentGuard;
using AgentGuard.Samples;
using AgentGuard.Samples.SemanticKernel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

var policy = Path.Combine(AppContext.BaseDirectory, "policy");
var builder = Kernel.CreateBuilder();
builder.AddAgentGuard()                                     // the one builder call: engine + both SK filters
    .AddPersonasFromDirectory(Path.Combine(policy, "personas"))
    .AddCatalogFile(Path.Combine(policy, "catalog.yaml"))
    .AddUsersFile(Path.Combine(policy, "users.yaml"))
    .UseApprovalService(new ConsoleApprover());
builder.Services.AddSingleton<IDecisionListener, DecisionPrinter>();

// With the full Microsoft.SemanticKernel package this is builder.Build(); the Abstractions package is enough here.
var kernel = new Kernel(builder.Services.BuildServiceProvider());
foreach (var plugin in SupportPlugins.Create())
{
    kernel.Plugins.Add(plugin);
}

await Scene(1, "Normal work: read the ticket, look up the customer (the card number in the record is redacted)", script => script
    .CallTool("tickets_get", """{"id":"T-1001"}""")
    .CallTool("crm_get_customer", """{"customer_id":"C123456"}""")
    .Reply("The customer is Jane Roe; I will write to her."));
// guard call     ALLOW tickets.get · ALLOW crm.get_customer; guard result REDACT crm.get_customer (card number)

await Scene(2, "Approval: the junior persona e-mails the customer; a human approves", script => script
    .CallTool("email_send", """{"to":"jane.roe@contoso.example","subject":"Your invoice","body":"We are correcting the total."}""")
    .Reply("Done: Jane has been told."));
// guard call     REQUIREAPPROVAL email.send → human approves → the function runs

await Scene(3, "Approval refused: the human rejects the e-mail, and the kernel hands control back to the app", script => script
    .CallTool("email_send", """{"to":"ops@contoso.example","subject":"fyi","body":"Jane Roe's invoice is wrong."}""")
    .Reply("(never asked: the loop ended)"));
// guard call     REQUIREAPPROVAL email.send (enforced Deny) → Terminate: the model is not asked again

await Scene(4, "Deny: in one turn the model looks the customer up and tries to delete her; the lookup runs, the delete does not", script => script
    .CallTools(("crm_get_customer", """{"customer_id":"C123456"}""", null), ("crm_delete_customer", """{"customer_id":"C123456"}""", null))
    .Reply("I looked Jane up, but I am not allowed to delete customer records."));
// guard call     ALLOW crm.get_customer · DENY crm.delete_customer — not part of persona 'support-triage'; the loop goes on

Console.WriteLine("5. Direct invocation by the app: kernel.InvokeAsync goes through the same guard");
using (AgentGuardContext.Push(Identity(5)))
{
    var result = await kernel.InvokeAsync(kernel.Plugins["crm"]["delete_customer"], new KernelArguments { ["customer_id"] = "C123456" });
    Console.WriteLine($"    app reads        {result}");
}

// guard call     DENY crm.delete_customer; the function body never runs
return 0;

async Task Scene(int number, string title, Func<ScriptedChatClient, ScriptedChatClient> script)
{
    Console.WriteLine($"{number}. {title}");
    var model = script(new ScriptedChatClient());
    var chat = new ScriptedModel(model).AsBuilder().UseKernelFunctionInvocation().Build(kernel.Services).AsChatCompletionService(kernel.Services);
    var history = new ChatHistory("You are a support agent for Contoso.");
    history.AddUserMessage("Please handle ticket T-1001.");
    var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

    using (AgentGuardContext.Push(Identity(number)))
    {
        var reply = await chat.GetChatMessageContentAsync(history, settings, kernel);
        foreach (var result in history.SelectMany(m => m.Items).OfType<Microsoft.SemanticKernel.FunctionResultContent>())
        {
            Console.WriteLine($"    model reads      [{result.CallId}] {result.Result}");
        }

        Console.WriteLine(model.RemainingTurns > 0
            ? "    kernel stopped   function calling ended by AgentGuard; the app decides what happens next"
            : $"    model says       {reply.Content}");
    }

    Console.WriteLine();
}

static AgentGuardContext Identity(int scene) => new()
{
    SessionId = $"sk-sample-{scene}",
    UserId = "alice",
    AgentId = "support-agent-1",
    Persona = "support-triage",
};
