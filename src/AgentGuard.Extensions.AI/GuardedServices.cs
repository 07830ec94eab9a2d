using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Resolves what a guarded function or client needs from a service provider.</summary>
internal static class GuardedServices
{
    public static (IAgentGuard Guard, GuardedFunctionOptions Options, TimeProvider? Time, ILoggerFactory? Logging) Resolve(
        IServiceProvider services,
        GuardedFunctionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(services);
        var guard = services.GetRequiredService<IAgentGuard>();

        // Copy before filling in defaults: the registered options instance is shared and must not change under others.
        var effective = (options ?? services.GetService<IOptions<GuardedFunctionOptions>>()?.Value)?.Clone() ?? new GuardedFunctionOptions();
        effective.DenialPrefix ??= services.GetService<IOptions<AgentGuardOptions>>()?.Value.DenialPrefix;
        return (guard, effective, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
    }
}
