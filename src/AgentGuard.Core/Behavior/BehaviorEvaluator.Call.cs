using System.Globalization;

namespace AgentGuard;

internal sealed partial class BehaviorEvaluator
{
    [Flags]
    private enum Denial
    {
        None = 0,
        OffPersona = 1,
        Arguments = 2,
        Dlp = 4,
        Rate = 8,
        Other = 16,
    }

    /// <summary>Scores one call attempt (allowed or refused by earlier stages) and updates the session.</summary>
    public BehaviorOutcome EvaluateCall(BehaviorState state, in CallInput input)
    {
        var now = input.Now;
        var outcome = default(BehaviorOutcome);
        if (state.Halted && !input.SessionHalted && input.Enforcing)
        {
            Resume(state);
        }

        if (input.SessionHalted)
        {
            // Halted: keep the score as it is; nothing this call does can matter until a human resumes the session.
            state.Halted = true;
            outcome.Score = CurrentScore(state, now);
            return outcome;
        }

        var before = CurrentScore(state, now);
        Advance(state, now);
        state.CallCount++;
        state.Calls.Add(now, 1);
        var facts = input.Facts;
        var tool = facts.Tool;
        var denial = Classify(input.RuleIds, input.Denied, out var denialRule);

        if ((denial & Denial.OffPersona) != 0)
        {
            AddDecaying(state, ref outcome, BehaviorRules.OffPersona, _weights.OffPersona,
                $"attempt on '{CompiledArguments.Printable(tool)}', outside persona ∩ user ({denialRule})");
        }

        if ((denial & Denial.Arguments) != 0)
        {
            AddDecaying(state, ref outcome, BehaviorRules.ArgumentViolation, _weights.ArgumentViolation, $"arguments of '{tool}' refused by the persona's constraints");
        }

        if ((denial & Denial.Dlp) != 0)
        {
            AddDecaying(state, ref outcome, BehaviorRules.DlpBlock, _weights.DlpBlock, $"sensitive data blocked in the arguments of '{tool}'");
        }

        if ((denial & Denial.Rate) != 0)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Rate, _weights.RateExceeded, $"call to '{tool}' above the persona's declared rate");
        }

        var matched = state.Barriers.Count > 0 && ScoreBarrierAttempt(state, ref outcome, facts, (denial & Denial.OffPersona) != 0, input.Denied, now);
        if (!matched)
        {
            state.Pending = null;
        }

        if (facts.UnboundedArgument is { } unbounded)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Unbounded, _weights.UnboundedArgument,
                $"argument '{CompiledArguments.Printable(unbounded)}' of '{tool}' {facts.UnboundedReason}");
        }

        if (!input.Denied && state.LastTool is { } previous && WorkflowModel.For(input.Persona) is { Declared: true } workflows && !workflows.Allows(previous, tool))
        {
            AddDecaying(state, ref outcome, BehaviorRules.WorkflowDrift, _weights.WorkflowDrift,
                $"'{previous}' → '{tool}' is not a transition of persona '{input.Persona.Id}''s workflows");
        }

        var lastMinute = state.Calls.Sum(now);
        if (lastMinute > _options.BurstCallsPerMinute)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Burst, _weights.Velocity,
                $"{lastMinute} calls in the last minute, above {_options.BurstCallsPerMinute}");
        }

        if ((denial & Denial.OffPersona) == 0)
        {
            ScoreEnumeration(state, ref outcome, facts, now);
        }

        if (input.LineageWeight > 0 && !input.Denied)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Lineage, input.LineageWeight, input.LineageReason ?? "a sensitive argument value of unclear lineage");
        }

        var refused = false;
        if (input.Tool is { Egress: true } egress && (state.Taint.Count > 0 || state.WeakTaint.Count > 0))
        {
            refused = ScoreEgress(state, ref outcome, egress, input.Arguments, now);
        }

        if (input.Denied && !matched)
        {
            RememberDenial(state, facts, denial, denialRule, now);
        }

        if (!input.Denied && !refused)
        {
            state.LastTool = tool;
        }

        ApplyThresholds(state, ref outcome, input.Persona, before, now, resultSide: false);
        return outcome;
    }

    private static Denial Classify(IReadOnlyList<string> rules, bool denied, out string? first)
    {
        first = null;
        string? lineage = null;
        var denial = Denial.None;
        foreach (var rule in rules)
        {
            var kind = rule switch
            {
                "scope.not_in_persona" or "scope.not_entitled" or "scope.not_in_ancestor" or "scope.unknown_ancestor" => Denial.OffPersona,
                _ when rule.StartsWith("args.", StringComparison.Ordinal) => Denial.Arguments,
                _ when rule.StartsWith("rate.", StringComparison.Ordinal) => Denial.Rate,
                _ when denied && rule.StartsWith("dlp.", StringComparison.Ordinal) => Denial.Dlp,
                "engine.error" or "persona.unknown" => Denial.None,
                _ when denied && !rule.StartsWith("behavior.", StringComparison.Ordinal) && !rule.StartsWith("approval.", StringComparison.Ordinal) => Denial.Other,
                _ => Denial.None,
            };
            if (kind != Denial.None)
            {
                // Lineage also explains calls another stage refused: name the refusing stage first when there is one.
                if (!rule.StartsWith("lineage.", StringComparison.Ordinal))
                {
                    first ??= rule;
                }

                lineage ??= rule;
                denial |= kind;
            }
        }

        first ??= lineage;
        return denial;
    }

    /// <summary>Matches the attempt against the denied targets; scores the best match as sticky evidence.</summary>
    private bool ScoreBarrierAttempt(BehaviorState state, ref BehaviorOutcome outcome, CallFacts facts, bool offPersona, bool deniedNow, long now)
    {
        BarrierRecord? best = null;
        var bestWeight = 0.0;
        var bestRule = string.Empty;
        var bestHow = string.Empty;
        string? bestValue = null;
        var bestSimilarity = TargetSimilarity.None;
        foreach (var record in state.Barriers)
        {
            if (!MatchBarrier(record, facts, offPersona, out var similarity, out var rule, out var weight, out var how, out var value) || weight <= bestWeight)
            {
                continue;
            }

            (best, bestWeight, bestRule, bestHow, bestValue, bestSimilarity) = (record, weight, rule, how, value, similarity);
        }

        if (best is null)
        {
            return false;
        }

        best.Attempts++;
        best.Evidence += bestWeight;
        best.LastTicks = Math.Max(best.LastTicks, now);
        var what = best.ToolLevel ? $"tool '{CompiledArguments.Printable(best.Tool)}'" : $"'{CompiledArguments.Printable(best.Values[0])}' ({best.Tool})";
        outcome.Add(bestRule, string.Create(CultureInfo.InvariantCulture,
            $"attempt {best.Attempts} on {what}, denied {Ago(now - best.FirstTicks)} by {best.Rule}: {bestHow} (+{Format(bestWeight)}, remembered)"), bestWeight);
        if (deniedNow && bestValue is not null && !best.ToolLevel)
        {
            best.AddValue(bestValue);
        }

        state.Pending = bestSimilarity == TargetSimilarity.Variation && !deniedNow && !best.ToolLevel
            ? new PendingRefund { Tool = facts.Tool, Primary = facts.PrimaryValue, BarrierId = best.Id, Weight = bestWeight }
            : null;
        return true;
    }

    private bool MatchBarrier(BarrierRecord record, CallFacts facts, bool offPersona, out TargetSimilarity similarity, out string rule, out double weight, out string how, out string? value)
    {
        value = null;
        rule = string.Empty;
        weight = 0;
        how = string.Empty;
        similarity = TargetSimilarity.None;
        var sameTool = string.Equals(record.Tool, facts.Tool, StringComparison.Ordinal);
        if (record.ToolLevel)
        {
            if (sameTool)
            {
                (similarity, rule, weight, how) = (TargetSimilarity.Same, BehaviorRules.BarrierToolRetry, _weights.BarrierToolRetry, "the refused tool again");
                return true;
            }

            if (offPersona && TargetText.Compare(facts.Tool.ToLowerInvariant(), record.Tool.ToLowerInvariant()) != TargetSimilarity.None)
            {
                (similarity, rule, weight, how) = (TargetSimilarity.Variation, BehaviorRules.BarrierVariation, _weights.BarrierVariation, $"a look-alike tool '{CompiledArguments.Printable(facts.Tool)}'");
                return true;
            }

            return false;
        }

        if (record.Unbounded && sameTool && facts.UnboundedArgument is not null)
        {
            (similarity, rule, weight, how) = (TargetSimilarity.Same, BehaviorRules.BarrierRetry, _weights.BarrierRetry, "another query that selects everything");
            return true;
        }

        string? shown = null;
        record.EnsureMasks();
        var byArgument = sameTool && record.PrimaryArgument is not null && facts.Has(record.PrimaryArgument);
        for (var i = 0; i < facts.IdentifierCount; i++)
        {
            var (name, raw) = facts.Identifiers[i];
            if (byArgument ? !string.Equals(name, record.PrimaryArgument, StringComparison.Ordinal) : raw.Length < 4)
            {
                continue;
            }

            var normalized = facts.Normalized(i, out var trick);
            var mask = facts.Mask(i);
            for (var k = 0; k < record.Values.Count; k++)
            {
                var found = TargetText.Compare(normalized, mask, record.Values[k], record.Masks[k], record.NameMasks[k]);
                if (found == TargetSimilarity.Same && trick)
                {
                    found = TargetSimilarity.PathTrick;
                }

                if (found > similarity)
                {
                    similarity = found;
                    value = normalized;
                    shown = raw;
                }
            }
        }

        switch (similarity)
        {
            case TargetSimilarity.PathTrick:
                (rule, weight, how) = (BehaviorRules.BarrierPathTrick, _weights.BarrierPathTrick, $"the same target through a path trick ('{CompiledArguments.Printable(shown!)}')");
                return true;
            case TargetSimilarity.Same when !sameTool:
                (rule, weight, how) = (BehaviorRules.BarrierOtherTool, _weights.BarrierOtherTool, $"the same target through '{CompiledArguments.Printable(facts.Tool)}'");
                return true;
            case TargetSimilarity.Same:
                (rule, weight, how) = (BehaviorRules.BarrierRetry, _weights.BarrierRetry, "the same target again");
                return true;
            case TargetSimilarity.Variation:
                (rule, weight, how) = (BehaviorRules.BarrierVariation, _weights.BarrierVariation, $"a guessed variation '{CompiledArguments.Printable(shown!)}'");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Remembers a target the guard just refused, so later variations on it are recognised.</summary>
    private void RememberDenial(BehaviorState state, CallFacts facts, Denial denial, string? rule, long now)
    {
        if ((denial & Denial.OffPersona) != 0)
        {
            AddBarrier(state, new BarrierRecord { Tool = facts.Tool, ToolLevel = true, Rule = rule ?? "scope" }, now);
        }
        else if ((denial & (Denial.Arguments | Denial.Other)) != 0 && (denial & Denial.Dlp) == 0 && facts.NormalizedPrimary is { Length: > 0 } primary)
        {
            // Values of a DLP-blocked call are sensitive: never remembered as targets.
            var record = new BarrierRecord { Tool = facts.Tool, PrimaryArgument = facts.PrimaryName, Rule = rule ?? "denied" };
            record.AddValue(primary);
            AddBarrier(state, record, now);
        }
    }

    private void AddBarrier(BehaviorState state, BarrierRecord record, long now)
    {
        if (state.Barriers.Count >= _options.MaxBarrierTargets)
        {
            var oldest = 0;
            for (var i = 1; i < state.Barriers.Count; i++)
            {
                if (state.Barriers[i].LastTicks < state.Barriers[oldest].LastTicks)
                {
                    oldest = i;
                }
            }

            state.Barriers.RemoveAt(oldest);
        }

        record.Id = ++state.NextBarrierId;
        record.FirstTicks = now;
        record.LastTicks = now;
        state.Barriers.Add(record);
    }

    /// <summary>Scores runs of guessed sequential identifiers (C000101, C000102, ...) that no earlier result listed.</summary>
    private void ScoreEnumeration(BehaviorState state, ref BehaviorOutcome outcome, CallFacts facts, long now)
    {
        if (facts.PrimaryValue is not { } value || !CallFacts.TrySplitNumber(value, out var prefix, out var number))
        {
            return;
        }

        var listed = IdentifierScanner.TryFingerprintLast(value, _fingerprinter, out var fingerprint)
            && state.Seen.TryGet(fingerprint, Minute(now - _taintMemory), out _);
        var delta = number - state.EnumerationLast;
        if (listed)
        {
            state.EnumerationRun = 0;
        }
        else if (string.Equals(state.EnumerationTool, facts.Tool, StringComparison.Ordinal) && delta is >= -3 and <= 3 and not 0
            && prefix.SequenceEqual(state.EnumerationPrefix))
        {
            state.EnumerationRun++;
        }
        else
        {
            state.EnumerationRun = 1;
        }

        state.EnumerationTool = facts.Tool;
        if (!prefix.SequenceEqual(state.EnumerationPrefix))
        {
            state.EnumerationPrefix = prefix.ToString();
        }

        state.EnumerationLast = number;
        if (state.EnumerationRun >= _options.EnumerationMinRun)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Enumeration, _weights.Enumeration,
                $"{state.EnumerationRun} consecutive guessed identifiers on '{facts.Tool}' (now '{CompiledArguments.Printable(value)}'), none listed by an earlier result");
        }
    }
}
