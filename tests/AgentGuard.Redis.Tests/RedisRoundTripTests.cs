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
