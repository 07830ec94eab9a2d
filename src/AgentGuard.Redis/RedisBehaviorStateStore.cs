using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentGuard;

/// <summary>Sessions' behavior state in Redis: one hash per session (a version token and the serialized
/// <see cref="BehaviorState"/>), updated by optimistic compare-and-set.</summary>
/// <remarks>
/// <para>An update runs on this replica's last copy of the session and is written by one Lua script only if the stored
/// version is still the one that copy came from. When another replica changed the session first, the script answers
/// with the current version and state in the same round trip and the update runs again on that (so it may run more than
/// once, as <see cref="IBehaviorStateStore"/> allows). A session served by one replica at a time costs one round trip
/// per update; each lost race costs one more (after the second, with a short random pause). Version tokens are random, so a session that expired and was created again
/// can never be mistaken for the copy a replica still holds.</para>
/// <para>Updates of one session on one replica are serialized locally (striped locks), so only replicas race each
/// other. Keys expire after <see cref="BehaviorOptions.SessionIdleTimeout"/> without an update. Thread-safe.</para>
/// </remarks>
public sealed class RedisBehaviorStateStore : IBehaviorStateStore, IDisposable
{
    private const int Stripes = 256;
    private readonly RedisStateConnection _connection;
    private readonly long _idleMilliseconds;
    private readonly SemaphoreSlim[] _stripes = new SemaphoreSlim[Stripes];
    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="RedisBehaviorStateStore"/> class.</summary>
    /// <param name="connection">The replica's connection to shared state.</param>
    /// <param name="behavior">The behavior options (the idle timeout after which a session's state expires).</param>
    public RedisBehaviorStateStore(RedisStateConnection connection, IOptions<BehaviorOptions> behavior)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _idleMilliseconds = (long)(behavior ?? throw new ArgumentNullException(nameof(behavior))).Value.SessionIdleTimeout.TotalMilliseconds;
        for (var i = 0; i < Stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <inheritdoc />
    public async ValueTask<TResult> UpdateAsync<TArgument, TResult>(
        string sessionId,
        DateTimeOffset now,
        Func<BehaviorState, TArgument, TResult> update,
        TArgument argument,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(update);
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(sessionId) % Stripes)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await UpdateCoreAsync(sessionId, update, argument, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        _copies.TryRemove(sessionId, out _);
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            var removed = await db.KeyDeleteAsync(_connection.Keys.Behavior(sessionId)).ConfigureAwait(false);
            _connection.OnSuccess();
            return removed;
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            _connection.OnFailure(ex, "remove_behavior");
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    private async ValueTask<TResult> UpdateCoreAsync<TArgument, TResult>(
        string sessionId, Func<BehaviorState, TArgument, TResult> update, TArgument argument, CancellationToken cancellationToken)
    {
        // The copy is taken out while it is worked on: an update that throws or is not saved leaves nothing stale behind.
        _copies.TryRemove(sessionId, out var copy);
        var key = _connection.Keys.Behavior(sessionId);
        var attempts = _connection.Options.MaxBehaviorAttempts;
        for (var attempt = 1; ; attempt++)
        {
            var state = copy?.State ?? new BehaviorState();
            var expected = copy?.Version ?? string.Empty;
            var result = update(state, argument);
            var version = NewVersion();
            RedisResult[] answer;
            try
            {
                var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
                answer = (RedisResult[])(await db.ScriptEvaluateAsync(
                    RedisScripts.CompareAndSetBehavior,
                    [key],
                    [expected, version, state.Serialize(), _idleMilliseconds]).ConfigureAwait(false))!;
                _connection.OnSuccess();
            }
            catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
            {
                _connection.OnFailure(ex, "update_behavior");
                // Fail open: scored on this replica's copy, kept here under its old version so the evidence is written
                // when Redis returns, unless another replica changed the session meanwhile (then the stored state wins).
                Keep(sessionId, new Copy(expected, state));
                return result;
            }

            if ((int)answer[0] == 1)
            {
                Keep(sessionId, new Copy(version, state));
                return result;
            }

            RedisStateTelemetry.Conflicts.Add(1);
            if (attempt >= attempts)
            {
                RedisStateLog.BehaviorContention(_connection.Logger, sessionId, attempt);
                throw new RedisStateUnavailableException($"The behavior state of a session changed on other replicas {attempt} times in a row; the update is refused.");
            }

            if (attempt > 2)
            {
                // The replica that won holds the newest copy and is quicker to go again; a short random pause lets a
                // repeated loser through instead of starving it.
                await Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 8)), cancellationToken).ConfigureAwait(false);
            }

            var storedVersion = (string?)answer[1] ?? string.Empty;
            var stored = (byte[]?)answer[2];
            copy = storedVersion.Length == 0 || stored is null || stored.Length == 0
                ? null
                : new Copy(storedVersion, BehaviorState.Deserialize(stored));
        }
    }

    private void Keep(string sessionId, Copy copy)
    {
        var capacity = _connection.Options.MaxCachedSessions;
        if (capacity == 0)
        {
            return;
        }

        if (_copies.Count >= capacity)
        {
            _copies.Clear(); // a bound, not a policy: a missing copy costs one extra round trip
        }

        _copies[sessionId] = copy;
    }

    private static string NewVersion()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    private sealed record Copy(string Version, BehaviorState State);
}
