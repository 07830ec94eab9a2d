using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Call-side behavioral identity: scores every attempt (also those earlier stages refused) against the persona,
/// and raises an alert, requires approval, refuses (taint) or halts the session as the score crosses the persona's thresholds.</summary>
/// <remarks>Thread-safe; per-session updates are serialized by the <see cref="IBehaviorStateStore"/>.</remarks>
internal sealed class BehaviorCheck : IGuardCheck
{
    private static readonly Func<BehaviorState, CallInput, BehaviorOutcome> s_evaluate = static (state, input) => input.Evaluator.EvaluateCall(state, in input);
    private readonly IBehaviorStateStore _store;
    private readonly BehaviorEvaluator _evaluator;

    public BehaviorCheck(IBehaviorStateStore store, IOptions<BehaviorOptions> options)
        : this(store, new BehaviorEvaluator((options ?? throw new ArgumentNullException(nameof(options))).Value))
    {
    }

    internal BehaviorCheck(IBehaviorStateStore store, BehaviorEvaluator evaluator)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
    }

    public string Name => "behavior";

    public int Order => GuardCheckOrder.Behavior;

    public bool RunsAfterDenial => true;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Persona is not { } persona)
        {
            return default; // no persona, no baseline: the scope stage already refused the call
        }

        var halted = Contains(context.RuleIds, BehaviorRules.SessionHalted);
        var call = context.Call;
        var input = new CallInput
        {
            Evaluator = _evaluator,
            Facts = halted ? CallFacts.Empty(call.ToolName) : CallFacts.From(call.ToolName, call.Arguments, persona.Persona.Data.MaxRecordsPerCall ?? _evaluator.Options.HugeLimit),
            Persona = persona,
            Tool = context.Tool,
            RuleIds = context.RuleIds,
            Denied = context.IsDenied,
            SessionHalted = halted,
            Enforcing = context.Options.Mode == EnforcementMode.Enforce,
            Now = context.Now.UtcTicks,
            Arguments = call.Arguments,
            LineageWeight = context.TryGetItem(LineageRules.ScoreItem, out var weight) && weight is double w ? w : 0,
            LineageReason = context.TryGetItem(LineageRules.ScoreReasonItem, out var why) ? why as string : null,
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
        context.Score = outcome.Score;
        if (outcome.Signals is { } signals)
        {
            foreach (var signal in signals)
            {
                if (signal.Refuses)
                {
                    context.Deny(signal.Rule, signal.Reason);
                }
                else
                {
                    context.Note(signal.Rule, signal.Reason);
                }
            }
        }

        if (outcome.ThresholdRule is { } rule)
        {
            var reason = outcome.ThresholdReason ?? rule;
            switch (outcome.Threshold)
            {
                case GuardVerdict.Halt:
                    context.Halt(rule, reason);
                    break;
                case GuardVerdict.RequireApproval:
                    context.RequireApproval(rule, reason);
                    break;
                default:
                    context.Note(rule, reason);
                    break;
            }
        }
    }

    private static bool Contains(IReadOnlyList<string> rules, string rule)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (string.Equals(rules[i], rule, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
