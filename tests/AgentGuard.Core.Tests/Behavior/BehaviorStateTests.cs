using System.Text.Json;

namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorStateTests
{
    [Fact]
    public void Serialize_RoundTrip_KeepsScoreBarriersAndTaint()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        h.Run("crm.get_customer", """{"customer_id":"C000555"}""", BehaviorHarness.Ok("""{"account":"NL-ACC-99812377"}""", 1));
        h.Run("ledger.get_entry", """{"entry_id":"LE-2025-000001"}""", BehaviorHarness.Denied("ledger/LE-2025-000001"));
        h.Call("repo.write_file", """{"x":"y"}""");
        var before = h.Snapshot();

        var copy = BehaviorState.Deserialize(before.Serialize());

        Assert.Equal(before.CallCount, copy.CallCount);
        Assert.Equal(before.Score, copy.Score);
        Assert.Equal(before.Barriers.Count, copy.Barriers.Count);
        Assert.Equal(before.Barriers[0].Values, copy.Barriers[0].Values);
        Assert.Equal(before.Taint.Count, copy.Taint.Count);
        Assert.Equal(before.Calls.Counts, copy.Calls.Counts);
        Assert.Equal(before.Serialize(), copy.Serialize());
    }

    [Fact]
    public void Deserialize_Garbage_Throws() =>
        Assert.ThrowsAny<JsonException>(() => BehaviorState.Deserialize("null"u8));

    [Fact]
    public async Task State_AfterTenThousandVariedCalls_StaysWithinItsCaps()
    {
        var options = new BehaviorOptions();
        var h = BehaviorHarness.Create(options);
        h.Persona = "reconciler";
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(20));
            var id = random.Next(100_000, 999_999);
            switch (i % 4)
            {
                case 0:
                    h.Run("crm.get_customer", $$"""{"customer_id":"C{{id}}"}""", BehaviorHarness.Ok($$"""{"name":"Person {{id}}","account":"ACC-{{id}}{{id}}","note":"customer since {{id % 30}} years"}""", 1));
                    break;
                case 1:
                    h.Run("ledger.get_entry", $$"""{"entry_id":"LE-{{id}}"}""", BehaviorHarness.Denied($"ledger/LE-{id}"));
                    break;
                case 2:
                    h.Call("repo.write_file", $$"""{"path":"f{{id}}"}""");
                    break;
                default:
                    h.Run("ledger.query", $$"""{"account":"A{{id}}","limit":10}""", BehaviorHarness.Ok($"entries for A{id}: LE-{id}, LE-{id + 1}", 2, $"ledger/A{id}"));
                    break;
            }

            if (h.Call("ledger.query", """{"account":"probe"}""").Verdict == GuardVerdict.Halt)
            {
                await h.Engine.ResumeAsync(HaltTarget.Session, h.Session, TestContext.Current.CancellationToken);
            }
        }

        var state = h.Snapshot();
        Assert.True(state.CallCount >= 10_000);
        Assert.InRange(state.Barriers.Count, 1, options.MaxBarrierTargets);
        Assert.All(state.Barriers, static b => Assert.InRange(b.Values.Count, 0, BarrierRecord.MaxValues));
        Assert.InRange(state.Taint.Count, 1, options.MaxTaintFingerprints);
        Assert.InRange(state.WeakTaint.Count, 0, options.MaxWeakFingerprints);
        Assert.InRange(state.Seen.Count, 1, options.MaxTaintFingerprints);
        Assert.InRange(state.Resources.LastSeen.Count, 1, options.MaxTrackedResources);
        var size = state.EstimateSize();
        TestContext.Current.TestOutputHelper?.WriteLine($"estimated state size after {state.CallCount} calls: {size} bytes; serialized {state.Serialize().Length} bytes");
        Assert.InRange(size, 1, 200_000);
    }
}
