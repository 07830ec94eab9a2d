using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>The service's own record of the calls it allowed: an allowed decision's grant lets that agent's tool use the
/// credential broker for that call, until the result is inspected or the grant expires.</summary>
/// <remarks>The grant is an opaque random id; everything it stands for (agent, call, decision) stays here, so the client
/// cannot forge or alter a verdict. Each agent's grants are kept in issue order (every grant has the same lifetime, so that
/// is also expiry order): each issue drops that agent's expired ones at the head, in amortized constant time, and only the
/// agent's most recent issues (the capacity) are kept (its oldest grants go first), so an agent that never reports results
/// cannot exhaust the service's memory, and an agent that floods the table evicts only its own grants, never another
/// agent's (agents are configured, so the number of queues is bounded). Thread-safe.</remarks>
internal sealed class GrantTable(TimeProvider time, TimeSpan lifetime, int capacity = GrantTable.DefaultCapacity)
{
    /// <summary>The default capacity per agent: live grants beyond it evict that agent's oldest.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Issued> _issued = new(StringComparer.Ordinal);

    public int Count => _grants.Count;

    public string Issue(string agentId, ToolCall call, GuardDecision decision)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var id = "agg_" + Convert.ToHexStringLower(random);
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        _grants[id] = new Grant(agentId, call, decision, expires);
        var issued = _issued.GetOrAdd(agentId, static _ => new Issued());
        issued.Order.Enqueue((id, expires));
        Interlocked.Increment(ref issued.Queued);
        Sweep(issued, now);
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

    private void Sweep(Issued issued, DateTimeOffset now)
    {
        // The queue may still name grants already ended; removing those again is harmless. Each grant is dequeued once,
        // so the work is constant per issue on average. The capacity counts the agent's most recent issues, ended or not.
        // One sweeper per agent at a time (peek then dequeue must see the same head); a busy sweeper is left to finish.
        if (!issued.SweepLock.TryEnter())
        {
            return;
        }

        try
        {
            while (issued.Order.TryPeek(out var head) && (head.Expires <= now || Volatile.Read(ref issued.Queued) > capacity) && issued.Order.TryDequeue(out head))
            {
                Interlocked.Decrement(ref issued.Queued);
                _grants.TryRemove(head.Id, out _);
            }
        }
        finally
        {
            issued.SweepLock.Exit();
        }
    }

    internal sealed record Grant(string AgentId, ToolCall Call, GuardDecision Decision, DateTimeOffset Expires);

    /// <summary>One agent's grants in issue order.</summary>
    private sealed class Issued
    {
        public readonly ConcurrentQueue<(string Id, DateTimeOffset Expires)> Order = new();
        public readonly Lock SweepLock = new();
        public int Queued;
    }
}
