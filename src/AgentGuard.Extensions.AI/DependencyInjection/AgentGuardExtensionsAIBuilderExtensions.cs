using AgentGuard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Microsoft.Extensions.AI verbs for <see cref="IAgentGuardBuilder"/>.</summary>
public static class AgentGuardExtensionsAIBuilderExtensions
{
    /// <summary>Configures the options that <c>AsGuarded(IServiceProvider)</c> uses for guarded functions and chat clients.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder ConfigureGuardedFunctions(this IAgentGuardBuilder builder, Action<GuardedFunctionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
