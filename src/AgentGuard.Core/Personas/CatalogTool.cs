namespace AgentGuard;

/// <summary>A tool declared once in the tool catalog.</summary>
public sealed record CatalogTool
{
    /// <summary>Gets the tool's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the capabilities (duties) the tool serves; a persona's capabilities select it.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the risk.</summary>
    /// <value>The default value is <see cref="ToolRisk.Low"/>.</value>
    public ToolRisk Risk { get; init; } = ToolRisk.Low;

    /// <summary>Gets a value indicating whether data leaves the organisation through the tool.</summary>
    public bool Egress { get; init; }

    /// <summary>Gets a value indicating whether the tool's results carry sensitive data (a taint source).</summary>
    public bool Sensitive { get; init; }

    /// <summary>Gets the names of the arguments data lineage classifies whatever the tool's risk (recipients, amounts,
    /// URLs, shares): the catalog's per-argument <c>lineage</c> marker.</summary>
    /// <value>The default value is an empty list: only egress and high-risk tools' destination-like arguments are classified.</value>
    public IReadOnlyList<string> LineageArguments { get; init; } = [];

    /// <summary>Gets an optional description.</summary>
    public string? Description { get; init; }
}
