using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <content>Logging.</content>
internal sealed partial class EnforcementService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "Enforcement call to {Path} with a missing or invalid key")]
        public static partial void Unauthenticated(ILogger logger, string? path);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Agent {Agent} claimed persona {Persona}, which its key does not fix; refused")]
        public static partial void PersonaClaimRefused(ILogger logger, string agent, string persona);

        [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "Agent {Agent} presented a grant not issued to it (or expired) for backend {Backend}; refused")]
        public static partial void GrantRefused(ILogger logger, string agent, string backend);

        [LoggerMessage(EventId = 7204, Level = LogLevel.Information, Message = "Operator {Operator} resumed {Target} {Id}")]
        public static partial void Resumed(ILogger logger, string @operator, HaltTarget target, string id);
    }
}
