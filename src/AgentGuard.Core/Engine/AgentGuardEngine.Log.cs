using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class AgentGuardEngine
{
    // Event ids: 1000-1099 engine and pipeline.
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "AgentGuard refused {Tool} for persona {Persona} in session {Session}: {Verdict} ({Rules})")]
        public static partial void CallRefused(ILogger logger, string tool, string? persona, string session, GuardVerdict verdict, string rules);

        [LoggerMessage(1002, LogLevel.Warning, "AgentGuard halted {Target} {Id}: {Reason}")]
        public static partial void Halted(ILogger logger, HaltTarget target, string id, string reason);

        [LoggerMessage(1003, LogLevel.Information, "AgentGuard resumed {Target} {Id}")]
        public static partial void Resumed(ILogger logger, HaltTarget target, string id);

        [LoggerMessage(1004, LogLevel.Error, "AgentGuard check {Check} failed on {Tool}; failing closed")]
        public static partial void CheckFailed(ILogger logger, Exception exception, string check, string tool);

        [LoggerMessage(1005, LogLevel.Error, "AgentGuard decision listener {Listener} failed; the decision stands")]
        public static partial void ListenerFailed(ILogger logger, Exception exception, string listener);
    }
}
