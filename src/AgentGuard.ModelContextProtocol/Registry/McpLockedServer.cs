namespace AgentGuard;

/// <summary>One allowed server in the lock file: how it is started or reached, and its pinned tools.</summary>
public sealed record McpLockedServer
{
    /// <summary>Gets how the server is started or reached.</summary>
    public required McpServerIdentity Identity { get; init; }

    /// <summary>Gets when the server's tools were last pinned.</summary>
    public DateTimeOffset? PinnedAt { get; init; }

    /// <summary>Gets the pinned tools by their names on the server.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IReadOnlyDictionary<string, McpLockedTool> Tools { get; init; } = new Dictionary<string, McpLockedTool>(StringComparer.Ordinal);
}
