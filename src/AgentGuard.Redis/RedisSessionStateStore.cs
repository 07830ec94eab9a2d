using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace AgentGuard;

/// <summary>Halts and rate-limit windows in Redis, shared by every replica that uses the same Redis and key prefix.</summary>
/// <remarks>
/// <para>Rate permits are taken by one Lua script per call (both windows, all or nothing), so replicas racing on the
/// last permit of a window let exactly one through. Halts are set and lifted by scripts that also publish on the halt
/// channel; each replica caches what it learned about a halt and drops it when the channel says it changed.</para>
/// <para>A halt that cannot be written while Redis is down is kept by this replica (it keeps refusing the session) and
/// written when Redis returns. Thread-safe.</para>
/// </remarks>
public sealed class RedisSessionStateStore : ISessionStateStore
{
    private readonly RedisStateConnection _connection;
    private readonly ConcurrentDictionary<(HaltTarget Target, string Id), HaltRecord> _unsaved = new();

    /// <summary>Initializes a new instance of the <see cref="RedisSessionStateStore"/> class.</summary>
    /// <param name="connection">The replica's connection to shared state.</param>
    public RedisSessionStateStore(RedisStateConnection connection)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _connection.Recovered += () => _ = SaveUnsavedAsync();
    }

    /// <summary>Gets how many halts this replica holds that Redis has not yet recorded.</summary>
    public int UnsavedHalts => _unsaved.Count;

    /// <inheritdoc />
    public ValueTask<HaltRecord?> GetHaltAsync(string sessionId, string? agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!_unsaved.IsEmpty && FindUnsaved(sessionId, agentId) is { } unsaved)
        {
            return new(unsaved);
        }

        var halts = _connection.Halts;
        var generation = halts.Generation;
        if (halts.TryGet(HaltTarget.Session, sessionId, out var session))
        {
            if (session is not null)
            {
                return new(session);
            }

            if (agentId is null)
            {
                return new((HaltRecord?)null);
            }

            if (halts.TryGet(HaltTarget.Agent, agentId, out var agent))
            {
                return new(agent);
            }
        }

        return ReadHaltAsync(sessionId, agentId, generation, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetHaltAsync(HaltTarget target, string id, HaltRecord record, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var created = await WriteHaltAsync(target, id, record).ConfigureAwait(false);
            _connection.OnSuccess();
            return created;
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            // A halt is never lost to an outage: this replica keeps refusing and writes it when Redis returns.
            var created = _unsaved.TryAdd((target, id), record);
            RedisStateLog.HaltKeptLocally(_connection.Logger, target, id);
            RecordFailure(ex, "set_halt");
            return created;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ClearHaltAsync(HaltTarget target, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            var keys = _connection.Keys;
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.ClearHalt,
                [keys.Halt(target, id)],
                [keys.HaltChannel.ToString(), RedisKeys.HaltMessage(target, id)]).ConfigureAwait(false);
            _connection.Halts.Invalidate(target, id);
            _connection.OnSuccess();
            var local = _unsaved.TryRemove((target, id), out _); // only once every replica can see the resume
            return (int)result == 1 || local;
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            // Resuming is a human's deliberate act: it must reach every replica, so an outage always fails it.
            _connection.OnFailure(ex, "clear_halt");
            throw new RedisStateUnavailableException("The halt could not be lifted because Redis is unavailable; try again when it returns.", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<RateLimitOutcome> AcquireRateAsync(RateKey key, RateLimit limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var ticks = now.UtcTicks;
        var expiry = limit.PerHour is not null ? TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.AcquireRate,
                [_connection.Keys.Rate(key)],
                [
                    limit.PerMinute ?? -1,
                    (ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture),
                    limit.PerHour ?? -1,
                    (ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture),
                    (long)expiry.TotalMilliseconds,
                ]).ConfigureAwait(false);
            _connection.OnSuccess();
            if (result.Resp2Type != ResultType.Array)
            {
                return RateLimitOutcome.Permit;
            }

            var refusal = (RedisResult[])result!;
            return new RateLimitOutcome(false, (string?)refusal[1], (int)refusal[2]);
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            RecordFailure(ex, "acquire_rate");
            return RateLimitOutcome.Permit; // fail open: reached only when the options say so
        }
    }

    private async ValueTask<HaltRecord?> ReadHaltAsync(string sessionId, string? agentId, long generation, CancellationToken cancellationToken)
    {
        var keys = _connection.Keys;
        RedisValue[] values;
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            values = agentId is null
                ? [await db.StringGetAsync(keys.Halt(HaltTarget.Session, sessionId)).ConfigureAwait(false)]
                : await db.StringGetAsync([keys.Halt(HaltTarget.Session, sessionId), keys.Halt(HaltTarget.Agent, agentId)]).ConfigureAwait(false);
            _connection.OnSuccess();
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            RecordFailure(ex, "get_halt");
            return null; // fail open: this replica's unsaved halts were consulted already
        }

        var session = Parse(values[0]);
        _connection.Halts.Set(HaltTarget.Session, sessionId, session, generation);
        if (agentId is null)
        {
            return session;
        }

        var agent = Parse(values[1]);
        _connection.Halts.Set(HaltTarget.Agent, agentId, agent, generation);
        return session ?? agent;
    }

    private async Task<bool> WriteHaltAsync(HaltTarget target, string id, HaltRecord record)
    {
        var db = await _connection.GetDatabaseAsync(CancellationToken.None).ConfigureAwait(false);
        var keys = _connection.Keys;
        var json = JsonSerializer.SerializeToUtf8Bytes(record, RedisStateJsonContext.Default.HaltRecord);
        var result = await db.ScriptEvaluateAsync(
            RedisScripts.SetHalt,
            [keys.Halt(target, id)],
            [json, keys.HaltChannel.ToString(), RedisKeys.HaltMessage(target, id)]).ConfigureAwait(false);
        _connection.Halts.Invalidate(target, id);
        return (int)result == 1;
    }

    private async Task SaveUnsavedAsync()
    {
        foreach (var ((target, id), record) in _unsaved)
        {
            try
            {
                await WriteHaltAsync(target, id, record).ConfigureAwait(false);
                _unsaved.TryRemove(new KeyValuePair<(HaltTarget, string), HaltRecord>((target, id), record));
            }
            catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
            {
                return; // still down: the next recovery tries again
            }
        }
    }

    private HaltRecord? FindUnsaved(string sessionId, string? agentId) =>
        _unsaved.TryGetValue((HaltTarget.Session, sessionId), out var halt) ? halt
        : agentId is not null && _unsaved.TryGetValue((HaltTarget.Agent, agentId), out halt) ? halt
        : null;

    private void RecordFailure(Exception exception, string operation)
    {
        try
        {
            _connection.OnFailure(exception, operation);
        }
        catch (RedisStateUnavailableException) when (operation == "set_halt")
        {
            // The halt is kept locally; the call that raised it is refused by its own verdict.
        }
    }

    private static HaltRecord? Parse(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisStateJsonContext.Default.HaltRecord);
}
