using System.Diagnostics.Metrics;

namespace AgentGuard;

/// <summary>The Redis state's instruments, on the shared <c>"AgentGuard"</c> meter name.</summary>
internal static class RedisStateTelemetry
{
    public const string Operation = "agentguard.state.operation";
    public const string Mode = "agentguard.state.failure_mode";

    public static readonly Meter Meter = new(AgentGuardTelemetry.SourceName, typeof(RedisStateTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Operations on shared state that failed because Redis could not be reached (each one a fail-closed
    /// refusal or a fail-open pass).</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "agentguard.state.failures", unit: "{operation}", description: "Shared-state operations that failed because Redis was unavailable, by operation and failure mode.");

    /// <summary>Behavior updates that lost a race with another replica and were retried.</summary>
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "agentguard.state.behavior.conflicts", unit: "{conflict}", description: "Behavior-state updates retried because another replica changed the session first.");

    /// <summary>Transitions of shared state between available (1) and unavailable (-1).</summary>
    public static readonly UpDownCounter<long> Unavailable = Meter.CreateUpDownCounter<long>(
        "agentguard.state.unavailable", unit: "{connection}", description: "Connections to shared state currently unavailable (0 when every replica's Redis is healthy).");
}
