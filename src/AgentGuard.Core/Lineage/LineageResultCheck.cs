namespace AgentGuard;

/// <summary>Result-side data lineage: remembers the values of every result the model is shown, with the tool and the
/// resource they came from. Never changes the verdict.</summary>
/// <remarks>Runs at <see cref="GuardCheckOrder.ResultLineage"/>, after DLP and behavior. A withheld result is not
/// recorded (the model never saw it); a redacted one is recorded as the tool returned it, so a redacted value that still
/// reaches an argument is traced to its result rather than counted as the model's own.</remarks>
internal sealed class LineageResultCheck : IResultCheck
{
    private readonly LineageTracker _tracker;

    public LineageResultCheck(LineageTracker tracker) => _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));

    public string Name => "lineage";

    public int Order => GuardCheckOrder.ResultLineage;

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.OriginalResult is { } result && !context.IsDenied)
        {
            _tracker.RecordResult(context.Call, result);
        }

        return default;
    }
}
