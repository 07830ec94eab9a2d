using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentGuard.Server.Tests;

/// <summary>The enforcement service in a separate process (<c>dotnet exec AgentGuard.Server.dll serve --config FILE</c>)
/// with a temporary configuration: personas, two agents and an operator with fresh keys, file audit, and a CRM backend
/// whose token exists only in the service's environment.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string TokenVariable = "AGENTGUARD_TEST_CRM_TOKEN";
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, string directory, TestBackend backend, Keys keys, string[] addresses)
    {
        _process = process;
        _output = output;
        Root = directory;
        Backend = backend;
        AgentKey = keys.Agent;
        OtherAgentKey = keys.Other;
        OperatorKey = keys.Operator;
        SocketAddress = addresses.First(static a => a.StartsWith("unix:", StringComparison.Ordinal));
        TcpAddress = addresses.FirstOrDefault(static a => a.StartsWith("http://", StringComparison.Ordinal));
    }

    public string Root { get; }

    public TestBackend Backend { get; }

    /// <summary>The inside key of agent <c>triage-1</c> (persona support-triage).</summary>
    public string AgentKey { get; }

    /// <summary>The inside key of agent <c>recon-1</c> (persona reconciler).</summary>
    public string OtherAgentKey { get; }

    public string OperatorKey { get; }

    public string SocketAddress { get; }

    public string SocketPath => SocketAddress["unix:".Length..];

    public string? TcpAddress { get; }

    public string AuditDirectory => Path.Combine(Root, "audit");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string ServerDll { get; } = FindServerDll();

    public static async Task<ServerProcess> StartAsync(Action<JsonObject>? configure = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("agentguard-srv-").FullName;
        TestPolicy.Write(directory);
        var token = "crm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var backend = await TestBackend.StartAsync(token);
        var (agentKey, agentStored) = InsideKeys.Create();
        var (otherKey, otherStored) = InsideKeys.Create();
        var (operatorKey, operatorStored) = InsideKeys.Create();
        var config = new JsonObject
        {
            ["AgentGuard"] = new JsonObject
            {
                ["Server"] = new JsonObject
                {
                    ["Listen"] = new JsonObject { ["UnixSocket"] = "agentguard.sock", ["Tcp"] = "127.0.0.1:0", ["ReadyFile"] = "ready.txt" },
                    ["Agents"] = new JsonArray(
                        new JsonObject { ["Id"] = "triage-1", ["Persona"] = "support-triage", ["Keys"] = new JsonArray(agentStored) },
                        new JsonObject { ["Id"] = "recon-1", ["Persona"] = "reconciler", ["Keys"] = new JsonArray(otherStored) }),
                    ["Operators"] = new JsonArray(new JsonObject { ["Id"] = "ops", ["Keys"] = new JsonArray(operatorStored) }),
                    ["ShutdownTimeout"] = "00:00:20",
                },
                ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("personas"), ["Catalog"] = "catalog.yaml", ["Users"] = "users.yaml" },
                ["Engine"] = new JsonObject { ["ApprovalTimeout"] = "00:00:30" },
                ["Audit"] = new JsonObject { ["Directory"] = "audit" },
                ["Credentials"] = new JsonObject
                {
                    ["crm"] = new JsonObject
                    {
                        ["Hosts"] = new JsonArray(backend.Host),
                        ["Tools"] = new JsonArray("crm.get_customer"),
                        ["RequireHttps"] = "false",
                        ["Credential"] = new JsonObject { ["Kind"] = "Bearer", ["Secret"] = "env:" + TokenVariable },
                    },
                },
            },
        };
        configure?.Invoke(config);
        var configFile = Path.Combine(directory, "agentguard.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());

        var start = new ProcessStartInfo(Dotnet, ["exec", ServerDll, "serve", "--config", configFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.Environment[TokenVariable] = token;
        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var ready = Path.Combine(directory, "ready.txt");
        var waited = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                var log = output.ToString();
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
                await backend.DisposeAsync();
                System.IO.Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException($"the enforcement service did not start: {log}");
            }

            await Task.Delay(50);
        }

        var addresses = await File.ReadAllLinesAsync(ready);
        return new ServerProcess(process, output, directory, backend, new Keys(agentKey, otherKey, operatorKey), addresses);
    }

    public RemoteAgentGuard Client(string key, string? address = null, Action<RemoteEnforcementOptions>? configure = null)
    {
        var options = new RemoteEnforcementOptions { Address = address ?? SocketAddress, InsideKey = key };
        configure?.Invoke(options);
        return new RemoteAgentGuard(Microsoft.Extensions.Options.Options.Create(options));
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await Backend.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Dotnet => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string FindServerDll()
    {
        // Tests run from <repo>/tests/AgentGuard.Server.Tests/bin/<Configuration>/<tfm>/; the server's own output has its
        // runtimeconfig (ASP.NET Core shared framework).
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "AgentGuard.Server", "bin", configuration, tfm, "AgentGuard.Server.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"build src/AgentGuard.Server ({configuration}) first");
    }

    private sealed record Keys(string Agent, string Other, string Operator);
}
