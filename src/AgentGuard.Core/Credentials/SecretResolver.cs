using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>Reads secrets through the registered stores, caching each for <see cref="AgentGuardCredentialOptions.SecretCacheDuration"/>.</summary>
internal sealed class SecretResolver
{
    private readonly FrozenDictionary<string, ISecretStore> _stores;
    private readonly ConcurrentDictionary<string, CachedSecret> _cache = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;

    public SecretResolver(IEnumerable<ISecretStore> stores, AgentGuardCredentialOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);

        // The last registration of a name wins, so a host can replace a built-in store.
        var byName = new Dictionary<string, ISecretStore>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            byName[store.Name.ToLowerInvariant()] = store;
        }

        _stores = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _time = timeProvider ?? TimeProvider.System;
        _duration = options.SecretCacheDuration;
        _logger = logger ?? NullLogger.Instance;
    }

    public async ValueTask<string> GetAsync(SecretReference reference, string backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.InlineValue is { } inline)
        {
            return inline;
        }

        var key = reference.ToString();
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && now < cached.Until)
        {
            return cached.Value;
        }

        if (!_stores.TryGetValue(reference.Store, out var store))
        {
            throw Unavailable(reference, backend);
        }

        string? value;
        try
        {
            value = await store.GetSecretAsync(reference.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store's own message is not passed on: a store might word its failure with what it was reading.
            CredentialLog.SecretStoreFailed(_logger, reference.Store, reference.Name, ex.GetType().Name);
            throw Unavailable(reference, backend);
        }

        if (string.IsNullOrEmpty(value))
        {
            throw Unavailable(reference, backend);
        }

        if (_duration > TimeSpan.Zero)
        {
            _cache[key] = new CachedSecret(value, now + _duration);
        }

        return value;
    }

    public void Invalidate(SecretReference? reference)
    {
        if (reference is { IsInline: false })
        {
            _cache.TryRemove(reference.ToString(), out _);
        }
    }

    private AgentGuardCredentialException Unavailable(SecretReference reference, string backend)
    {
        CredentialLog.SecretUnavailable(_logger, reference.ToString(), backend);
        return new AgentGuardCredentialException(
            $"the credential for backend '{backend}' is not available (secret {reference} cannot be read)",
            CredentialRuleIds.Unavailable,
            backend,
            null);
    }

    private sealed record CachedSecret(string Value, DateTimeOffset Until)
    {
        public override string ToString() => $"(hidden) until {Until:O}";
    }
}
