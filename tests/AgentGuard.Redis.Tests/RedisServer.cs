using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentGuard.Redis.Tests;

/// <summary>A real <c>redis-server</c> on a free loopback port with its own temporary directory, stopped on dispose.</summary>
public sealed class RedisServer : IDisposable
{
    private static readonly string? s_binary = FindBinary();
    private readonly string _directory;
    private Process? _process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    /// <summary>Why the Redis tests cannot run here, or <see langword="null"/> when they can.</summary>
    public static string? Unavailable => s_binary is null
        ? "redis-server was not found (AGENTGUARD_REDIS_SERVER, PATH or /usr/bin/redis-server); install the Debian package redis-server (.ci/run does) to run the Redis state tests"
        : null;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server, or skips the calling test when redis-server is not installed.</summary>
    public static RedisServer Start()
    {
        Assert.SkipWhen(Unavailable is not null, Unavailable ?? string.Empty);
        var directory = Directory.CreateTempSubdirectory("agentguard-redis-").FullName;
        var server = new RedisServer(FreePort(), directory);
        server.Launch();
        return server;
    }

    /// <summary>Kills the server the hard way (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port (with empty memory: persistence is off).</summary>
    public void Restart()
    {
        Kill();
        Launch();
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Launch()
    {
        var info = new ProcessStartInfo(s_binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var arg in (string[])["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"])
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Ping())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server did not answer on port {Port}");
            }

            Thread.Sleep(50);
        }
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        // AGENTGUARD_REDIS_SERVER names the binary explicitly (a path that does not exist makes the tests skip).
        if (Environment.GetEnvironmentVariable("AGENTGUARD_REDIS_SERVER") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null;
    }
}
