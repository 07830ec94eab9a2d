namespace AgentGuard;

/// <summary>One remembered tool result: which tool, which resource, when, and the fingerprints of its values and of
/// what pointed at it (its resource's name, the identifying arguments of the call that read it).</summary>
internal sealed record LineageSource(string Tool, string? Resource, DateTimeOffset At, HashSet<ulong> Values, HashSet<ulong> Pointers);
