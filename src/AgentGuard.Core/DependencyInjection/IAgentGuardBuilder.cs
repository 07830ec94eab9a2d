namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures AgentGuard: personas, catalog, users, checks and services. Returned by <c>AddAgentGuard</c>.</summary>
public interface IAgentGuardBuilder
{
    /// <summary>Gets the service collection AgentGuard registers into.</summary>
    IServiceCollection Services { get; }
}
