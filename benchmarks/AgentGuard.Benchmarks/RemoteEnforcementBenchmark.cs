using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard.Benchmarks;

/// <summary>An <c>Authorize</c> round trip to the out-of-process enforcement service over a Unix socket and over loopback
/// TCP (h2c), against the same engine in process as the baseline; throughput with 64 calls in flight; the same calls to
/// the service running as its own process (as deployed); and two floors that show what the transport alone costs.</summary>
/// <remarks>
/// <para>The <c>Remote*</c> methods talk to a service hosted in this process (real sockets, real HTTP/2); the
/// <c>*ServiceProcess</c> methods to <c>AgentGuard.Server serve</c> started as a child process. Calls rotate over 50,000
/// sessions so that behavior scoring's burst rate never trips and every call takes the allow path.</para>
/// <para>Floors, on the same Unix socket stacks (Kestrel HTTP/2 server, <see cref="SocketsHttpHandler"/> client):
/// <c>FloorWireOnly</c> runs AgentGuard's gRPC layer (client channel and server router) with a handler that returns a
/// fixed decision, so it is everything except enforcement; <c>FloorBareHttp2</c> is a plain HTTP/2 POST of the same size
/// to a Kestrel handler that answers with a 7-byte body and a trailer, without any AgentGuard code.</para>
/// <para>Warm-up: both HTTP/2 stacks, Kestrel and the engine reach their tier-1 code (dynamic PGO) only after several
/// seconds of calls; before that a round trip costs two to three times as much (measured here: about 450 µs in the first
/// warm-up iterations, about 120 µs after 30). A service and its agents run warm, so the warm-up is long.</para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[WarmupCount(30)]
public class RemoteEnforcementBenchmark
{
    private const int Sessions = 50_000;
    private const int Concurrency = 64;
    private const int Sequential = 16;
    private static readonly byte[] s_bareReply = [0, 0, 0, 0, 2, 8, 1];
    private string _root = null!;
    private WebApplication _server = null!;
    private WebApplication _floorServer = null!;
    private Process _serviceProcess = null!;
    private ServiceProvider _local = null!;
    private IAgentGuard _engine = null!;
    private RemoteAgentGuard _uds = null!;
    private RemoteAgentGuard _tcp = null!;
    private RemoteAgentGuard _process = null!;
    private GrpcClientChannel _wire = null!;
    private HttpMessageInvoker _bare = null!;
    private Uri _bareUri = null!;
    private byte[] _bareBody = null!;
    private P.AuthorizeRequest _wireRequest = null!;
    private CallHeaders _wireHeaders;
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
        _server = AgentGuardServer.Build(WriteConfig("agentguard.json", "agentguard.sock", stored, readyFile: null));
        _server.StartAsync().GetAwaiter().GetResult();
        var addresses = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var tcp = addresses.First(static a => a.StartsWith("http://1", StringComparison.Ordinal));
        _uds = Client("unix:" + Path.Combine(_root, "agentguard.sock"), key);
        _tcp = Client(tcp, key);
        _serviceProcess = StartServiceProcess(WriteConfig("process.json", "process.sock", stored, readyFile: "process-ready.txt"), Path.Combine(_root, "process-ready.txt"));
        _process = Client("unix:" + Path.Combine(_root, "process.sock"), key);

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

        foreach (var guard in new IAgentGuard[] { _engine, _uds, _tcp, _process })
        {
            var decision = guard.AuthorizeAsync(_calls[0] with { Persona = guard == _engine ? "support-triage" : null }).AsTask().GetAwaiter().GetResult();
            if (!decision.IsAllowed || decision.RuleIds.Count != 0)
            {
                throw new InvalidOperationException($"The benchmark call must take the allow path: {decision}");
            }
        }

        StartFloors(key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _uds.Dispose();
        _tcp.Dispose();
        _process.Dispose();
        _wire.Dispose();
        _bare.Dispose();
        _local.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_server).Dispose();
        _floorServer.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_floorServer).Dispose();
        _serviceProcess.Kill(entireProcessTree: true);
        _serviceProcess.WaitForExit();
        _serviceProcess.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<GuardDecision> InProcess() => _engine.AuthorizeAsync(NextCall()).AsTask();

    [Benchmark]
    public Task<GuardDecision> RemoteUnixSocket() => _uds.AuthorizeAsync(NextCall()).AsTask();

    [Benchmark]
    public Task<GuardDecision> RemoteTcpLoopback() => _tcp.AuthorizeAsync(NextCall()).AsTask();

    /// <summary>The round trip as an async agent sees it: 16 calls one after another, each awaited, per invocation.</summary>
    /// <remarks>BenchmarkDotNet waits for a returned task by blocking its own thread, which adds a cross-thread wake-up
    /// to every single-call measurement above; agents await instead. Here that wake-up is paid once per 16 calls.</remarks>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public Task RemoteUnixSocketAwaited() => OneAfterAnother(_uds);

    /// <summary>As <see cref="RemoteUnixSocketAwaited"/>, over loopback TCP.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public Task RemoteTcpLoopbackAwaited() => OneAfterAnother(_tcp);

    /// <summary>Throughput: 64 calls in flight on the Unix socket; decisions per second = 1 / the per-operation time.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task RemoteUnixSocketConcurrent() => Concurrently(_uds);

    /// <summary>The Unix socket round trip to the service running as its own process, as it is deployed.</summary>
    [Benchmark]
    public Task<GuardDecision> ServiceProcessUnixSocket() => _process.AuthorizeAsync(NextCall()).AsTask();

    /// <summary>As <see cref="RemoteUnixSocketAwaited"/>, to the service running as its own process.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public Task ServiceProcessUnixSocketAwaited() => OneAfterAnother(_process);

    /// <summary>Throughput against the service running as its own process: 64 calls in flight.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task ServiceProcessUnixSocketConcurrent() => Concurrently(_process);

    /// <summary>Floor: AgentGuard's gRPC layer over the Unix socket, with a handler that returns a fixed decision.</summary>
    [Benchmark]
    public Task<P.Decision> FloorWireOnly() =>
        _wire.UnaryAsync("Authorize", _wireRequest, P.Decision.Parser, _wireHeaders, RemoteEnforcementDefaults.Deadline, CancellationToken.None);

    /// <summary>Floor: a plain HTTP/2 POST and reply of the same sizes on the same stacks, without AgentGuard code.</summary>
    [Benchmark]
    public async Task FloorBareHttp2()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _bareUri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(_bareBody),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _bare.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[64];
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    private async Task OneAfterAnother(RemoteAgentGuard guard)
    {
        for (var i = 0; i < Sequential; i++)
        {
            await guard.AuthorizeAsync(NextCall()).ConfigureAwait(false);
        }
    }

    private async Task Concurrently(RemoteAgentGuard guard)
    {
        var pending = new Task<GuardDecision>[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            pending[i] = guard.AuthorizeAsync(NextCall()).AsTask();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private ToolCall NextCall() => _calls[(uint)Interlocked.Increment(ref _next) % Sessions];

    private string WriteConfig(string name, string socket, string storedKey, string? readyFile)
    {
        var listen = new JsonObject { ["UnixSocket"] = socket, ["Tcp"] = "127.0.0.1:0" };
        if (readyFile is not null)
        {
            listen["ReadyFile"] = readyFile;
        }

        var config = new JsonObject
        {
            ["AgentGuard"] = new JsonObject
            {
                ["Server"] = new JsonObject
                {
                    ["Listen"] = listen,
                    ["Agents"] = new JsonArray(new JsonObject { ["Id"] = "agent-1", ["Persona"] = "support-triage", ["Keys"] = new JsonArray(storedKey) }),
                },
                ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("support.yaml") },
            },
        };
        var file = Path.Combine(_root, name);
        File.WriteAllText(file, config.ToJsonString());
        return file;
    }

    private static Process StartServiceProcess(string configFile, string readyFile)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var process = Process.Start(new ProcessStartInfo(host, ["exec", FindServiceDll(), "serve", "--config", configFile])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[service] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!File.Exists(readyFile))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The enforcement service process did not start.");
            }

            Thread.Sleep(50);
        }

        return process;
    }

    private static string FindServiceDll()
    {
        // The service's own build output has its runtimeconfig (ASP.NET Core shared framework). BenchmarkDotNet may run
        // this code from a generated folder below the benchmark's output, so search upwards for the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "AgentGuard.Server", "bin", configuration, "net10.0", "AgentGuard.Server.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("Build src/AgentGuard.Server first (dotnet build -c Release src/AgentGuard.Server).");
    }

    private void StartFloors(string key)
    {
        var socket = Path.Combine(_root, "floor.sock");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, o => o.Protocols = HttpProtocols.Http2));
        _floorServer = builder.Build();
        var router = new GrpcServiceRouter(GrpcProtocol.DefaultMaxMessageSize, NullLogger.Instance);
        var fixedDecision = ProtoMapping.ToProto(new GuardDecision(GuardVerdict.Allow), grant: Convert.ToBase64String(new byte[32]));
        router.MapUnary(GrpcProtocol.ServicePath + "Authorize", P.AuthorizeRequest.Parser, (_, _) => Task.FromResult(fixedDecision));
        _floorServer.Run(context =>
        {
            if (context.Request.Path.Equals("/bare", StringComparison.Ordinal))
            {
                return Bare(context);
            }

            return router.HandleAsync(context);
        });
        _floorServer.StartAsync().GetAwaiter().GetResult();

        var address = "unix:" + socket;
        _wire = new GrpcClientChannel(new RemoteEnforcementOptions { Address = address, InsideKey = key, MaxRetries = 0 });
        _wireRequest = new P.AuthorizeRequest { Call = ProtoMapping.ToProto(_calls[0] with { Persona = null }) };
        _wireHeaders = new CallHeaders(RemoteHeaders.BearerScheme + " " + key, null);
        _bare = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(s, ownsSocket: true);
            },
        });
        _bareUri = new Uri("http://localhost/bare");
        _bareBody = new byte[GrpcProtocol.HeaderSize + _wireRequest.CalculateSize()];
        FloorWireOnly().GetAwaiter().GetResult();
        FloorBareHttp2().GetAwaiter().GetResult();

        static async Task Bare(HttpContext context)
        {
            context.Response.ContentType = GrpcProtocol.ContentType;
            await context.Request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            await context.Response.Body.WriteAsync(s_bareReply).ConfigureAwait(false);
            context.Response.AppendTrailer(GrpcProtocol.StatusTrailer, "0");
        }
    }

    private static RemoteAgentGuard Client(string address, string key) =>
        new(Microsoft.Extensions.Options.Options.Create(new RemoteEnforcementOptions { Address = address, InsideKey = key, MaxRetries = 0 }));
}
