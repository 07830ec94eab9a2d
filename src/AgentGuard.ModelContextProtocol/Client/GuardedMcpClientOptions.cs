using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <summary>Options for <see cref="GuardedMcpClient"/>.</summary>
public sealed class GuardedMcpClientOptions
{
    /// <summary>Gets or sets the shared verdicts the guard's <see cref="McpToolTrustCheck"/> reads.</summary>
    /// <value>The default value is <see langword="null"/>: the client keeps its own (the guarded tools still refuse
    /// definitions that are no longer approved, but the guard does not see those refusals).</value>
    public McpToolTrust? Trust { get; set; }

    /// <summary>Gets or sets the options of the guarded functions (denial text, exceptions); the tool name and result
    /// classifier are set per tool.</summary>
    /// <value>The default value is <see langword="null"/>: the defaults.</value>
    public GuardedFunctionOptions? FunctionOptions { get; set; }

    /// <summary>Gets or sets the publisher's signature of the server's tool manifest, when the registry requires one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ReadOnlyMemory<byte>? Signature { get; set; }

    /// <summary>Gets or sets the names of other servers' tools, to find definitions that try to steer them.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyCollection<string>? OtherToolNames { get; set; }

    /// <summary>Gets or sets the separator that puts the server's name in front of the name the model sees
    /// (<c>"_"</c> turns <c>search</c> into <c>files_search</c>), for agents that use several servers with clashing names.</summary>
    /// <value>The default value is <see langword="null"/>: the model sees the tool's own name (personas always see
    /// <c>server.tool</c>).</value>
    public string? ModelNameSeparator { get; set; }

    /// <summary>Gets or sets the clock that stamps calls.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the logger factory.</summary>
    /// <value>The default value is <see langword="null"/>: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; set; }
}
