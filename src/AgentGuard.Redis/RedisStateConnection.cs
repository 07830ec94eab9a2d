using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentGuard;

/// <summary>One replica's connection to the shared state: the multiplexer, the halt channel and its local halt cache,
/// and the availability that decides fail-closed or fail-open.</summary>
/// <remarks>
/// Thread-safe; one instance serves the three Redis stores of a replica. It connects on first use and reconnects on its
/// own: commands issued while the connection is down fail at once (no backlog), are counted in
/// <c>agentguard.state.failures</c> and logged once per outage, and the first command that succeeds afterwards ends the
/// outage. Dispose it with the container.
/// </remarks>
public sealed class RedisStateConnection : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly ILogger _logger;
    private ConnectionMultiplexer? _multiplexer;
    private IDatabase? _database;
    private int _unavailable;
    private int _subscribing;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="RedisStateConnection"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock of the local halt cache.</param>
    public RedisStateConnection(IOptions<RedisStateOptions> options, ILogger<RedisStateConnection>? logger = null, TimeProvider? timeProvider = null)
    {
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(Options.Configuration, "options.Configuration");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Keys = new RedisKeys(Options.KeyPrefix);
        Halts = new HaltCache(timeProvider ?? TimeProvider.System, Options.HaltCacheDuration, Options.MaxCachedSessions);
        ModeName = Options.FailureMode == RedisFailureMode.FailClosed ? "fail closed" : "fail open";
    }

    /// <summary>Gets the options.</summary>
    public RedisStateOptions Options { get; }

    /// <summary>Gets a value indicating whether the last operation on shared state succeeded.</summary>
    public bool IsAvailable => Volatile.Read(ref _unavailable) == 0;

    internal RedisKeys Keys { get; }

    internal HaltCache Halts { get; }

    internal string ModeName { get; }

    internal ILogger Logger => _logger;

    /// <summary>Raised (on a thread pool thread) when shared state is reachable again after an outage.</summary>
    internal event Action? Recovered;

    /// <summary>Connects now rather than on the first decision (a failed connection keeps retrying in the background).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the first connection attempt ended.</returns>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default) =>
        _ = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Measures the Redis memory (<c>MEMORY USAGE</c>) of the keys one session holds: its behavior state and its
    /// session halt (rate windows are per persona, user and tool, and are measured with <see cref="MeasureRateAsync"/>).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Bytes, as Redis reports them.</returns>
    public async ValueTask<long> MeasureSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var db = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await MemoryUsageAsync(db, Keys.Behavior(sessionId)).ConfigureAwait(false)
            + await MemoryUsageAsync(db, Keys.Halt(HaltTarget.Session, sessionId)).ConfigureAwait(false)
            + await MemoryUsageAsync(db, Keys.SessionHandles(sessionId)).ConfigureAwait(false);
    }

    /// <summary>Measures the Redis memory of one rate-limit partition's windows.</summary>
    /// <param name="key">The partition.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Bytes, as Redis reports them.</returns>
    public async ValueTask<long> MeasureRateAsync(RateKey key, CancellationToken cancellationToken = default)
    {
        var db = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await MemoryUsageAsync(db, Keys.Rate(key)).ConfigureAwait(false);
    }

    internal ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var database = Volatile.Read(ref _database);
        return database is not null ? new(database) : ConnectCoreAsync(cancellationToken);
    }

    /// <summary>Whether an exception means shared state could not be reached (as opposed to a bug or a cancellation).</summary>
    internal static bool IsOutage(Exception exception) =>
        exception is RedisException or TimeoutException or RedisStateUnavailableException;

    /// <summary>Counts and, once per outage, logs a failed operation; then throws when failing closed.</summary>
    internal void OnFailure(Exception exception, string operation)
    {
        RedisStateTelemetry.Failures.Add(
            1,
            new KeyValuePair<string, object?>(RedisStateTelemetry.Operation, operation),
            new KeyValuePair<string, object?>(RedisStateTelemetry.Mode, Options.FailureMode == RedisFailureMode.FailClosed ? "fail_closed" : "fail_open"));
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            Halts.SetTrusted(false);
            RedisStateTelemetry.Unavailable.Add(1);
            RedisStateLog.Unavailable(_logger, exception, operation, ModeName);
        }

        if (Options.FailureMode == RedisFailureMode.FailClosed)
        {
            throw exception as RedisStateUnavailableException
                ?? new RedisStateUnavailableException($"AgentGuard's shared state (Redis) is unavailable ({operation}); failing closed.", exception);
        }
    }

    /// <summary>Ends an outage on the first operation that succeeds after it.</summary>
    internal void OnSuccess()
    {
        if (Volatile.Read(ref _unavailable) != 0 && Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            RedisStateTelemetry.Unavailable.Add(-1);
            RedisStateLog.Recovered(_logger);
            _ = Task.Run(SubscribeAsync);
            if (Recovered is { } recovered)
            {
                _ = Task.Run(recovered);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _multiplexer?.Dispose();
        _connectGate.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }

    private static async Task<long> MemoryUsageAsync(IDatabase db, RedisKey key)
    {
        var result = await db.ExecuteAsync("MEMORY", "USAGE", key).ConfigureAwait(false);
        return result.IsNull ? 0 : (long)result;
    }

    private async ValueTask<IDatabase> ConnectCoreAsync(CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_database is { } existing)
            {
                return existing;
            }

            var configuration = ConfigurationOptions.Parse(Options.Configuration!);
            configuration.AbortOnConnectFail = false;
            configuration.ConnectTimeout = (int)Options.ConnectTimeout.TotalMilliseconds;
            configuration.SyncTimeout = configuration.AsyncTimeout = (int)Options.OperationTimeout.TotalMilliseconds;
            configuration.ReconnectRetryPolicy = new LinearRetry((int)Options.ReconnectInterval.TotalMilliseconds);
            configuration.BacklogPolicy = BacklogPolicy.FailFast; // an outage refuses (or passes) at once, never queues decisions
            configuration.ClientName ??= "agentguard";
            if (!Options.DedicatedSocketThreads)
            {
                configuration.SocketManager ??= SocketManager.ThreadPool; // replies complete where the decision awaits them
            }

            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            _multiplexer = multiplexer;
            await SubscribeAsync().ConfigureAwait(false);
            var database = multiplexer.GetDatabase();
            Volatile.Write(ref _database, database);
            return database;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task SubscribeAsync()
    {
        if (_multiplexer is not { } multiplexer || Interlocked.Exchange(ref _subscribing, 1) == 1)
        {
            return;
        }

        try
        {
            Halts.SetTrusted(false);
            var subscriber = multiplexer.GetSubscriber();
            Action<RedisChannel, RedisValue> handler = OnHaltMessage;
            await subscriber.UnsubscribeAsync(Keys.HaltChannel, handler).ConfigureAwait(false);
            await subscriber.SubscribeAsync(Keys.HaltChannel, handler).ConfigureAwait(false);
            Halts.SetTrusted(true);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            Halts.SetTrusted(false);
            RedisStateLog.SubscribeFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _subscribing, 0);
        }
    }

    private void OnHaltMessage(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message;
        if (text is { Length: > 2 } && text[1] == ':')
        {
            Halts.Invalidate(text[0] == 'a' ? HaltTarget.Agent : HaltTarget.Session, text[2..]);
        }
        else
        {
            Halts.Clear();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Halts.SetTrusted(false); // invalidations may be lost while the subscription is down
        RedisStateLog.ConnectionFailed(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        RedisStateLog.ConnectionRestored(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?");
        Halts.Clear();

        // Any failure stopped trusting the halt cache (OnConnectionFailed). StackExchange.Redis resubscribes by itself;
        // subscribing again confirms the subscription before the cache is trusted. This holds for the command connection too:
        // when only it dropped and no operation failed meanwhile, nothing else would ever trust the cache again, and every
        // decision would read the halt from Redis for the life of the process.
        _ = Task.Run(SubscribeAsync);
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            OnSuccess();
        }
    }
}
