using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Builds and runs the enforcement service from a configuration file: the engine (personas, behavior, rate
/// limits, DLP, audit, credential vault) behind the gRPC door on Kestrel.</summary>
public static class AgentGuardServer
{
    /// <summary>The default Unix socket path.</summary>
    public const string DefaultSocketPath = "/run/agentguard/agentguard.sock";

    /// <summary>Builds the service.</summary>
    /// <param name="configFile">The JSON configuration file (sections <c>AgentGuard:Server</c>, <c>:Policy</c>, <c>:Engine</c>,
    /// <c>:Audit</c>, <c>:Credentials</c>); relative paths in it are relative to its folder.</param>
    /// <param name="configureServices">Adds or replaces services (tests, custom secret stores).</param>
    /// <returns>The application, ready to <c>RunAsync</c> or <c>StartAsync</c>.</returns>
    public static WebApplication Build(string configFile, Action<IAgentGuardBuilder>? configureServices = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configFile);
        var fullConfig = Path.GetFullPath(configFile);
        var baseDirectory = Path.GetDirectoryName(fullConfig)!;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = baseDirectory, Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(fullConfig, optional: false, reloadOnChange: true);
        builder.Configuration.AddEnvironmentVariables("AGENTGUARD_SERVER_");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        var root = builder.Configuration.GetSection("AgentGuard");
        var serverSection = root.GetSection("Server");
        var options = new EnforcementServerOptions();
        serverSection.Bind(options);
        if (EnforcementServerOptionsValidator.Validate(options) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"{fullConfig}: the service configuration is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        }

        builder.Services.Configure<EnforcementServerOptions>(serverSection);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);

        var events = new GuardEventHub(TimeProvider.System);
        var approvals = new RemoteApprovalService(events);
        var guard = builder.Services.AddAgentGuard(o => root.GetSection("Engine").Bind(o));
        guard.UseApprovalService(approvals);
        AddPolicy(guard, root.GetSection("Policy"), baseDirectory);
        if (root.GetSection("Audit")["Directory"] is { Length: > 0 } auditDirectory)
        {
            guard.AddFileAudit(Path.GetFullPath(auditDirectory, baseDirectory));
        }

        // Shared state: with a State:Redis section, every replica of the service (and every agent process using the
        // same Redis) sees one score, one rate limit and one halt per session.
        if (root.GetSection("State:Redis") is { } redis && redis.Exists())
        {
            guard.UseRedisState(redis);
        }

        builder.Services.AddHttpClient();
        var backends = new HashSet<string>(StringComparer.Ordinal);
        var credentials = root.GetSection("Credentials");
        if (credentials.Exists())
        {
            guard.AddCredentialsFromConfiguration(credentials);
            foreach (var backend in credentials.GetChildren())
            {
                backends.Add(backend.Key);
                builder.Services.AddHttpClient(ServerHttpBroker.ClientPrefix + backend.Key).AddAgentGuardCredentials(backend.Key);
            }
        }

        configureServices?.Invoke(guard);
        DecorateCredentialBroker(builder.Services);
        var userTokens = options.UserTokens is { } tokenOptions ? UserTokenValidator.Create(WithBase(tokenOptions, baseDirectory)) : null;
        builder.Services.AddSingleton(events);
        builder.Services.AddSingleton(approvals);
        builder.Services.AddSingleton(sp => new InsideKeyStore(sp.GetRequiredService<IOptionsMonitor<EnforcementServerOptions>>(), sp.GetRequiredService<ILogger<InsideKeyStore>>()));
        builder.Services.AddSingleton(sp => new GrantTable(sp.GetRequiredService<TimeProvider>(), options.GrantLifetime));
        builder.Services.AddSingleton(sp => new ServerHttpBroker(
            sp.GetRequiredService<IHttpClientFactory>(), backends, sp.GetService<DlpScanner>(), options.MaxMessageSize, sp.GetRequiredService<ILogger<ServerHttpBroker>>()));
        builder.Services.AddSingleton(sp => new EnforcementService(
            sp.GetRequiredService<IAgentGuard>(),
            sp.GetRequiredService<InsideKeyStore>(),
            userTokens,
            sp.GetRequiredService<GrantTable>(),
            events,
            approvals,
            sp.GetRequiredService<ServerHttpBroker>(),
            sp.GetRequiredService<ISessionStateStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EnforcementService>>()));

        var socketPath = ConfigureKestrel(builder, options.Listen, baseDirectory);
        var app = builder.Build();

        // Resolve the policy now: a persona file error, or an agent bound to a persona that does not exist, stops the
        // service at start instead of refusing every call of that agent later.
        var policy = app.Services.GetRequiredService<IPolicyProvider>().Policy;
        var unknown = options.Agents.Select((agent, index) => (agent, index)).Where(a => !policy.TryGetPersona(a.agent.Persona, out _)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{fullConfig}: " + string.Join("; ", unknown.Select(static a =>
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"AgentGuard:Server:Agents:{a.index}:Persona '{a.agent.Persona}' is not a loaded persona"))));
        }

        var router = new GrpcServiceRouter(options.MaxMessageSize, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentGuard.Server.Grpc"));
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.Services.GetRequiredService<EnforcementService>().Map(router, lifetime.ApplicationStopping);
        app.Run(context =>
        {
            if (context.Request.Path.Equals("/healthz", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
            {
                // Healthy when the engine resolved (policy valid) and the service is not shutting down.
                var healthy = !lifetime.ApplicationStopping.IsCancellationRequested;
                context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync(healthy ? "ok" : "stopping", context.RequestAborted);
            }

            return router.HandleAsync(context);
        });

        lifetime.ApplicationStarted.Register(() => OnStarted(app, socketPath, options.Listen.ReadyFile is { } ready ? Path.GetFullPath(ready, baseDirectory) : null));
        return app;
    }

    /// <summary>Wraps the credential broker (whichever is registered) so the broker can take the sent credential out of replies.</summary>
    private static void DecorateCredentialBroker(IServiceCollection services)
    {
        var registered = services.LastOrDefault(static d => d.ServiceType == typeof(ICredentialBroker));
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<ICredentialBroker>(sp => new SentCredentialRecorder(registered switch
        {
            { ImplementationInstance: ICredentialBroker instance } => instance,
            { ImplementationFactory: { } factory } => (ICredentialBroker)factory(sp),
            _ => (ICredentialBroker)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }));
    }

    private static void AddPolicy(IAgentGuardBuilder guard, IConfigurationSection policy, string baseDirectory)
    {
        if (policy["Catalog"] is { Length: > 0 } catalog)
        {
            guard.AddCatalogFile(Path.GetFullPath(catalog, baseDirectory));
        }

        if (policy["Users"] is { Length: > 0 } users)
        {
            guard.AddUsersFile(Path.GetFullPath(users, baseDirectory));
        }

        foreach (var entry in policy.GetSection("Personas").GetChildren())
        {
            if (entry.Value is not { Length: > 0 } value)
            {
                continue;
            }

            var path = Path.GetFullPath(value, baseDirectory);
            if (Directory.Exists(path))
            {
                guard.AddPersonasFromDirectory(path);
            }
            else
            {
                guard.AddPersonaFile(path);
            }
        }
    }

    private static UserTokenOptions WithBase(UserTokenOptions options, string baseDirectory)
    {
        if (options.PublicKeyFile is { Length: > 0 } file)
        {
            options.PublicKeyFile = Path.GetFullPath(file, baseDirectory);
        }

        return options;
    }

    private static string? ConfigureKestrel(WebApplicationBuilder builder, ServerListenOptions listen, string baseDirectory)
    {
        string? socketPath = null;
        if (listen.UnixSocket is null && listen.Tcp is null && listen.Https is null)
        {
            socketPath = DefaultSocketPath;
        }
        else if (listen.UnixSocket is { Length: > 0 } unix)
        {
            socketPath = Path.GetFullPath(unix, baseDirectory);
        }

        if (socketPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
            if (File.Exists(socketPath))
            {
                // A socket left behind by a previous run; Kestrel cannot bind over it.
                File.Delete(socketPath);
            }
        }

        X509Certificate2? certificate = null;
        X509Certificate2Collection? clientCa = null;
        if (listen.Https is not null)
        {
            var tls = listen.Tls ?? throw new InvalidOperationException("AgentGuard:Server:Listen:Https needs Listen:Tls with a certificate.");
            var certFile = Path.GetFullPath(tls.CertificateFile, baseDirectory);
            certificate = tls.KeyFile is { Length: > 0 } key
                ? X509Certificate2.CreateFromPemFile(certFile, Path.GetFullPath(key, baseDirectory))
                : X509CertificateLoader.LoadPkcs12FromFile(certFile, null);
            if (tls.ClientCaFile is { Length: > 0 } ca)
            {
                clientCa = [];
                clientCa.ImportFromPemFile(Path.GetFullPath(ca, baseDirectory));
            }
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (socketPath is not null)
            {
                kestrel.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http2);
            }

            if (listen.Tcp is { Length: > 0 } tcp)
            {
                var endpoint = IPEndPoint.Parse(tcp);
                if (!IPAddress.IsLoopback(endpoint.Address))
                {
                    throw new InvalidOperationException($"AgentGuard:Server:Listen:Tcp '{tcp}' is not a loopback address; use Listen:Https for remote hosts.");
                }

                kestrel.Listen(endpoint, o => o.Protocols = HttpProtocols.Http2);
            }

            if (listen.Https is { Length: > 0 } https)
            {
                kestrel.Listen(IPEndPoint.Parse(https), o =>
                {
                    o.Protocols = HttpProtocols.Http2;
                    o.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = listen.Tls!.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (cert, _, _) => ValidateClient(cert, clientCa, listen.Tls.RequireClientCertificate),
                    });
                });
            }
        });
        return socketPath;
    }

    private static bool ValidateClient(X509Certificate2? certificate, X509Certificate2Collection? clientCa, bool required)
    {
        if (certificate is null)
        {
            return !required;
        }

        if (clientCa is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(clientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    private static void OnStarted(WebApplication app, string? socketPath, string? readyFile)
    {
        if (socketPath is not null && !OperatingSystem.IsWindows())
        {
            // Only the service's own user may connect; the inside key is still required on every call.
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (readyFile is not null)
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = addresses.Select(a => a.StartsWith("http://unix:", StringComparison.Ordinal) ? "unix:" + a["http://unix:".Length..] : a);
            var temp = readyFile + ".tmp";
            File.WriteAllLines(temp, lines);
            File.Move(temp, readyFile, overwrite: true);
        }
    }
}
