using AgentGuard;

namespace Microsoft.Extensions.AI;

/// <summary>Guards <see cref="AIFunction"/>s with AgentGuard.</summary>
public static class AgentGuardAIFunctionExtensions
{
    /// <summary>Wraps a function so that AgentGuard authorizes every invocation and inspects every result.</summary>
    /// <param name="function">The function, for example an MCP client tool.</param>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <returns>The guarded function; <paramref name="function"/> itself when it is already guarded.</returns>
    public static AIFunction AsGuarded(this AIFunction function, IAgentGuard guard, GuardedFunctionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(guard);
        return function.GetService<GuardedAIFunction>() is not null ? function : new GuardedAIFunction(function, guard, options, timeProvider);
    }

    /// <summary>Wraps a function with the <see cref="IAgentGuard"/>, clock, logging and options registered in a service provider.</summary>
    /// <param name="function">The function.</param>
    /// <param name="services">The services; <see cref="IAgentGuard"/> is required (register it with <c>AddAgentGuard</c>).</param>
    /// <param name="options">The options, or <see langword="null"/> for the registered <see cref="GuardedFunctionOptions"/>.</param>
    /// <returns>The guarded function; <paramref name="function"/> itself when it is already guarded.</returns>
    /// <remarks>The denial prefix defaults to the engine's <c>AgentGuardOptions.DenialPrefix</c>.</remarks>
    public static AIFunction AsGuarded(this AIFunction function, IServiceProvider services, GuardedFunctionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var (guard, effective, time, logging) = GuardedServices.Resolve(services, options);
        return function.GetService<GuardedAIFunction>() is not null ? function : new GuardedAIFunction(function, guard, effective, time, logging);
    }
}
