using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace AgentGuard.Quickstart;

/// <summary>The company systems the agent's tools reach (in memory, for the demo).</summary>
internal static class Backend
{
    public static IList<AITool> Tools { get; } =
    [
        AIFunctionFactory.Create(([Description("ticket id")] string id) => $"Ticket {id}: customer C123456 reports the invoice total is wrong.", "tickets.get"),
        AIFunctionFactory.Create(([Description("customer id")] string customer_id) => new { id = customer_id, name = "Jane Roe", email = "jane.roe@contoso.example", tier = "gold" }, "crm.get_customer"),
        AIFunctionFactory.Create((string query, int limit) => Enumerable.Range(1, Math.Min(limit, 3)).Select(i => new { id = $"C00000{i}", name = $"{query} {i}" }).ToArray(), "crm.search_customers"),
        AIFunctionFactory.Create((string customer_id) => $"deleted {customer_id}", "crm.delete_customer"),
        AIFunctionFactory.Create((string to, string subject, string body) => $"sent to {to}", "email.send"),
    ];
}
