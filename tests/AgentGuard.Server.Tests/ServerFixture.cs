namespace AgentGuard.Server.Tests;

/// <summary>One enforcement service process shared by the end-to-end test classes (starting one takes seconds).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The collection of tests that share the service process.</summary>
[CollectionDefinition(Name)]
public sealed class ServerGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "enforcement service";
}
