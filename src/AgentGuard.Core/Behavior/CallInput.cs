using System.Text.Json;

namespace AgentGuard;

/// <summary>Everything a call-side behavior evaluation reads, gathered outside the session lock.</summary>
internal readonly struct CallInput
{
    public required BehaviorEvaluator Evaluator { get; init; }

    public required CallFacts Facts { get; init; }

    public required CompiledPersona Persona { get; init; }

    public ResolvedTool? Tool { get; init; }

    public required IReadOnlyList<string> RuleIds { get; init; }

    /// <summary>Gets a value indicating whether an earlier stage refused the call.</summary>
    public bool Denied { get; init; }

    /// <summary>Gets a value indicating whether the session is halted (the halt stage refused the call).</summary>
    public bool SessionHalted { get; init; }

    /// <summary>Gets a value indicating whether verdicts are enforced (halts recorded), as opposed to monitor mode.</summary>
    public bool Enforcing { get; init; }

    public long Now { get; init; }

    public JsonElement Arguments { get; init; }

    /// <summary>Gets the weight a lineage <c>score</c> finding adds (0 when none).</summary>
    public double LineageWeight { get; init; }

    /// <summary>Gets the reason of <see cref="LineageWeight"/>.</summary>
    public string? LineageReason { get; init; }
}
