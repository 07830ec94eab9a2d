using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AgentGuard MCP gateway and the trusted tool registry's check.</summary>
public static class AgentGuardMcpServiceCollectionExtensions
{
    /// <summary>Registers the guarding proxy for a gateway configuration: the whole engine (<c>AddAgentGuard</c> with every
    /// default stage, the configuration's personas, catalog and users), the trust check, the registry built from the lock
    /// file and publisher keys, and <see cref="McpGuardProxy"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="config">The gateway configuration.</param>
    /// <param name="configure">Further engine options.</param>
    /// <returns>The AgentGuard builder, to add detectors, credentials, checks or listeners.</returns>
    public static IAgentGuardBuilder AddMcpGateway(this IServiceCollection services, McpGatewayConfig config, Action<AgentGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        var builder = services.AddAgentGuard(options =>
        {
            options.Mode = config.Mode;
            configure?.Invoke(options);
        });

        if (Directory.Exists(config.PersonasPath))
        {
            builder.AddPersonasFromDirectory(config.PersonasPath);
        }
        else
        {
            builder.AddPersonaFile(config.PersonasPath);
        }

        if (config.CatalogPath is { } catalog)
        {
            builder.AddCatalogFile(catalog);
        }

        if (config.UsersPath is { } users)
        {
            builder.AddUsersFile(users);
        }

        builder.AddMcpToolTrust();
        services.TryAddSingleton(static sp => sp.GetRequiredService<McpGatewayConfig>().CreateRegistry());
        services.TryAddSingleton(config);
        services.TryAddSingleton(static sp => new McpGuardProxy(
            sp.GetRequiredService<McpGatewayConfig>(),
            sp.GetRequiredService<IAgentGuard>(),
            sp.GetRequiredService<McpToolRegistry>(),
            sp.GetRequiredService<McpToolTrust>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IOptions<AgentGuardOptions>>()?.Value.DenialPrefix));
        return builder;
    }

    /// <summary>Adds the trusted tool registry's verdicts (<see cref="McpToolTrust"/>, a singleton) and the pipeline stage
    /// that refuses calls to MCP tools it has not approved.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Pass the registered <see cref="McpToolTrust"/> to <see cref="GuardedMcpClientOptions.Trust"/>.</remarks>
    public static IAgentGuardBuilder AddMcpToolTrust(this IAgentGuardBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<McpToolTrust>();
        return builder.AddCheck<McpToolTrustCheck>();
    }
}
