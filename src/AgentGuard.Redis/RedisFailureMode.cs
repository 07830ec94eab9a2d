namespace AgentGuard;

/// <summary>What decisions do while Redis cannot be reached.</summary>
public enum RedisFailureMode
{
    /// <summary>Refuse: every check that needs shared state fails, and the engine denies the call (rule <c>engine.error</c>).</summary>
    FailClosed,

    /// <summary>Allow on local knowledge: halts this replica knows of still hold, rate limits are not enforced, behavior is
    /// scored on this replica's last copy of the session and not saved.</summary>
    FailOpen,
}
