namespace AgentGuard;

/// <summary>Replays a trace through a guard: each call is authorized, and its recorded result inspected if it ran.</summary>
/// <remarks>
/// Outcomes: <c>halt</c> when either decision halts (and for every later call of that session); <c>deny</c> when the
/// call is refused or its result withheld; <c>approval</c> when the call needs a human (it does not run: replay has
/// no approver); <c>redact</c> when arguments or result were redacted; otherwise <c>allow</c>. A call that was
/// authorized runs with the (possibly redacted) arguments the guard returned. Context lines are passed to the guard
/// when it observes conversations (<see cref="IConversationObserver"/>) and produce no row.
/// </remarks>
public sealed class TraceReplayer
{
    private readonly IAgentGuard _guard;
    private readonly TraceClock _clock;

    /// <summary>Initializes a new instance of the <see cref="TraceReplayer"/> class.</summary>
    /// <param name="guard">The guard to replay through; it must read time from <paramref name="clock"/>.</param>
    /// <param name="clock">The clock the replayer moves to each line's time.</param>
    public TraceReplayer(IAgentGuard guard, TraceClock clock)
    {
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Replays every entry in order.</summary>
    /// <param name="entries">The trace's entries.</param>
    /// <param name="cancellationToken">A token to cancel the replay.</param>
    /// <returns>One row per call, in order.</returns>
    public async IAsyncEnumerable<TraceReplayRow> ReplayAsync(
        IEnumerable<TraceEntry> entries,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var halted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _clock.Set(entry.At);
            if (entry.Call is not { } call)
            {
                if (_guard is IConversationObserver observer && entry.MessageRole is not null)
                {
                    await observer.ObserveMessageAsync(
                        new ConversationMessage(entry.Session, entry.MessageRole, entry.MessageContent ?? string.Empty, entry.At),
                        cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            yield return await ReplayCallAsync(entry, call, halted, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TraceReplayRow> ReplayCallAsync(TraceEntry entry, ToolCall call, HashSet<string> halted, CancellationToken cancellationToken)
    {
        var decision = await _guard.AuthorizeAsync(call, cancellationToken).ConfigureAwait(false);
        var rules = new List<string>(decision.RuleIds);
        var reasons = new List<string>(decision.Reasons);
        var findings = new List<GuardFinding>(decision.Findings);
        var score = decision.Score;
        var outcome = decision.Verdict switch
        {
            GuardVerdict.Halt => TraceOutcome.Halt,
            GuardVerdict.Deny => TraceOutcome.Deny,
            GuardVerdict.RequireApproval => TraceOutcome.Approval,
            GuardVerdict.Redact => TraceOutcome.Redact,
            _ => TraceOutcome.Allow,
        };

        if (outcome is TraceOutcome.Allow or TraceOutcome.Redact && entry.Result is { } result)
        {
            var ran = decision.RedactedArguments is { } redacted ? call with { Arguments = redacted } : call;
            var inspection = await _guard.InspectResultAsync(ran, result, cancellationToken).ConfigureAwait(false);
            rules.AddRange(inspection.RuleIds);
            reasons.AddRange(inspection.Reasons);
            findings.AddRange(inspection.Findings);
            score = Math.Max(score, inspection.Score);
            outcome = inspection.Verdict switch
            {
                GuardVerdict.Halt => TraceOutcome.Halt,
                GuardVerdict.Deny => TraceOutcome.Deny,
                GuardVerdict.RequireApproval => TraceOutcome.Approval,
                GuardVerdict.Redact => TraceOutcome.Redact,
                _ => outcome,
            };
        }

        if (outcome == TraceOutcome.Halt)
        {
            halted.Add(entry.Session);
        }
        else if (halted.Contains(entry.Session))
        {
            // A halted session stays halted for the rest of the trace, whatever the guard's store says.
            outcome = TraceOutcome.Halt;
        }

        return new TraceReplayRow(entry, outcome, score, rules, reasons, findings);
    }
}
