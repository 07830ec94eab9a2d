using System.Text.Json;

namespace AgentGuard;

/// <summary>One pinned tool definition in the lock file.</summary>
public sealed record McpLockedTool
{
    /// <summary>Gets the SHA-256 of the definition's canonical form (see <see cref="McpToolCanonicalForm"/>).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Gets a value indicating whether a person accepted this exact definition despite poisoning findings at or
    /// above the refusal severity (<c>agentguard mcp pin --accept-findings TOOL</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AcceptFindings { get; init; }

    /// <summary>Gets the pinned definition in canonical form, for showing what changed; the hash alone decides.</summary>
    public JsonElement? Definition { get; init; }
}
