namespace AgentGuard;

/// <summary>The defaults of <see cref="RedisStateOptions"/>.</summary>
internal static class RedisStateDefaults
{
    public const string KeyPrefix = "agentguard:";
    public const RedisFailureMode FailureMode = RedisFailureMode.FailClosed;
    public const int MaxBehaviorAttempts = 32;
    public const int MaxCachedSessions = 100_000;
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HaltCacheDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(500);
}
