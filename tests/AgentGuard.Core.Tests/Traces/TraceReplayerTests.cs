using AgentGuard.Testing;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Traces;

public sealed class TraceReplayerTests
{
    private static async Task<List<TraceReplayRow>> Replay(string trace, IEnumerable<IGuardCheck>? extra = null, IEnumerable<IResultCheck>? results = null)
    {
        var doc = TraceReader.Read("t.jsonl", new StringReader(trace));
        Assert.True(doc.IsValid, string.Join("\n", doc.Errors));
        var store = new InMemorySessionStateStore();
        var clock = new TraceClock();
        var engine = new AgentGuardEngine(
            new StaticPolicyProvider(TestGuard.Policy()),
            [.. AgentGuardEngine.CreateDefaultChecks(store), .. extra ?? []],
            results ?? [],
            store,
            Options.Create(new AgentGuardOptions()),
            timeProvider: clock);
        var rows = new List<TraceReplayRow>();
        await foreach (var row in new TraceReplayer(engine, clock).ReplayAsync(doc.Entries, TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Replay_MapsOutcomesAndChecksExpectations()
    {
        var rows = await Replay("""
            {"session":"s","user":"alice","persona":"support-triage","tool":"tickets.get","args":{"id":"T-1"},"expect":"allow"}
            {"session":"s","message":{"role":"user","content":"look up C123456"}}
            {"session":"s","user":"alice","persona":"support-triage","tool":"crm.get_customer","args":{"customer_id":"bad"},"expect":"deny"}
            {"session":"s","user":"bob","persona":"support-triage","tool":"crm.get_customer","args":{"customer_id":"C123456"},"expect":"allow"}
            """);
        Assert.Equal(3, rows.Count);
        Assert.Equal([TraceOutcome.Allow, TraceOutcome.Deny, TraceOutcome.Deny], rows.Select(static r => r.Outcome));
        Assert.Equal([true, true, false], rows.Select(static r => r.ExpectationMet));
        Assert.Equal(4, rows[2].Entry.Line);
    }

    [Fact]
    public async Task Replay_RateWindowsFollowTraceTime()
    {
        var lines = string.Join("\n", Enumerable.Range(0, 7).Select(i =>
            $$"""{"session":"s","user":"alice","persona":"support-triage","tool":"email.send","args":{"to":"a@contoso.example","body":"x"},"at":"2026-05-01T10:00:{{i * 5:00}}Z"}"""))
            + "\n" + """{"session":"s","user":"alice","persona":"support-triage","tool":"email.send","args":{"to":"a@contoso.example","body":"x"},"at":"2026-05-01T10:01:30Z"}""";
        var rows = await Replay(lines);
        Assert.Equal(
            [TraceOutcome.Allow, TraceOutcome.Allow, TraceOutcome.Allow, TraceOutcome.Allow, TraceOutcome.Allow, TraceOutcome.Deny, TraceOutcome.Deny, TraceOutcome.Allow],
            rows.Select(static r => r.Outcome));
    }

    [Fact]
    public async Task Replay_HaltedSessionStaysHalted()
    {
        var rows = await Replay("""
            {"session":"s","user":"alice","persona":"support-triage","tool":"crm.search_customers","args":{"query":"x"}}
            {"session":"s","user":"alice","persona":"support-triage","tool":"tickets.get","args":{},"expect":"halt"}
            {"session":"t","user":"alice","persona":"support-triage","tool":"tickets.get","args":{},"expect":"allow"}
            """, extra: [new HaltOn("crm.search_customers")]);
        Assert.Equal([TraceOutcome.Halt, TraceOutcome.Halt, TraceOutcome.Allow], rows.Select(static r => r.Outcome));
    }

    [Fact]
    public async Task Replay_ResultInspected_OnlyWhenCallRan()
    {
        var seen = new RecordingResultCheck();
        var rows = await Replay("""
            {"session":"s","user":"alice","persona":"support-triage","tool":"tickets.get","args":{},"result":{"content":"fine"}}
            {"session":"s","user":"alice","persona":"support-triage","tool":"crm.delete_customer","args":{},"result":{"content":"gone"}}
            {"session":"s","user":"alice","persona":"support-triage","tool":"tickets.list","args":{},"result":{"content":"withhold me","records":3},"expect":"deny"}
            """, results: [seen]);
        Assert.Equal(["tickets.get", "tickets.list"], seen.Tools);
        Assert.Equal(TraceOutcome.Deny, rows[2].Outcome);
    }

    private sealed class HaltOn(string tool) : IGuardCheck
    {
        public string Name => "test";

        public int Order => GuardCheckOrder.Behavior;

        public bool RunsAfterDenial => true;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
        {
            if (context.Call.ToolName == tool)
            {
                context.Halt("test.halt", "halt");
            }

            return default;
        }
    }

    private sealed class RecordingResultCheck : IResultCheck
    {
        public List<string> Tools { get; } = [];

        public string Name => "test";

        public int Order => 1;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            Tools.Add(context.Call.ToolName);
            if (context.Result?.GetContentText() == "withhold me")
            {
                context.WithholdResult("test.withhold", "withheld");
            }

            return default;
        }
    }
}
