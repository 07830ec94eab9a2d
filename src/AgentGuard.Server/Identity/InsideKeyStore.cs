using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Authenticates inside keys and operator keys against their stored hashes, in constant time.</summary>
/// <remarks>Rotation: list the new key's stored form beside the old one (both work), hand the new key to the agent, then
/// remove the old entry; the table is rebuilt whenever the configuration file changes, without a restart.
/// <para>Speed: hashing the presented secret on every call costs more than the rest of authentication. After a key has
/// been verified against its stored hash once, the store remembers that secret for its key id (at most one per configured
/// id, so the cache is bounded by the configuration) and later presentations are compared with it in constant time. The
/// cache belongs to one version of the key table: a rebuild (rotation, removal) drops it, so a removed key is refused at
/// once. A wrong secret for a cached id falls back to the full hash check.</para> Thread-safe.</remarks>
public sealed partial class InsideKeyStore : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile Table _table;

    /// <summary>Initializes a new instance of the <see cref="InsideKeyStore"/> class.</summary>
    /// <param name="options">The service options (agents and operators with their stored keys).</param>
    /// <param name="logger">Logs a changed configuration that is invalid (the previous key table stays in force).</param>
    public InsideKeyStore(IOptionsMonitor<EnforcementServerOptions> options, ILogger<InsideKeyStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _table = Build(options.CurrentValue);
        _subscription = options.OnChange(o =>
        {
            // A half-edited file must not drop keys or admit a malformed entry: keep the last valid table until the
            // file is valid again.
            if (EnforcementServerOptionsValidator.Validate(o) is { Count: > 0 } errors)
            {
                Log.ReloadRejected(logger ?? (ILogger)NullLogger.Instance, string.Join("; ", errors));
                return;
            }

            _table = Build(o);
        });
    }

    /// <summary>Initializes a new instance of the <see cref="InsideKeyStore"/> class from fixed options.</summary>
    /// <param name="options">The service options.</param>
    public InsideKeyStore(EnforcementServerOptions options) => _table = Build(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>Authenticates a presented key.</summary>
    /// <param name="key">The key (without the <c>Bearer</c> scheme).</param>
    /// <returns>The caller, or <see langword="null"/> when the key is unknown, malformed or wrong.</returns>
    public CallerIdentity? Authenticate(string? key)
    {
        if (!InsideKeys.TryParse(key, out var id, out var secret))
        {
            return null;
        }

        var table = _table;
        if (table.Verified.TryGetValue(id, out var verified)
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(secret.AsSpan()), MemoryMarshal.AsBytes(verified.Secret.AsSpan())))
        {
            return verified.Identity;
        }

        var presented = InsideKeys.Hash(secret);
        if (!table.Entries.TryGetValue(id, out var entry))
        {
            // Same work for an unknown id as for a known one, so timing does not tell which ids exist.
            CryptographicOperations.FixedTimeEquals(presented, s_dummy);
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(presented, entry.Hash))
        {
            return null;
        }

        // Keyed by the configured id only: at most one entry per stored key, and only for the table that verified it.
        table.Verified[id] = new Verified(secret, entry.Identity);
        return entry.Identity;
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    private static readonly byte[] s_dummy = new byte[32];

    private static Table Build(EnforcementServerOptions options)
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

        return new Table(entries.ToFrozenDictionary(StringComparer.Ordinal), new ConcurrentDictionary<string, Verified>(StringComparer.Ordinal));
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 7120, Level = LogLevel.Error, Message = "The changed service configuration is invalid; the previous agent and operator keys stay in force: {Errors}")]
        public static partial void ReloadRejected(ILogger logger, string errors);
    }

    private sealed record Verified(string Secret, CallerIdentity Identity);

    /// <summary>One version of the key table with the secrets verified against it.</summary>
    private sealed record Table(FrozenDictionary<string, Entry> Entries, ConcurrentDictionary<string, Verified> Verified);
}
