using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <summary>Starts or reaches one configured backend server and opens an MCP session with it.</summary>
internal static class McpServerConnector
{
    /// <summary>Connects to a backend; its credentials are expanded here and added to <paramref name="secrets"/> first.</summary>
    public static async Task<McpClient> ConnectAsync(
        McpBackendConfig config,
        TimeSpan connectTimeout,
        McpSecretSet secrets,
        Action<string>? standardError,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        var transport = CreateTransport(config, connectTimeout, secrets, standardError, loggerFactory);
        return await McpClient.CreateAsync(
            transport,
            new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "agentguard-mcp-proxy", Version = McpGuardProxy.Version },
                InitializationTimeout = connectTimeout,

                // The probe for the handshake-free protocol revision must not give up before a slow server has started:
                // a late answer to it after the fallback handshake leaves client and server on different revisions.
                DiscoverProbeTimeout = connectTimeout,
            },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to a backend, lists its tools and disconnects; failures are described, scrubbed of credentials.</summary>
    public static async Task<(IReadOnlyList<Tool> Tools, string? Error)> ListToolsAsync(
        McpBackendConfig config,
        TimeSpan connectTimeout,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        var secrets = new McpSecretSet();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            var client = await ConnectAsync(config, connectTimeout, secrets, null, loggerFactory, timeout.Token).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var tools = await client.ListToolsAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
                return ([.. tools.Select(static t => t.ProtocolTool)], null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], $"server '{config.Name}' did not answer within {connectTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = ex is InvalidOperationException or IOException or ModelContextProtocol.McpException or System.Net.Http.HttpRequestException ? ex.Message : ex.GetType().Name;
            return ([], secrets.Scrub($"server '{config.Name}' could not be reached: {message}"));
        }
    }

    private static IClientTransport CreateTransport(McpBackendConfig config, TimeSpan connectTimeout, McpSecretSet secrets, Action<string>? standardError, ILoggerFactory? loggerFactory)
    {
        foreach (var value in config.Environment.Values.Concat(config.Headers.Values))
        {
            secrets.Add(McpGatewayConfig.Expand(value));
        }

        if (config.Command is { } command)
        {
            var environment = config.InheritEnvironment
                ? new Dictionary<string, string?>(StringComparer.Ordinal)
                : StdioClientTransportOptions.GetDefaultEnvironmentVariables();
            foreach (var (key, value) in config.Environment)
            {
                environment[key] = McpGatewayConfig.Expand(value);
            }

            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = config.Name,
                    Command = McpGatewayConfig.Expand(command),
                    Arguments = [.. config.Arguments.Select(a => McpGatewayConfig.Expand(a))],
                    WorkingDirectory = config.WorkingDirectory,
                    InheritEnvironmentVariables = config.InheritEnvironment,
                    EnvironmentVariables = environment,
                    ShutdownTimeout = TimeSpan.FromSeconds(2),
                    StandardErrorLines = standardError,
                },
                loggerFactory);
        }

        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = config.Name,
                Endpoint = new Uri(McpGatewayConfig.Expand(config.Url!)),
                TransportMode = config.Transport,
                ConnectionTimeout = connectTimeout,
                AdditionalHeaders = config.Headers.ToDictionary(static h => h.Key, static h => McpGatewayConfig.Expand(h.Value), StringComparer.OrdinalIgnoreCase),
                MaxReconnectionAttempts = 0,
            },
            loggerFactory);
    }
}
