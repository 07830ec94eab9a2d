namespace AgentGuard;

/// <summary>A declared job description used as policy: what an agent is for, and so what it may do.</summary>
/// <remarks>Personas are data: load them from YAML/JSON files or build them in code. They are validated as a whole
/// (see <c>PolicyBuilder</c>) before the guard serves a call.</remarks>
public sealed record Persona
{
    /// <summary>Gets the unique id (<c>[a-z0-9][a-z0-9._-]*</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the plain-English job description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the accountable human or team.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the maturity level.</summary>
    /// <value>The default value is <see cref="Maturity.Intern"/>.</value>
    public Maturity Maturity { get; init; } = Maturity.Intern;

    /// <summary>Gets the duties; each selects every catalog tool that declares it.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the explicit tool grants.</summary>
    public IReadOnlyList<ToolGrant> Tools { get; init; } = [];

    /// <summary>Gets the data envelope.</summary>
    public DataEnvelope Data { get; init; } = new();

    /// <summary>Gets the expected tool sequences; empty when none are declared.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Workflows { get; init; } = [];

    /// <summary>Gets the behavior score thresholds.</summary>
    public BehaviorThresholds Behavior { get; init; } = new();

    /// <summary>Gets the sensitive-data policy.</summary>
    public DlpPolicy Dlp { get; init; } = new();

    /// <summary>Gets what data lineage does with sensitive argument values by where they came from.</summary>
    /// <value>The default value is a section with every action at its maturity default.</value>
    public LineagePolicy Lineage { get; init; } = new();

    /// <summary>Gets where the persona was loaded from (a file path), or <see langword="null"/> when built in code.</summary>
    public string? Source { get; init; }
}
