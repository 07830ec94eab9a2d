namespace AgentGuard;

/// <summary>One stage of the checks pipeline that runs before a tool call: small, ordered, independently testable.</summary>
/// <remarks>
/// Stages run in ascending <see cref="Order"/> (see <see cref="GuardCheckOrder"/>). Once a stage denies, later stages
/// are skipped unless they set <see cref="RunsAfterDenial"/> (behavior scoring must see refused attempts). A stage
/// never throws to refuse: it calls <see cref="GuardContext.Deny"/> and friends. Implementations are thread-safe.
/// </remarks>
public interface IGuardCheck
{
    /// <summary>Gets the stage's name, for diagnostics.</summary>
    string Name { get; }

    /// <summary>Gets the stage's position; lower runs first.</summary>
    int Order { get; }

    /// <summary>Gets a value indicating whether the stage runs even after an earlier stage denied the call.</summary>
    bool RunsAfterDenial { get; }

    /// <summary>Evaluates the call and records the outcome on <paramref name="context"/>.</summary>
    /// <param name="context">The evaluation in progress.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>A task that completes when the stage is done.</returns>
    ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken);
}
