using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs for behavioral identity.</summary>
public static class AgentGuardBehaviorBuilderExtensions
{
    /// <summary>Configures behavior scoring: weights, decay, memory and state bounds.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder ConfigureBehavior(this IAgentGuardBuilder builder, Action<BehaviorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Uses a behavior state store other than the in-memory default (for example one shared through Redis).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseBehaviorStateStore(this IAgentGuardBuilder builder, IBehaviorStateStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(store ?? throw new ArgumentNullException(nameof(store))));
        return builder;
    }
}
