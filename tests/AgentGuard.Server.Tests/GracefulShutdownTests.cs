using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

/// <summary>SIGTERM drains: a call in flight when the service is asked to stop still gets its decision, then the process exits cleanly.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_CallInFlight_DecidedBeforeExit()
    {
        // The approval timeout bounds how long the in-flight call waits: an operator watches, nobody answers.
        await using var server = await ServerProcess.StartAsync(config => config["AgentGuard"]!["Engine"]!["ApprovalTimeout"] = "00:00:04");
        using var ops = server.Client(server.OperatorKey);
        using var agent = server.Client(server.AgentKey, configure: o => o.MaxRetries = 0);
        var announced = new TaskCompletionSource();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in ops.WatchEventsAsync(watching.Token))
                {
                    if (e.Kind == EventKind.ApprovalRequired)
                    {
                        announced.TrySetResult();
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or RemoteEnforcementException)
            {
            }
        }, TestContext.Current.CancellationToken);

        Task<GuardDecision> inFlight;
        var attempt = 0;
        while (true)
        {
            var call = new ToolCall
            {
                ToolName = "email.send",
                Arguments = System.Text.Json.JsonDocument.Parse("""{"to":"ops@contoso.example"}""").RootElement.Clone(),
                SessionId = "drain-" + attempt++,
                UserId = "alice",
            };
            inFlight = agent.AuthorizeAsync(call, TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(inFlight, announced.Task) == announced.Task || attempt > 100)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(announced.Task.IsCompleted, "the approval was never announced");
        Assert.False(inFlight.IsCompleted);
        var exit = server.TerminateAsync(TimeSpan.FromSeconds(60));
        var decision = await inFlight;
        Assert.False(decision.IsAllowed);
        Assert.Contains("approval.timeout", decision.RuleIds);
        Assert.Equal(0, await exit);
        await watching.CancelAsync();
        await watcher;
    }
}
