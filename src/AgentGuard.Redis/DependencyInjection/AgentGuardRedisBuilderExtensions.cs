using AgentGuard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs that keep AgentGuard's session state in Redis, shared by every replica.</summary>
public static class AgentGuardRedisBuilderExtensions
{
    /// <summary>Keeps halts, rate windows, behavior state and credential handles in Redis.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Configures the other options (failure mode, key prefix, timeouts).</param>
    /// <returns>The builder.</returns>
    /// <remarks>Every replica (agent processes and enforcement services alike) that uses the same Redis and
    /// <see cref="RedisStateOptions.KeyPrefix"/> sees one score, one set of rate windows and one halt per session.</remarks>
    public static IAgentGuardBuilder UseRedisState(this IAgentGuardBuilder builder, string configuration, Action<RedisStateOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.UseRedisState(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>Keeps session state in Redis, with options bound from configuration (the enforcement service's
    /// <c>AgentGuard:Redis</c> section, for example).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section: <c>Configuration</c>, <c>KeyPrefix</c>, <c>FailureMode</c>, <c>OperationTimeout</c>…</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseRedisState(this IAgentGuardBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.UseRedisState(options => section.Bind(options));
    }

    /// <summary>Keeps session state in Redis, configured in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options; <see cref="RedisStateOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The options are validated when the guard is first resolved (or at host start), with every error listed.</remarks>
    public static IAgentGuardBuilder UseRedisState(this IAgentGuardBuilder builder, Action<RedisStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisStateOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStateOptions>, RedisStateOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new RedisStateConnection(
            sp.GetRequiredService<IOptions<RedisStateOptions>>(),
            sp.GetService<ILogger<RedisStateConnection>>(),
            sp.GetService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<ISessionStateStore>(static sp => new RedisSessionStateStore(sp.GetRequiredService<RedisStateConnection>())));
        services.Replace(ServiceDescriptor.Singleton<IBehaviorStateStore>(static sp => new RedisBehaviorStateStore(
            sp.GetRequiredService<RedisStateConnection>(),
            sp.GetRequiredService<IOptions<BehaviorOptions>>())));
        services.Replace(ServiceDescriptor.Singleton<ICredentialHandleStore>(static sp => new RedisCredentialHandleStore(
            sp.GetRequiredService<RedisStateConnection>(),
            sp.GetService<TimeProvider>())));
        return builder;
    }
}
