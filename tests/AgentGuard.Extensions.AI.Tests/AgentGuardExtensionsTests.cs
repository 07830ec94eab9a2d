using AgentGuard.Samples;
using AgentGuard.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Extensions.AI.Tests;

public sealed class AgentGuardExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(Action<GuardedFunctionOptions>? configure = null, string? denialPrefix = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        var builder = services.AddAgentGuard(o =>
        {
            if (denialPrefix is not null)
            {
                o.DenialPrefix = denialPrefix;
            }
        }).AddPersona(TestPersonas.Support);
        if (configure is not null)
        {
            builder.ConfigureGuardedFunctions(configure);
        }

        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AsGuarded_FromServices_UsesRegisteredGuardOptionsAndDenialPrefix()
    {
        using var services = Services(o => o.ToolNamePrefix = "crm.", denialPrefix: "refused by policy");
        var delete = RecordingFunction.Returning("delete_customer", "deleted");
        var guarded = Assert.IsType<GuardedAIFunction>(delete.AsGuarded(services));
        using var _ = GuardHarness.Alice();

        var result = await guarded.InvokeAsync(new AIFunctionArguments(), Ct);

        Assert.Equal("crm.delete_customer", guarded.ToolName);
        // Behavior scoring (registered by default) appends its own explanation after the refusing stage's.
        Assert.StartsWith("refused by policy: tool 'crm.delete_customer' is not part of persona 'support-triage'", Assert.IsType<string>(result), StringComparison.Ordinal);
        Assert.Empty(delete.Invocations);
    }

    [Fact]
    public async Task AsGuarded_FromServicesWithExplicitOptions_KeepsTheirPrefixAndDoesNotChangeThem()
    {
        using var services = Services(o => o.ToolNamePrefix = "ignored.", denialPrefix: "refused by policy");
        var explicitOptions = new GuardedFunctionOptions { ToolNamePrefix = "crm." };
        var guarded = Assert.IsType<GuardedAIFunction>(RecordingFunction.Returning("delete_customer", "x").AsGuarded(services, explicitOptions));
        using var _ = GuardHarness.Alice();

        var result = await guarded.InvokeAsync(new AIFunctionArguments(), Ct);

        Assert.Equal("crm.delete_customer", guarded.ToolName);
        Assert.StartsWith("refused by policy: ", Assert.IsType<string>(result), StringComparison.Ordinal);
        Assert.Null(explicitOptions.DenialPrefix);
    }

    [Fact]
    public void AsGuarded_AlreadyGuarded_ReturnsTheSameFunction()
    {
        var harness = new GuardHarness();
        var guarded = RecordingFunction.Returning("get_customer", "x").AsGuarded(harness.Engine);

        Assert.Same(guarded, guarded.AsGuarded(harness.Engine));
        Assert.Same(guarded, guarded.AsGuarded(new GuardHarness().Engine, new GuardedFunctionOptions { ToolNamePrefix = "other." }));
    }

    [Fact]
    public void AsGuarded_NoGuardRegistered_Throws()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => RecordingFunction.Returning("x", null).AsGuarded(services));
        Assert.Throws<InvalidOperationException>(() => new ScriptedChatClient().AsGuarded(services));
    }

    [Fact]
    public async Task ChatClientAsGuarded_FromServices_GuardsToolsWithRegisteredOptions()
    {
        using var services = Services(o => o.ToolNamePrefix = "crm.");
        var model = new ScriptedChatClient().CallTool("delete_customer", "{}", "c1").Reply("ok");
        var delete = RecordingFunction.Returning("delete_customer", "deleted");
        using var client = new MiniFunctionInvokingChatClient(model).AsGuarded(services);
        using var _ = GuardHarness.Alice();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "delete it")], new ChatOptions { Tools = [delete] }, Ct);

        Assert.StartsWith("denied by AgentGuard: tool 'crm.delete_customer' is not part of persona 'support-triage'", model.Requests[^1].ResultText("c1"), StringComparison.Ordinal);
        Assert.Empty(delete.Invocations);
    }
}
