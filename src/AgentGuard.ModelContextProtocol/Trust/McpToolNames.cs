namespace AgentGuard;

/// <summary>How MCP tools are named for personas, catalogs and the guard: <c>server.tool</c>.</summary>
/// <remarks>Server names cannot contain a dot, so the first dot always separates the server from the tool (whose own
/// name may contain dots).</remarks>
public static class McpToolNames
{
    /// <summary>The separator between the server's name and the tool's.</summary>
    public const char Separator = '.';

    /// <summary>Qualifies a tool's name with its server's.</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name on the server.</param>
    /// <returns><c>server.tool</c>.</returns>
    public static string Qualify(string server, string tool)
    {
        ArgumentException.ThrowIfNullOrEmpty(server);
        ArgumentNullException.ThrowIfNull(tool);
        return string.Concat(server, ".", tool);
    }

    /// <summary>Splits a qualified name into the server's and the tool's.</summary>
    /// <param name="qualified">The qualified name.</param>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name on the server.</param>
    /// <returns><see langword="true"/> when the name has a server part.</returns>
    public static bool TrySplit(string qualified, out string server, out string tool)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        var dot = qualified.IndexOf(Separator, StringComparison.Ordinal);
        if (dot <= 0)
        {
            (server, tool) = (string.Empty, string.Empty);
            return false;
        }

        (server, tool) = (qualified[..dot], qualified[(dot + 1)..]);
        return true;
    }
}
