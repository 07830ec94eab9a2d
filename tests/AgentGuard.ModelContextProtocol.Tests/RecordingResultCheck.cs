using System.Collections.Concurrent;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>A result stage that records what the engine saw: the tool name and the result's status.</summary>
internal sealed class RecordingResultCheck : IResultCheck
{
    public ConcurrentQueue<(string Tool, ToolResultStatus Status, long? Records)> Seen { get; } = new();

    public string Name => "test.recording";

    public int Order => 0;

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        Seen.Enqueue((context.Call.ToolName, context.Result!.Status, context.Result.RecordCount));
        return default;
    }
}
