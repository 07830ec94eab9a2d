// AgentGuard quickstart: a scripted model drives a support agent through its normal job, then through misbehaviour
// the guard stops. Offline, no API key. Run: dotnet run --project samples/AgentGuard.Quickstart
using AgentGuard;
using AgentGuard.Quickstart;
using AgentGuard.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var policy = Path.Combine(AppContext.BaseDirectory, "policy");
var services = new ServiceCollection();
services.AddAgentGuard()                                   // the one builder call
    .AddPersonasFromDirectory(Path.Combine(policy, "personas"))
    .AddCatalogFile(Path.Combine(policy, "catalog.yaml"))
    .AddUsersFile(Path.Combine(policy, "users.yaml"))
    .UseApprovalService(new DemoApprover());
services.AddSingleton<IDecisionListener, DecisionPrinter>();
await using var provider = services.BuildServiceProvider();

await Scene(
    "1. Normal work: read a ticket, look up the customer, e-mail them (junior persona: the e-mail needs a human)",
    user: "alice",
    model => model
        .CallTool("tickets.get", """{"id":"T-1001"}""")
        .CallTool("crm.get_customer", """{"customer_id":"C123456"}""")
        .CallTool("email.send", """{"to":"jane.roe@contoso.example","subject":"Your invoice","body":"We are correcting the total."}""")
        .Reply("Done: the customer has been told."));
// guard call   ALLOW    tickets.get · crm.get_customer; APPROVAL email.send → approved by the human → sent

await Scene(
    "2. Off-persona tool: the model tries to delete the customer",
    user: "alice",
    model => model.CallTool("crm.delete_customer", """{"customer_id":"C123456"}""").Reply("I could not delete the record."));
// guard call   DENY     crm.delete_customer — tool 'crm.delete_customer' is not part of persona 'support-triage'

await Scene(
    "3. A user who lacks a tool the persona has: bob may only use tickets.*",
    user: "bob",
    model => model.CallTool("tickets.get", """{"id":"T-1002"}""").CallTool("crm.get_customer", """{"customer_id":"C123456"}""").Reply("Partial answer."));
// guard call   DENY     crm.get_customer — user 'bob' is not entitled to 'crm.get_customer'

await Scene(
    "4. Bad arguments: a malformed id, and a match-everything search",
    user: "alice",
    model => model
        .CallTool("crm.get_customer", """{"customer_id":"C123456' OR '1'='1"}""")
        .CallTool("crm.search_customers", """{"query":".*","limit":100000}""")
        .Reply("I could not search."));
// guard call   DENY     crm.get_customer — does not match the pattern; DENY crm.search_customers — wildcard, above the maximum 50

await Scene(
    "5. A burst: seven e-mails in a minute (the persona allows five per user)",
    user: "frank",
    model =>
    {
        for (var i = 1; i <= 7; i++)
        {
            model.CallTool("email.send", $$"""{"to":"team@contoso.example","subject":"update {{i}}","body":"..."}""");
        }

        return model.Reply("Sent what I could.");
    });
// the sixth and seventh: DENY email.send — rate limit exceeded: at most 5 calls per minute to 'email.send'

async Task Scene(string title, string user, Func<ScriptedChatClient, ScriptedChatClient> script)
{
    Console.WriteLine();
    Console.WriteLine(title);
    var model = script(new ScriptedChatClient());
    using var agent = new MiniFunctionInvokingChatClient(model).AsGuarded(provider);
    using var scope = AgentGuardContext.Push(new AgentGuardContext
    {
        SessionId = $"{user}-{Guid.NewGuid():N}",
        UserId = user,
        AgentId = "support-agent-1",
        Persona = "support-triage",
    });
    var response = await agent.GetResponseAsync("Please handle the next ticket.", new ChatOptions { Tools = Backend.Tools });
    var shown = new HashSet<string>();
    foreach (var result in model.Requests.SelectMany(static r => r.FunctionResults))
    {
        if (shown.Add(result.CallId))
        {
            Console.WriteLine($"    model sees: {Shorten(Compact(result.Result))}");
        }
    }

    Console.WriteLine($"    agent says: {response.Text}");
}

static string? Compact(object? value) =>
    value is System.Text.Json.JsonElement json ? System.Text.Json.JsonSerializer.Serialize(json) : value?.ToString();

static string Shorten(string? text) => text is null ? "(nothing)" : text.Length <= 140 ? text : text[..140] + "…";
