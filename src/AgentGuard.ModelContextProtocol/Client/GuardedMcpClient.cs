using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>One MCP server's tools for an in-process agent: verified against the trusted tool registry on connect and
/// on every <c>notifications/tools/list_changed</c>, and guarded by AgentGuard on every call.</summary>
/// <remarks>
/// <para><see cref="Tools"/> holds only approved tools, each a <see cref="GuardedAIFunction"/> named
/// <c>server.tool</c> for personas, whose MCP error results reach the guard as denied or failed calls. When the server
/// changes its list, the tools are verified again and <see cref="ToolsChanged"/> fires; a tool whose definition is no
/// longer approved refuses to run even if the agent kept it.</para>
/// <para>Thread-safe. Disposing stops listening for changes; the <see cref="McpClient"/> belongs to the caller.</para>
/// </remarks>
public sealed partial class GuardedMcpClient : IAsyncDisposable
{
    private readonly McpClient _client;
    private readonly McpToolRegistry _registry;
    private readonly IAgentGuard _guard;
    private readonly GuardedMcpClientOptions _options;
    private readonly McpToolTrust _trust;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IAsyncDisposable? _subscription;
    private volatile IReadOnlyList<AIFunction> _tools = [];
    private volatile McpServerVerification? _verification;

    private GuardedMcpClient(McpClient client, McpServerIdentity server, McpToolRegistry registry, IAgentGuard guard, GuardedMcpClientOptions options)
    {
        _client = client;
        Server = server;
        _registry = registry;
        _guard = guard;
        _options = options;
        _trust = options.Trust ?? new McpToolTrust();
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<GuardedMcpClient>() ?? NullLogger.Instance;
    }

    /// <summary>Occurs after the server's tools were verified again (on <c>notifications/tools/list_changed</c>).</summary>
    public event EventHandler<McpServerVerification>? ToolsChanged;

    /// <summary>Gets the server.</summary>
    public McpServerIdentity Server { get; }

    /// <summary>Gets the approved tools, guarded; replaced as a whole when the server's list changes.</summary>
    public IReadOnlyList<AIFunction> Tools => _tools;

    /// <summary>Gets the latest verification: what was approved and what was refused, and why.</summary>
    public McpServerVerification Verification => _verification!;

    /// <summary>Lists and verifies a connected server's tools and starts following its changes.</summary>
    /// <param name="client">The connected client.</param>
    /// <param name="server">How the server was started or reached (as configured, before <c>${VAR}</c> expansion).</param>
    /// <param name="registry">The trusted tool registry.</param>
    /// <param name="guard">The guard every call asks.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the listing.</param>
    /// <returns>The guarded client.</returns>
    public static async Task<GuardedMcpClient> CreateAsync(
        McpClient client,
        McpServerIdentity server,
        McpToolRegistry registry,
        IAgentGuard guard,
        GuardedMcpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(guard);
        var guarded = new GuardedMcpClient(client, server, registry, guard, options ?? new GuardedMcpClientOptions());
        await guarded.RefreshAsync(cancellationToken).ConfigureAwait(false);
        guarded._subscription = client.RegisterNotificationHandler(
            NotificationMethods.ToolListChangedNotification,
            async (_, token) => await guarded.OnListChangedAsync(token).ConfigureAwait(false));
        return guarded;
    }

    /// <summary>Lists and verifies the server's tools again.</summary>
    /// <param name="cancellationToken">A token to cancel the listing.</param>
    /// <returns>The verification.</returns>
    public async Task<McpServerVerification> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var listed = await _client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var verification = _registry.Verify(Server, [.. listed.Select(static t => t.ProtocolTool)], _options.Signature, _options.OtherToolNames);
            _trust.Update(verification);
            var approved = verification.Approved.Select(static t => t.Name).ToHashSet(StringComparer.Ordinal);
            var tools = new List<AIFunction>();
            foreach (var tool in listed.Where(t => approved.Contains(t.ProtocolTool.Name)))
            {
                tools.Add(Wrap(tool));
            }

            foreach (var refusal in verification.Refusals)
            {
                Log.ToolRefused(_logger, Server.Name, refusal.Tool, refusal.RuleId, refusal.Reason);
            }

            _verification = verification;
            _tools = tools;
            return verification;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_subscription is { } subscription)
        {
            _subscription = null;
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _refresh.Dispose();
    }

    private async ValueTask OnListChangedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var verification = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            ToolsChanged?.Invoke(this, verification);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Cannot tell what the server offers now: refuse all of it rather than keep the old approvals.
            Log.RefreshFailed(_logger, Server.Name, ex.GetType().Name);
            var refusal = new McpToolRefusal(string.Empty, McpRefusalKind.Invalid, "mcp.server_unverified",
                $"the tools of server '{Server.Name}' changed and could not be verified again");
            var verification = new McpServerVerification { Server = Server, ServerRefusal = refusal };
            _trust.Update(verification);
            _verification = verification;
            _tools = [];
            ToolsChanged?.Invoke(this, verification);
        }
    }

    private GuardedAIFunction Wrap(McpClientTool tool)
    {
        var name = tool.ProtocolTool.Name;
        var modelTool = _options.ModelNameSeparator is { } separator ? tool.WithName(Server.Name + separator + name) : tool;
        var pinned = new PinnedMcpTool(modelTool, Server.Name, McpToolCanonicalForm.ComputeSha256(tool.ProtocolTool), _trust);
        return new GuardedAIFunction(
            pinned,
            _guard,
            McpClientToolExtensions.ForTool(_options.FunctionOptions, Server.Name, name),
            _options.TimeProvider,
            _options.LoggerFactory);
    }
}
