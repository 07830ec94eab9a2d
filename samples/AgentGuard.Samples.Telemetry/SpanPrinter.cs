using System.Diagnostics;

namespace AgentGuard.Samples.Telemetry;

/// <summary>Prints AgentGuard's spans as they end, so the sample shows something without a collector.</summary>
internal sealed class SpanPrinter : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = static source => source.Name == AgentGuardTelemetry.SourceName,
        Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        ActivityStopped = static activity => Console.WriteLine(
            $"  span {activity.DisplayName}: {string.Join(" ", activity.TagObjects.Where(static t => t.Key.StartsWith("agentguard.", StringComparison.Ordinal) || t.Key == "gen_ai.tool.call.arguments" || t.Key == "gen_ai.tool.call.result").Select(static t => $"{t.Key}={t.Value}"))}"),
    };

    public SpanPrinter() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();
}
