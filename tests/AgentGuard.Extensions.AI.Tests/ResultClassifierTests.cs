using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

/// <summary><see cref="GuardedFunctionOptions.ResultClassifier"/>: a backend that reports a refusal as a value.</summary>
public sealed class ResultClassifierTests
{
    [Fact]
    public async Task ResultClassifier_RefusalReturnedAsValue_GuardSeesDeniedAndTheModelTheSameText()
    {
        var statuses = new StatusRecorder();
        var harness = new GuardHarness(resultChecks: [statuses]);
        var function = AIFunctionFactory.Create(() => "403: not your order", "list_orders");
        var guarded = harness.Guard(function, new GuardedFunctionOptions
        {
            ToolNamePrefix = "crm.",
            ResultClassifier = static (value, result) => result with
            {
                Status = value?.ToString()?.StartsWith("403", StringComparison.Ordinal) == true ? ToolResultStatus.Denied : ToolResultStatus.Ok,
                Content = ToolResult.FromText("something else entirely").Content,
                RecordCount = 7,
            },
        });

        using (GuardHarness.Alice())
        {
            var value = await guarded.InvokeAsync(new AIFunctionArguments(), TestContext.Current.CancellationToken);
            Assert.Equal("403: not your order", value?.ToString());
        }

        // Status and count come from the classifier; the inspected content stays what the model receives.
        Assert.Equal([(ToolResultStatus.Denied, "\"403: not your order\"", (long?)7)], statuses.Seen.ToArray());
    }

    private sealed class StatusRecorder : IResultCheck
    {
        public ConcurrentQueue<(ToolResultStatus, string?, long?)> Seen { get; } = new();

        public string Name => "test.status";

        public int Order => 0;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            Seen.Enqueue((context.Result!.Status, context.Result.Content?.GetRawText(), context.Result.RecordCount));
            return default;
        }
    }
}
