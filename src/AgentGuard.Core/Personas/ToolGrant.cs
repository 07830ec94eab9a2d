namespace AgentGuard;

/// <summary>An explicit grant of a tool (or a glob of tools) in a persona.</summary>
public sealed record ToolGrant
{
    /// <summary>Gets the tool name or glob (<c>*</c> any run of characters, <c>?</c> one character), for example <c>tickets.*</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the risk, overriding the catalog's.</summary>
    public ToolRisk? Risk { get; init; }

    /// <summary>Gets whether data leaves the organisation through the tool, overriding the catalog's.</summary>
    public bool? Egress { get; init; }

    /// <summary>Gets the per-argument constraints; when set, an argument not listed is refused.</summary>
    public IReadOnlyDictionary<string, ArgumentConstraint>? Args { get; init; }

    /// <summary>Gets the per-user rate limits for the tool.</summary>
    public RateLimit? Rate { get; init; }
}
