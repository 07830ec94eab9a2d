using Microsoft.Extensions.Configuration;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentGuard.Redis.Tests;

public sealed class RedisStateOptionsTests
{
    [Fact]
    public void UseRedisState_InvalidOptions_OneErrorListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy()).UseRedisState(o =>
        {
            o.KeyPrefix = string.Empty;
            o.OperationTimeout = TimeSpan.Zero;
            o.MaxBehaviorAttempts = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IAgentGuard>());

        Assert.Contains(error.Failures, static f => f.Contains(nameof(RedisStateOptions.Configuration), StringComparison.Ordinal));
        Assert.Contains(error.Failures, static f => f.Contains(nameof(RedisStateOptions.KeyPrefix), StringComparison.Ordinal));
        Assert.Contains(error.Failures, static f => f.Contains(nameof(RedisStateOptions.OperationTimeout), StringComparison.Ordinal));
        Assert.Contains(error.Failures, static f => f.Contains(nameof(RedisStateOptions.MaxBehaviorAttempts), StringComparison.Ordinal));
    }

    [Fact]
    public void UseRedisState_FromConfiguration_ReplacesEveryInMemoryStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentGuard:Redis:Configuration"] = "127.0.0.1:1",
                ["AgentGuard:Redis:KeyPrefix"] = "tenant-a:",
                ["AgentGuard:Redis:FailureMode"] = "FailOpen",
                ["AgentGuard:Redis:HaltCacheDuration"] = "00:00:05",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddAgentGuard().UsePolicy(TestGuard.Policy()).UseRedisState(configuration.GetSection("AgentGuard:Redis"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RedisStateOptions>>().Value;
        Assert.Equal("tenant-a:", options.KeyPrefix);
        Assert.Equal(RedisFailureMode.FailOpen, options.FailureMode);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HaltCacheDuration);
        Assert.IsType<RedisSessionStateStore>(provider.GetRequiredService<ISessionStateStore>());
        Assert.IsType<RedisBehaviorStateStore>(provider.GetRequiredService<IBehaviorStateStore>());
        Assert.IsType<RedisCredentialHandleStore>(provider.GetRequiredService<ICredentialHandleStore>());
    }
}
