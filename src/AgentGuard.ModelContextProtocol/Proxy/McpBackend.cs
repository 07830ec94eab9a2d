using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>One backend server behind the proxy: its connection, its verified tools, and its health.</summary>
/// <remarks>Thread-safe. A server that fails to start, crashes or stops answering is reported as unavailable with a
/// clear reason; the proxy keeps serving the others. A call to an unavailable server reconnects it (and verifies its
/// tools again) at most once per <see cref="ReconnectDelay"/>.</remarks>
internal sealed partial class McpBackend : IAsyncDisposable
{
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(10);

    private const int StderrTailLines = 5;

    private readonly McpGatewayConfig _gateway;
    private readonly McpToolRegistry _registry;
    private readonly McpToolTrust _trust;
    private readonly McpSecretSet _secrets;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action _changed;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Queue<string> _stderr = new();
    private McpClient? _client;
    private IAsyncDisposable? _listChanged;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private volatile bool _disposed;

    public McpBackend(
        McpBackendConfig config,
        McpGatewayConfig gateway,
        McpToolRegistry registry,
        McpToolTrust trust,
        McpSecretSet secrets,
        ILoggerFactory? loggerFactory,
        ILogger logger,
        TimeProvider time,
        Action changed)
    {
        Config = config;
        _gateway = gateway;
        _registry = registry;
        _trust = trust;
        _secrets = secrets;
        _loggerFactory = loggerFactory;
        _logger = logger;
        _time = time;
        _changed = changed;
        Unavailable = $"server '{config.Name}' is not connected yet";
    }

    public McpBackendConfig Config { get; }

    public string Name => Config.Name;

    /// <summary>Gets why the server cannot be called now, or <see langword="null"/> when it is connected.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Gets the approved tools by their names on the server.</summary>
    public FrozenDictionary<string, Tool> Approved { get; private set; } = FrozenDictionary<string, Tool>.Empty;

    /// <summary>Gets the latest verification, or <see langword="null"/> before the tools were listed.</summary>
    public McpServerVerification? Verification { get; private set; }

    public Func<IReadOnlyCollection<string>>? OtherToolNames { get; set; }

    private TimeSpan ConnectTimeout => Config.ConnectTimeout ?? _gateway.ConnectTimeout;

    private TimeSpan CallTimeout => Config.CallTimeout ?? _gateway.CallTimeout;

    /// <summary>Connects, lists and verifies the tools; never throws for a server that cannot be reached.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not null && Unavailable is null)
            {
                return;
            }

            await CloseClientAsync().ConfigureAwait(false);
            _lastAttempt = _time.GetUtcNow();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            McpClient? client = null;
            try
            {
                client = await McpServerConnector.ConnectAsync(Config, ConnectTimeout, _secrets, OnStderr, _loggerFactory, timeout.Token).ConfigureAwait(false);
                _client = client;
                _listChanged = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, token) => new ValueTask(OnListChangedAsync(client, token)));
                await VerifyAsync(client, timeout.Token).ConfigureAwait(false);
                Unavailable = null;
                Log.Connected(_logger, Name, Approved.Count, Verification?.Refusals.Count ?? 0);
                _ = WatchAsync(client);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                    ? $"server '{Name}' did not start within {Seconds(ConnectTimeout)}"
                    : $"server '{Name}' could not be started: {Describe(ex)}";
                Unavailable = _secrets.Scrub(reason + StderrTail());
                Log.Unavailable(_logger, Name, Unavailable);
                if (client is not null)
                {
                    _client = client;
                    await CloseClientAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _changed();
    }

    /// <summary>Reconnects an unavailable server (verifying its tools again) when the last attempt is old enough.</summary>
    public async Task ReconnectIfDueAsync(CancellationToken cancellationToken)
    {
        if (Unavailable is not null && _time.GetUtcNow() - _lastAttempt >= ReconnectDelay && !_disposed)
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Calls a tool; a server that is down, fails or does not answer in time gives a failure, not an exception.</summary>
    public async Task<(CallToolResult? Result, string? Failure)> CallAsync(string tool, IDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        await ReconnectIfDueAsync(cancellationToken).ConfigureAwait(false);
        var client = _client;
        if (Unavailable is { } unavailable || client is null)
        {
            return (null, Unavailable ?? $"server '{Name}' is not connected");
        }

        if (!Approved.ContainsKey(tool))
        {
            return (null, $"server '{Name}' offers no approved tool named '{tool}'");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments }, timeout.Token).ConfigureAwait(false);
            return (result, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CallTimedOut(_logger, Name, tool, CallTimeout.TotalSeconds);
            return (null, $"server '{Name}' did not answer '{tool}' within {Seconds(CallTimeout)}");
        }
        catch (McpProtocolException ex)
        {
            return (null, _secrets.Scrub($"server '{Name}' rejected the call to '{tool}': {ex.Message}"));
        }
        catch (Exception ex) when (ex is McpException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The transport broke under the call: wait briefly for the session's end to learn why (an exit code).
            string reason;
            try
            {
                reason = DescribeCompletion(await client.Completion.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false));
            }
            catch (TimeoutException)
            {
                reason = $"server '{Name}' failed during the call: {Describe(ex)}";
            }

            return (null, _secrets.Scrub(reason + StderrTail()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await CloseClientAsync().ConfigureAwait(false);
        _connectLock.Dispose();
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private string Describe(Exception ex) => _secrets.Scrub(ex switch
    {
        McpProtocolException protocol => $"{protocol.Message} ({protocol.ErrorCode})",
        McpException or IOException or System.Net.Http.HttpRequestException or InvalidOperationException => ex.Message,
        _ => ex.GetType().Name,
    });

    private void OnStderr(string line)
    {
        var scrubbed = _secrets.Scrub(line);
        lock (_stderr)
        {
            _stderr.Enqueue(scrubbed.Length > 300 ? scrubbed[..300] + "…" : scrubbed);
            while (_stderr.Count > StderrTailLines)
            {
                _stderr.Dequeue();
            }
        }

        Log.ServerOutput(_logger, Name, scrubbed);
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? string.Empty : $" (stderr: {string.Join(" | ", _stderr)})";
        }
    }

    private async Task VerifyAsync(McpClient client, CancellationToken cancellationToken)
    {
        var listed = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var signature = Config.ReadSignature();
        var verification = _registry.Verify(Config.Identity, [.. listed.Select(static t => t.ProtocolTool)], signature, OtherToolNames?.Invoke());
        _trust.Update(verification);
        Verification = verification;
        Approved = verification.Approved.ToFrozenDictionary(static t => t.Name, StringComparer.Ordinal);
        foreach (var refusal in verification.Refusals)
        {
            Log.ToolRefused(_logger, Name, refusal.Tool, refusal.RuleId, refusal.Reason);
        }
    }

    private async Task OnListChangedAsync(McpClient client, CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(client, _client))
            {
                return;
            }

            try
            {
                await VerifyAsync(client, cancellationToken).ConfigureAwait(false);
                Log.ListChanged(_logger, Name, Approved.Count, Verification?.Refusals.Count ?? 0);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // What the server offers now is unknown: refuse all of it rather than keep the old approvals.
                var refusal = new McpToolRefusal(string.Empty, McpRefusalKind.Invalid, "mcp.server_unverified",
                    $"the tools of server '{Name}' changed and could not be verified again: {Describe(ex)}");
                var verification = new McpServerVerification { Server = Config.Identity, ServerRefusal = refusal };
                _trust.Update(verification);
                Verification = verification;
                Approved = FrozenDictionary<string, Tool>.Empty;
            }
        }
        finally
        {
            _connectLock.Release();
        }

        _changed();
    }

    private async Task WatchAsync(McpClient client)
    {
        var details = await client.Completion.ConfigureAwait(false);
        if (_disposed || !ReferenceEquals(client, _client))
        {
            return;
        }

        Unavailable = _secrets.Scrub(DescribeCompletion(details) + StderrTail());
        Log.Unavailable(_logger, Name, Unavailable);
        _changed();
    }

    private string DescribeCompletion(ClientCompletionDetails details) => details switch
    {
        StdioClientCompletionDetails { ExitCode: { } code } => $"server '{Name}' exited with code {code}",
        { Exception: { } ex } => $"server '{Name}' disconnected: {Describe(ex)}",
        _ => $"server '{Name}' closed the connection",
    };

    private async Task CloseClientAsync()
    {
        var client = _client;
        _client = null;
        if (_listChanged is { } subscription)
        {
            _listChanged = null;
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (client is not null)
        {
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or McpException or OperationCanceledException)
            {
                Log.CloseFailed(_logger, Name, ex.GetType().Name);
            }
        }
    }
}
