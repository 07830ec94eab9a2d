using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Redis.Tests;

/// <summary>One replica: an engine built through <c>AddAgentGuard().UseRedisState(...)</c>, as an application would.</summary>
public sealed class RedisReplica : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public RedisReplica(string configuration, string prefix, TimeProvider clock, Action<RedisStateOptions>? configure = null, ILoggerProvider? logs = null, Persona? persona = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddAgentGuard()
            .UsePolicy(TestGuard.Policy(persona))
            .UseRedisState(configuration, o =>
            {
                o.KeyPrefix = prefix;
                o.ConnectTimeout = TimeSpan.FromSeconds(2);
                o.OperationTimeout = TimeSpan.FromSeconds(2);
                o.ReconnectInterval = TimeSpan.FromMilliseconds(200);
                configure?.Invoke(o);
            });
        _services = services.BuildServiceProvider();
        Guard = _services.GetRequiredService<IAgentGuard>();
        Connection = _services.GetRequiredService<RedisStateConnection>();
        Sessions = _services.GetRequiredService<ISessionStateStore>();
        Behavior = _services.GetRequiredService<IBehaviorStateStore>();
        Handles = _services.GetRequiredService<ICredentialHandleStore>();
    }

    public IAgentGuard Guard { get; }

    public RedisStateConnection Connection { get; }

    public ISessionStateStore Sessions { get; }

    public IBehaviorStateStore Behavior { get; }

    public ICredentialHandleStore Handles { get; }

    public static string NewPrefix() => $"t{Guid.NewGuid():N}:";

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
