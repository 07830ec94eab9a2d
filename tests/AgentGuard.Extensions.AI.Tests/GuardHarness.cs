using AgentGuard.Testing;
using Microsoft.Extensions.Options;

namespace AgentGuard.Extensions.AI.Tests;

/// <summary>A real engine built in code, with a manual clock, for the adapter tests.</summary>
internal sealed class GuardHarness
{
    public GuardHarness(
        IEnumerable<Persona>? personas = null,
        IEnumerable<UserEntitlement>? users = null,
        IEnumerable<IGuardCheck>? checks = null,
        IEnumerable<IResultCheck>? resultChecks = null,
        AgentGuardOptions? options = null,
        IApprovalService? approvals = null)
    {
        var builder = new PolicyBuilder();
        foreach (var persona in personas ?? [TestPersonas.Support])
        {
            builder.AddPersona(persona);
        }

        foreach (var user in users ?? [])
        {
            builder.AddUser(user);
        }

        Engine = new AgentGuardEngine(
            new StaticPolicyProvider(builder.Build()),
            [.. AgentGuardEngine.CreateDefaultChecks(Store), .. checks ?? []],
            resultChecks ?? [],
            Store,
            Options.Create(options ?? new AgentGuardOptions()),
            approvals,
            Time);
    }

    public ManualTimeProvider Time { get; } = new();

    public InMemorySessionStateStore Store { get; } = new();

    public AgentGuardEngine Engine { get; }

    public GuardedAIFunction Guard(Microsoft.Extensions.AI.AIFunction function, GuardedFunctionOptions? options = null) =>
        new(function, Engine, options ?? new GuardedFunctionOptions { ToolNamePrefix = "crm." }, Time);

    public static IDisposable Alice(string persona = TestPersonas.SupportId) =>
        AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "alice", AgentId = "agent-1", Persona = persona });
}
