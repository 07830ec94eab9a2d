using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class McpGuardProxy
{
    private static partial class Log
    {
        [LoggerMessage(3040, LogLevel.Information, "AgentGuard refused {Tool} ({Action}): {Reason}")]
        public static partial void CallRefused(ILogger logger, string tool, GuardVerdict action, string reason);

        [LoggerMessage(3041, LogLevel.Information, "AgentGuard withheld the result of {Tool} ({Action}): {Reason}")]
        public static partial void ResultWithheld(ILogger logger, string tool, GuardVerdict action, string reason);

        [LoggerMessage(3042, LogLevel.Warning, "The result of {Tool} carried the backend's own credential ({Count} time(s)); it was scrubbed before inspection")]
        public static partial void CredentialScrubbed(ILogger logger, string tool, int count);

        [LoggerMessage(3043, LogLevel.Debug, "Telling the host that the tool list changed failed ({Exception})")]
        public static partial void NotifyFailed(ILogger logger, string exception);
    }
}
