using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class GuardedMcpClient
{
    // Event ids: 3000-3099 Model Context Protocol.
    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Warning, "MCP server {Server}: tool '{Tool}' refused ({Rule}): {Reason}")]
        public static partial void ToolRefused(ILogger logger, string server, string tool, string rule, string reason);

        [LoggerMessage(3002, LogLevel.Error, "MCP server {Server}: the tool list changed and could not be verified again ({Exception}); all its tools are refused")]
        public static partial void RefreshFailed(ILogger logger, string server, string exception);
    }
}
