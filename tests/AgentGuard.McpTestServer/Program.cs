using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGuard.McpTestServer;

/// <summary>The test MCP server.</summary>
/// <remarks>Arguments: <c>--tools FILE</c> (watched; a change sends <c>notifications/tools/list_changed</c>),
/// <c>--name NAME</c>, <c>--hang-on-start</c> (never answers), <c>--exit-on-start CODE</c>.</remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? toolsPath = null;
        var name = "test-server";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--tools":
                    toolsPath = args[++i];
                    break;
                case "--name":
                    name = args[++i];
                    break;
                case "--hang-on-start":
                    await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
                    return 0;
                case "--exit-on-start":
                    await Console.Error.WriteLineAsync("test server: exiting at start on purpose").ConfigureAwait(false);
                    return int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var state = new ToolState(toolsPath);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = name, Version = "1.0.0" },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. state.Current.Select(static t => t.Tool)] }),
                CallToolHandler = async (request, cancellationToken) =>
                {
                    var call = request.Params ?? throw new McpProtocolException("missing parameters", McpErrorCode.InvalidParams);
                    var tool = state.Current.FirstOrDefault(t => t.Tool.Name == call.Name)
                        ?? throw new McpProtocolException($"unknown tool '{call.Name}'", McpErrorCode.InvalidParams);
                    return await Behaviors.RunAsync(tool, call, cancellationToken).ConfigureAwait(false);
                },
            },
        };

        await using var transport = new StdioServerTransport(options, loggerFactory: null);
        await using var server = McpServer.Create(transport, options);
        using var stop = new CancellationTokenSource();
        var watcher = state.WatchAsync(() => server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, stop.Token), stop.Token);
        await server.RunAsync().ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await watcher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
