using System.Text.Json;

namespace AgentGuard.Extensions.AI.Tests;

/// <summary>Records every call the pipeline evaluates (runs first, even for calls later refused).</summary>
internal sealed class RecordingCheck : IGuardCheck
{
    private readonly List<ToolCall> _calls = [];

    public string Name => "test.recording";

    public int Order => 0;

    public bool RunsAfterDenial => true;

    public IReadOnlyList<ToolCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(context.Call);
        }

        return default;
    }
}

/// <summary>Replaces a secret in the <c>note</c> argument, as argument DLP would.</summary>
internal sealed class NoteRedactingCheck : IGuardCheck
{
    public string Name => "test.redact_note";

    public int Order => GuardCheckOrder.Dlp;

    public bool RunsAfterDenial => false;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.TryGetProperty("note", out var note) && note.GetString() is { } text && text.Contains("sk-live-", StringComparison.Ordinal))
        {
            var copy = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in context.Arguments.EnumerateObject())
            {
                copy[property.Name] = property.Value;
            }

            copy["note"] = JsonSerializer.SerializeToElement("[REDACTED:api_key]");
            context.ReplaceArguments(JsonSerializer.SerializeToElement(copy));
        }

        return default;
    }
}

/// <summary>A result check driven by a delegate; records every result it inspects.</summary>
internal sealed class DelegateResultCheck(Action<GuardContext>? inspect = null) : IResultCheck
{
    private readonly List<(ToolCall Call, ToolResult Result)> _seen = [];

    public string Name => "test.result";

    public int Order => GuardCheckOrder.ResultDlp;

    public IReadOnlyList<(ToolCall Call, ToolResult Result)> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        lock (_seen)
        {
            _seen.Add((context.Call, context.OriginalResult!));
        }

        inspect?.Invoke(context);
        return default;
    }
}

/// <summary>Answers approval requests with a fixed outcome and counts them.</summary>
internal sealed class FixedApprovalService(ApprovalOutcome outcome) : IApprovalService
{
    public int Requests { get; private set; }

    public ValueTask<ApprovalOutcome> RequestApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        Requests++;
        return new(outcome);
    }
}
