using System.Globalization;
using System.Text.Json;

namespace AgentGuard.Server.Tests;

/// <summary>Many agents at once against the out-of-process service: no call may fail and every decision must be audited.</summary>
[Collection(ServerGroup.Name)]
public sealed class LoadTests(ServerFixture fixture)
{
    private const int Clients = 50;

    /// <summary>Calls per client: 2,000 by default; <c>AGENTGUARD_LOAD_CALLS</c> scales it on slow machines.</summary>
    private static int CallsPerClient =>
        int.TryParse(Environment.GetEnvironmentVariable("AGENTGUARD_LOAD_CALLS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    [Fact]
    public async Task Authorize_50ClientsConcurrently_ZeroErrorsEveryDecisionAudited()
    {
        var server = fixture.Server;
        var run = Guid.NewGuid().ToString("N")[..8];
        var calls = CallsPerClient;
        var errors = 0;
        var allowed = 0;
        var clients = Enumerable.Range(0, Clients).Select(i => server.Client(server.AgentKey, i % 2 == 0 ? server.SocketAddress : server.TcpAddress, o => o.MaxRetries = 0)).ToArray();
        try
        {
            await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
            {
                for (var j = 0; j < calls; j++)
                {
                    // 100 calls per session keeps each session under the behavior envelope's burst rate.
                    var call = new ToolCall { ToolName = "tickets.get", SessionId = $"load-{run}-{c}-{j / 100}", UserId = "alice", CallId = $"{c}-{j}" };
                    var decision = await client.AuthorizeAsync(call, TestContext.Current.CancellationToken);
                    if (decision.RuleIds.Any(static r => r.StartsWith("remote.", StringComparison.Ordinal)))
                    {
                        Interlocked.Increment(ref errors);
                    }
                    else if (decision.IsAllowed)
                    {
                        Interlocked.Increment(ref allowed);
                    }
                }
            }, TestContext.Current.CancellationToken)));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal(0, errors);
        Assert.Equal(Clients * calls, allowed);

        // The audit trail writes in the background: wait (bounded) until it holds every decision of this run.
        var expected = Clients * calls;
        var audited = 0;
        for (var waited = 0; waited < 600 && (audited = CountAudited(server.AuditDirectory, run)) < expected; waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(expected, audited);
    }

    private static int CountAudited(string directory, string run)
    {
        var marker = $"/load-{run}-";
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (!line.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                using var record = JsonDocument.Parse(line);
                if (record.RootElement.TryGetProperty("stage", out var stage) && stage.GetString() == "authorize"
                    && record.RootElement.TryGetProperty("session", out var session) && session.GetString()!.StartsWith("triage-1" + marker, StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
