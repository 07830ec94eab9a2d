using System.Diagnostics;
using AgentGuard.Testing;
using StackExchange.Redis;

namespace AgentGuard.Redis.Tests;

public sealed class RedisSessionStateStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly RateLimit s_fivePerMinute = new() { PerMinute = 5, PerHour = 50 };

    [Fact]
    public async Task AcquireRate_ManyParallelCallsOnTwoReplicasAtTheLimit_ExactlyTheLimitAllowed()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var key = new RateKey("support-triage", "alice", "email.send");

        for (var round = 0; round < 5; round++)
        {
            var tasks = Enumerable.Range(0, 100)
                .Select(i => Task.Run(async () => (await (i % 2 == 0 ? a : b).Sessions.AcquireRateAsync(key, s_fivePerMinute, clock.GetUtcNow(), ct)).Allowed, ct))
                .ToArray();
            var allowed = (await Task.WhenAll(tasks)).Count(static x => x);

            Assert.Equal(5, allowed);
            clock.Advance(TimeSpan.FromMinutes(1)); // the next round starts a fresh minute (25 of 50 per hour used by the end)
        }
    }

    [Fact]
    public async Task AcquireRate_RaceAtTheWindowEdge_OnlyTheFreedPermitsAllowed()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var key = new RateKey("support-triage", "alice", "email.send");
        var limit = new RateLimit { PerMinute = 5 };

        // Two permits at 09:00:00, three at 09:00:30: at 09:01:00 exactly the first two leave the sliding minute.
        Assert.True((await a.Sessions.AcquireRateAsync(key, limit, s_start, ct)).Allowed);
        Assert.True((await b.Sessions.AcquireRateAsync(key, limit, s_start, ct)).Allowed);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await a.Sessions.AcquireRateAsync(key, limit, s_start.AddSeconds(30), ct)).Allowed);
        }

        var justBefore = s_start.AddSeconds(59.999);
        Assert.False((await b.Sessions.AcquireRateAsync(key, limit, justBefore, ct)).Allowed);

        var edge = s_start.AddMinutes(1);
        var tasks = Enumerable.Range(0, 60)
            .Select(i => Task.Run(async () => (await (i % 2 == 0 ? a : b).Sessions.AcquireRateAsync(key, limit, edge, ct)).Allowed, ct))
            .ToArray();
        Assert.Equal(2, (await Task.WhenAll(tasks)).Count(static x => x));
    }

    [Fact]
    public async Task AcquireRate_HourWindowFull_RefusedWithPerHourAndOtherPartitionsUnaffected()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        await using var a = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), clock);
        var key = new RateKey("support-triage", "alice", "email.send");
        var limit = new RateLimit { PerMinute = 10, PerHour = 3 };
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await a.Sessions.AcquireRateAsync(key, limit, s_start.AddMinutes(i * 10), ct)).Allowed);
        }

        var refused = await a.Sessions.AcquireRateAsync(key, limit, s_start.AddMinutes(45), ct);
        Assert.Equal(new RateLimitOutcome(false, "per_hour", 3), refused);

        // A user id crafted to look like another partition's key gets its own windows.
        Assert.True((await a.Sessions.AcquireRateAsync(new RateKey("support-triage", "alice:5:alice", "email.send"), limit, s_start.AddMinutes(45), ct)).Allowed);
        Assert.True((await a.Sessions.AcquireRateAsync(new RateKey("support-triage", "alice", "email.send2"), limit, s_start.AddMinutes(45), ct)).Allowed);

        // The clock going backwards frees nothing.
        Assert.False((await a.Sessions.AcquireRateAsync(key, limit, s_start.AddMinutes(-30), ct)).Allowed);
        Assert.True((await a.Sessions.AcquireRateAsync(key, limit, s_start.AddMinutes(60).AddSeconds(1), ct)).Allowed);
    }

    [Fact]
    public async Task AcquireRate_Keys_ExpireWithTheirLongestWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, new ManualTimeProvider(s_start));
        await a.Sessions.AcquireRateAsync(new RateKey("p", "u", "minute-only"), new RateLimit { PerMinute = 5 }, s_start, ct);
        await a.Sessions.AcquireRateAsync(new RateKey("p", "u", "hourly"), new RateLimit { PerMinute = 5, PerHour = 10 }, s_start, ct);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var db = connection.GetDatabase();
        var minuteTtl = await db.KeyTimeToLiveAsync($"{prefix}rate:p:1:u:minute-only");
        var hourTtl = await db.KeyTimeToLiveAsync($"{prefix}rate:p:1:u:hourly");

        Assert.InRange(minuteTtl!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        Assert.InRange(hourTtl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task SetHalt_SecondReason_FirstReasonStandsOnEveryReplica()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);

        Assert.True(await a.Sessions.SetHaltAsync(HaltTarget.Session, "s1", new HaltRecord("first", "behavior.halt", s_start), ct));
        Assert.False(await b.Sessions.SetHaltAsync(HaltTarget.Session, "s1", new HaltRecord("second", "operator.halt", s_start), ct));

        Assert.Equal("first", (await b.Sessions.GetHaltAsync("s1", null, ct))?.Reason);
        Assert.Equal("first", (await a.Sessions.GetHaltAsync("s1", null, ct))?.Reason);
        Assert.Null(await a.Sessions.GetHaltAsync("s2", null, ct));
    }

    [Fact]
    public async Task Halt_SetOnOneReplica_OtherReplicasCachedAnswerInvalidatedAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock, o => o.HaltCacheDuration = TimeSpan.FromHours(1));
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-prop");

        Assert.True((await b.Guard.AuthorizeAsync(call, ct)).IsAllowed); // b now caches "not halted" for an hour
        var latencies = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            await a.Guard.HaltAsync(HaltTarget.Session, "s-prop", "operator saw exfiltration", ct);
            await WaitUntilAsync(async () => (await b.Sessions.GetHaltAsync("s-prop", null, ct)) is not null);
            latencies.Add(watch.Elapsed);

            var refused = await b.Guard.AuthorizeAsync(call, ct);
            Assert.Equal(GuardVerdict.Halt, refused.Verdict);
            Assert.Contains("session.halted", refused.RuleIds);

            Assert.True(await b.Guard.ResumeAsync(HaltTarget.Session, "s-prop", ct));
            await WaitUntilAsync(async () => (await a.Sessions.GetHaltAsync("s-prop", null, ct)) is null);
            Assert.True((await a.Guard.AuthorizeAsync(call, ct)).IsAllowed);
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"halt propagation (set on A until B's cache refuses), 5 rounds: {string.Join(", ", latencies.Select(static l => $"{l.TotalMilliseconds:F2} ms"))}");
    }

    [Fact]
    public async Task Halt_AgentHaltedOnOneReplica_EverySessionOfTheAgentRefusedOnTheOther()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-x") with { AgentId = "agent-7" };
        Assert.True((await b.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        await a.Guard.HaltAsync(HaltTarget.Agent, "agent-7", "compromised", ct);
        await WaitUntilAsync(async () => (await b.Sessions.GetHaltAsync("s-other", "agent-7", ct)) is not null);

        Assert.Equal(GuardVerdict.Halt, (await b.Guard.AuthorizeAsync(call with { SessionId = "s-other" }, ct)).Verdict);
        Assert.True((await b.Guard.AuthorizeAsync(call with { AgentId = "agent-8", SessionId = "s-y" }, ct)).IsAllowed);
    }

    [Fact]
    public async Task Halt_ReplicaRestarted_SessionStaysHalted()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        var prefix = RedisReplica.NewPrefix();
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-restart");
        await using (var a = new RedisReplica(redis.Server.Configuration, prefix, clock))
        {
            await a.Guard.HaltAsync(HaltTarget.Session, "s-restart", "held for review", ct);
        }

        await using var restarted = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var decision = await restarted.Guard.AuthorizeAsync(call, ct);

        Assert.Equal(GuardVerdict.Halt, decision.Verdict);
        Assert.Contains("held for review", decision.Reasons[0]);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold within 30 s");
            await Task.Delay(1);
        }
    }
}
