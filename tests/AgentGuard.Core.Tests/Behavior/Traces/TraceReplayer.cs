using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Behavior.Traces;

/// <summary>One replayed trace line, as the corpus tests report it.</summary>
internal sealed record TraceRow(int Line, string Session, string Tool, string Outcome, string? Expect, double Score, string Reasons)
{
    public bool Met => Expect is null || Expect == Outcome;
}

/// <summary>Replays a corpus trace exactly as <c>agentguard replay</c> does: the product's trace reader and replayer,
/// the policy files read by the product's readers, and the default engine from <c>AddAgentGuard</c> (DLP and behavior included).</summary>
internal static class CorpusReplay
{
    public static GuardPolicy LoadPolicy(string tracesDirectory) => new PolicyBuilder()
        .AddPersonasFromDirectory(Path.Combine(tracesDirectory, "personas"))
        .AddCatalogFile(Path.Combine(tracesDirectory, "catalog.yaml"))
        .AddUsersFile(Path.Combine(tracesDirectory, "users.yaml"))
        .Build();

    public static async Task<IReadOnlyList<TraceRow>> ReplayAsync(string file, GuardPolicy policy, CancellationToken cancellationToken)
    {
        var trace = TraceReader.ReadFile(file);
        Assert.True(trace.IsValid, string.Join("; ", trace.Errors));
        var clock = new TraceClock();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddAgentGuard().UsePolicy(policy);
        await using var provider = services.BuildServiceProvider();
        var replayer = new TraceReplayer(provider.GetRequiredService<IAgentGuard>(), clock);
        var rows = new List<TraceRow>();
        await foreach (var row in replayer.ReplayAsync(trace.Entries, cancellationToken))
        {
            rows.Add(new TraceRow(
                row.Entry.Line,
                row.Entry.Session,
                row.Entry.Call!.ToolName,
                Name(row.Outcome),
                row.Entry.Expect is { } expect ? Name(expect) : null,
                row.Score,
                string.Join(" | ", row.Reasons)));
        }

        return rows;
    }

    private static string Name(TraceOutcome outcome) => outcome switch
    {
        TraceOutcome.Allow => "allow",
        TraceOutcome.Redact => "redact",
        TraceOutcome.Approval => "approval",
        TraceOutcome.Deny => "deny",
        _ => "halt",
    };
}
