using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Result-side behavioral identity: backend denials (barriers), the persona's data envelope (records, bytes,
/// distinct resources), scraping, and fingerprints of sensitive values for taint tracking.</summary>
/// <remarks>Runs after the DLP result stage, so its findings mark a result as a taint source; works without them too
/// (tools the catalog marks <c>sensitive</c> are taint sources). Thread-safe.</remarks>
internal sealed class BehaviorResultCheck : IResultCheck
{
    private static readonly Func<BehaviorState, ResultInput, BehaviorOutcome> s_evaluate = static (state, input) => input.Evaluator.EvaluateResult(state, in input);
    private readonly IBehaviorStateStore _store;
    private readonly BehaviorEvaluator _evaluator;

    public BehaviorResultCheck(IBehaviorStateStore store, IOptions<BehaviorOptions> options)
        : this(store, new BehaviorEvaluator((options ?? throw new ArgumentNullException(nameof(options))).Value))
    {
    }

    internal BehaviorResultCheck(IBehaviorStateStore store, BehaviorEvaluator evaluator)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
    }

    public string Name => "behavior.result";

    public int Order => GuardCheckOrder.ResultBehavior;

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Persona is not { } persona || context.OriginalResult is not { } result)
        {
            return default;
        }

        var call = context.Call;
        var input = new ResultInput
        {
            Evaluator = _evaluator,
            Facts = CallFacts.From(call.ToolName, call.Arguments, persona.Persona.Data.MaxRecordsPerCall ?? _evaluator.Options.HugeLimit),
            Persona = persona,
            Tool = context.Tool,
            Result = result,
            Text = result.GetContentText(),
            Findings = context.Findings,
            Arguments = call.Arguments,
            Enforcing = context.Options.Mode == EnforcementMode.Enforce,
            Now = context.Now.UtcTicks,
        };

        var pending = _store.UpdateAsync(call.SessionId, context.Now, s_evaluate, input, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            Apply(context, pending.Result);
            return default;
        }

        return Await(pending, context);
    }

    private static async ValueTask Await(ValueTask<BehaviorOutcome> pending, GuardContext context) =>
        Apply(context, await pending.ConfigureAwait(false));

    private static void Apply(GuardContext context, BehaviorOutcome outcome)
    {
        context.Score = Math.Max(context.Score, outcome.Score);
        if (outcome.Signals is { } signals)
        {
            foreach (var signal in signals)
            {
                if (signal.Refuses)
                {
                    context.WithholdResult(signal.Rule, signal.Reason);
                }
                else
                {
                    context.Note(signal.Rule, signal.Reason);
                }
            }
        }

        if (outcome.ThresholdRule is not { } rule)
        {
            return;
        }

        var reason = outcome.ThresholdReason ?? rule;
        if (outcome.Threshold == GuardVerdict.Halt)
        {
            // A halted session's last result is withheld too, whatever earlier stages did with it.
            context.Halt(rule, reason);
            context.ReplaceResult(ToolResult.FromText($"withheld by AgentGuard: {reason}") with { Status = context.OriginalResult?.Status ?? ToolResultStatus.Ok });
        }
        else
        {
            context.Note(rule, reason);
        }
    }
}
