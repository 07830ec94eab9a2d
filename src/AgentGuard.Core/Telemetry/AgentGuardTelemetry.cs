using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentGuard;

/// <summary>The names of AgentGuard's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
public static class AgentGuardTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>"AgentGuard"</c>.</summary>
    public const string SourceName = "AgentGuard";

    internal static readonly ActivitySource ActivitySource = new(SourceName, typeof(AgentGuardTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(SourceName, typeof(AgentGuardTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> EvaluationDuration = Meter.CreateHistogram(
        TelemetryNames.EvaluationDuration,
        unit: "s",
        description: "Time the guard spent evaluating a tool call or result.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1] });

    internal static readonly Counter<long> Decisions = Meter.CreateCounter<long>(TelemetryNames.Decisions, unit: "{decision}", description: "Decisions made, by verdict.");

    internal static readonly Counter<long> DlpFindings = Meter.CreateCounter<long>(TelemetryNames.DlpFindings, unit: "{finding}", description: "Sensitive-data findings, by detector and action.");

    internal static readonly Counter<long> SessionsHalted = Meter.CreateCounter<long>(TelemetryNames.SessionsHalted, unit: "{session}", description: "Sessions (or agents) halted.");

    internal static readonly Counter<long> AuditRecords = Meter.CreateCounter<long>(TelemetryNames.AuditRecords, unit: "{record}", description: "Audit records written, by sink.");

    internal static readonly Counter<long> AuditDropped = Meter.CreateCounter<long>(TelemetryNames.AuditDropped, unit: "{record}", description: "Audit records dropped because the audit queue was full or the trail was closed.");

    internal static readonly Counter<long> AuditFailures = Meter.CreateCounter<long>(TelemetryNames.AuditFailures, unit: "{record}", description: "Audit records a sink failed to write, by sink.");
}
