using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace AgentGuard.Samples.SemanticKernel;

/// <summary>The support agent's plugins: tickets, CRM and e-mail, with in-memory bodies that say when they run.</summary>
/// <remarks>With the full <c>Microsoft.SemanticKernel</c> package an app would write a class with <c>[KernelFunction]</c>
/// methods and call <c>kernel.Plugins.AddFromType&lt;T&gt;("crm")</c>; this sample needs only the Abstractions package,
/// so it makes the same kernel functions from delegates.</remarks>
internal static class SupportPlugins
{
    public static IEnumerable<KernelPlugin> Create() =>
    [
        new FunctionPlugin("tickets", Function("get", (string id) => Ran($"tickets.get({id})", $"{id}: 'My invoice total is wrong' from customer C123456"))),
        new FunctionPlugin(
            "crm",
            Function("get_customer", (string customer_id) => Ran($"crm.get_customer({customer_id})", $"{customer_id}: Jane Roe, jane.roe@contoso.example, card 4111 1111 1111 1111")),
            Function("delete_customer", (string customer_id) => Ran($"crm.delete_customer({customer_id})", "deleted"))),
        new FunctionPlugin("email", Function("send", (string to, string subject, string body) => Ran($"email.send({to})", "sent"))),
    ];

    private static KernelFunction Function(string name, Delegate body) => AIFunctionFactory.Create(body, name).AsKernelFunction();

    private static string Ran(string call, string result)
    {
        Console.WriteLine($"    function ran     {call}");
        return result;
    }
}
