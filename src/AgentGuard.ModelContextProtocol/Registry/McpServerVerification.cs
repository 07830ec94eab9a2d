using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>What the trusted tool registry concluded about one server's live tool list.</summary>
public sealed class McpServerVerification
{
    /// <summary>Gets the server.</summary>
    public required McpServerIdentity Server { get; init; }

    /// <summary>Gets the tools that match their pins and pass the poisoning scan, in the server's order.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<Tool> Approved { get; init; } = [];

    /// <summary>Gets every refusal: one per refused live tool, plus one per pinned tool that is no longer offered.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<McpToolRefusal> Refusals { get; init; } = [];

    /// <summary>Gets the poisoning findings of every live tool (approved or not).</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<McpScanFinding> Findings { get; init; } = [];

    /// <summary>Gets why the whole server was refused, or <see langword="null"/> when its tools were judged one by one.</summary>
    public McpToolRefusal? ServerRefusal { get; init; }

    /// <summary>Gets a value indicating whether the live tools differ from the pins (added, changed or removed tools).</summary>
    public bool HasDrift => Refusals.Any(static r => r.Kind is McpRefusalKind.Added or McpRefusalKind.Changed or McpRefusalKind.Removed);

    /// <summary>Gets the refusal of a tool, or <see langword="null"/> when it was approved or is unknown.</summary>
    /// <param name="tool">The tool's name on the server.</param>
    /// <returns>The refusal.</returns>
    public McpToolRefusal? GetRefusal(string tool) => Refusals.FirstOrDefault(r => string.Equals(r.Tool, tool, StringComparison.Ordinal));
}
