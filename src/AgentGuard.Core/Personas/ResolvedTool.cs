namespace AgentGuard;

/// <summary>A tool as one persona grants it: the grant that matched, its catalog entry, and the effective risk and flags.</summary>
public sealed class ResolvedTool
{
    internal ResolvedTool(string name, ToolGrant? grant, CatalogTool? catalogTool, CompiledArguments? arguments)
    {
        Name = name;
        Grant = grant;
        CatalogTool = catalogTool;
        Risk = grant?.Risk ?? catalogTool?.Risk ?? ToolRisk.Low;
        Egress = grant?.Egress ?? catalogTool?.Egress ?? false;
        Sensitive = catalogTool?.Sensitive ?? false;
        Arguments = arguments;
    }

    /// <summary>Gets the tool's name.</summary>
    public string Name { get; }

    /// <summary>Gets the explicit grant that matched, or <see langword="null"/> when a capability selected the tool.</summary>
    public ToolGrant? Grant { get; }

    /// <summary>Gets the catalog entry, when the tool is cataloged.</summary>
    public CatalogTool? CatalogTool { get; }

    /// <summary>Gets the effective risk (grant, else catalog, else low).</summary>
    public ToolRisk Risk { get; }

    /// <summary>Gets a value indicating whether data leaves the organisation through the tool.</summary>
    public bool Egress { get; }

    /// <summary>Gets a value indicating whether the tool's results are sensitive (a taint source).</summary>
    public bool Sensitive { get; }

    /// <summary>Gets the rate limits, when the grant declares them.</summary>
    public RateLimit? Rate => Grant?.Rate;

    internal CompiledArguments? Arguments { get; }
}
