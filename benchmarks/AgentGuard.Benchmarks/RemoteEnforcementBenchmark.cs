using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Benchmarks;

/// <summary>An <c>Authorize</c> round trip to the out-of-process enforcement service over a Unix socket and over loopback
/// TCP (h2c), against the same engine in process as the baseline; plus throughput with 64 calls in flight.</summary>
/// <remarks>The service runs in this process (same machine, real sockets, real HTTP/2). Calls rotate over 50,000 sessions
/// so that behavior scoring's burst rate never trips and every call takes the allow path.</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class RemoteEnforcementBenchmark
{
    private const int Sessions = 50_000;
    private const int Concurrency = 64;
    private string _root = null!;
    private WebApplication _server = null!;
    private ServiceProvider _local = null!;
    private IAgentGuard _engine = null!;
    private RemoteAgentGuard _uds = null!;
    private RemoteAgentGuard _tcp = null!;
    private ToolCall[] _calls = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("agentguard-bench-").FullName;
        File.WriteAllText(Path.Combine(_root, "support.yaml"), """
            persona: support-triage
            description: Triage support tickets.
            owner: support@contoso.example
            maturity: principal
            tools:
              - name: tickets.get
                args:
                  ticket_id: { pattern: "^T[0-9]{6}$" }
            """);
        var (key, stored) = InsideKeys.Create();
        var config = new JsonObject
        {
            ["AgentGuard"] = new JsonObject
            {
                ["Server"] = new JsonObject
                {
                    ["Listen"] = new JsonObject { ["UnixSocket"] = "agentguard.sock", ["Tcp"] = "127.0.0.1:0" },
                    ["Agents"] = new JsonArray(new JsonObject { ["Id"] = "agent-1", ["Persona"] = "support-triage", ["Keys"] = new JsonArray(stored) }),
                },
                ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("support.yaml") },
            },
        };
        var file = Path.Combine(_root, "agentguard.json");
        File.WriteAllText(file, config.ToJsonString());
        _server = AgentGuardServer.Build(file);
        _server.StartAsync().GetAwaiter().GetResult();
        var addresses = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var tcp = addresses.First(static a => a.StartsWith("http://1", StringComparison.Ordinal));
        _uds = Client("unix:" + Path.Combine(_root, "agentguard.sock"), key);
        _tcp = Client(tcp, key);

        var services = new ServiceCollection();
        services.AddAgentGuard().AddPersonaFile(Path.Combine(_root, "support.yaml"));
        _local = services.BuildServiceProvider();
        _engine = _local.GetRequiredService<IAgentGuard>();

        var arguments = System.Text.Json.JsonDocument.Parse("""{"ticket_id":"T000042"}""").RootElement.Clone();
        _calls = new ToolCall[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            // In process the persona and agent come from the call; remotely the inside key fixes them.
            _calls[i] = new ToolCall { ToolName = "tickets.get", Arguments = arguments, SessionId = "bench-" + i, UserId = "alice", AgentId = "agent-1", Persona = "support-triage" };
        }

        foreach (var guard in new IAgentGuard[] { _engine, _uds, _tcp })
        {
            var decision = guard.AuthorizeAsync(_calls[0] with { Persona = guard == _engine ? "support-triage" : null }).AsTask().GetAwaiter().GetResult();
            if (!decision.IsAllowed || decision.RuleIds.Count != 0)
            {
                throw new InvalidOperationException($"The benchmark call must take the allow path: {decision}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _uds.Dispose();
        _tcp.Dispose();
        _local.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_server).Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<GuardDecision> InProcess() => _engine.AuthorizeAsync(NextCall()).AsTask();

    [Benchmark]
    public Task<GuardDecision> RemoteUnixSocket() => _uds.AuthorizeAsync(NextCall()).AsTask();

    [Benchmark]
    public Task<GuardDecision> RemoteTcpLoopback() => _tcp.AuthorizeAsync(NextCall()).AsTask();

    /// <summary>Throughput: 64 calls in flight on the Unix socket; decisions per second = 1 / the per-operation time.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public async Task RemoteUnixSocketConcurrent()
    {
        var pending = new Task<GuardDecision>[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            pending[i] = _uds.AuthorizeAsync(NextCall()).AsTask();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private ToolCall NextCall() => _calls[(uint)Interlocked.Increment(ref _next) % Sessions];

    private static RemoteAgentGuard Client(string address, string key) =>
        new(Microsoft.Extensions.Options.Options.Create(new RemoteEnforcementOptions { Address = address, InsideKey = key, MaxRetries = 0 }));
}
