using Microsoft.Extensions.Logging;

namespace AgentGuard;

internal sealed partial class McpBackend
{
    private static partial class Log
    {
        [LoggerMessage(3020, LogLevel.Information, "MCP server {Server} connected: {Approved} tool(s) approved, {Refused} refusal(s)")]
        public static partial void Connected(ILogger logger, string server, int approved, int refused);

        [LoggerMessage(3021, LogLevel.Warning, "MCP server {Server} is unavailable: {Reason}")]
        public static partial void Unavailable(ILogger logger, string server, string reason);

        [LoggerMessage(3022, LogLevel.Warning, "MCP server {Server}: tool '{Tool}' refused ({Rule}): {Reason}")]
        public static partial void ToolRefused(ILogger logger, string server, string tool, string rule, string reason);

        [LoggerMessage(3023, LogLevel.Information, "MCP server {Server} changed its tools: {Approved} approved, {Refused} refusal(s)")]
        public static partial void ListChanged(ILogger logger, string server, int approved, int refused);

        [LoggerMessage(3024, LogLevel.Warning, "MCP server {Server} did not answer {Tool} within {Seconds} s")]
        public static partial void CallTimedOut(ILogger logger, string server, string tool, double seconds);

        [LoggerMessage(3025, LogLevel.Debug, "MCP server {Server} stderr: {Line}")]
        public static partial void ServerOutput(ILogger logger, string server, string line);

        [LoggerMessage(3026, LogLevel.Debug, "MCP server {Server}: closing the connection failed ({Exception})")]
        public static partial void CloseFailed(ILogger logger, string server, string exception);
    }
}
