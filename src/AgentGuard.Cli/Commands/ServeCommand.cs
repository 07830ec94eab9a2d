using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard serve --config FILE</c>: runs the out-of-process enforcement service.</summary>
internal static class ServeCommand
{
    public static Command Create(CliIo io)
    {
        var config = new Option<string>("--config") { Description = "The service configuration (JSON; see docs/remote.md).", Required = true };
        var command = new Command("serve", "Run the enforcement service: the engine and the credential broker behind gRPC on a Unix socket, loopback TCP or TLS.")
        {
            config,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(io, parse.GetValue(config)!, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(CliIo io, string configPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(configPath))
        {
            await io.Error.WriteLineAsync($"{configPath}: no such file").ConfigureAwait(false);
            return CliIo.BadInput;
        }

        try
        {
            await using var app = AgentGuardServer.Build(configPath);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return CliIo.Ok;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PolicyValidationException or IOException or FormatException)
        {
            await io.Error.WriteLineAsync("agentguard serve: " + ex.Message).ConfigureAwait(false);
            return CliIo.BadInput;
        }
    }
}
