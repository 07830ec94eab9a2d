using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentGuard;

/// <summary>The guarding MCP proxy: an MCP server that any MCP host connects to, in front of the configured backend
/// servers, exposing their approved tools namespaced and guarding every <c>tools/call</c> with the whole engine.</summary>
/// <remarks>
/// <para>Every call runs as the configured identity (persona, user, session), is authorized by the
/// <see cref="IAgentGuard"/> (persona, arguments, rate limits, behavior, DLP, trust, audit — whatever stages the engine
/// has), goes to the backend with the backend's credentials (which only the proxy holds), and its result is scrubbed of
/// those credentials and inspected before the host sees it. A refusal is an MCP tool result with <c>isError</c> and the
/// reason, never a protocol error, so the model can read it.</para>
/// <para>Only the pinned members of approved definitions reach the host (no <c>_meta</c>, no icons). A backend that
/// cannot start, crashes or hangs gives a clear error for its own tools; the others keep working.</para>
/// </remarks>
public sealed partial class McpGuardProxy : IAsyncDisposable
{
    /// <summary>The proxy's version as it introduces itself.</summary>
    public const string Version = "0.1.0";

    private readonly McpGatewayConfig _config;
    private readonly IAgentGuard _guard;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly McpBackend[] _backends;
    private readonly Lock _startLock = new();
    private readonly string _denialPrefix;
    private Task? _started;
    private volatile FrozenDictionary<string, (McpBackend Backend, Tool Tool)> _exposed = FrozenDictionary<string, (McpBackend, Tool)>.Empty;
    private volatile McpServer? _server;

    /// <summary>Initializes a new instance of the <see cref="McpGuardProxy"/> class.</summary>
    /// <param name="config">The gateway configuration.</param>
    /// <param name="guard">The guard (build it with <c>AddMcpGateway</c> so every default stage and the trust check run).</param>
    /// <param name="registry">The trusted tool registry.</param>
    /// <param name="trust">The verdicts shared with the guard's <see cref="McpToolTrustCheck"/>.</param>
    /// <param name="loggerFactory">The logger factory (never the standard output: that is the MCP channel).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="denialPrefix">The prefix of refusals the model reads; defaults to <c>"denied by AgentGuard"</c>.</param>
    public McpGuardProxy(
        McpGatewayConfig config,
        IAgentGuard guard,
        McpToolRegistry registry,
        McpToolTrust trust,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        string? denialPrefix = null)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(trust);
        _logger = (ILogger?)loggerFactory?.CreateLogger<McpGuardProxy>() ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _denialPrefix = denialPrefix is { Length: > 0 } ? denialPrefix : "denied by AgentGuard";
        SessionId = config.Identity.Session ?? $"mcp-{Guid.NewGuid():N}";
        var secrets = new McpSecretSet();
        var backendLogger = (ILogger?)loggerFactory?.CreateLogger("AgentGuard.McpBackend") ?? NullLogger.Instance;
        _backends = [.. config.Servers.Select(s => new McpBackend(s, config, registry, trust, secrets, loggerFactory, backendLogger, _time, OnBackendChanged))];
        foreach (var backend in _backends)
        {
            backend.OtherToolNames = () => OtherToolNames(backend);
        }

        Secrets = secrets;
    }

    /// <summary>Gets the session every proxied call belongs to.</summary>
    public string SessionId { get; }

    internal McpSecretSet Secrets { get; }

    /// <summary>Connects to every backend (in parallel, each bounded by its connect timeout); idempotent.</summary>
    /// <param name="cancellationToken">A token to cancel the connections.</param>
    /// <returns>A task that completes when every backend is connected or known to be unavailable.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_startLock)
        {
            return _started ??= Task.WhenAll(_backends.Select(b => b.ConnectAsync(cancellationToken)));
        }
    }

    /// <summary>Serves MCP over a transport (the host's connection) until the host disconnects.</summary>
    /// <param name="hostTransport">The transport, for example a <c>StdioServerTransport</c>.</param>
    /// <param name="cancellationToken">A token to stop serving.</param>
    /// <returns>A task that completes when the host disconnected.</returns>
    public async Task RunAsync(ITransport hostTransport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostTransport);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "agentguard-mcp-proxy", Title = "AgentGuard MCP proxy", Version = Version },
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = async (_, token) =>
                {
                    await StartAsync(CancellationToken.None).WaitAsync(token).ConfigureAwait(false);
                    return new ListToolsResult { Tools = [.. ListTools()] };
                },
                CallToolHandler = async (request, token) =>
                {
                    await StartAsync(CancellationToken.None).WaitAsync(token).ConfigureAwait(false);
                    var call = request.Params ?? throw new McpProtocolException("tools/call without parameters", McpErrorCode.InvalidParams);
                    return await CallToolAsync(call.Name, call.Arguments, request.JsonRpcRequest.Id.ToString(), token).ConfigureAwait(false);
                },
            },
        };

        _ = StartAsync(CancellationToken.None);
        await using var server = McpServer.Create(hostTransport, options, loggerFactory: null);
        _server = server;
        try
        {
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _server = null;
        }
    }

    /// <summary>Gets the tools the host sees: every approved tool of every connected backend, namespaced, with only its
    /// pinned members.</summary>
    /// <returns>The tools.</returns>
    public IReadOnlyList<Tool> ListTools() =>
        [.. _exposed.OrderBy(static e => e.Key, StringComparer.Ordinal).Select(static e => Expose(e.Key, e.Value.Tool))];

    /// <summary>Gets why a backend cannot be called now, or <see langword="null"/> when it is connected.</summary>
    /// <param name="server">The server's name.</param>
    /// <returns>The reason.</returns>
    public string? GetUnavailableReason(string server) => _backends.FirstOrDefault(b => b.Name == server)?.Unavailable;

    /// <summary>Gets the latest verification of a backend's tools, or <see langword="null"/> before it was listed.</summary>
    /// <param name="server">The server's name.</param>
    /// <returns>The verification.</returns>
    public McpServerVerification? GetVerification(string server) => _backends.FirstOrDefault(b => b.Name == server)?.Verification;

    /// <summary>Handles one <c>tools/call</c>: authorize, call the backend, scrub, inspect, answer.</summary>
    /// <param name="name">The tool's name as the host sees it.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="callId">The host's request id.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>The result for the host; refusals and failures are results with <c>isError</c>.</returns>
    public async ValueTask<CallToolResult> CallToolAsync(string name, IDictionary<string, JsonElement>? arguments, string? callId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_exposed.ContainsKey(name) && BackendOf(name) is { Unavailable: not null } down)
        {
            // The server's tools vanished with it; a call for one of them is the moment to try it again (before the
            // guard decides, so it judges the tools as verified after the restart).
            await down.ReconnectIfDueAsync(cancellationToken).ConfigureAwait(false);
        }

        var exposed = _exposed.TryGetValue(name, out var target);
        var toolName = exposed ? McpToolNames.Qualify(target.Backend.Name, target.Tool.Name) : Unexpose(name);
        var call = new ToolCall
        {
            ToolName = toolName,
            Arguments = ToJson(arguments),
            SessionId = SessionId,
            UserId = _config.Identity.User,
            AgentId = _config.Identity.Agent,
            Persona = _config.Identity.Persona,
            CallId = callId ?? Guid.NewGuid().ToString("N"),
            Timestamp = _time.GetUtcNow(),
        };

        var decision = await _guard.AuthorizeAsync(call, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.CallRefused(_logger, toolName, decision.EnforcedAction, decision.Explain());
            return McpToolResults.Text(FormatDenial(decision), isError: true);
        }

        var backendArguments = arguments ?? new Dictionary<string, JsonElement>();
        if (decision.EnforcedAction == GuardVerdict.Redact && decision.RedactedArguments is { } redacted)
        {
            if (redacted.ValueKind != JsonValueKind.Object)
            {
                return McpToolResults.Text($"{_denialPrefix}: redacted arguments are not a JSON object", isError: true);
            }

            backendArguments = redacted.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.Clone(), StringComparer.Ordinal);
            call = call with { Arguments = redacted };
        }

        CallToolResult? backendResult;
        string? failure;
        if (!exposed)
        {
            (backendResult, failure) = (null, UnknownToolReason(name));
        }
        else
        {
            (backendResult, failure) = await target.Backend.CallAsync(target.Tool.Name, backendArguments, cancellationToken).ConfigureAwait(false);
        }

        if (backendResult is not null)
        {
            backendResult = Secrets.Scrub(backendResult, out var leaked);
            if (leaked > 0)
            {
                Log.CredentialScrubbed(_logger, toolName, leaked);
            }
        }

        var result = backendResult is not null
            ? McpToolResults.ToToolResult(backendResult)
            : McpToolResults.ToToolResult(McpToolResults.Text(failure!, isError: true)) with { Status = ToolResultStatus.Error };
        var inspection = await _guard.InspectResultAsync(call, result, cancellationToken).ConfigureAwait(false);
        if (!inspection.IsAllowed)
        {
            Log.ResultWithheld(_logger, toolName, inspection.EnforcedAction, inspection.Explain());
            return McpToolResults.Text(inspection.RedactedResult?.GetContentText() ?? $"withheld by AgentGuard: {inspection.ExplainForModel()}", isError: true);
        }

        if (inspection.EnforcedAction == GuardVerdict.Redact && inspection.RedactedResult is { } replaced)
        {
            return McpToolResults.FromToolResult(replaced, isError: backendResult is null || backendResult.IsError == true);
        }

        return backendResult ?? McpToolResults.Text(failure!, isError: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Tool Expose(string name, Tool tool) => new()
    {
        Name = name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema,
        OutputSchema = tool.OutputSchema,
        Annotations = tool.Annotations,
    };

    private static JsonElement ToJson(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is not { Count: > 0 })
        {
            return ToolCall.EmptyArguments;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private string Unexpose(string name)
    {
        // An unknown name is still judged (and audited) under the name personas would use.
        var at = name.IndexOf(_config.NamespaceSeparator, StringComparison.Ordinal);
        return at > 0 ? McpToolNames.Qualify(name[..at], name[(at + _config.NamespaceSeparator.Length)..]) : name;
    }

    private string UnknownToolReason(string name) => BackendOf(name)?.Unavailable ?? $"unknown tool '{name}'";

    private McpBackend? BackendOf(string name)
    {
        var at = name.IndexOf(_config.NamespaceSeparator, StringComparison.Ordinal);
        return at > 0 ? _backends.FirstOrDefault(b => string.Equals(b.Name, name[..at], StringComparison.Ordinal)) : null;
    }

    private string FormatDenial(GuardDecision decision) => $"{_denialPrefix}: {decision.ExplainRefusalForModel()}";

    private List<string> OtherToolNames(McpBackend self)
    {
        var names = new List<string>();
        foreach (var backend in _backends.Where(b => !ReferenceEquals(b, self)))
        {
            foreach (var tool in backend.Approved.Keys)
            {
                names.Add(tool);
                names.Add(McpToolNames.Qualify(backend.Name, tool));
            }
        }

        return names;
    }

    private void OnBackendChanged()
    {
        var exposed = new Dictionary<string, (McpBackend, Tool)>(StringComparer.Ordinal);
        foreach (var backend in _backends.Where(static b => b.Unavailable is null))
        {
            foreach (var (name, tool) in backend.Approved)
            {
                exposed[backend.Name + _config.NamespaceSeparator + name] = (backend, tool);
            }
        }

        var previous = _exposed;
        _exposed = exposed.ToFrozenDictionary(StringComparer.Ordinal);
        if (_server is { } server && _started is { IsCompleted: true } && !SameTools(previous, _exposed))
        {
            _ = NotifyAsync(server);
        }
    }

    private static bool SameTools(FrozenDictionary<string, (McpBackend Backend, Tool Tool)> a, FrozenDictionary<string, (McpBackend Backend, Tool Tool)> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && ReferenceEquals(other.Tool, e.Value.Tool));

    private async Task NotifyAsync(McpServer server)
    {
        try
        {
            await server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or McpException)
        {
            Log.NotifyFailed(_logger, ex.GetType().Name);
        }
    }
}
