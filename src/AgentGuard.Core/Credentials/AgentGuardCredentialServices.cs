using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Registers token isolation's services once: options and validation, secret stores, the vault, the broker,
/// handles and their pipeline check, and the token endpoint's HTTP client.</summary>
internal static class AgentGuardCredentialServices
{
    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(static d => d.ServiceType == typeof(Marker)))
        {
            return;
        }

        services.AddSingleton<Marker>();
        services.AddOptions<AgentGuardCredentialOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentGuardCredentialOptions>, AgentGuardCredentialOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretStore, EnvironmentSecretStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretStore, FileSecretStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretStore, ConfigurationSecretStore>(
            static sp => new ConfigurationSecretStore(sp.GetService<IConfiguration>())));

        services.TryAddSingleton(static sp => new CredentialBackendRegistry(sp.GetRequiredService<IOptions<AgentGuardCredentialOptions>>()));
        services.TryAddSingleton(static sp => new SecretResolver(
            sp.GetServices<ISecretStore>(),
            sp.GetRequiredService<CredentialBackendRegistry>().Options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<SecretResolver>()));
        services.TryAddSingleton(static sp => new OAuthTokenClient(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<SecretResolver>(),
            sp.GetRequiredService<CredentialBackendRegistry>().Options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<OAuthTokenClient>()));
        services.TryAddSingleton<ICredentialVault>(static sp => new ConfiguredCredentialVault(
            sp.GetRequiredService<CredentialBackendRegistry>(),
            sp.GetRequiredService<SecretResolver>(),
            sp.GetRequiredService<OAuthTokenClient>(),
            sp.GetService<IUserTokenProvider>(),
            sp.GetService<ILogger<ConfiguredCredentialVault>>()));
        services.TryAddSingleton<ICredentialBroker>(static sp => new LocalCredentialBroker(sp.GetRequiredService<ICredentialVault>()));
        services.TryAddSingleton<ICredentialHandleStore>(static sp => new InMemoryCredentialHandleStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new CredentialHandleService(
            sp.GetRequiredService<CredentialBackendRegistry>(),
            sp.GetRequiredService<ICredentialHandleStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<CredentialHandleService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, CredentialHandleCheck>(static sp => new CredentialHandleCheck(
            sp.GetRequiredService<CredentialHandleService>(),
            sp.GetService<ILogger<CredentialHandleCheck>>())));

        services.AddHttpClient(AgentGuardCredentialOptions.TokenEndpointHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        SecurePrimaryHandler(services, AgentGuardCredentialOptions.TokenEndpointHttpClientName);
    }

    /// <summary>After every other configuration of the named client: no automatic redirects, no cookie jar, and
    /// AgentGuard's credential handler last in the pipeline (nothing after it sees or changes the credential).</summary>
    public static void SecurePrimaryHandler(IServiceCollection services, string clientName) =>
        services.PostConfigure<HttpClientFactoryOptions>(clientName, static options => options.HttpMessageHandlerBuilderActions.Add(static builder =>
        {
            switch (builder.PrimaryHandler)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    sockets.UseCookies = false;
                    break;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    client.UseCookies = false;
                    break;
            }

            var handlers = builder.AdditionalHandlers;
            for (var i = handlers.Count - 2; i >= 0; i--)
            {
                if (handlers[i] is AgentGuardCredentialHandler ours)
                {
                    handlers.RemoveAt(i);
                    handlers.Add(ours);
                }
            }
        }));

    private sealed class Marker;
}
