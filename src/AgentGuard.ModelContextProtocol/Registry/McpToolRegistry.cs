using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>The trusted tool registry: allows a server's tools only when the server is on the allowlist (the lock
/// file), is started the way it was pinned, carries a valid publisher signature where one is required, and each tool's
/// definition matches its pin and passes the poisoning scan.</summary>
/// <remarks>
/// Verify a server's tool list on connect and again on every <c>notifications/tools/list_changed</c>: a definition
/// that changed, was added or was removed since it was pinned is refused (a "rug pull") until a person re-approves it
/// with <c>agentguard mcp pin</c>. Thread-safe: verification reads the lock file and options, never changes them.
/// </remarks>
public sealed class McpToolRegistry
{
    private readonly McpToolRegistryOptions _options;

    /// <summary>Initializes a new instance of the <see cref="McpToolRegistry"/> class.</summary>
    /// <param name="lockFile">The pins.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public McpToolRegistry(McpLockFile lockFile, McpToolRegistryOptions? options = null)
    {
        LockFile = lockFile ?? throw new ArgumentNullException(nameof(lockFile));
        _options = options ?? new McpToolRegistryOptions();
    }

    /// <summary>Gets the pins.</summary>
    public McpLockFile LockFile { get; }

    /// <summary>Gets the options.</summary>
    public McpToolRegistryOptions Options => _options;

    /// <summary>Verifies a server's live tool list against its pins.</summary>
    /// <param name="server">How the server was started or reached.</param>
    /// <param name="tools">The tools it offers now.</param>
    /// <param name="signature">The publisher's signature of the tool manifest, when the deployment has one.</param>
    /// <param name="otherToolNames">The names of other servers' tools, to find definitions that try to steer them.</param>
    /// <returns>What was approved and what was refused, and why.</returns>
    public McpServerVerification Verify(
        McpServerIdentity server,
        IReadOnlyList<Tool> tools,
        ReadOnlyMemory<byte>? signature = null,
        IReadOnlyCollection<string>? otherToolNames = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tools);
        var findings = new List<McpScanFinding>();
        var scans = new Dictionary<Tool, IReadOnlyList<McpScanFinding>>(ReferenceEqualityComparer.Instance);
        foreach (var tool in tools)
        {
            var toolFindings = McpToolScanner.Scan(tool, otherToolNames);
            scans[tool] = toolFindings;
            findings.AddRange(toolFindings);
        }

        var serverRefusal = CheckServer(server, tools, signature);
        if (serverRefusal is not null)
        {
            return new McpServerVerification
            {
                Server = server,
                ServerRefusal = serverRefusal,
                Refusals = [.. tools.Select(t => serverRefusal with { Tool = t.Name ?? string.Empty })],
                Findings = findings,
            };
        }

        var pins = LockFile.Servers[server.Name].Tools;
        var approved = new List<Tool>();
        var refusals = new List<McpToolRefusal>();
        var duplicates = tools.GroupBy(static t => t.Name ?? string.Empty, StringComparer.Ordinal).Where(static g => g.Count() > 1).Select(static g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            var name = tool.Name ?? string.Empty;
            if (name.Length == 0 || duplicates.Contains(name))
            {
                refusals.Add(new McpToolRefusal(name, McpRefusalKind.Invalid, "mcp.tool_invalid", name.Length == 0
                    ? $"server '{server.Name}' offers a tool without a name"
                    : $"server '{server.Name}' offers more than one tool named '{name}'; which one runs is ambiguous"));
                continue;
            }

            if (!pins.TryGetValue(name, out var pin))
            {
                refusals.Add(new McpToolRefusal(name, McpRefusalKind.Added, "mcp.tool_not_pinned",
                    $"tool '{server.Name}.{name}' was not offered when the server was pinned; approve it with 'agentguard mcp pin'"));
                continue;
            }

            var hash = McpToolCanonicalForm.ComputeSha256(tool);
            if (!string.Equals(hash, pin.Sha256, StringComparison.Ordinal))
            {
                refusals.Add(new McpToolRefusal(name, McpRefusalKind.Changed, "mcp.tool_changed",
                    $"the definition of '{server.Name}.{name}' changed since it was pinned ({DescribeChange(pin, tool)}): a possible rug pull; re-approve it with 'agentguard mcp pin'"));
                continue;
            }

            var worst = McpToolScanner.HighestSeverity(scans[tool]);
            if (_options.RefuseAtSeverity is { } threshold && worst >= threshold && !pin.AcceptFindings)
            {
                var first = scans[tool].First(f => f.Severity >= threshold);
                refusals.Add(new McpToolRefusal(name, McpRefusalKind.Poisoned, "mcp.tool_poisoned",
                    $"the definition of '{server.Name}.{name}' looks poisoned ({first.RuleId} at {first.Location}: {first.Message}); review it with 'agentguard mcp scan'"));
                continue;
            }

            approved.Add(tool);
        }

        var live = tools.Select(static t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in pins.Keys.Where(k => !live.Contains(k)).Order(StringComparer.Ordinal))
        {
            refusals.Add(new McpToolRefusal(removed, McpRefusalKind.Removed, "mcp.tool_removed",
                $"pinned tool '{server.Name}.{removed}' is no longer offered; re-pin the server with 'agentguard mcp pin' once the change is understood"));
        }

        return new McpServerVerification { Server = server, Approved = approved, Refusals = refusals, Findings = findings };
    }

    /// <summary>Describes which pinned members of a definition changed, when the pin recorded the definition.</summary>
    /// <param name="pin">The pin.</param>
    /// <param name="tool">The live definition.</param>
    /// <returns>For example <c>description changed</c>, or <c>hash differs</c> when the pin holds no definition.</returns>
    public static string DescribeChange(McpLockedTool pin, Tool tool)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(tool);
        if (pin.Definition is not { } pinned || !string.Equals(McpToolCanonicalForm.ComputeSha256(pinned), pin.Sha256, StringComparison.Ordinal))
        {
            return "hash differs";
        }

        using var live = JsonDocument.Parse(McpToolCanonicalForm.ToCanonicalJson(tool));
        var changed = new List<string>();
        foreach (var member in McpToolCanonicalForm.PinnedMembers)
        {
            var before = pinned.TryGetProperty(member, out var b) ? Canonical(b) : null;
            var after = live.RootElement.TryGetProperty(member, out var a) ? Canonical(a) : null;
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changed.Add(before is null ? $"{member} added" : after is null ? $"{member} removed" : $"{member} changed");
            }
        }

        return changed.Count == 0 ? "hash differs" : string.Join(", ", changed);

        static string Canonical(JsonElement element)
        {
            var text = new System.Text.StringBuilder();
            CanonicalJson.Write(text, element);
            return text.ToString();
        }
    }

    private McpToolRefusal? CheckServer(McpServerIdentity server, IReadOnlyList<Tool> tools, ReadOnlyMemory<byte>? signature)
    {
        if (!LockFile.Servers.TryGetValue(server.Name, out var locked))
        {
            return new McpToolRefusal(string.Empty, McpRefusalKind.ServerNotAllowed, "mcp.server_not_allowed",
                $"server '{server.Name}' is not in the lock file; review its tools and pin them with 'agentguard mcp pin'");
        }

        if (!locked.Identity.Matches(server))
        {
            return new McpToolRefusal(string.Empty, McpRefusalKind.ServerChanged, "mcp.server_changed",
                $"server '{server.Name}' is started differently than when it was pinned (pinned '{locked.Identity.Describe()}', now '{server.Describe()}'); re-pin it with 'agentguard mcp pin'");
        }

        if (_options.PublisherKeys.TryGetValue(server.Name, out var keys) && keys.Count > 0)
        {
            if (signature is not { Length: > 0 } sig)
            {
                return new McpToolRefusal(string.Empty, McpRefusalKind.SignatureInvalid, "mcp.signature_missing",
                    $"server '{server.Name}' requires a publisher signature and none is configured");
            }

            if (!McpToolManifest.Verify(McpToolManifest.Create(tools), sig.Span, keys))
            {
                return new McpToolRefusal(string.Empty, McpRefusalKind.SignatureInvalid, "mcp.signature_invalid",
                    $"the tool manifest of server '{server.Name}' does not match its publisher signature");
            }
        }

        return null;
    }
}
