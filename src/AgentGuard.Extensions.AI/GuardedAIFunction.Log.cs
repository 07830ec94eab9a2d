using Microsoft.Extensions.Logging;

namespace AgentGuard;

public sealed partial class GuardedAIFunction
{
    // Event ids: 2000-2099 Microsoft.Extensions.AI adapter.
    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "AgentGuard refused {Tool}: no session (no ambient AgentGuardContext and no 'agentguard.session' property)")]
        public static partial void MissingSession(ILogger logger, string tool);

        [LoggerMessage(2002, LogLevel.Debug, "AgentGuard refused {Tool} in session {Session} ({Action}); the model reads the denial")]
        public static partial void CallRefused(ILogger logger, string tool, string session, GuardVerdict action);

        [LoggerMessage(2003, LogLevel.Information, "Backend refused {Tool} in session {Session} ({Exception}); reported to AgentGuard as denied")]
        public static partial void BackendDenied(ILogger logger, string tool, string session, string exception);

        [LoggerMessage(2004, LogLevel.Debug, "{Tool} failed in session {Session} ({Exception}); reported to AgentGuard as an error and rethrown")]
        public static partial void ToolFailed(ILogger logger, string tool, string session, string exception);

        [LoggerMessage(2005, LogLevel.Information, "AgentGuard withheld the result of {Tool} in session {Session} ({Action})")]
        public static partial void ResultWithheld(ILogger logger, string tool, string session, GuardVerdict action);

        [LoggerMessage(2006, LogLevel.Warning, "The result of {Tool} ({Type}) could not be serialized for inspection; its text is inspected instead")]
        public static partial void ResultNotSerializable(ILogger logger, string tool, string type);

        [LoggerMessage(2007, LogLevel.Warning, "AgentGuard refused {Tool}: its arguments cannot be serialized as JSON ({Exception})")]
        public static partial void ArgumentsNotSerializable(ILogger logger, string tool, string exception);

        [LoggerMessage(2008, LogLevel.Information, "{Tool} in session {Session} returned normally after a refusal ({Rule}); reported to AgentGuard as denied")]
        public static partial void RefusalSwallowed(ILogger logger, string tool, string session, string rule);
    }
}
