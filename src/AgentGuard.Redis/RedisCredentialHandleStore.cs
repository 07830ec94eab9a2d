using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace AgentGuard;

/// <summary>Credential handles in Redis, keyed by a SHA-256 digest of the value (Redis never holds a live handle), each
/// expiring with its binding and indexed by session so a session's handles can be revoked together from any replica.</summary>
/// <remarks>
/// Revocation is a delete, seen by every replica on its next lookup (handles are not cached locally). Credential
/// operations fail closed whatever <see cref="RedisStateOptions.FailureMode"/> says: an unknown binding refuses the call
/// and a revocation that did not happen must not look as if it did. Thread-safe.
/// </remarks>
public sealed class RedisCredentialHandleStore : ICredentialHandleStore
{
    private readonly RedisStateConnection _connection;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="RedisCredentialHandleStore"/> class.</summary>
    /// <param name="connection">The replica's connection to shared state.</param>
    /// <param name="timeProvider">The clock that turns a binding's expiry into a key lifetime.</param>
    public RedisCredentialHandleStore(RedisStateConnection connection, TimeProvider? timeProvider = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(string handle, CredentialHandleBinding binding, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(handle);
        ArgumentNullException.ThrowIfNull(binding);
        var lifetime = (long)Math.Ceiling((binding.ExpiresAt - _time.GetUtcNow()).TotalMilliseconds);
        if (lifetime <= 0)
        {
            return; // already expired: nothing a lookup could use
        }

        var digest = Digest(handle);
        var keys = _connection.Keys;
        var added = await RunAsync(
            "add_handle",
            static (db, s) => db.ScriptEvaluateAsync(
                RedisScripts.AddHandle,
                [s.Keys.Handle(s.Digest), s.Keys.SessionHandles(s.Binding.SessionId)],
                [JsonSerializer.SerializeToUtf8Bytes(s.Binding, RedisStateJsonContext.Default.CredentialHandleBinding), s.Digest, s.Lifetime]),
            (Keys: keys, Digest: digest, Binding: binding, Lifetime: lifetime),
            cancellationToken).ConfigureAwait(false);
        if ((int)added != 1)
        {
            throw new InvalidOperationException("A handle with this value exists already.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<CredentialHandleBinding?> FindAsync(string handle, CancellationToken cancellationToken)
    {
        if (handle is not { Length: > 0 })
        {
            return null;
        }

        var value = await RunAsync(
            "find_handle",
            static (db, key) => db.StringGetAsync(key),
            _connection.Keys.Handle(Digest(handle)),
            cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, RedisStateJsonContext.Default.CredentialHandleBinding);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(string handle, CancellationToken cancellationToken)
    {
        if (handle is not { Length: > 0 })
        {
            return false;
        }

        return await RunAsync(
            "remove_handle",
            static (db, key) => db.KeyDeleteAsync(key),
            _connection.Keys.Handle(Digest(handle)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var keys = _connection.Keys;
        var removed = await RunAsync(
            "remove_session_handles",
            static (db, s) => db.ScriptEvaluateAsync(RedisScripts.RemoveSessionHandles, [s.Keys.SessionHandles(s.Session)], [s.Keys.Handle(string.Empty).ToString()]),
            (Keys: keys, Session: sessionId),
            cancellationToken).ConfigureAwait(false);
        return (int)removed;
    }

    private static string Digest(string handle) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));

    private async ValueTask<T> RunAsync<TState, T>(string operation, Func<IDatabase, TState, Task<T>> command, TState state, CancellationToken cancellationToken)
    {
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            var result = await command(db, state).ConfigureAwait(false);
            _connection.OnSuccess();
            return result;
        }
        catch (Exception ex) when (RedisStateConnection.IsOutage(ex))
        {
            _connection.OnFailure(ex, operation); // throws when failing closed
            throw new RedisStateUnavailableException($"AgentGuard's credential handles (Redis) are unavailable ({operation}); failing closed.", ex);
        }
    }
}
