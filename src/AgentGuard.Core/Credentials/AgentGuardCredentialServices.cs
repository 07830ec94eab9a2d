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

    /// <summary>After every other configuration of the named client: no automatic redirects and no cookie jar on the
    /// primary handler.</summary>
    public static void SecurePrimaryHandler(IServiceCollection services, string clientName) =>
        services.PostConfigure<HttpClientFactoryOptions>(clientName, static options => options.HttpMessageHandlerBuilderActions.Add(static builder => Secure(builder.PrimaryHandler)));

    /// <summary>After every other configuration of the named client: the credential handler wraps the (secured) primary
    /// handler, so it sits below every other handler — the client's own logging included, which would otherwise record
    /// the injected header in its structured state — and nothing after it can see or change the credential.</summary>
    public static void WrapPrimaryHandler(IServiceCollection services, string clientName, string backend) =>
        services.PostConfigure<HttpClientFactoryOptions>(clientName, options => options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            if (builder.PrimaryHandler is AgentGuardCredentialHandler existing)
            {
                throw new InvalidOperationException(
                    $"HTTP client '{clientName}' already adds the credentials of backend '{existing.Backend}'; use one client per backend.");
            }

            Secure(builder.PrimaryHandler);
            var handler = AgentGuardCredentialHandler.Create(builder.Services, backend);
            handler.InnerHandler = builder.PrimaryHandler;
            builder.PrimaryHandler = handler;
        }));

    private static void Secure(HttpMessageHandler? primary)
    {
        switch (primary)
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
    }

    private sealed class Marker;
}
