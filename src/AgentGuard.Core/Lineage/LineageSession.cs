namespace AgentGuard;

/// <summary>One session's lineage: fingerprints of what the user said and of what each tool returned. Never values.</summary>
/// <remarks>Guarded by <see cref="Gate"/>: one update or lookup at a time per session.</remarks>
internal sealed class LineageSession
{
    public object Gate { get; } = new();

    public HashSet<ulong> User { get; } = [];

    public HashSet<ulong> System { get; } = [];

    public HashSet<ulong> SeenMessages { get; } = [];

    public List<LineageSource> Results { get; } = [];

    public bool HasConversation { get; set; }

    private long _lastSeen;

    /// <summary>Gets the UTC ticks of the last use (read without the gate by the pruner).</summary>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastSeen, now.UtcTicks);
}
