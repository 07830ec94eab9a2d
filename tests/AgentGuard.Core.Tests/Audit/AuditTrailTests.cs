using AgentGuard.Testing;
using Microsoft.Extensions.Options;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

public sealed class AuditTrailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditTrail Trail(GatedSink sink, AuditOverflowMode mode, int capacity = 2, bool neverDropRefusals = true) =>
        new([sink], Options.Create(new AuditOptions { Capacity = capacity, OverflowMode = mode, NeverDropRefusals = neverDropRefusals, MaxBatchSize = 1 }));

    /// <summary>Whether the listener accepted the record without making the caller wait.</summary>
    private static bool AtOnce(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return true;
        }

        _ = task.AsTask();
        return false;
    }

    /// <summary>Blocks the writer inside the sink with one record, then fills the queue to capacity.</summary>
    private static async Task SaturateAsync(AuditTrail trail, GatedSink sink, int capacity = 2)
    {
        sink.Close();
        await trail.OnDecisionAsync(Event(0), Ct);
        await sink.Entered;
        await GatedSink.Until(() => trail.QueueLength == 0);
        for (var i = 1; i <= capacity; i++)
        {
            Assert.True(AtOnce(trail.OnDecisionAsync(Event(i), Ct)));
        }

        Assert.Equal(capacity, trail.QueueLength);
        Assert.False(trail.CanAccept);
    }

    [Fact]
    public async Task Records_ReachTheSinkInDecisionOrder()
    {
        var sink = new GatedSink();
        await using (var trail = new AuditTrail([sink], Options.Create(new AuditOptions())))
        {
            for (var i = 0; i < 500; i++)
            {
                await trail.OnDecisionAsync(Event(i), Ct);
            }
        }

        Assert.Equal([.. Enumerable.Range(0, 500).Select(static i => "call-" + i)], sink.Decisions.Select(static r => r.CallId));
        Assert.Equal(1, sink.Disposals);
    }

    [Fact]
    public async Task WaitMode_QueueFull_CallWaitsThenNothingIsLost()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Wait);
        await SaturateAsync(trail, sink);

        var waiting = trail.OnDecisionAsync(Event(3), Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(waiting.IsCompleted);

        sink.Open();
        await waiting;
        await trail.DisposeAsync();
        Assert.Equal(4, sink.Decisions.Count);
        Assert.Equal(0, trail.DroppedCount);
    }

    [Fact]
    public async Task WaitMode_CallerGivesUpWaiting_RecordCountedAsDropped()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Wait);
        await SaturateAsync(trail, sink);
        using var cancel = new CancellationTokenSource();
        var waiting = trail.OnDecisionAsync(Event(3), cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, trail.DroppedCount);
        sink.Open();
        await trail.DisposeAsync();
        Assert.Equal(1, Assert.Single(sink.Records, static r => r.Kind == AuditRecordKind.Dropped).DroppedCount);
    }

    [Fact]
    public async Task DropMode_QueueFull_AllowsDroppedCountedAndNoticeWritten()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Drop);
        await SaturateAsync(trail, sink);

        for (var i = 3; i < 8; i++)
        {
            Assert.True(AtOnce(trail.OnDecisionAsync(Event(i), Ct)));
        }

        Assert.Equal(5, trail.DroppedCount);
        sink.Open();
        await trail.DisposeAsync();
        Assert.Equal(3, sink.Decisions.Count);
        var notice = Assert.Single(sink.Records, static r => r.Kind == AuditRecordKind.Dropped);
        Assert.Equal(5, notice.DroppedCount);
    }

    [Theory]
    [InlineData(GuardVerdict.Deny)]
    [InlineData(GuardVerdict.Halt)]
    public async Task DropMode_QueueFull_RefusalsWaitInsteadOfBeingDropped(GuardVerdict verdict)
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Drop);
        await SaturateAsync(trail, sink);

        var refusal = trail.OnDecisionAsync(Event(3, verdict, rules: "scope.not_in_persona"), Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(refusal.IsCompleted);
        sink.Open();
        await refusal;
        await trail.DisposeAsync();
        Assert.Equal(0, trail.DroppedCount);
        Assert.Contains(sink.Decisions, r => r.Verdict == verdict);
    }

    [Fact]
    public async Task DropMode_MonitorModeRefusal_AlsoNeverDropped()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Drop);
        await SaturateAsync(trail, sink);
        var monitored = Event(3) with { Decision = new GuardDecision(GuardVerdict.Deny, GuardVerdict.Allow, ["scope.not_in_persona"]) };
        var pending = trail.OnDecisionAsync(monitored, Ct).AsTask();
        Assert.False(pending.IsCompleted);
        sink.Open();
        await pending;
        await trail.DisposeAsync();
        Assert.Equal(0, trail.DroppedCount);
    }

    [Fact]
    public async Task DropMode_RefusalsDroppableWhenConfigured()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Drop, neverDropRefusals: false);
        await SaturateAsync(trail, sink);
        Assert.True(AtOnce(trail.OnDecisionAsync(Event(3, GuardVerdict.Deny, rules: "x.y"), Ct)));
        Assert.Equal(1, trail.DroppedCount);
        sink.Open();
        await trail.DisposeAsync();
    }

    [Fact]
    public async Task FailClosedMode_QueueFull_NewCallsDeniedAndTheirRecordsKept()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.FailClosed);
        var options = Options.Create(new AuditOptions { OverflowMode = AuditOverflowMode.FailClosed });
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [new AuditFailClosedCheck(trail, options)], listeners: [trail]);
        await SaturateAsync(trail, sink);

        // The call is refused, and its own record waits for room rather than being dropped.
        var call = guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(call.IsCompleted);
        sink.Open();
        var decision = await call;
        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains(AuditFailClosedCheck.RuleId, decision.RuleIds);

        await GatedSink.Until(() => trail.CanAccept);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct)).IsAllowed);
        await trail.DisposeAsync();
        Assert.Equal(0, trail.DroppedCount);
        Assert.Contains(sink.Decisions, static r => r.RuleIds.Contains(AuditFailClosedCheck.RuleId));
        Assert.Equal(5, sink.Decisions.Count);
    }

    [Fact]
    public async Task FailClosedMode_SinkFailing_CallsDeniedUntilItRecovers()
    {
        var sink = new GatedSink { Fail = true };
        var trail = Trail(sink, AuditOverflowMode.FailClosed, capacity: 64);
        var guard = new TestGuard(
            TestGuard.Policy(),
            extraChecks: [new AuditFailClosedCheck(trail, Options.Create(new AuditOptions { OverflowMode = AuditOverflowMode.FailClosed }))],
            listeners: [trail]);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct)).IsAllowed);
        await GatedSink.Until(() => !trail.IsHealthy);

        var refused = await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct);
        Assert.Contains(AuditFailClosedCheck.RuleId, refused.RuleIds);
        Assert.Contains("failing", refused.Explain(), StringComparison.Ordinal);

        sink.Fail = false;
        await trail.OnDecisionAsync(Event(9), Ct);
        await GatedSink.Until(() => trail.IsHealthy);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct)).IsAllowed);
        await trail.DisposeAsync();
    }

    [Fact]
    public async Task OtherModes_FailClosedCheckNeverDenies()
    {
        var sink = new GatedSink();
        var trail = Trail(sink, AuditOverflowMode.Drop);
        var check = new AuditFailClosedCheck(trail, Options.Create(new AuditOptions { OverflowMode = AuditOverflowMode.Drop }));
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [check], listeners: [trail]);
        await SaturateAsync(trail, sink);
        Assert.True((await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob"), Ct)).IsAllowed);
        sink.Open();
        await trail.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_DrainsEverythingQueued()
    {
        var sink = new GatedSink();
        var trail = new AuditTrail([sink], Options.Create(new AuditOptions { Capacity = 10_000, MaxBatchSize = 16 }));
        sink.Close();
        for (var i = 0; i < 5000; i++)
        {
            await trail.OnDecisionAsync(Event(i), Ct);
        }

        var disposing = trail.DisposeAsync().AsTask();
        sink.Open();
        await disposing;
        Assert.Equal(5000, sink.Decisions.Count);
        Assert.Equal(0, trail.DroppedCount);

        Assert.True(AtOnce(trail.OnDecisionAsync(Event(5001), Ct)));
        Assert.Equal(1, trail.DroppedCount);
    }

    [Fact]
    public async Task Dispose_StuckSink_GivesUpAfterTheTimeoutAndCountsTheLoss()
    {
        var sink = new GatedSink();
        var trail = new AuditTrail([sink], Options.Create(new AuditOptions { Capacity = 100, MaxBatchSize = 1, ShutdownTimeout = TimeSpan.FromMilliseconds(200) }));
        sink.Close();
        for (var i = 0; i < 5; i++)
        {
            await trail.OnDecisionAsync(Event(i), Ct);
        }

        await sink.Entered;
        await trail.DisposeAsync();
        Assert.True(trail.DroppedCount >= 1, $"dropped {trail.DroppedCount}");
        Assert.Equal(1, sink.Disposals);
    }

    [Fact]
    public async Task FailingSink_OtherSinksStillWritten()
    {
        var failing = new GatedSink { Fail = true };
        var healthy = new GatedSink();
        await using (var trail = new AuditTrail([failing, healthy], Options.Create(new AuditOptions())))
        {
            await trail.OnDecisionAsync(Event(1), Ct);
            await GatedSink.Until(() => healthy.Decisions.Count == 1);
            Assert.False(trail.IsHealthy);
        }

        Assert.Empty(failing.Records);
    }
}
