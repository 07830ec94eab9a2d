using AgentGuard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Token-isolation verbs for <see cref="IAgentGuardBuilder"/>: backends and their credentials, secret stores,
/// the user-token provider, and the vault or broker behind the credential handler.</summary>
public static class AgentGuardCredentialBuilderExtensions
{
    /// <summary>Adds (or extends) a backend that tools reach through <c>AddHttpClient(...).AddAgentGuardCredentials(backend)</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="backend">The backend's name, such as <c>crm</c> (<c>[a-z0-9][a-z0-9._-]*</c>).</param>
    /// <param name="configure">Declares its hosts, tools and credentials.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCredential(this IAgentGuardBuilder builder, string backend, Action<CredentialBackendOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        ArgumentNullException.ThrowIfNull(configure);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Configure<AgentGuardCredentialOptions>(options =>
        {
            if (!options.Backends.TryGetValue(backend, out var settings))
            {
                settings = new CredentialBackendOptions();
                options.Backends[backend] = settings;
            }

            configure(settings);
        });
        return builder;
    }

    /// <summary>Adds a backend with one credential for every call, reached at the given hosts.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="backend">The backend's name.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="hosts">The hosts requests may go to (see <see cref="CredentialBackendOptions.Hosts"/>).</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCredential(this IAgentGuardBuilder builder, string backend, CredentialOptions credential, params IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(hosts);
        string[] declared = [.. hosts];
        return builder.AddCredential(backend, options =>
        {
            options.Credential = credential;
            foreach (var host in declared)
            {
                options.Hosts.Add(host);
            }
        });
    }

    /// <summary>Adds the backends described in a configuration section, one child section per backend.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("AgentGuard:Credentials")</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Secrets appear there only as references (<c>env:NAME</c>, <c>file:PATH</c>, <c>config:KEY</c>, or a custom
    /// store's <c>name:key</c>). Errors are reported together at start-up, with their configuration paths.</remarks>
    public static IAgentGuardBuilder AddCredentialsFromConfiguration(this IAgentGuardBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Configure<AgentGuardCredentialOptions>(options => CredentialConfigurationReader.Read(section, options));
        return builder;
    }

    /// <summary>Configures handle lifetimes, token caching and secret caching.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder ConfigureCredentials(this IAgentGuardBuilder builder, Action<AgentGuardCredentialOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a secret store (a vault, a key management service) that secret references name by its <see cref="ISecretStore.Name"/>.</summary>
    /// <typeparam name="T">The store type, resolved from the services.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>A store named like a built-in one (<c>env</c>, <c>file</c>, <c>config</c>) replaces it.</remarks>
    public static IAgentGuardBuilder UseSecretStore<T>(this IAgentGuardBuilder builder)
        where T : class, ISecretStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretStore, T>());
        return builder;
    }

    /// <summary>Adds a secret store instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseSecretStore(this IAgentGuardBuilder builder, ISecretStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.AddSingleton(store);
        return builder;
    }

    /// <summary>Uses the host's provider of delegating users' own tokens (for pass-through and token exchange).</summary>
    /// <typeparam name="T">The provider type, resolved from the services.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseUserTokenProvider<T>(this IAgentGuardBuilder builder)
        where T : class, IUserTokenProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton<IUserTokenProvider, T>());
        return builder;
    }

    /// <summary>Uses a provider instance for delegating users' own tokens.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="provider">The provider.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseUserTokenProvider(this IAgentGuardBuilder builder, IUserTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton(provider));
        return builder;
    }

    /// <summary>Replaces the built-in vault (the configured backends) with another source of backend credentials.</summary>
    /// <typeparam name="T">The vault type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseCredentialVault<T>(this IAgentGuardBuilder builder)
        where T : class, ICredentialVault
    {
        ArgumentNullException.ThrowIfNull(builder);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialVault, T>());
        return builder;
    }

    /// <summary>Replaces the in-process broker, for example with one that forwards requests to the enforcement service.</summary>
    /// <typeparam name="T">The broker type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseCredentialBroker<T>(this IAgentGuardBuilder builder)
        where T : class, ICredentialBroker
    {
        ArgumentNullException.ThrowIfNull(builder);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialBroker, T>());
        return builder;
    }

    /// <summary>Uses a handle store other than the in-memory default (a shared store when several replicas serve a session).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseCredentialHandleStore(this IAgentGuardBuilder builder, ICredentialHandleStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        AgentGuardCredentialServices.Add(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }
}
