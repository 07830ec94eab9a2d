using AgentGuard.Testing;
using StackExchange.Redis;

namespace AgentGuard.Redis.Tests;

public sealed class RedisCredentialHandleStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Handle = "agh_test_4f8a9c2e7b1d";

    [Fact]
    public async Task FindAsync_HandleIssuedOnOneReplica_BindingSeenOnTheOtherAndRevocationToo()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, TimeProvider.System);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, TimeProvider.System);
        var binding = Binding("s1", TimeSpan.FromMinutes(10));

        await a.Handles.AddAsync(Handle, binding, ct);
        var found = await b.Handles.FindAsync(Handle, ct);

        Assert.NotNull(found);
        Assert.Equal(binding.Backend, found.Backend);
        Assert.Equal(binding.Tools, found.Tools);
        Assert.Equal(binding.ExpiresAt, found.ExpiresAt);
        Assert.Null(await b.Handles.FindAsync(Handle + "x", ct));
        Assert.Null(await b.Handles.FindAsync(Handle.ToUpperInvariant(), ct));

        Assert.True(await b.Handles.RemoveAsync(Handle, ct));
        Assert.Null(await a.Handles.FindAsync(Handle, ct));
        Assert.False(await a.Handles.RemoveAsync(Handle, ct));
    }

    [Fact]
    public async Task AddAsync_SameValueTwice_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var a = new RedisReplica(redis.Server.Configuration, RedisReplica.NewPrefix(), TimeProvider.System);
        await a.Handles.AddAsync(Handle, Binding("s1", TimeSpan.FromMinutes(10)), ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await a.Handles.AddAsync(Handle, Binding("s-attacker", TimeSpan.FromHours(1)), ct));
        Assert.Equal("s1", (await a.Handles.FindAsync(Handle, ct))?.SessionId);
    }

    [Fact]
    public async Task RemoveSessionAsync_OnOtherReplica_RevokesEveryHandleOfThatSessionOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, TimeProvider.System);
        await using var b = new RedisReplica(redis.Server.Configuration, prefix, TimeProvider.System);
        for (var i = 0; i < 3; i++)
        {
            await a.Handles.AddAsync($"{Handle}{i}", Binding("s-revoke", TimeSpan.FromMinutes(10)), ct);
        }

        await a.Handles.AddAsync($"{Handle}other", Binding("s-keep", TimeSpan.FromMinutes(10)), ct);
        await a.Handles.RemoveAsync($"{Handle}0", ct);

        Assert.Equal(2, await b.Handles.RemoveSessionAsync("s-revoke", ct));
        Assert.Null(await a.Handles.FindAsync($"{Handle}1", ct));
        Assert.Null(await a.Handles.FindAsync($"{Handle}2", ct));
        Assert.NotNull(await a.Handles.FindAsync($"{Handle}other", ct));
        Assert.Equal(0, await b.Handles.RemoveSessionAsync("s-revoke", ct));
    }

    [Fact]
    public async Task AddAsync_Stored_KeyHoldsNoLiveHandleAndExpiresWithTheBinding()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = RedisReplica.NewPrefix();
        await using var a = new RedisReplica(redis.Server.Configuration, prefix, TimeProvider.System);
        await a.Handles.AddAsync(Handle, Binding("s-exp", TimeSpan.FromMilliseconds(700)), ct);

        await using var client = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var server = client.GetServer(client.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + "*").Select(static k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(Handle, key, StringComparison.Ordinal);
            if (await client.GetDatabase().KeyTypeAsync(key) == RedisType.String)
            {
                Assert.DoesNotContain(Handle, (string?)await client.GetDatabase().StringGetAsync(key) ?? string.Empty, StringComparison.Ordinal);
            }
        }

        await RedisSessionStateStoreTests.WaitUntilAsync(async () => await a.Handles.FindAsync(Handle, ct) is null);
        await RedisSessionStateStoreTests.WaitUntilAsync(() => Task.FromResult(!server.Keys(pattern: prefix + "*").Any()));
    }

    private static CredentialHandleBinding Binding(string session, TimeSpan lifetime)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new CredentialHandleBinding("crm", session, "agent-1", "alice", ["crm.*"], now, now + lifetime);
    }
}
