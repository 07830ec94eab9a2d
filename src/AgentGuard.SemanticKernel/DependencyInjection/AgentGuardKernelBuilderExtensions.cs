using AgentGuard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.SemanticKernel;

/// <summary>Adds AgentGuard to a Semantic Kernel.</summary>
public static class AgentGuardKernelBuilderExtensions
{
    /// <summary>Adds the AgentGuard engine to the kernel's services and guards every kernel function invocation with it,
    /// whether invoked directly or chosen by the model.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Configures the engine options, as for <c>services.AddAgentGuard(...)</c>.</param>
    /// <param name="configureKernel">Configures the filters' options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The AgentGuard builder, to add personas, the catalog, users and more (<c>AddPersonasFromDirectory</c>, ...).</returns>
    /// <remarks>Registers <see cref="AgentGuardFunctionFilter"/> and <see cref="AgentGuardAutoFunctionFilter"/> as
    /// singletons through the kernel's services, where the kernel finds its filters. Identity comes from
    /// <see cref="AgentGuardContext.Current"/>: push one around each request. An <see cref="IConversationObserver"/>
    /// registered in the services (or a guard that is one) receives the user's messages.</remarks>
    public static IAgentGuardBuilder AddAgentGuard(
        this IKernelBuilder builder,
        Action<AgentGuardOptions>? configure = null,
        Action<AgentGuardKernelOptions>? configureKernel = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var guard = builder.Services.AddAgentGuard(configure);
        var options = builder.Services.AddOptions<AgentGuardKernelOptions>();
        if (configureKernel is not null)
        {
            options.Configure(configureKernel);
        }

        builder.Services.TryAddSingleton(static sp => CreateCallGuard(sp));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionInvocationFilter, AgentGuardFunctionFilter>(
            static sp => new AgentGuardFunctionFilter(sp.GetRequiredService<KernelCallGuard>())));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAutoFunctionInvocationFilter, AgentGuardAutoFunctionFilter>(
            static sp => new AgentGuardAutoFunctionFilter(
                sp.GetRequiredService<KernelCallGuard>(),
                ConversationObserver(sp),
                sp.GetService<TimeProvider>())));
        return guard;
    }

    // The engine is itself an observer that forwards to every registered one (data lineage among them); resolving a
    // single IConversationObserver would reach only the last registered and starve the others.
    private static IConversationObserver? ConversationObserver(IServiceProvider services) =>
        services.GetRequiredService<KernelCallGuard>().Guard as IConversationObserver ?? services.GetService<IConversationObserver>();

    private static KernelCallGuard CreateCallGuard(IServiceProvider services)
    {
        // Copy before filling in defaults: the registered options instance is shared and must not change under others.
        var options = services.GetRequiredService<IOptions<AgentGuardKernelOptions>>().Value.Clone();
        options.DenialPrefix ??= services.GetService<IOptions<AgentGuardOptions>>()?.Value.DenialPrefix;
        return new KernelCallGuard(
            services.GetRequiredService<IAgentGuard>(),
            options,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>());
    }
}
