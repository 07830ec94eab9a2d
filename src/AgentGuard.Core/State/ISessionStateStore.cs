namespace AgentGuard;

/// <summary>Where per-session state lives: halt flags and rate-limit windows (behavior state plugs in alongside).</summary>
/// <remarks>
/// In memory by default; a shared store (Redis) lets several agent or service replicas see one picture. Every
/// operation that decides (rate permits) is atomic. Implementations are thread-safe. Synchronous completion is
/// expected on the in-memory path so the allow path does not allocate.
/// </remarks>
public interface ISessionStateStore
{
    /// <summary>Gets the halt in force for a session or its agent, if any (the session's is returned first).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="agentId">The agent instance, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The halt, or <see langword="null"/>.</returns>
    ValueTask<HaltRecord?> GetHaltAsync(string sessionId, string? agentId, CancellationToken cancellationToken);

    /// <summary>Records a halt; an existing halt is kept (the first reason stands).</summary>
    /// <param name="target">Session or agent.</param>
    /// <param name="id">The session or agent id.</param>
    /// <param name="record">The halt.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when this call created the halt.</returns>
    ValueTask<bool> SetHaltAsync(HaltTarget target, string id, HaltRecord record, CancellationToken cancellationToken);

    /// <summary>Lifts a halt.</summary>
    /// <param name="target">Session or agent.</param>
    /// <param name="id">The session or agent id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a halt was lifted.</returns>
    ValueTask<bool> ClearHaltAsync(HaltTarget target, string id, CancellationToken cancellationToken);

    /// <summary>Atomically takes one permit from every window of <paramref name="limit"/> for <paramref name="key"/>, or none.</summary>
    /// <param name="key">The partition: persona, user and tool.</param>
    /// <param name="limit">The limits.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the call may proceed, and which window refused it.</returns>
    ValueTask<RateLimitOutcome> AcquireRateAsync(RateKey key, RateLimit limit, DateTimeOffset now, CancellationToken cancellationToken);
}
