namespace AgentGuard;

/// <summary>Why and since when a session or agent is halted.</summary>
/// <param name="Reason">Why it was halted.</param>
/// <param name="RuleId">The rule that halted it.</param>
/// <param name="Since">When.</param>
public sealed record HaltRecord(string Reason, string RuleId, DateTimeOffset Since);
