using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentGuard.Redis.Tests;

public sealed class RedisBehaviorStateStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Authorize_OffPersonaAttemptsAlternatingBetweenReplicas_SameScoresAndHaltAsOneInMemoryEngine()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        var clock = new ManualTimeProvider(s_start);
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var memoryClock = new ManualTimeProvider(s_start);
        await using var memory = InMemoryEngine(memoryClock);
        var engine = memory.GetRequiredService<IAgentGuard>();

        var redisScores = new List<double>();
        var memoryScores = new List<double>();
        GuardDecision? last = null;
        for (var i = 0; i < 40 && last?.Verdict != GuardVerdict.Halt; i++)
        {
            // Variations on a denied target: the barrier-retry pattern of the first incident.
            var call = TestGuard.Call("crm.delete_customer", $$"""{"customer_id":"C00000{{i % 10}}"}""", session: "s-score");
            last = await (i % 2 == 0 ? a : b).Guard.AuthorizeAsync(call, ct);
            redisScores.Add(last.Score);
            memoryScores.Add((await engine.AuthorizeAsync(call, ct)).Score);
            clock.Advance(TimeSpan.FromSeconds(2));
            memoryClock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(GuardVerdict.Halt, last!.Verdict);
        Assert.Equal(memoryScores, redisScores);
        Assert.True(redisScores.Count > 2, "the halt needed evidence from both replicas");

        var next = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-score");
        await RedisSessionStateStoreTests.WaitUntilAsync(async () => (await a.Sessions.GetHaltAsync("s-score", null, ct)) is not null);
        Assert.Equal(GuardVerdict.Halt, (await a.Guard.AuthorizeAsync(next, ct)).Verdict);
        Assert.Equal(GuardVerdict.Halt, (await b.Guard.AuthorizeAsync(next, ct)).Verdict);
    }

    [Fact]
    public async Task Authorize_ParallelCallsOfOneSessionOnTwoReplicas_NoUpdateLost()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        var clock = new ManualTimeProvider(s_start);
        var lenient = TestGuard.SupportTriage() with { Behavior = new BehaviorThresholds { AlertAt = 1e6, ApprovalAt = 2e6, HaltAt = 3e6 } };
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock, persona: lenient);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock, persona: lenient);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-race");

        var tasks = Enumerable.Range(0, 80).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).Guard.AuthorizeAsync(call, ct), ct)).ToArray();
        var decisions = await Task.WhenAll(tasks);

        Assert.DoesNotContain(decisions, static d => d.RuleIds.Contains("engine.error"));
        var count = await b.Behavior.UpdateAsync("s-race", clock.GetUtcNow(), static (state, _) => state.CallCount, 0, ct);
        Assert.Equal(80, count);
        Assert.Equal(80, await a.Behavior.UpdateAsync("s-race", clock.GetUtcNow(), static (state, _) => state.CallCount, 0, ct));
    }

    [Fact]
    public async Task UpdateAsync_StaleCopyAfterOtherReplicaWrote_RunsAgainOnTheStoredState()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        var clock = new ManualTimeProvider(s_start);
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-stale");
        await a.Guard.AuthorizeAsync(call, ct); // a holds a copy at version 1
        await b.Guard.AuthorizeAsync(call, ct); // b moves the stored state on
        await b.Guard.AuthorizeAsync(call, ct);

        var runs = 0;
        var seen = await a.Behavior.UpdateAsync("s-stale", clock.GetUtcNow(), (state, _) => { runs++; return state.CallCount; }, 0, ct);

        Assert.Equal(3, seen);
        Assert.Equal(2, runs); // once on the stale copy, refused by compare-and-set, once on the stored state
    }

    [Fact]
    public async Task UpdateAsync_SessionRemovedAndRecreatedElsewhere_StaleCopyNeverOverwritesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        var clock = new ManualTimeProvider(s_start);
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, clock);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, clock);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-aba");
        for (var i = 0; i < 5; i++)
        {
            await a.Guard.AuthorizeAsync(call, ct);
        }

        Assert.True(await b.Behavior.RemoveAsync("s-aba", ct));
        await b.Guard.AuthorizeAsync(call, ct);

        Assert.Equal(1, await a.Behavior.UpdateAsync("s-aba", clock.GetUtcNow(), static (state, _) => state.CallCount, 0, ct));
    }

    [Fact]
    public async Task UpdateAsync_IdleSession_KeyExpiresAfterTheIdleTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        using var connection = new RedisStateConnection(Options.Create(new RedisStateOptions { Configuration = redis.Server.Configuration, KeyPrefix = prefix }));
        // The options validator asks for at least a minute; the store itself honours any timeout, which lets the test wait.
        using var store = new RedisBehaviorStateStore(connection, Options.Create(new BehaviorOptions { SessionIdleTimeout = TimeSpan.FromMilliseconds(300) }));
        await store.UpdateAsync("s-idle", s_start, static (state, _) => state.CallCount, 0, ct);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var key = $"{prefix}behavior:s-idle";
        Assert.True(await client.GetDatabase().KeyExistsAsync(key));
        await RedisSessionStateStoreTests.WaitUntilAsync(async () => !await client.GetDatabase().KeyExistsAsync(key));

        await using var replica = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), new ManualTimeProvider(s_start));
        await replica.Guard.AuthorizeAsync(TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}"""), ct);
        var ttl = await client.GetDatabase().KeyTimeToLiveAsync($"{replica.Connection.Options.KeyPrefix}behavior:s1");
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task MeasureSessionAsync_IdleSessionAfterTypicalWork_BoundedAndReported()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(s_start);
        await using var a = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), clock);
        for (var i = 0; i < 50; i++)
        {
            var call = TestGuard.Call("crm.get_customer", $$"""{"customer_id":"C{{100000 + i}}"}""", session: "s-mem");
            await a.Guard.AuthorizeAsync(call, ct);
            await a.Guard.InspectResultAsync(call, ToolResult.FromText($"customer C{100000 + i}: Jane Doe, jane{i}@example.com") with { RecordCount = 1, Resource = $"crm/C{100000 + i}" }, ct);
            clock.Advance(TimeSpan.FromSeconds(20));
        }

        var partition = new RateKey("support-triage", "alice", "email.send");
        for (var i = 0; i < 50; i++)
        {
            await a.Sessions.AcquireRateAsync(partition, new RateLimit { PerMinute = 5, PerHour = 50 }, clock.GetUtcNow().AddSeconds(i * 70), ct);
        }

        var session = await a.Connection.MeasureSessionAsync("s-mem", ct);
        var rate = await a.Connection.MeasureRateAsync(partition, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"Redis memory of an idle session after 50 scored calls and results: {session} bytes; one rate partition: {rate} bytes");

        Assert.InRange(session, 1, 64 * 1024);
        Assert.InRange(rate, 1, 4 * 1024);
    }

    private static ServiceProvider InMemoryEngine(TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddAgentGuard().UsePolicy(TestGuard.Policy());
        return services.BuildServiceProvider();
    }
}
