using AgentGuard;

namespace Microsoft.Extensions.AI;

/// <summary>Guards the tools an <see cref="IChatClient"/> pipeline invokes.</summary>
public static class AgentGuardChatClientExtensions
{
    /// <summary>Wraps a client so that every function in a request's tools is guarded by AgentGuard.</summary>
    /// <param name="client">The client; put the function-invoking layer inside it.</param>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">The options for the guarded functions, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <returns>The guarded client.</returns>
    public static GuardedChatClient AsGuarded(this IChatClient client, IAgentGuard guard, GuardedFunctionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new GuardedChatClient(client, guard, options, timeProvider);
    }

    /// <summary>Wraps a client with the <see cref="IAgentGuard"/>, clock, logging and options registered in a service provider.</summary>
    /// <param name="client">The client; put the function-invoking layer inside it.</param>
    /// <param name="services">The services; <see cref="IAgentGuard"/> is required (register it with <c>AddAgentGuard</c>).</param>
    /// <param name="options">The options, or <see langword="null"/> for the registered <see cref="GuardedFunctionOptions"/>.</param>
    /// <returns>The guarded client.</returns>
    /// <remarks>The denial prefix defaults to the engine's <c>AgentGuardOptions.DenialPrefix</c>.</remarks>
    public static GuardedChatClient AsGuarded(this IChatClient client, IServiceProvider services, GuardedFunctionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (guard, effective, time, logging) = GuardedServices.Resolve(services, options);
        return new GuardedChatClient(client, guard, effective, time, logging);
    }
}
