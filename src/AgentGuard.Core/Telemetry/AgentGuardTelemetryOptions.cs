namespace AgentGuard;

/// <summary>Options for AgentGuard's traces and metrics (<see cref="AgentGuardOptions.Telemetry"/>).</summary>
public sealed class AgentGuardTelemetryOptions
{
    /// <summary>Gets or sets a value indicating whether tool arguments and results are recorded on spans
    /// (<c>gen_ai.tool.call.arguments</c>, <c>gen_ai.tool.call.result</c>).</summary>
    /// <remarks>Security: even then every string and number in them is replaced by a keyed digest
    /// (<c>[REDACTED:hmac:…]</c>, keyed per process) and only the JSON structure and property names remain, so matched
    /// secrets never reach a span. Off by default, as the OpenTelemetry GenAI conventions ask.</remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableSensitiveData { get; set; }
}
