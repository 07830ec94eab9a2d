using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Creates the behavior stages for code that builds an <see cref="AgentGuardEngine"/> without dependency injection.</summary>
/// <remarks>
/// Both stages must share one <see cref="IBehaviorStateStore"/> (what the result stage learns, the call stage uses):
/// <code>
/// var sessions = new InMemorySessionStateStore();
/// var behavior = new InMemoryBehaviorStateStore();
/// var engine = new AgentGuardEngine(
///     new StaticPolicyProvider(policy),
///     [.. AgentGuardEngine.CreateDefaultChecks(sessions), BehaviorStages.CreateCheck(behavior)],
///     [BehaviorStages.CreateResultCheck(behavior)],
///     sessions,
///     Options.Create(new AgentGuardOptions()),
///     timeProvider: clock);
/// </code>
/// With dependency injection, <c>AddAgentGuard</c> registers both stages by default.
/// </remarks>
public static class BehaviorStages
{
    /// <summary>Creates the call-side stage (<see cref="GuardCheckOrder.Behavior"/>; runs after denials too).</summary>
    /// <param name="store">The behavior state store, shared with the result stage.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IGuardCheck CreateCheck(IBehaviorStateStore store, BehaviorOptions? options = null) =>
        new BehaviorCheck(store, new BehaviorEvaluator(Validate(options)));

    /// <summary>Creates the result-side stage (<see cref="GuardCheckOrder.ResultBehavior"/>).</summary>
    /// <param name="store">The behavior state store, shared with the call stage.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static IResultCheck CreateResultCheck(IBehaviorStateStore store, BehaviorOptions? options = null) =>
        new BehaviorResultCheck(store, new BehaviorEvaluator(Validate(options)));

    private static BehaviorOptions Validate(BehaviorOptions? options)
    {
        options ??= new BehaviorOptions();
        var result = new BehaviorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BehaviorOptions), result.Failures);
        }

        return options;
    }
}
