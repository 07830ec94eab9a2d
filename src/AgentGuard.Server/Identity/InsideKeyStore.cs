using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Authenticates inside keys and operator keys against their stored hashes, in constant time.</summary>
/// <remarks>Rotation: list the new key's stored form beside the old one (both work), hand the new key to the agent, then
/// remove the old entry; the table is rebuilt whenever the configuration file changes, without a restart. Thread-safe.</remarks>
public sealed class InsideKeyStore : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile FrozenDictionary<string, Entry> _entries;

    /// <summary>Initializes a new instance of the <see cref="InsideKeyStore"/> class.</summary>
    /// <param name="options">The service options (agents and operators with their stored keys).</param>
    public InsideKeyStore(IOptionsMonitor<EnforcementServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _entries = Build(options.CurrentValue);
        _subscription = options.OnChange(o => _entries = Build(o));
    }

    /// <summary>Initializes a new instance of the <see cref="InsideKeyStore"/> class from fixed options.</summary>
    /// <param name="options">The service options.</param>
    public InsideKeyStore(EnforcementServerOptions options) => _entries = Build(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>Authenticates a presented key.</summary>
    /// <param name="key">The key (without the <c>Bearer</c> scheme).</param>
    /// <returns>The caller, or <see langword="null"/> when the key is unknown, malformed or wrong.</returns>
    public CallerIdentity? Authenticate(string? key)
    {
        if (!InsideKeys.TryParse(key, out var id, out var secret))
        {
            return null;
        }

        var presented = InsideKeys.Hash(secret);
        if (!_entries.TryGetValue(id, out var entry))
        {
            // Same work for an unknown id as for a known one, so timing does not tell which ids exist.
            CryptographicOperations.FixedTimeEquals(presented, s_dummy);
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(presented, entry.Hash) ? entry.Identity : null;
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    private static readonly byte[] s_dummy = new byte[32];

    private static FrozenDictionary<string, Entry> Build(EnforcementServerOptions options)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var agent in options.Agents)
        {
            Add(entries, agent.Keys, new CallerIdentity(agent.Id, CallerRole.Agent, agent.Persona));
        }

        foreach (var op in options.Operators)
        {
            Add(entries, op.Keys, new CallerIdentity(op.Id, CallerRole.Operator, null));
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, Entry> entries, IEnumerable<string> keys, CallerIdentity identity)
    {
        foreach (var stored in keys)
        {
            if (InsideKeys.TryParseStored(stored, out var id, out var hash))
            {
                entries[id] = new Entry(hash, identity);
            }
        }
    }

    private sealed record Entry(byte[] Hash, CallerIdentity Identity);
}
