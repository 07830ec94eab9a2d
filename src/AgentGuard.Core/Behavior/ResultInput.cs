namespace AgentGuard;

/// <summary>Everything a result-side behavior evaluation reads, gathered outside the session lock.</summary>
internal readonly struct ResultInput
{
    public required BehaviorEvaluator Evaluator { get; init; }

    public required CallFacts Facts { get; init; }

    public required CompiledPersona Persona { get; init; }

    public ResolvedTool? Tool { get; init; }

    /// <summary>Gets the result as the tool returned it.</summary>
    public required ToolResult Result { get; init; }

    /// <summary>Gets the result's content as text, or <see langword="null"/>.</summary>
    public string? Text { get; init; }

    /// <summary>Gets what an earlier result stage (DLP) found in the result.</summary>
    public required IReadOnlyList<GuardFinding> Findings { get; init; }

    /// <summary>Gets the arguments of the call that produced the result.</summary>
    public System.Text.Json.JsonElement Arguments { get; init; }

    public bool Enforcing { get; init; }

    public long Now { get; init; }
}
