using System.Globalization;
using System.Text;

namespace AgentGuard;

/// <summary>Scores calls and results against the persona: the logic of behavioral identity, on one session's state.</summary>
/// <remarks>
/// Pure with respect to its inputs: an evaluation changes only the state it is given and returns a
/// <see cref="BehaviorOutcome"/>, so a shared store may retry it. The score has a decaying part (half-life
/// <see cref="BehaviorOptions.HalfLife"/>) and a sticky part: evidence about denied targets and tainted values, kept
/// until <see cref="BehaviorOptions.BarrierMemory"/> / <see cref="BehaviorOptions.TaintMemory"/> pass without a new attempt.
/// </remarks>
internal sealed partial class BehaviorEvaluator
{
    private readonly BehaviorOptions _options;
    private readonly BehaviorWeights _weights;
    private readonly Fingerprinter _fingerprinter;
    private readonly double _halfLifeTicks;
    private readonly long _barrierMemory;
    private readonly long _taintMemory;

    public BehaviorEvaluator(BehaviorOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _weights = options.Weights;
        _fingerprinter = Fingerprinter.Create(options.FingerprintKey);
        _halfLifeTicks = options.HalfLife.Ticks;
        _barrierMemory = options.BarrierMemory.Ticks;
        _taintMemory = options.TaintMemory.Ticks;
    }

    public BehaviorOptions Options => _options;

    internal Fingerprinter Fingerprinter => _fingerprinter;

    /// <summary>Reads the score without changing anything but decay bookkeeping.</summary>
    public double CurrentScore(BehaviorState state, long now) => Decayed(state, now) + Sticky(state, now);

    private static int Minute(long ticks) => (int)(ticks / TimeSpan.TicksPerMinute);

    private double Decayed(BehaviorState state, long now) =>
        state.ScoreTicks == 0 || now <= state.ScoreTicks || state.Score == 0
            ? state.Score
            : state.Score * Math.Pow(0.5, (now - state.ScoreTicks) / _halfLifeTicks);

    private double Sticky(BehaviorState state, long now)
    {
        double sticky = 0;
        foreach (var barrier in state.Barriers)
        {
            if (barrier.LastTicks > now - _barrierMemory)
            {
                sticky += barrier.Evidence;
            }
        }

        if (state.TaintTicks > now - _taintMemory)
        {
            sticky += state.TaintEvidence;
        }

        return sticky;
    }

    /// <summary>Brings the state to <paramref name="now"/>: decays the score, forgets expired barriers and taint evidence.</summary>
    private void Advance(BehaviorState state, long now)
    {
        state.Score = Decayed(state, now);
        if (state.Score < 0.01)
        {
            state.Score = 0;
        }

        state.ScoreTicks = Math.Max(state.ScoreTicks, now);
        state.LastTicks = Math.Max(state.LastTicks, now);
        for (var i = state.Barriers.Count - 1; i >= 0; i--)
        {
            if (state.Barriers[i].LastTicks <= now - _barrierMemory)
            {
                state.Barriers.RemoveAt(i);
            }
        }

        if (state.TaintEvidence > 0 && state.TaintTicks <= now - _taintMemory)
        {
            state.TaintEvidence = 0;
        }
    }

    /// <summary>A human resumed a session this engine halted: the score starts over; the targets stay remembered.</summary>
    private static void Resume(BehaviorState state)
    {
        state.Halted = false;
        state.Score = 0;
        state.TaintEvidence = 0;
        state.Pending = null;
        foreach (var barrier in state.Barriers)
        {
            barrier.Evidence = 0;
            barrier.Attempts = 0;
        }
    }

    private static void AddDecaying(BehaviorState state, ref BehaviorOutcome outcome, string rule, double weight, string reason, bool refuses = false)
    {
        state.Score += weight;
        outcome.Add(rule, $"{reason} (+{Format(weight)})", weight, refuses);
    }

    /// <summary>Compares the score with the persona's thresholds and records the highest one reached.</summary>
    private void ApplyThresholds(BehaviorState state, ref BehaviorOutcome outcome, CompiledPersona persona, double before, long now, bool resultSide)
    {
        var total = CurrentScore(state, now);
        outcome.Score = total;
        var thresholds = persona.Persona.Behavior;
        if (total >= thresholds.HaltAt)
        {
            state.Halted = true;
            outcome.Threshold = GuardVerdict.Halt;
            outcome.ThresholdRule = BehaviorRules.Halt;
            outcome.ThresholdReason = Explain(state, outcome, persona, total, "halt_at", thresholds.HaltAt, now);
        }
        else if (total >= thresholds.ApprovalAt && !resultSide)
        {
            outcome.Threshold = GuardVerdict.RequireApproval;
            outcome.ThresholdRule = BehaviorRules.Approval;
            outcome.ThresholdReason = Explain(state, outcome, persona, total, "approval_at", thresholds.ApprovalAt, now);
        }
        else if (total >= thresholds.AlertAt && (before < thresholds.AlertAt || (outcome.Signals is not null && !resultSide)))
        {
            outcome.Threshold = GuardVerdict.Allow;
            outcome.ThresholdRule = BehaviorRules.Alert;
            outcome.ThresholdReason = Explain(state, outcome, persona, total, "alert_at", thresholds.AlertAt, now);
        }
    }

    private string Explain(BehaviorState state, BehaviorOutcome outcome, CompiledPersona persona, double total, string threshold, double at, long now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"behavior score {Format(total)} ≥ {threshold} {Format(at)} for persona '{persona.Id}'");
        if (outcome.Signals is { Count: > 0 } signals)
        {
            text.Append(": this call ");
            for (var i = 0; i < signals.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(signals[i].Rule).Append(' ').Append(signals[i].Weight >= 0 ? "+" : string.Empty).Append(Format(signals[i].Weight));
            }
        }

        var sticky = Sticky(state, now);
        if (sticky > 0)
        {
            var targets = state.Barriers.Count(b => b.Evidence > 0 && b.LastTicks > now - _barrierMemory);
            text.Append(CultureInfo.InvariantCulture, $"; remembered evidence {Format(sticky)} ({targets} denied target{(targets == 1 ? string.Empty : "s")}");
            if (state.TaintEvidence > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", taint {Format(state.TaintEvidence)}");
            }

            text.Append(')');
        }

        return text.ToString();
    }

    internal static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    internal static string Ago(long ticks)
    {
        var span = TimeSpan.FromTicks(Math.Max(0, ticks));
        return span.TotalSeconds < 90 ? $"{(int)span.TotalSeconds} s ago"
            : span.TotalMinutes < 90 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} days ago";
    }
}
