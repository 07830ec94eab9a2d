using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <content>Logging.</content>
public sealed partial class RemoteAgentGuard
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "AgentGuard enforcement service unavailable for {Method}; retry {Attempt} in {DelayMs:F0} ms")]
        public static partial void Retrying(ILogger logger, string method, int attempt, double delayMs);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "AgentGuard enforcement service could not decide tool {Tool} in session {Session} ({Status}: {Detail}); denied (fail closed)")]
        public static partial void FailedClosed(ILogger logger, string tool, string session, GrpcStatusCode status, string detail);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Critical, Message = "ALERT: AgentGuard enforcement service could not decide tool {Tool} in session {Session} ({Status}); allowed because the tool fails open")]
        public static partial void FailedOpen(ILogger logger, string tool, string session, GrpcStatusCode status);
    }
}
