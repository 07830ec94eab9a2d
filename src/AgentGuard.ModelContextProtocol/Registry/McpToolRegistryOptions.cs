using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>Options for <see cref="McpToolRegistry"/>.</summary>
public sealed class McpToolRegistryOptions
{
    /// <summary>Gets or sets the poisoning severity at or above which a tool is refused, unless its pin accepts the
    /// findings; <see langword="null"/> refuses nothing for poisoning (findings are still reported).</summary>
    /// <value>The default value is <see cref="McpFindingSeverity.High"/>.</value>
    public McpFindingSeverity? RefuseAtSeverity { get; set; } = McpFindingSeverity.High;

    /// <summary>Gets the publishers' public keys (ECDSA P-256) by server name: a server listed here is allowed only
    /// when its tool manifest carries a signature that one of its keys verifies.</summary>
    public IDictionary<string, IReadOnlyList<ECDsa>> PublisherKeys { get; } = new Dictionary<string, IReadOnlyList<ECDsa>>(StringComparer.Ordinal);
}
