namespace AgentGuard;

/// <summary>Creates the lineage stages for code that builds an <see cref="AgentGuardEngine"/> without dependency injection.</summary>
/// <remarks>
/// Both stages and the engine's conversation observers must share one <see cref="LineageTracker"/>:
/// <code>
/// var lineage = new LineageTracker();
/// var engine = new AgentGuardEngine(policy, [.. AgentGuardEngine.CreateDefaultChecks(sessions), LineageStages.CreateCheck(lineage)],
///     [LineageStages.CreateResultCheck(lineage)], sessions, options, observers: [lineage]);
/// </code>
/// With dependency injection, <c>AddAgentGuard</c> registers all three by default.
/// </remarks>
public static class LineageStages
{
    /// <summary>Creates the call-side stage (<see cref="GuardCheckOrder.Lineage"/>).</summary>
    /// <param name="tracker">The session lineage, shared with the result stage.</param>
    /// <returns>The stage.</returns>
    public static IGuardCheck CreateCheck(LineageTracker tracker) => new LineageCheck(tracker);

    /// <summary>Creates the result-side stage (<see cref="GuardCheckOrder.ResultLineage"/>).</summary>
    /// <param name="tracker">The session lineage, shared with the call stage.</param>
    /// <returns>The stage.</returns>
    public static IResultCheck CreateResultCheck(LineageTracker tracker) => new LineageResultCheck(tracker);
}
