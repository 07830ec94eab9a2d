using System.Globalization;
using AgentGuard.Testing;
using StackExchange.Redis;

namespace AgentGuard.Redis.Tests;

public sealed class RedisRoundTripTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Authorize_WarmSessionWithRateLimitAndBehavior_AtMostTwoRoundTripsPerDecision()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "crm.get_customer", Rate = new RateLimit { PerMinute = 1000, PerHour = 10_000 } }],
            Behavior = new BehaviorThresholds { AlertAt = 1e6, ApprovalAt = 2e6, HaltAt = 3e6 },
        };
        await using var replica = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), clock, persona: persona);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-rt");
        // Warms the connection, the halt cache and the behavior copy (the first answer, read while connecting, is not cached).
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true,tiebreaker=");
        var server = client.GetServer(client.GetEndPoints()[0]);
        var before = await ClientCommandsAsync(server);
        const int Decisions = 50;
        for (var i = 0; i < Decisions; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100)); // inside the halt cache's 30 s: refreshing it costs one GET per session per period
            Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        }

        var perDecision = (double)(await ClientCommandsAsync(server) - before) / Decisions;
        TestContext.Current.TestOutputHelper?.WriteLine($"round trips per decision (halt cached, rate limit, behavior): {perDecision:F2}");
        Assert.Equal(2.0, perDecision); // one for the rate windows, one for behavior; the halt comes from the cache
    }

    [Fact]
    public async Task Authorize_InteractiveConnectionDroppedAndRestored_HaltCacheServesAgain()
    {
        // Dropping only the command connection (the subscription stays up) loses no invalidation, but the replica stops
        // trusting its halt cache; once the connection is back, the cache must be trusted again, not left off for good.
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "crm.get_customer", Rate = new RateLimit { PerMinute = 1000, PerHour = 10_000 } }],
            Behavior = new BehaviorThresholds { AlertAt = 1e6, ApprovalAt = 2e6, HaltAt = 3e6 },
        };
        var logs = new ListLoggerProvider();
        var name = "rt" + Guid.NewGuid().ToString("N");
        await using var replica = new RedisReplica(redis.Server.Configuration + ",name=" + name, RedisReplica.NewPrefix(), clock, logs: logs, persona: persona);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-restore");
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true,tiebreaker=");
        var server = client.GetServer(client.GetEndPoints()[0]);
        // Only this replica's command connection: other tests share the server.
        var killed = 0;
        foreach (var connection in (await server.ClientListAsync()).Where(c => c.Name == name && c.ClientType == ClientType.Normal))
        {
            await server.ExecuteAsync("CLIENT", "KILL", "ID", connection.Id.ToString(CultureInfo.InvariantCulture));
            killed++;
        }

        Assert.Equal(1, killed);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!logs.Lines.Any(static l => l.EventId == 4504 && l.Message.Contains("Interactive", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not restore its connection");
            await Task.Delay(50, ct);
        }

        // The first decisions after the restore may read the halt (the cache was cleared); after that it comes from the cache.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        }

        var perDecision = 0.0;
        for (var attempt = 0; attempt < 20 && perDecision != 2.0; attempt++)
        {
            var before = await ClientCommandsAsync(server);
            const int Decisions = 20;
            for (var i = 0; i < Decisions; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
            }

            perDecision = (double)(await ClientCommandsAsync(server) - before) / Decisions;
            await Task.Delay(100, ct);
        }

        Assert.Equal(2.0, perDecision);
    }

    [Fact]
    public async Task Authorize_WarmSession_SendsScriptsByHashNotByText()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "crm.get_customer", Rate = new RateLimit { PerMinute = 1000 } }],
            Behavior = new BehaviorThresholds { AlertAt = 1e6, ApprovalAt = 2e6, HaltAt = 3e6 },
        };
        await using var replica = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), clock, persona: persona);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-sha");
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true,tiebreaker=");
        var server = client.GetServer(client.GetEndPoints()[0]);
        var evalBefore = await CommandCallsAsync(server, "cmdstat_eval");
        var shaBefore = await CommandCallsAsync(server, "cmdstat_evalsha");
        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        }

        // Other tests share this Redis, but none of them sends a script's text while warm either.
        Assert.Equal(evalBefore, await CommandCallsAsync(server, "cmdstat_eval"));
        Assert.True(await CommandCallsAsync(server, "cmdstat_evalsha") - shaBefore >= 40);
    }

    [Fact]
    public async Task Authorize_ScriptCacheFlushed_ScriptsReloadedAndStateStaysExact()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var persona = TestGuard.SupportTriage() with
        {
            Tools = [new ToolGrant { Name = "crm.get_customer", Rate = new RateLimit { PerMinute = 4 } }],
            Behavior = new BehaviorThresholds { AlertAt = 1e6, ApprovalAt = 2e6, HaltAt = 3e6 },
        };
        var prefix = RedisReplica.NewPrefix();
        await using var replica = new RedisReplica(redis.Server.Configuration, prefix, clock, persona: persona);
        await using var other = new RedisReplica(redis.Server.Configuration, prefix, clock, persona: persona);
        var call = TestGuard.Call("crm.get_customer", """{"customer_id":"C000001"}""", session: "s-flush");
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.True((await other.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true,tiebreaker=");
        var server = client.GetServer(client.GetEndPoints()[0]);
        await server.ScriptFlushAsync(); // as after a restart of Redis: every EVALSHA now answers NOSCRIPT

        // The rate windows count on across the flush: two more permits, then refused, on either replica.
        Assert.True((await replica.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        Assert.True((await other.Guard.AuthorizeAsync(call, ct)).IsAllowed);
        var refused = await replica.Guard.AuthorizeAsync(call, ct);
        Assert.False(refused.IsAllowed);
        Assert.False((await other.Guard.AuthorizeAsync(call, ct)).IsAllowed);

        // The behavior compare-and-set still sees every update of both replicas (none lost to the flush).
        await server.ScriptFlushAsync();
        var calls = await replica.Behavior.UpdateAsync("s-flush", clock.GetUtcNow(), static (state, _) => state.CallCount, 0, ct);
        await server.ScriptFlushAsync();
        Assert.False((await other.Guard.AuthorizeAsync(call, ct)).IsAllowed); // refused by the rate limit, still scored
        await server.ScriptFlushAsync();
        var again = await replica.Behavior.UpdateAsync("s-flush", clock.GetUtcNow(), static (state, _) => state.CallCount, 0, ct);
        Assert.True(calls >= 6, $"call count {calls}");
        Assert.Equal(calls + 1, again); // the replica's stale copy lost the compare-and-set and read the other's update

        // Halts are set and lifted by scripts too; both still reach the other replica.
        await server.ScriptFlushAsync();
        Assert.True(await replica.Sessions.SetHaltAsync(HaltTarget.Session, "s-flush", new HaltRecord("flushed", "operator.halt", clock.GetUtcNow()), ct));
        await RedisSessionStateStoreTests.WaitUntilAsync(async () => (await other.Sessions.GetHaltAsync("s-flush", null, ct))?.Reason == "flushed");
        await server.ScriptFlushAsync();
        Assert.True(await other.Sessions.ClearHaltAsync(HaltTarget.Session, "s-flush", ct));
        await RedisSessionStateStoreTests.WaitUntilAsync(async () => await replica.Sessions.GetHaltAsync("s-flush", null, ct) is null);
        Assert.True(replica.Connection.IsAvailable);
        Assert.True(other.Connection.IsAvailable);
    }

    private static async Task<long> CommandCallsAsync(IServer server, string name)
    {
        var info = await server.InfoAsync("commandstats");
        foreach (var group in info)
        {
            foreach (var entry in group)
            {
                if (entry.Key == name)
                {
                    var field = entry.Value.Split(',')[0]; // calls=N
                    return long.Parse(field.AsSpan(field.IndexOf('=') + 1), CultureInfo.InvariantCulture);
                }
            }
        }

        return 0;
    }

    // Commands a client sends in a decision; commands the scripts run inside Redis (HGETALL, HSET, ...) are not round trips.
    private static async Task<long> ClientCommandsAsync(IServer server)
    {
        var info = await server.InfoAsync("commandstats");
        long calls = 0;
        foreach (var group in info)
        {
            foreach (var entry in group)
            {
                if (entry.Key is "cmdstat_evalsha" or "cmdstat_eval" or "cmdstat_get" or "cmdstat_mget")
                {
                    var field = entry.Value.Split(',')[0]; // calls=N
                    calls += long.Parse(field.AsSpan(field.IndexOf('=') + 1), CultureInfo.InvariantCulture);
                }
            }
        }

        return calls;
    }
}
