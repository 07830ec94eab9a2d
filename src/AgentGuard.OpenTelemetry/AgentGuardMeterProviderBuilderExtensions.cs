using AgentGuard;

namespace OpenTelemetry.Metrics;

/// <summary>Registers AgentGuard's instruments with an OpenTelemetry meter provider.</summary>
public static class AgentGuardMeterProviderBuilderExtensions
{
    /// <summary>Collects AgentGuard's metrics: <c>agentguard.evaluation.duration</c> (seconds, with sub-millisecond
    /// buckets given as instrument advice), <c>agentguard.decisions</c>, <c>agentguard.dlp.findings</c>,
    /// <c>agentguard.sessions.halted</c>, and the audit trail's <c>agentguard.audit.records</c>,
    /// <c>agentguard.audit.dropped</c> and <c>agentguard.audit.failures</c>.</summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddAgentGuardInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(AgentGuardTelemetry.SourceName);
    }
}
