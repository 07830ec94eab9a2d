using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AgentGuard in a service collection.</summary>
public static class AgentGuardServiceCollectionExtensions
{
    /// <summary>Adds the AgentGuard engine (<see cref="IAgentGuard"/>) with its built-in checks.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the engine options.</param>
    /// <returns>A builder to add personas, the catalog, users and more.</returns>
    /// <remarks>The policy is built and validated when <see cref="IAgentGuard"/> is first resolved; invalid policy
    /// throws <see cref="PolicyValidationException"/> then, before any call is served.</remarks>
    public static IAgentGuardBuilder AddAgentGuard(this IServiceCollection services, Action<AgentGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AgentGuardOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentGuardOptions>, AgentGuardOptionsValidator>());
        services.AddOptions<AgentGuardPolicyOptions>();
        services.AddOptions<DlpOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DlpOptions>, DlpOptionsValidator>());
        services.TryAddSingleton(static sp => new DlpScanner(sp.GetRequiredService<IOptions<DlpOptions>>().Value, sp.GetServices<IDlpDetector>()));
        services.AddOptions<BehaviorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BehaviorOptions>, BehaviorOptionsValidator>());
        services.AddOptions<LineageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LineageOptions>, LineageOptionsValidator>());
        services.TryAddSingleton(static sp => new LineageTracker(sp.GetRequiredService<IOptions<LineageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationObserver, LineageTracker>(static sp => sp.GetRequiredService<LineageTracker>()));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISessionStateStore, InMemorySessionStateStore>();
        services.TryAddSingleton<IBehaviorStateStore>(static sp => new InMemoryBehaviorStateStore(sp.GetRequiredService<IOptions<BehaviorOptions>>()));
        services.TryAddSingleton<IPolicyProvider>(static sp =>
        {
            var builder = new PolicyBuilder();
            foreach (var source in sp.GetRequiredService<IOptions<AgentGuardPolicyOptions>>().Value.Sources)
            {
                source(builder);
            }

            foreach (var entitlements in sp.GetServices<IUserEntitlements>())
            {
                builder.UseEntitlements(entitlements);
            }

            return new StaticPolicyProvider(builder.Build());
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, HaltCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, ScopeCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, ArgumentsCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, DlpArgumentsCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, LineageCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, RateLimitCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, BehaviorCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, ApprovalCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultCheck, DlpResultCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultCheck, BehaviorResultCheck>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultCheck, LineageResultCheck>());

        services.TryAddSingleton(static sp => new AgentGuardEngine(
            sp.GetRequiredService<IPolicyProvider>(),
            sp.GetServices<IGuardCheck>(),
            sp.GetServices<IResultCheck>(),
            sp.GetRequiredService<ISessionStateStore>(),
            sp.GetRequiredService<IOptions<AgentGuardOptions>>(),
            sp.GetService<IApprovalService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<AgentGuardEngine>>(),
            sp.GetServices<IDecisionListener>(),
            sp.GetServices<IConversationObserver>()));
        services.TryAddSingleton<IAgentGuard>(static sp => sp.GetRequiredService<AgentGuardEngine>());
        return new AgentGuardBuilder(services);
    }

    private sealed class AgentGuardBuilder(IServiceCollection services) : IAgentGuardBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
