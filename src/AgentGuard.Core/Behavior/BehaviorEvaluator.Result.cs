using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentGuard;

internal sealed partial class BehaviorEvaluator
{
    private const byte ResourceDomain = 6;
    private static readonly long s_hour = TimeSpan.FromHours(1).Ticks;

    /// <summary>Scores one result: backend denials, the data envelope, breadth, and remembers sensitive values.</summary>
    public BehaviorOutcome EvaluateResult(BehaviorState state, in ResultInput input)
    {
        var now = input.Now;
        var outcome = default(BehaviorOutcome);
        if (state.Halted && input.Enforcing)
        {
            outcome.Score = CurrentScore(state, now);
            return outcome;
        }

        var before = CurrentScore(state, now);
        Advance(state, now);
        var result = input.Result;
        var facts = input.Facts;
        if (result.Status == ToolResultStatus.Denied)
        {
            ScoreBackendDenial(state, ref outcome, facts, result.Resource, now);
        }
        else if (result.Status == ToolResultStatus.Ok && state.Pending is { } pending
            && string.Equals(pending.Tool, facts.Tool, StringComparison.Ordinal) && string.Equals(pending.Primary, facts.PrimaryValue, StringComparison.Ordinal))
        {
            // The guessed-looking target existed and the backend served it: other work, not the denied target.
            state.Pending = null;
            if (state.Barriers.Find(b => b.Id == pending.BarrierId) is { } record)
            {
                record.Evidence = Math.Max(0, record.Evidence - pending.Weight);
                record.Attempts = Math.Max(0, record.Attempts - 1);
                outcome.Add(BehaviorRules.BarrierCleared,
                    $"'{CompiledArguments.Printable(pending.Primary ?? facts.Tool)}' resembled a denied target but the backend served it: other work (-{Format(pending.Weight)})",
                    -pending.Weight);
            }
        }

        var withheld = false;
        if (result.Status == ToolResultStatus.Ok)
        {
            withheld = ScoreEnvelope(state, ref outcome, input, now);
            if (input.Text is { Length: > 0 } text)
            {
                IdentifierScanner.Scan(text, _fingerprinter, state.Seen, Minute(now), Math.Max(16, _options.MaxTaintFingerprints / 2));
            }

            if (!withheld && (input.Findings.Count > 0 || input.Tool?.Sensitive == true))
            {
                RememberSensitive(state, result, input.Arguments, input.Findings, now);
            }
        }

        ApplyThresholds(state, ref outcome, input.Persona, before, now, resultSide: true);
        return outcome;
    }

    private void ScoreBackendDenial(BehaviorState state, ref BehaviorOutcome outcome, CallFacts facts, string? resource, long now)
    {
        AddDecaying(state, ref outcome, BehaviorRules.BackendDenied, _weights.BackendDenied,
            resource is null ? $"the backend refused '{facts.Tool}'" : $"the backend refused '{facts.Tool}' on '{CompiledArguments.Printable(resource)}'");
        RememberRefusedResult(state, facts, resource, BehaviorRules.BackendDeniedSource, now);
    }

    /// <summary>Remembers the target of a refused result (backend denial, withheld by the envelope) as a barrier, or
    /// widens the barrier it was a variation of.</summary>
    private void RememberRefusedResult(BehaviorState state, CallFacts facts, string? resource, string rule, long now)
    {
        state.Pending = null;
        var normalizedResource = resource is null ? null : TargetText.Normalize(resource, out _);

        BarrierRecord? best = null;
        var bestSimilarity = TargetSimilarity.None;
        foreach (var record in state.Barriers)
        {
            if (MatchBarrier(record, facts, offPersona: false, out var similarity, out _, out _, out _, out _) && similarity > bestSimilarity)
            {
                (best, bestSimilarity) = (record, similarity);
            }
        }

        if (best is not null)
        {
            // A variation that was refused too: it widens what counts as this target.
            if (!best.ToolLevel)
            {
                if (facts.NormalizedPrimary is { Length: > 0 } primary)
                {
                    best.AddValue(primary);
                }

                if (normalizedResource is { Length: > 0 })
                {
                    best.AddValue(normalizedResource);
                }
            }

            best.Unbounded |= facts.UnboundedArgument is not null && string.Equals(best.Tool, facts.Tool, StringComparison.Ordinal);
            best.LastTicks = Math.Max(best.LastTicks, now);
            return;
        }

        var created = new BarrierRecord { Tool = facts.Tool, PrimaryArgument = facts.PrimaryName, Rule = rule, Unbounded = facts.UnboundedArgument is not null };
        if (facts.NormalizedPrimary is { Length: > 0 } target)
        {
            created.AddValue(target);
        }

        if (normalizedResource is { Length: > 0 })
        {
            created.AddValue(normalizedResource);
        }

        created.ToolLevel = created.Values.Count == 0 && !created.Unbounded;
        AddBarrier(state, created, now);
    }

    /// <summary>Checks the persona's data envelope; a breach withholds the result.</summary>
    /// <returns><see langword="true"/> when the result is withheld.</returns>
    private bool ScoreEnvelope(BehaviorState state, ref BehaviorOutcome outcome, in ResultInput input, long now)
    {
        var data = input.Persona.Persona.Data;
        var result = input.Result;
        var tool = input.Facts.Tool;
        var records = result.RecordCount ?? (result.Content is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : (long?)null);
        var withheld = false;
        if (records is { } count && data.MaxRecordsPerCall is { } perCall && count > perCall)
        {
            withheld = true;
            Withhold(state, ref outcome, BehaviorRules.RecordsPerCall, _weights.EnvelopeCall,
                $"'{tool}' returned {count} records; persona '{input.Persona.Id}' allows {perCall} per call");
        }

        if (data.MaxResultBytesPerCall is { } maxBytes && input.Text is { } text && text.Length > maxBytes / 3)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > maxBytes)
            {
                withheld = true;
                Withhold(state, ref outcome, BehaviorRules.BytesPerCall, _weights.EnvelopeCall,
                    $"'{tool}' returned {bytes} bytes; persona '{input.Persona.Id}' allows {maxBytes} per call");
            }
        }

        if (withheld)
        {
            RememberRefusedResult(state, input.Facts, result.Resource, "behavior.envelope", now);
            return true;
        }

        if (records is > 0)
        {
            var inHour = state.Records.Sum(now);
            if (data.MaxRecordsPerHour is { } perHour && inHour + records.Value > perHour)
            {
                Withhold(state, ref outcome, BehaviorRules.RecordsPerHour, _weights.EnvelopeHour,
                    $"'{tool}' returned {records} records after {inHour} in the last hour; persona '{input.Persona.Id}' allows {perHour} per hour");
                RememberRefusedResult(state, input.Facts, result.Resource, BehaviorRules.RecordsPerHour, now);
                return true;
            }

            state.Records.Add(now, records.Value);
        }

        return ScoreBreadth(state, ref outcome, input, now);
    }

    /// <summary>Tracks the distinct resources touched: the hourly envelope, and scraping (many new ones in minutes).</summary>
    private bool ScoreBreadth(BehaviorState state, ref BehaviorOutcome outcome, in ResultInput input, long now)
    {
        var facts = input.Facts;
        var key = input.Result.Resource is { Length: > 0 } resource ? TargetText.Normalize(resource, out _)
            : facts.NormalizedPrimary is { Length: > 0 } primary ? string.Concat(facts.Tool, "\u0000", primary)
            : null;
        if (key is null)
        {
            return false;
        }

        var fingerprint = _fingerprinter.Hash(key, ResourceDomain);
        if (!state.Resources.IsNew(fingerprint, now, s_hour))
        {
            state.Resources.Touch(fingerprint, now, s_hour, int.MaxValue);
            return false;
        }

        var data = input.Persona.Persona.Data;
        var capacity = (int)Math.Min(65_536, Math.Max(_options.MaxTrackedResources, (data.MaxDistinctResourcesPerHour ?? 0) + 1));
        if (data.MaxDistinctResourcesPerHour is { } perHour && state.Resources.LastSeen.Count >= perHour
            && state.Resources.CountLive(now, s_hour) >= perHour)
        {
            Withhold(state, ref outcome, BehaviorRules.ResourcesPerHour, _weights.EnvelopeHour,
                $"'{facts.Tool}' reached a new resource after {perHour} distinct ones in the last hour; persona '{input.Persona.Id}' allows {perHour}");
            return true;
        }

        state.Resources.Touch(fingerprint, now, s_hour, capacity);
        state.NewResources.Add(now, 1);
        var fresh = state.NewResources.Sum(now);
        var threshold = data.MaxDistinctResourcesPerHour is { } declared ? Math.Max(1, declared / 4) : _options.ScrapeResourcesPerFiveMinutes;
        if (fresh > threshold)
        {
            AddDecaying(state, ref outcome, BehaviorRules.Scrape, _weights.Scrape,
                string.Create(CultureInfo.InvariantCulture, $"{fresh} new distinct resources in five minutes, above {threshold}"));
        }

        return false;
    }

    private static void Withhold(BehaviorState state, ref BehaviorOutcome outcome, string rule, double weight, string reason) =>
        AddDecaying(state, ref outcome, rule, weight, reason, refuses: true);
}
