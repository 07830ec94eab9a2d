namespace AgentGuard.Redis.Tests;

/// <summary>One redis-server shared by a test class (each test uses its own key prefix), or the reason there is none.</summary>
public sealed class RedisServerFixture : IDisposable
{
    private readonly RedisServer? _server;

    public RedisServerFixture()
    {
        if (RedisServer.Unavailable is null)
        {
            _server = RedisServer.Start();
        }
    }

    /// <summary>Gets the server, or skips the calling test (with the reason) when redis-server is not installed.</summary>
    public RedisServer Server
    {
        get
        {
            Assert.SkipWhen(_server is null, RedisServer.Unavailable ?? "redis-server unavailable");
            return _server!;
        }
    }

    public void Dispose() => _server?.Dispose();
}
