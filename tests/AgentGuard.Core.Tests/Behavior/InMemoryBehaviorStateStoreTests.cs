namespace AgentGuard.Core.Tests.Behavior;

public sealed class InMemoryBehaviorStateStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpdateAsync_ConcurrentUpdatesOfOneSession_LoseNothing()
    {
        var store = new InMemoryBehaviorStateStore();
        const int Workers = 8;
        const int PerWorker = 2000;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerWorker; i++)
            {
                await store.UpdateAsync("s", s_now, static (state, _) =>
                {
                    // A read-modify-write that would lose updates if two ran at once.
                    var seen = state.CallCount;
                    Thread.SpinWait(10);
                    state.CallCount = seen + 1;
                    state.Barriers.Add(new BarrierRecord { Id = (int)seen });
                    return 0;
                }, 0, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken)));

        var (count, barriers) = await store.UpdateAsync("s", s_now, static (state, _) => (state.CallCount, state.Barriers.Count), 0, TestContext.Current.CancellationToken);
        Assert.Equal(Workers * PerWorker, count);
        Assert.Equal(Workers * PerWorker, barriers);
    }

    [Fact]
    public async Task Engine_ConcurrentCallsOfOneSession_AreAllScored()
    {
        var h = BehaviorHarness.Create(new BehaviorOptions { BurstCallsPerMinute = 1_000_000 });
        var calls = Enumerable.Range(0, 400).Select(i => h.CreateCall("repo.read_file", $$"""{"path":"src/F{{i}}.cs"}""")).ToList();

        await Parallel.ForEachAsync(calls, TestContext.Current.CancellationToken, async (call, token) => await h.Engine.AuthorizeAsync(call, token));

        Assert.Equal(400, h.Snapshot().CallCount);
    }

    [Fact]
    public async Task UpdateAsync_SessionIdleLongerThanTheTimeout_IsDropped()
    {
        var store = new InMemoryBehaviorStateStore(new BehaviorOptions { SessionIdleTimeout = TimeSpan.FromHours(1) });
        await store.UpdateAsync("idle", s_now, static (state, _) => state.CallCount = 5, 0, TestContext.Current.CancellationToken);
        await store.UpdateAsync("busy", s_now.AddMinutes(50), static (state, _) => state.CallCount = 5, 0, TestContext.Current.CancellationToken);

        await store.UpdateAsync("busy", s_now.AddMinutes(90), static (state, _) => 0, 0, TestContext.Current.CancellationToken);

        Assert.Equal(1, store.Count);
        Assert.Equal(0, await store.UpdateAsync("idle", s_now.AddMinutes(91), static (state, _) => state.CallCount, 0, TestContext.Current.CancellationToken));
        Assert.Equal(5, await store.UpdateAsync("busy", s_now.AddMinutes(91), static (state, _) => state.CallCount, 0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpdateAsync_MoreSessionsThanTheCap_DropsTheLeastRecentlyActive()
    {
        var store = new InMemoryBehaviorStateStore(new BehaviorOptions { MaxSessions = 10 });
        for (var i = 0; i < 25; i++)
        {
            await store.UpdateAsync($"s{i}", s_now.AddSeconds(i), static (state, _) => 0, 0, TestContext.Current.CancellationToken);
        }

        await store.UpdateAsync("last", s_now.AddMinutes(5), static (state, _) => 0, 0, TestContext.Current.CancellationToken);

        Assert.InRange(store.Count, 1, 11);
        Assert.Equal(0, await store.UpdateAsync("s0", s_now.AddMinutes(5), static (state, _) => state.CallCount, 0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RemoveAsync_ForgetsTheSession()
    {
        var store = new InMemoryBehaviorStateStore();
        await store.UpdateAsync("s", s_now, static (state, _) => state.CallCount = 3, 0, TestContext.Current.CancellationToken);

        Assert.True(await store.RemoveAsync("s", TestContext.Current.CancellationToken));
        Assert.False(await store.RemoveAsync("s", TestContext.Current.CancellationToken));
        Assert.Equal(0, await store.UpdateAsync("s", s_now, static (state, _) => state.CallCount, 0, TestContext.Current.CancellationToken));
    }
}
