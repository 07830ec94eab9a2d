using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class AuditTrail
{
    // Event ids: 1100-1199 audit.
    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Warning, "AgentGuard audit dropped a record because {Why} ({Dropped} dropped so far); a 'dropped' notice follows in the trail")]
        public static partial void RecordsDropped(ILogger logger, string why, long dropped);

        [LoggerMessage(1102, LogLevel.Error, "AgentGuard audit sink {Sink} failed to write {Count} record(s)")]
        public static partial void SinkFailed(ILogger logger, Exception exception, string sink, int count);

        [LoggerMessage(1103, LogLevel.Information, "AgentGuard audit sinks recovered")]
        public static partial void SinksRecovered(ILogger logger);

        [LoggerMessage(1104, LogLevel.Error, "AgentGuard audit trail did not drain within {Timeout}; {Count} queued record(s) were lost")]
        public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout, int count);
    }
}
