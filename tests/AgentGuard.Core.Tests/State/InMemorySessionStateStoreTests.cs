namespace AgentGuard.Core.Tests.State;

public sealed class InMemorySessionStateStoreTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RateKey Key(string user) => new("support", user, "crm.search");

    [Fact]
    public async Task AcquireRate_PartitionsIdleForAnHour_AreDropped()
    {
        var store = new InMemorySessionStateStore();
        var limit = new RateLimit { PerMinute = 5 };
        for (var i = 0; i < 1000; i++)
        {
            Assert.True((await store.AcquireRateAsync(Key($"user{i}"), limit, s_start.AddSeconds(i % 60), Ct)).Allowed);
        }

        Assert.Equal(1000, store.RateWindowCount);
        await store.AcquireRateAsync(Key("late"), limit, s_start.AddMinutes(30), Ct);
        Assert.Equal(1001, store.RateWindowCount);   // nothing idle for an hour yet

        await store.AcquireRateAsync(Key("later"), limit, s_start.AddMinutes(62), Ct);
        Assert.Equal(2, store.RateWindowCount);      // only late (30 minutes idle) and later remain
    }

    [Fact]
    public async Task AcquireRate_ActivePartition_KeepsItsCountAcrossSweeps()
    {
        var store = new InMemorySessionStateStore();
        var limit = new RateLimit { PerHour = 3 };
        Assert.True((await store.AcquireRateAsync(Key("alice"), limit, s_start, Ct)).Allowed);
        Assert.True((await store.AcquireRateAsync(Key("alice"), limit, s_start.AddMinutes(50), Ct)).Allowed);
        Assert.True((await store.AcquireRateAsync(Key("alice"), limit, s_start.AddMinutes(70), Ct)).Allowed);   // sweeps
        Assert.True((await store.AcquireRateAsync(Key("alice"), limit, s_start.AddMinutes(71), Ct)).Allowed);

        var fourth = await store.AcquireRateAsync(Key("alice"), limit, s_start.AddMinutes(72), Ct);

        Assert.False(fourth.Allowed);   // 50, 70 and 71 minutes are in the last hour: the sweep did not reset the partition
        Assert.Equal("per_hour", fourth.Window);
    }

    [Fact]
    public async Task AcquireRate_LimitChanged_NewLimitApplies()
    {
        var store = new InMemorySessionStateStore();
        Assert.True((await store.AcquireRateAsync(Key("alice"), new RateLimit { PerMinute = 1 }, s_start, Ct)).Allowed);
        Assert.False((await store.AcquireRateAsync(Key("alice"), new RateLimit { PerMinute = 1 }, s_start.AddSeconds(1), Ct)).Allowed);

        var raised = await store.AcquireRateAsync(Key("alice"), new RateLimit { PerMinute = 5 }, s_start.AddSeconds(2), Ct);

        Assert.True(raised.Allowed);
        Assert.Equal(1, store.RateWindowCount);
    }

    [Fact]
    public async Task AcquireRate_ParallelCallsWhileTheirPartitionIsSwept_ExactlyTheLimitGetsThrough()
    {
        var store = new InMemorySessionStateStore();
        var limit = new RateLimit { PerMinute = 50 };
        await store.AcquireRateAsync(Key("alice"), limit, s_start, Ct);          // idle for an hour by the burst below
        for (var i = 0; i < 500; i++)
        {
            await store.AcquireRateAsync(Key($"user{i}"), limit, s_start, Ct);
        }

        var burst = s_start.AddMinutes(61);
        var allowed = 0;
        await Parallel.ForAsync(0, 800, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
        {
            if ((await store.AcquireRateAsync(Key("alice"), limit, burst.AddTicks(i % 7), ct)).Allowed)
            {
                Interlocked.Increment(ref allowed);
            }
        });

        Assert.Equal(50, allowed);
        Assert.Equal(1, store.RateWindowCount);
    }
}
