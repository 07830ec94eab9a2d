using AgentGuard;

namespace OpenTelemetry.Trace;

/// <summary>Registers AgentGuard's spans with an OpenTelemetry tracer provider.</summary>
public static class AgentGuardTracerProviderBuilderExtensions
{
    /// <summary>Collects AgentGuard's spans: <c>execute_tool {tool}</c> (or <c>agentguard.evaluate {tool}</c> under a
    /// host's own <c>execute_tool</c> span) and <c>agentguard.inspect_result {tool}</c>.</summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Arguments and results appear on spans only with
    /// <see cref="AgentGuardTelemetryOptions.EnableSensitiveData"/>, and then redacted.</remarks>
    public static TracerProviderBuilder AddAgentGuardInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(AgentGuardTelemetry.SourceName);
    }
}
