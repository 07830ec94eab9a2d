namespace AgentGuard;

/// <summary>Result-side data lineage: remembers the values of every result the model is shown, with the tool and the
/// resource they came from. Never changes the verdict.</summary>
/// <remarks>Runs at <see cref="GuardCheckOrder.ResultLineage"/>, after DLP and behavior, so it records what the model
/// actually sees (a redacted result without the redacted values; a withheld result not at all).</remarks>
internal sealed class LineageResultCheck : IResultCheck
{
    private readonly LineageTracker _tracker;

    public LineageResultCheck(LineageTracker tracker) => _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));

    public string Name => "lineage";

    public int Order => GuardCheckOrder.ResultLineage;

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Result is { } result && !context.IsDenied)
        {
            _tracker.RecordResult(context.Call, context.ResultReplaced ? result with { Resource = context.OriginalResult?.Resource } : result);
        }

        return default;
    }
}
