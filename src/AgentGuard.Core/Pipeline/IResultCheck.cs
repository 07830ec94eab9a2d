namespace AgentGuard;

/// <summary>One stage of the pipeline that inspects a tool's result before the model sees it.</summary>
/// <remarks>Stages run in ascending <see cref="Order"/>; they may replace the result (<see cref="GuardContext.ReplaceResult"/>)
/// or withhold it (<see cref="GuardContext.WithholdResult"/>). Result stages always all run, so every signal is recorded.</remarks>
public interface IResultCheck
{
    /// <summary>Gets the stage's name, for diagnostics.</summary>
    string Name { get; }

    /// <summary>Gets the stage's position; lower runs first.</summary>
    int Order { get; }

    /// <summary>Inspects <see cref="GuardContext.Result"/> and records the outcome on <paramref name="context"/>.</summary>
    /// <param name="context">The evaluation in progress.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>A task that completes when the stage is done.</returns>
    ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken);
}
