namespace AgentGuard;

/// <summary>Thrown by the Redis stores when shared state cannot be read or written and <see cref="RedisFailureMode.FailClosed"/>
/// applies; the engine turns it into a refusal (rule <c>engine.error</c>).</summary>
public sealed class RedisStateUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RedisStateUnavailableException"/> class.</summary>
    public RedisStateUnavailableException()
        : base("AgentGuard's shared state (Redis) is unavailable; failing closed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisStateUnavailableException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RedisStateUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisStateUnavailableException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The Redis failure.</param>
    public RedisStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
