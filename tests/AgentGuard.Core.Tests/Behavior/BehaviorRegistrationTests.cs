using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorRegistrationTests
{
    [Fact]
    public void AddAgentGuard_RegistersBothBehaviorStagesAndTheStore()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddPersona(BehaviorPersonas.RepoAnalyst);

        using var provider = services.BuildServiceProvider();

        Assert.Contains(provider.GetServices<IGuardCheck>(), static c => c.Name == "behavior" && c.Order == GuardCheckOrder.Behavior && c.RunsAfterDenial);
        Assert.Contains(provider.GetServices<IResultCheck>(), static c => c.Name == "behavior.result" && c.Order == GuardCheckOrder.ResultBehavior);
        Assert.IsType<InMemoryBehaviorStateStore>(provider.GetRequiredService<IBehaviorStateStore>());
    }

    [Fact]
    public async Task AddAgentGuard_EngineScoresBehavior()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddPersona(BehaviorPersonas.RepoAnalyst).ConfigureBehavior(static o => o.Weights.OffPersona = 50);
        using var provider = services.BuildServiceProvider();
        var guard = provider.GetRequiredService<IAgentGuard>();

        var decision = await guard.AuthorizeAsync(
            new ToolCall { ToolName = "repo.write_file", SessionId = "s", Persona = "repo-analyst" }, TestContext.Current.CancellationToken);

        Assert.Contains("behavior.off_persona", decision.RuleIds);
        Assert.Equal(50, decision.Score);
    }

    [Fact]
    public void AddAgentGuard_InvalidBehaviorOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().ConfigureBehavior(static o => o.HalfLife = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BehaviorOptions>>().Value);
    }

    [Fact]
    public void UseBehaviorStateStore_ReplacesTheDefault()
    {
        var store = new InMemoryBehaviorStateStore();
        var services = new ServiceCollection();
        services.AddAgentGuard().UseBehaviorStateStore(store);
        using var provider = services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<IBehaviorStateStore>());
    }

    [Fact]
    public void BehaviorStages_InvalidOptions_Throw()
    {
        var options = new BehaviorOptions { MaxBarrierTargets = 0 };

        Assert.Throws<OptionsValidationException>(() => BehaviorStages.CreateCheck(new InMemoryBehaviorStateStore(), options));
        Assert.Throws<OptionsValidationException>(() => BehaviorStages.CreateResultCheck(new InMemoryBehaviorStateStore(), new BehaviorOptions { Weights = { Taint = -1 } }));
    }
}
