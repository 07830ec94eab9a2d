using System.ComponentModel.DataAnnotations;

namespace AgentGuard;

/// <summary>Options for AgentGuard's shared state in Redis.</summary>
public sealed class RedisStateOptions
{
    /// <summary>Gets or sets the StackExchange.Redis configuration string, for example <c>localhost:6379</c> or
    /// <c>redis1:6379,redis2:6379,password=…,ssl=true</c>.</summary>
    /// <value>The default value is <see langword="null"/> (required).</value>
    [Required]
    [MinLength(1)]
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key and of the halt channel, so several deployments can share one Redis.</summary>
    /// <value>The default value is <c>agentguard:</c>.</value>
    [Required]
    [MinLength(1)]
    [MaxLength(128)]
    public string KeyPrefix { get; set; } = RedisStateDefaults.KeyPrefix;

    /// <summary>Gets or sets what decisions do while Redis cannot be reached.</summary>
    /// <remarks>Security: <see cref="RedisFailureMode.FailOpen"/> lets calls through without rate limits or shared behavior
    /// scoring during an outage; choose it only where availability matters more than enforcement.</remarks>
    /// <value>The default value is <see cref="RedisFailureMode.FailClosed"/>.</value>
    [EnumDataType(typeof(RedisFailureMode))]
    public RedisFailureMode FailureMode { get; set; } = RedisStateDefaults.FailureMode;

    /// <summary>Gets or sets how long one Redis operation may take before it counts as an outage.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OperationTimeout { get; set; } = RedisStateDefaults.OperationTimeout;

    /// <summary>Gets or sets how long a connection attempt may take.</summary>
    /// <value>The default value is 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = RedisStateDefaults.ConnectTimeout;

    /// <summary>Gets or sets how often a lost connection is retried.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReconnectInterval { get; set; } = RedisStateDefaults.ReconnectInterval;

    /// <summary>Gets or sets how long this replica trusts what it learned about a halt (present or absent) without asking
    /// Redis again; halts and resumes published by any replica invalidate it at once. <see cref="TimeSpan.Zero"/> asks
    /// Redis on every call.</summary>
    /// <remarks>The cache is dropped whenever the connection fails or is restored, so a missed invalidation can only
    /// outlive a dropped message for this long.</remarks>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HaltCacheDuration { get; set; } = RedisStateDefaults.HaltCacheDuration;

    /// <summary>Gets or sets how many times one behavior update is tried when other replicas keep changing the session.</summary>
    /// <value>The default value is 32.</value>
    [Range(1, 1000)]
    public int MaxBehaviorAttempts { get; set; } = RedisStateDefaults.MaxBehaviorAttempts;

    /// <summary>Gets or sets how many sessions' behavior state and halts this replica caches locally.</summary>
    /// <value>The default value is 100000.</value>
    [Range(0, 10_000_000)]
    public int MaxCachedSessions { get; set; } = RedisStateDefaults.MaxCachedSessions;

    /// <summary>Gets or sets a value indicating whether the connection reads replies on StackExchange.Redis's own
    /// dedicated socket threads instead of the .NET thread pool.</summary>
    /// <remarks>The thread pool is the default because a decision awaits its replies: completing them on a pool thread
    /// saves a hand-over between threads per round trip, which on a busy machine measured as most of a decision's time
    /// (two awaited round trips over loopback, median 85 µs on the pool against 440 µs on the dedicated threads, on two
    /// loaded cores). Choose the dedicated threads in a process whose thread pool may be starved by blocking code: there
    /// the replies (and with them every decision) would wait for a free pool thread and could time out.</remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DedicatedSocketThreads { get; set; }
}
