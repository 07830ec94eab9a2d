using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentGuard.Core.Tests.Telemetry;

/// <summary>Collects AgentGuard spans and measurements; tests tell their own apart by a unique persona or call id,
/// since other tests run in parallel against the same static source and meter.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is AgentGuardTelemetry.SourceName or "Host.Tests",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == AgentGuardTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measurements.Add(new(instrument.Name, value, tags.ToArray().ToDictionary(static t => t.Key, static t => t.Value))));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measurements.Add(new(instrument.Name, value, tags.ToArray().ToDictionary(static t => t.Key, static t => t.Value))));
        _meters.Start();
    }

    public ConcurrentBag<Activity> Spans { get; } = [];

    public ConcurrentBag<Measurement> Measurements { get; } = [];

    public Activity[] SpansFor(string callId) => [.. Spans.Where(a => a.GetTagItem("gen_ai.tool.call.id") as string == callId)];

    public Measurement[] MeasurementsFor(string instrument, string persona) =>
        [.. Measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue("agentguard.persona", out var p) && p as string == persona)];

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    internal sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
