using System.Diagnostics.Metrics;
using AgentGuard.Testing;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Redis.Tests;

/// <summary>Redis killed mid-run: each test starts its own server so killing it touches no other test.</summary>
public sealed class RedisOutageTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Authorize_RedisKilledMidRun_FailsClosedWithLogAndMetricThenRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = RedisServer.Start();
        using var failures = new FailureCounter();
        var logs = new ListLoggerProvider();
        var clock = new ManualTimeProvider(s_start);
        await using var replica = new RedisReplica(server.Configuration, RedisReplica.NewPrefix(), clock, logs: logs);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-outage");
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        server.Kill();
        var refused = await replica.Guard.AuthorizeAsync(call, ct);

        Assert.Equal(GuardVerdict.Deny, refused.Verdict);
        Assert.Contains("engine.error", refused.RuleIds);
        Assert.False(replica.Connection.IsAvailable);
        Assert.True(failures.Count >= 1);
        Assert.Contains(logs.Lines, static l => l.EventId == 4501 && l.Level == LogLevel.Error && l.Message.Contains("fail closed", StringComparison.Ordinal));
        for (var i = 0; i < 5; i++)
        {
            Assert.False((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed); // stays closed, never a pass
        }

        Assert.Single(logs.Lines, static l => l.EventId == 4501); // one line per outage, not per call

        server.Restart();
        await RedisSessionStateStoreTests.WaitUntilAsync(async () => (await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        Assert.True(replica.Connection.IsAvailable);
        // The recovery line may come from the connection-restored event, on another thread, a moment after the first pass.
        await RedisSessionStateStoreTests.WaitUntilAsync(() => Task.FromResult(logs.Lines.Any(static l => l.EventId == 4502)));
    }

    [Fact]
    public async Task Authorize_RedisDownInFailOpenMode_AllowsOnLocalKnowledgeAndKeepsLocalHalts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = RedisServer.Start();
        var clock = new ManualTimeProvider(s_start);
        await using var replica = new RedisReplica(server.Configuration, RedisReplica.NewPrefix(), clock, o => o.FailureMode = RedisFailureMode.FailOpen);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-open");
        var known = call with { SessionId = "s-known" };
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        await replica.Guard.HaltAsync(HaltTarget.Session, "s-known", "halted before the outage", ct);
        // The replica learns of the halt by reading it (its own announcement may arrive after a read and drop the entry).
        await RedisSessionStateStoreTests.WaitUntilAsync(async () =>
            (await replica.Guard.AuthorizeAsync(known, ct)).Verdict == GuardVerdict.Halt && replica.Connection.Halts.TryGet(HaltTarget.Session, "s-known", out _));

        server.Kill();

        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.False(replica.Connection.IsAvailable);
        Assert.Equal(GuardVerdict.Halt, (await replica.Guard.AuthorizeAsync(known, ct)).Verdict); // a known halt holds through the outage
        Assert.False((await replica.Guard.AuthorizeAsync(TestGuard.Call("crm.delete_customer", """{"customer_id":"C000001"}""", session: "s-open"), ct)).IsAllowed);
        await replica.Guard.HaltAsync(HaltTarget.Session, "s-open", "operator halt during the outage", ct);
        Assert.Equal(GuardVerdict.Halt, (await replica.Guard.AuthorizeAsync(call, ct)).Verdict);
    }

    [Fact]
    public async Task SetHalt_DuringOutage_KeptLocallyAndWrittenForEveryReplicaOnRecovery()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = RedisServer.Start();
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(server.Configuration, prefix, clock);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-pending");
        Assert.True((await a.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        server.Kill();
        await a.Guard.HaltAsync(HaltTarget.Session, "s-pending", "halted while Redis was down", ct);
        Assert.Equal(1, ((RedisSessionStateStore)a.Sessions).UnsavedHalts);
        Assert.Equal(GuardVerdict.Halt, (await a.Guard.AuthorizeAsync(call, ct)).Verdict);
        await Assert.ThrowsAsync<RedisStateUnavailableException>(async () => await a.Guard.ResumeAsync(HaltTarget.Session, "s-pending", ct));
        Assert.Equal(GuardVerdict.Halt, (await a.Guard.AuthorizeAsync(call, ct)).Verdict); // a resume that failed resumed nothing

        server.Restart();
        await using var b = new RedisReplica(server.Configuration, prefix, clock);
        await RedisSessionStateStoreTests.WaitUntilAsync(async () =>
        {
            await a.Guard.AuthorizeAsync(call, ct); // any operation that reaches Redis ends the outage
            return await b.Sessions.GetHaltAsync("s-pending", null, ct) is not null;
        });

        Assert.Equal(0, ((RedisSessionStateStore)a.Sessions).UnsavedHalts);
        Assert.Equal(GuardVerdict.Halt, (await b.Guard.AuthorizeAsync(call, ct)).Verdict);
    }

    /// <summary>Counts <c>agentguard.state.failures</c> measurements.</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public FailureCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AgentGuardTelemetry.SourceName && instrument.Name == "agentguard.state.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
