using Microsoft.Extensions.Logging;

namespace AgentGuard;

internal sealed partial class KernelCallGuard
{
    // Event ids: 2100-2199 Semantic Kernel adapter.
    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Warning, "AgentGuard refused {Tool}: no session (no ambient AgentGuardContext)")]
        public static partial void MissingSession(ILogger logger, string tool);

        [LoggerMessage(2102, LogLevel.Debug, "AgentGuard refused {Tool} in session {Session} ({Action}); the model reads the denial")]
        public static partial void CallRefused(ILogger logger, string tool, string session, GuardVerdict action);

        [LoggerMessage(2103, LogLevel.Information, "Backend refused {Tool} in session {Session} ({Exception}); reported to AgentGuard as denied")]
        public static partial void BackendDenied(ILogger logger, string tool, string session, string exception);

        [LoggerMessage(2104, LogLevel.Debug, "{Tool} failed in session {Session} ({Exception}); reported to AgentGuard as an error and rethrown")]
        public static partial void FunctionFailed(ILogger logger, string tool, string session, string exception);

        [LoggerMessage(2105, LogLevel.Information, "AgentGuard withheld the result of {Tool} in session {Session} ({Action})")]
        public static partial void ResultWithheld(ILogger logger, string tool, string session, GuardVerdict action);

        [LoggerMessage(2106, LogLevel.Warning, "The result of {Tool} ({Type}) could not be serialized for inspection; its text is inspected instead")]
        public static partial void ResultNotSerializable(ILogger logger, string tool, string type);

        [LoggerMessage(2107, LogLevel.Warning, "AgentGuard refused {Tool}: its arguments cannot be serialized as JSON ({Exception})")]
        public static partial void ArgumentsNotSerializable(ILogger logger, string tool, string exception);

        [LoggerMessage(2108, LogLevel.Information, "{Tool} in session {Session} returned normally after a refusal ({Rule}); reported to AgentGuard as denied")]
        public static partial void RefusalSwallowed(ILogger logger, string tool, string session, string rule);
    }
}
