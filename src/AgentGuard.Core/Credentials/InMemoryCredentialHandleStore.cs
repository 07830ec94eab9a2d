using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AgentGuard;

/// <summary>Keeps credential handles in memory, keyed by a SHA-256 digest of the value (a memory dump of the store does not
/// reveal live handles). Expired handles are dropped as new ones are issued.</summary>
public sealed class InMemoryCredentialHandleStore : ICredentialHandleStore
{
    private const int PurgeEvery = 256;

    private readonly ConcurrentDictionary<string, CredentialHandleBinding> _handles = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _added;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCredentialHandleStore"/> class.</summary>
    /// <param name="timeProvider">The clock that decides which handles have expired.</param>
    public InMemoryCredentialHandleStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Gets how many handles are held (live or expired but not yet dropped).</summary>
    public int Count => _handles.Count;

    /// <inheritdoc />
    public ValueTask AddAsync(string handle, CredentialHandleBinding binding, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(handle);
        ArgumentNullException.ThrowIfNull(binding);
        if (!_handles.TryAdd(Digest(handle), binding))
        {
            throw new InvalidOperationException("A handle with this value exists already.");
        }

        if (Interlocked.Increment(ref _added) % PurgeEvery == 0)
        {
            Purge();
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<CredentialHandleBinding?> FindAsync(string handle, CancellationToken cancellationToken) =>
        new(handle is { Length: > 0 } && _handles.TryGetValue(Digest(handle), out var binding) ? binding : null);

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string handle, CancellationToken cancellationToken) =>
        new(handle is { Length: > 0 } && _handles.TryRemove(Digest(handle), out _));

    /// <inheritdoc />
    public ValueTask<int> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (key, binding) in _handles)
        {
            if (string.Equals(binding.SessionId, sessionId, StringComparison.Ordinal) && _handles.TryRemove(new KeyValuePair<string, CredentialHandleBinding>(key, binding)))
            {
                removed++;
            }
        }

        return new(removed);
    }

    private static string Digest(string handle) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));

    private void Purge()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, binding) in _handles)
        {
            if (binding.ExpiresAt <= now)
            {
                _handles.TryRemove(new KeyValuePair<string, CredentialHandleBinding>(key, binding));
            }
        }
    }
}
