using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the remote engine: <see cref="IAgentGuard"/> answered by the out-of-process enforcement service.</summary>
public static class RemoteAgentGuardServiceCollectionExtensions
{
    /// <summary>Makes <see cref="IAgentGuard"/> the remote engine (<see cref="RemoteAgentGuard"/>): every decision is made by
    /// the enforcement service. Host adapters resolve <see cref="IAgentGuard"/> as before, so nothing else changes.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the address, the inside key, deadlines and fail-open tools.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Replaces an in-process engine registered before. Needs only AgentGuard.Abstractions and this package.</remarks>
    public static IServiceCollection AddRemoteAgentGuard(this IServiceCollection services, Action<RemoteEnforcementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RemoteEnforcementOptions>().Configure(configure);
        services.TryAddSingleton(static sp => new RemoteAgentGuard(sp.GetRequiredService<IOptions<RemoteEnforcementOptions>>(), sp.GetService<ILogger<RemoteAgentGuard>>()));
        services.Replace(ServiceDescriptor.Singleton<IAgentGuard>(static sp => sp.GetRequiredService<RemoteAgentGuard>()));
        return services;
    }

    /// <summary>Makes the client reach a backend through the enforcement service's credential broker: tool code sends plain
    /// requests, the service adds the backend credential it alone holds.</summary>
    /// <param name="builder">The client builder, for example <c>services.AddHttpClient("crm")</c>.</param>
    /// <param name="backend">The backend's name as configured on the service.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddRemoteAgentGuardCredentials(this IHttpClientBuilder builder, string backend)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        return builder.ConfigurePrimaryHttpMessageHandler(sp => new RemoteCredentialHandler(sp.GetRequiredService<RemoteAgentGuard>(), backend));
    }
}
