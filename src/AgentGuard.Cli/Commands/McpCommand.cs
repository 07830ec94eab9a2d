using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard mcp pin|scan|proxy</c>: the trusted tool registry and the guarding MCP proxy.</summary>
internal static class McpCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("mcp", "Model Context Protocol: pin and scan servers' tools, run the guarding proxy.");
        command.Subcommands.Add(McpPinCommand.Create(io));
        command.Subcommands.Add(McpScanCommand.Create(io));
        command.Subcommands.Add(CreateProxy(io));
        return command;
    }

    /// <summary>Reads the gateway configuration, printing every problem on failure.</summary>
    internal static McpGatewayConfig? ReadConfig(CliIo io, string path)
    {
        try
        {
            return McpGatewayConfigReader.ReadFile(path);
        }
        catch (InvalidDataException ex)
        {
            io.Error.WriteLine(ex.Message);
            return null;
        }
    }

    /// <summary>Selects the configured servers named on the command line (all when none is named).</summary>
    internal static IReadOnlyList<McpBackendConfig>? SelectServers(CliIo io, McpGatewayConfig config, string[]? names)
    {
        if (names is not { Length: > 0 })
        {
            return config.Servers;
        }

        var unknown = names.Where(n => config.Servers.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            io.Error.WriteLine($"{config.SourcePath}: error: no server named {string.Join(", ", unknown.Select(static u => $"'{u}'"))}");
            return null;
        }

        return [.. config.Servers.Where(s => names.Contains(s.Name, StringComparer.Ordinal))];
    }

    private static Command CreateProxy(CliIo io)
    {
        var config = new Option<string>("--config") { Description = "The gateway configuration (gateway.yaml).", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug details (to standard error; standard output is the MCP channel)." };
        var command = new Command("proxy", "Serve MCP over stdio in front of the configured servers, guarding every tool call.")
        {
            config,
            verbose,
        };
        command.SetAction((parse, cancellationToken) => RunProxyAsync(io, parse.GetValue(config)!, parse.GetValue(verbose), cancellationToken));
        return command;
    }

    internal static async Task<int> RunProxyAsync(CliIo io, string configPath, bool verbose, CancellationToken cancellationToken)
    {
        if (ReadConfig(io, configPath) is not { } config)
        {
            return CliIo.BadInput;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(static o => o.SingleLine = true)
            .AddConsole(static o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddMcpGateway(config);
        await using var provider = services.BuildServiceProvider();
        McpGuardProxy proxy;
        try
        {
            // Resolving the engine builds and validates the policy: refuse to serve with a broken one.
            provider.GetRequiredService<IAgentGuard>();
            proxy = provider.GetRequiredService<McpGuardProxy>();
        }
        catch (PolicyValidationException ex)
        {
            PolicyLoading.WriteProblems(io.Error, ex.Errors);
            return CliIo.BadInput;
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Security.Cryptography.CryptographicException or IOException)
        {
            await io.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return CliIo.BadInput;
        }

        await using var transport = new StdioServerTransport("agentguard-mcp-proxy", provider.GetService<ILoggerFactory>());
        await proxy.RunAsync(transport, cancellationToken).ConfigureAwait(false);
        return CliIo.Ok;
    }
}
