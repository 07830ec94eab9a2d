using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>The service's own record of the calls it allowed: an allowed decision's grant lets that agent's tool use the
/// credential broker for that call, until the result is inspected or the grant expires.</summary>
/// <remarks>The grant is an opaque random id; everything it stands for (agent, call, decision) stays here, so the client
/// cannot forge or alter a verdict. Grants are kept in issue order (every grant has the same lifetime, so that is also
/// expiry order): each issue drops the expired ones at the head, in amortized constant time, and only the most recent
/// issues (the capacity) are kept (the oldest grants go first), so an agent that never reports results cannot exhaust the
/// service's memory. Thread-safe.</remarks>
internal sealed class GrantTable(TimeProvider time, TimeSpan lifetime, int capacity = GrantTable.DefaultCapacity)
{
    /// <summary>The default capacity: live grants beyond it evict the oldest.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Id, DateTimeOffset Expires)> _order = new();
    private readonly Lock _sweepLock = new();
    private int _queued;

    public int Count => _grants.Count;

    public string Issue(string agentId, ToolCall call, GuardDecision decision)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var id = "agg_" + Convert.ToHexStringLower(random);
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        _grants[id] = new Grant(agentId, call, decision, expires);
        _order.Enqueue((id, expires));
        Interlocked.Increment(ref _queued);
        Sweep(now);
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

    private void Sweep(DateTimeOffset now)
    {
        // The queue may still name grants already ended; removing those again is harmless. Each grant is dequeued once,
        // so the work is constant per issue on average. The capacity counts the most recent issues, ended or not.
        // One sweeper at a time (peek then dequeue must see the same head); a busy sweeper is left to finish the job.
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            while (_order.TryPeek(out var head) && (head.Expires <= now || Volatile.Read(ref _queued) > capacity) && _order.TryDequeue(out head))
            {
                Interlocked.Decrement(ref _queued);
                _grants.TryRemove(head.Id, out _);
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    internal sealed record Grant(string AgentId, ToolCall Call, GuardDecision Decision, DateTimeOffset Expires);
}
