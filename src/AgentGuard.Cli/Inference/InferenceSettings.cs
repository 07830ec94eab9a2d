namespace AgentGuard.Cli.Inference;

/// <summary>What <see cref="PersonaInference"/> needs besides the calls.</summary>
internal sealed record InferenceSettings
{
    /// <summary>Gets the draft persona's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the accountable owner written into the draft.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the maturity written into the draft.</summary>
    public Maturity Maturity { get; init; } = Maturity.Intern;

    /// <summary>Gets the factor applied to every observed figure before it is rounded up (at least 1).</summary>
    public double Headroom { get; init; } = 1.5;

    /// <summary>Gets the tool catalog, when one was given (its tools keep their declared risk and egress).</summary>
    public IReadOnlyDictionary<string, CatalogTool> Catalog { get; init; } = new Dictionary<string, CatalogTool>();

    /// <summary>Gets the trace's name for the description.</summary>
    public required string SourceName { get; init; }
}
