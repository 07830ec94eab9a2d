using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <summary>The Redis state's log lines.</summary>
internal static partial class RedisStateLog
{
    // Event ids: 4500-4599 shared state in Redis.
    [LoggerMessage(4501, LogLevel.Error, "AgentGuard shared state (Redis) is unavailable during {Operation}; decisions now {Mode} until it returns")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, string mode);

    [LoggerMessage(4502, LogLevel.Information, "AgentGuard shared state (Redis) is available again; decisions use shared state")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(4503, LogLevel.Warning, "AgentGuard lost its Redis {ConnectionType} connection to {Endpoint} ({FailureType}); local halt cache dropped")]
    public static partial void ConnectionFailed(ILogger logger, string connectionType, string endpoint, string failureType);

    [LoggerMessage(4504, LogLevel.Information, "AgentGuard restored its Redis {ConnectionType} connection to {Endpoint}")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType, string endpoint);

    [LoggerMessage(4505, LogLevel.Warning, "AgentGuard could not subscribe to halt notifications on Redis; halts are read from Redis on every call until it can")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(4506, LogLevel.Warning, "AgentGuard kept halt of {Target} {Id} locally because Redis is unavailable; it is written to Redis when Redis returns")]
    public static partial void HaltKeptLocally(ILogger logger, HaltTarget target, string id);

    [LoggerMessage(4507, LogLevel.Error, "AgentGuard behavior update of session {Session} lost {Attempts} races with other replicas; failing the update")]
    public static partial void BehaviorContention(ILogger logger, string session, int attempts);
}
