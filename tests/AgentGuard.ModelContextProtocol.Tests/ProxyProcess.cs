using System.Diagnostics;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>The real proxy (<c>dotnet agentguard.dll mcp proxy</c>) driven over stdio by a real MCP client, with every
/// byte the client received kept for inspection.</summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CapturingStream _output;
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _listChanged = new(0);

    private ProxyProcess(Process process, CapturingStream output)
    {
        _process = process;
        _output = output;
    }

    public McpClient Client { get; private set; } = null!;

    /// <summary>Gets everything the client received from the proxy, as text.</summary>
    public string Received => _output.Text;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<ProxyProcess> StartAsync(string gatewayPath, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(McpTestPaths.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { McpTestPaths.CliDll, "mcp", "proxy", "--config", gatewayPath })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the proxy did not start");
        var proxy = new ProxyProcess(process, new CapturingStream(process.StandardOutput.BaseStream));
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (proxy._stderr)
                {
                    proxy._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var transport = new StreamClientTransport(process.StandardInput.BaseStream, proxy._output, loggerFactory: null);
            proxy.Client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions { ClientInfo = new Implementation { Name = "test-host", Version = "1.0" }, InitializationTimeout = TimeSpan.FromSeconds(60), DiscoverProbeTimeout = TimeSpan.FromSeconds(60) },
                loggerFactory: null,
                cancellationToken);
            proxy.Client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                proxy._listChanged.Release();
                return default;
            });
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    /// <summary>Waits for the proxy to tell the host that its tool list changed.</summary>
    public async Task WaitForListChangedAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await _listChanged.WaitAsync(timeout.Token);
    }

    public async Task<CallToolResult> CallAsync(string tool, string? text = null, CancellationToken cancellationToken = default)
    {
        var arguments = text is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["text"] = text };
        return await Client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
        _output.Dispose();
        _listChanged.Dispose();
    }
}
