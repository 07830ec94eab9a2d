namespace AgentGuard;

/// <summary>Where sessions' behavior state lives; every update is an atomic read-modify-write of one session's state.</summary>
/// <remarks>
/// <para>In memory by default (<see cref="InMemoryBehaviorStateStore"/>). A shared store (Redis) keeps each session's
/// state as one value (<see cref="BehaviorState.Serialize"/>) and runs <c>update</c> under optimistic concurrency
/// (read, update, compare-and-set, retry on conflict), so an update may run more than once: it must change nothing but
/// the state it is given, and return what the caller needs.</para>
/// <para>Implementations are thread-safe: two concurrent updates of one session never interleave, and neither is lost.
/// Synchronous completion is expected in memory so the allow path does not allocate.</para>
/// </remarks>
public interface IBehaviorStateStore
{
    /// <summary>Runs <paramref name="update"/> on the session's state, creating an empty state first when there is none.</summary>
    /// <typeparam name="TArgument">The type of the update's input.</typeparam>
    /// <typeparam name="TResult">The type of the update's output.</typeparam>
    /// <param name="sessionId">The session.</param>
    /// <param name="now">The evaluation time (for idle expiry).</param>
    /// <param name="update">The update; it runs alone on the state and must not keep a reference to it.</param>
    /// <param name="argument">The update's input.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What the update returned.</returns>
    ValueTask<TResult> UpdateAsync<TArgument, TResult>(
        string sessionId,
        DateTimeOffset now,
        Func<BehaviorState, TArgument, TResult> update,
        TArgument argument,
        CancellationToken cancellationToken);

    /// <summary>Forgets a session's behavior state.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when there was state to forget.</returns>
    ValueTask<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken);
}
