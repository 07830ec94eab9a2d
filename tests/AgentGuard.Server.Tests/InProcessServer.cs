using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Server.Tests;

/// <summary>The service built by <see cref="AgentGuardServer.Build"/> inside the test process, for the transport and
/// identity variants (TLS, user tokens, key rotation) that need their own configuration.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, string root, string configFile, string agentKey, string agentStored)
    {
        _app = app;
        Root = root;
        ConfigFile = configFile;
        AgentKey = agentKey;
        AgentStored = agentStored;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
    }

    public string Root { get; }

    public string ConfigFile { get; }

    public string AgentKey { get; }

    public string AgentStored { get; }

    public IReadOnlyList<string> Addresses { get; }

    public static JsonObject Config(JsonObject listen, string agentStored) => new()
    {
        ["AgentGuard"] = new JsonObject
        {
            ["Server"] = new JsonObject
            {
                ["Listen"] = listen,
                ["Agents"] = new JsonArray(new JsonObject { ["Id"] = "triage-1", ["Persona"] = "support-triage", ["Keys"] = new JsonArray(agentStored) }),
            },
            ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("personas"), ["Catalog"] = "catalog.yaml", ["Users"] = "users.yaml" },
        },
    };

    public static async Task<InProcessServer> StartAsync(Func<string, JsonObject, JsonObject>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("agentguard-inproc-").FullName;
        TestPolicy.Write(root);
        var (key, stored) = InsideKeys.Create();
        var config = Config(new JsonObject { ["Tcp"] = "127.0.0.1:0" }, stored);
        config = configure?.Invoke(root, config) ?? config;
        var file = Path.Combine(root, "agentguard.json");
        await File.WriteAllTextAsync(file, config.ToJsonString());
        try
        {
            var app = AgentGuardServer.Build(file);
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new InProcessServer(app, root, file, key, stored);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public RemoteAgentGuard Client(string address, string? key = null, Action<RemoteEnforcementOptions>? configure = null)
    {
        var options = new RemoteEnforcementOptions { Address = address, InsideKey = key ?? AgentKey, MaxRetries = 0 };
        configure?.Invoke(options);
        return new RemoteAgentGuard(Microsoft.Extensions.Options.Options.Create(options));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
