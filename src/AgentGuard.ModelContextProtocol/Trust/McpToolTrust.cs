using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>The registry's current verdicts on every connected MCP server's tools, shared with the guard's
/// <see cref="McpToolTrustCheck"/> so that a refused definition is refused on the call path too, where the audit trail
/// and the behavior engine see it.</summary>
/// <remarks>Thread-safe: each server's verdicts are replaced as a whole when it is verified again (on connect and on
/// <c>notifications/tools/list_changed</c>).</remarks>
public sealed class McpToolTrust
{
    private readonly ConcurrentDictionary<string, Snapshot> _servers = new(StringComparer.Ordinal);

    /// <summary>Occurs after a server's verdicts changed.</summary>
    public event EventHandler<McpServerVerification>? Changed;

    /// <summary>Records a server's latest verification.</summary>
    /// <param name="verification">The verification.</param>
    public void Update(McpServerVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var approved = verification.Approved.ToFrozenDictionary(static t => t.Name, static t => McpToolCanonicalForm.ComputeSha256(t), StringComparer.Ordinal);
        var refused = new Dictionary<string, McpToolRefusal>(StringComparer.Ordinal);
        foreach (var refusal in verification.Refusals)
        {
            refused.TryAdd(refusal.Tool, refusal);
        }

        _servers[verification.Server.Name] = new Snapshot(approved, refused.ToFrozenDictionary(StringComparer.Ordinal), verification.ServerRefusal);
        Changed?.Invoke(this, verification);
    }

    /// <summary>Forgets a server: its tools are no longer treated as MCP tools.</summary>
    /// <param name="server">The server's name.</param>
    public void Remove(string server) => _servers.TryRemove(server, out _);

    /// <summary>Gets a value indicating whether a server's verdicts are known.</summary>
    /// <param name="server">The server's name.</param>
    /// <returns><see langword="true"/> when the server was verified.</returns>
    public bool IsKnownServer(string server) => _servers.ContainsKey(server);

    /// <summary>Gets a value indicating whether a tool's definition is approved, with the pinned hash.</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name on the server.</param>
    /// <param name="sha256">The approved definition's hash.</param>
    /// <returns><see langword="true"/> when the tool is approved.</returns>
    public bool IsApproved(string server, string tool, out string sha256)
    {
        sha256 = string.Empty;
        return _servers.TryGetValue(server, out var snapshot) && snapshot.Approved.TryGetValue(tool, out sha256!);
    }

    /// <summary>Decides whether a call to <paramref name="toolName"/> must be refused for trust reasons.</summary>
    /// <param name="toolName">The tool's name as the guard sees it (<c>server.tool</c>).</param>
    /// <param name="refusal">The reason, when refused.</param>
    /// <returns><see langword="true"/> when the name belongs to a known MCP server and the tool is not approved.
    /// Names of servers this instance does not know are not MCP tools as far as it can tell and are not refused.</returns>
    public bool TryGetRefusal(string toolName, out McpToolRefusal? refusal)
    {
        refusal = null;
        if (!McpToolNames.TrySplit(toolName, out var server, out var tool) || !_servers.TryGetValue(server, out var snapshot))
        {
            return false;
        }

        if (snapshot.Approved.ContainsKey(tool))
        {
            return false;
        }

        refusal = snapshot.Refused.TryGetValue(tool, out var known)
            ? known
            : snapshot.ServerRefusal is { } serverRefusal
                ? serverRefusal with { Tool = tool }
                : new McpToolRefusal(tool, McpRefusalKind.Invalid, "mcp.tool_unknown", $"server '{server}' offers no approved tool named '{tool}'");
        return true;
    }

    private sealed record Snapshot(FrozenDictionary<string, string> Approved, FrozenDictionary<string, McpToolRefusal> Refused, McpToolRefusal? ServerRefusal);
}
