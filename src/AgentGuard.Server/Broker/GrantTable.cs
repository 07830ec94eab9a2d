using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>The service's own record of the calls it allowed: an allowed decision's grant lets that agent's tool use the
/// credential broker for that call, until the result is inspected or the grant expires.</summary>
/// <remarks>The grant is an opaque random id; everything it stands for (agent, call, decision) stays here, so the client
/// cannot forge or alter a verdict. Thread-safe.</remarks>
internal sealed class GrantTable(TimeProvider time, TimeSpan lifetime)
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private int _issued;

    public int Count => _grants.Count;

    public string Issue(string agentId, ToolCall call, GuardDecision decision)
    {
        var id = "agg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        _grants[id] = new Grant(agentId, call, decision, now + lifetime);
        if (Interlocked.Increment(ref _issued) % SweepEvery == 0)
        {
            foreach (var (key, grant) in _grants)
            {
                if (grant.Expires <= now)
                {
                    _grants.TryRemove(key, out _);
                }
            }
        }

        return id;
    }

    /// <summary>Finds a live grant issued to <paramref name="agentId"/>; another agent's grant is as good as none.</summary>
    public Grant? Find(string id, string agentId)
    {
        if (!_grants.TryGetValue(id, out var grant) || grant.Expires <= time.GetUtcNow())
        {
            return null;
        }

        return string.Equals(grant.AgentId, agentId, StringComparison.Ordinal) ? grant : null;
    }

    public void End(string id, string agentId)
    {
        if (Find(id, agentId) is not null)
        {
            _grants.TryRemove(id, out _);
        }
    }

    internal sealed record Grant(string AgentId, ToolCall Call, GuardDecision Decision, DateTimeOffset Expires);
}
