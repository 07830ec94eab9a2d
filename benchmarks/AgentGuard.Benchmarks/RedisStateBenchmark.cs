using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Benchmarks;

/// <summary>A decision with shared state in Redis over loopback, against the in-memory stores as baseline.</summary>
/// <remarks>
/// Every decision checks the halt flag, takes a rate-limit permit and updates the session's behavior state. With Redis
/// that is two round trips on a warm session (the halt comes from the pub/sub-invalidated cache; rate windows and the
/// behavior compare-and-set are one Lua script each); <see cref="AuthorizeRedisUncachedHalt"/> reads the halt from Redis
/// too (three). The setup starts its own <c>redis-server</c> on a free loopback port (persistence off) and the cleanup
/// stops it; the machine needs the Debian package redis-server.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class RedisStateBenchmark
{
    private readonly ToolCall _call = new()
    {
        ToolName = "crm.search_customers",
        Arguments = System.Text.Json.JsonDocument.Parse("""{"query":"acme","limit":10}""").RootElement.Clone(),
        SessionId = "bench",
        UserId = "alice",
        Persona = BenchmarkPersonas.SupportId,
    };

    private Process? _redis;
    private ServiceProvider? _memory;
    private ServiceProvider? _shared;
    private ServiceProvider? _uncached;
    private IAgentGuard _memoryGuard = null!;
    private IAgentGuard _sharedGuard = null!;
    private IAgentGuard _uncachedGuard = null!;

    [GlobalSetup]
    public void Setup()
    {
        var port = StartRedis();
        var persona = BenchmarkPersonas.Support with { Behavior = new BehaviorThresholds { AlertAt = 1e12, ApprovalAt = 1e12, HaltAt = 1e12 } };
        (_memory, _memoryGuard) = Build(persona, null);
        (_shared, _sharedGuard) = Build(persona, o => o.Configuration = $"127.0.0.1:{port}");
        (_uncached, _uncachedGuard) = Build(persona, o =>
        {
            o.Configuration = $"127.0.0.1:{port}";
            o.KeyPrefix = "uncached:";
            o.HaltCacheDuration = TimeSpan.Zero;
        });
        foreach (var guard in (IAgentGuard[])[_memoryGuard, _sharedGuard, _uncachedGuard])
        {
            for (var i = 0; i < 3; i++)
            {
                if (!Wait(guard.AuthorizeAsync(_call)).IsAllowed)
                {
                    throw new InvalidOperationException("the benchmark call must be allowed");
                }
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory?.Dispose();
        _shared?.Dispose();
        _uncached?.Dispose();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            _redis.WaitForExit(10_000);
        }

        _redis?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public GuardDecision AuthorizeInMemory() => Wait(_memoryGuard.AuthorizeAsync(_call));

    [Benchmark]
    public GuardDecision AuthorizeRedis() => Wait(_sharedGuard.AuthorizeAsync(_call));

    [Benchmark]
    public GuardDecision AuthorizeRedisUncachedHalt() => Wait(_uncachedGuard.AuthorizeAsync(_call));

    private static (ServiceProvider Services, IAgentGuard Guard) Build(Persona persona, Action<RedisStateOptions>? redis)
    {
        var services = new ServiceCollection();
        var builder = services.AddAgentGuard().AddPersona(persona).AddUser(new UserEntitlement { UserId = "alice", Tools = ["crm.*"] });
        if (redis is not null)
        {
            builder.UseRedisState(redis);
        }

        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IAgentGuard>());
    }

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private int StartRedis()
    {
        var binary = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath()])
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            _redis = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("RedisStateBenchmark needs redis-server (Debian package redis-server).", ex);
        }

        _redis!.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return port;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {port}");
    }
}
