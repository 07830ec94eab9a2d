using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>The in-process engine: runs the checks pipeline before a call and the result checks after it.</summary>
/// <remarks>
/// Thread-safe; one instance serves every session. It never throws to refuse: refusals are decisions. A check that
/// throws fails the call closed (deny, rule <c>engine.error</c>) rather than letting it through. As an
/// <see cref="IConversationObserver"/> it hands the conversation's messages to the observers it was given (data lineage).
/// </remarks>
public sealed partial class AgentGuardEngine : IAgentGuard, IConversationObserver
{
    private readonly IPolicyProvider _policy;
    private readonly IGuardCheck[] _checks;
    private readonly IResultCheck[] _resultChecks;
    private readonly ISessionStateStore _store;
    private readonly IApprovalService? _approvals;
    private readonly AgentGuardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDecisionListener[] _listeners;
    private readonly IConversationObserver[] _observers;

    /// <summary>Initializes a new instance of the <see cref="AgentGuardEngine"/> class.</summary>
    /// <param name="policy">The policy source.</param>
    /// <param name="checks">The call checks (built-in and custom).</param>
    /// <param name="resultChecks">The result checks.</param>
    /// <param name="store">The session-state store.</param>
    /// <param name="options">The options.</param>
    /// <param name="approvals">The approval service, or <see langword="null"/> to deny calls that need approval.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="listeners">Told about every decision (audit sinks).</param>
    /// <param name="observers">Told about the conversation's messages (data lineage).</param>
    public AgentGuardEngine(
        IPolicyProvider policy,
        IEnumerable<IGuardCheck> checks,
        IEnumerable<IResultCheck> resultChecks,
        ISessionStateStore store,
        IOptions<AgentGuardOptions> options,
        IApprovalService? approvals = null,
        TimeProvider? timeProvider = null,
        ILogger<AgentGuardEngine>? logger = null,
        IEnumerable<IDecisionListener>? listeners = null,
        IEnumerable<IConversationObserver>? observers = null)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _checks = [.. (checks ?? throw new ArgumentNullException(nameof(checks))).OrderBy(static c => c.Order)];
        _resultChecks = [.. (resultChecks ?? throw new ArgumentNullException(nameof(resultChecks))).OrderBy(static c => c.Order)];
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _approvals = approvals;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _listeners = listeners is null ? [] : [.. listeners];
        _observers = observers is null ? [] : [.. observers.Where(o => !ReferenceEquals(o, this))];
    }

    /// <summary>Gets the built-in call checks in pipeline order: halt, scope, arguments, rate limit, approval.</summary>
    /// <param name="store">The session-state store.</param>
    /// <returns>The checks.</returns>
    public static IReadOnlyList<IGuardCheck> CreateDefaultChecks(ISessionStateStore store) =>
        [new HaltCheck(store), new ScopeCheck(), new ArgumentsCheck(), new RateLimitCheck(store), new ApprovalCheck()];

    /// <summary>Gets the current policy.</summary>
    public GuardPolicy Policy => _policy.Policy;

    /// <inheritdoc />
    public ValueTask<GuardDecision> AuthorizeAsync(ToolCall toolCall, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        if (_listeners.Length == 0 && !AgentGuardTelemetry.ActivitySource.HasListeners() && !AgentGuardTelemetry.EvaluationDuration.Enabled
            && !AgentGuardTelemetry.Decisions.Enabled)
        {
            return AuthorizeCoreAsync(toolCall, cancellationToken);
        }

        return ObserveAsync(DecisionStage.Authorize, toolCall, null, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<GuardDecision> InspectResultAsync(ToolCall toolCall, ToolResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        ArgumentNullException.ThrowIfNull(result);
        if (_listeners.Length == 0 && !AgentGuardTelemetry.ActivitySource.HasListeners() && !AgentGuardTelemetry.EvaluationDuration.Enabled
            && !AgentGuardTelemetry.Decisions.Enabled)
        {
            return InspectResultCoreAsync(toolCall, result, cancellationToken);
        }

        return ObserveAsync(DecisionStage.InspectResult, toolCall, result, cancellationToken);
    }

    private async ValueTask<GuardDecision> AuthorizeCoreAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var context = CreateContext(toolCall, null);
        foreach (var check in _checks)
        {
            if (context.IsDenied && !check.RunsAfterDenial)
            {
                continue;
            }

            try
            {
                await check.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CheckFailed(_logger, ex, check.Name, toolCall.ToolName);
                context.Deny("engine.error", $"check '{check.Name}' failed; the call is refused (fail closed)");
            }
        }

        var enforced = context.Verdict;
        if (enforced == GuardVerdict.RequireApproval)
        {
            enforced = await ResolveApprovalAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (context.Verdict == GuardVerdict.Halt && !context.Items.ContainsKey(HaltCheck.ExistingHaltItem) && _options.Mode == EnforcementMode.Enforce)
        {
            await RecordHaltAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Mode == EnforcementMode.Monitor && enforced > GuardVerdict.Redact)
        {
            enforced = context.ArgumentsReplaced ? GuardVerdict.Redact : GuardVerdict.Allow;
        }

        if (context.Verdict >= GuardVerdict.Deny)
        {
            Log.CallRefused(_logger, toolCall.ToolName, toolCall.Persona, toolCall.SessionId, context.Verdict, string.Join(",", context.RuleIds));
        }

        return CreateDecision(context, enforced, forResult: false);
    }

    private async ValueTask<GuardDecision> InspectResultCoreAsync(ToolCall toolCall, ToolResult result, CancellationToken cancellationToken)
    {
        var context = CreateContext(toolCall, result);
        context.Tool = context.Persona?.Resolve(toolCall.ToolName);
        foreach (var check in _resultChecks)
        {
            try
            {
                await check.InspectAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CheckFailed(_logger, ex, check.Name, toolCall.ToolName);
                context.WithholdResult("engine.error", $"result check '{check.Name}' failed; the result is withheld (fail closed)");
            }
        }

        if (context.Verdict == GuardVerdict.Halt && _options.Mode == EnforcementMode.Enforce)
        {
            await RecordHaltAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var enforced = context.Verdict;
        if (_options.Mode == EnforcementMode.Monitor && enforced > GuardVerdict.Redact)
        {
            enforced = GuardVerdict.Allow;
        }

        return CreateDecision(context, enforced, forResult: true);
    }

    /// <inheritdoc />
    public async ValueTask ObserveMessageAsync(ConversationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var observer in _observers)
        {
            await observer.ObserveMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask HaltAsync(HaltTarget target, string id, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await _store.SetHaltAsync(target, id, new HaltRecord(reason ?? "halted by an operator", "operator.halt", _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Log.Halted(_logger, target, id, reason ?? string.Empty);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResumeAsync(HaltTarget target, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var resumed = await _store.ClearHaltAsync(target, id, cancellationToken).ConfigureAwait(false);
        if (resumed)
        {
            Log.Resumed(_logger, target, id);
        }

        return resumed;
    }

    private GuardContext CreateContext(ToolCall call, ToolResult? result)
    {
        var policy = _policy.Policy;
        var personaId = call.Persona ?? _options.DefaultPersona;
        CompiledPersona? persona = null;
        if (personaId is not null)
        {
            policy.TryGetPersona(personaId, out persona);
        }

        return new GuardContext(call, policy, persona, _time.GetUtcNow(), _options, result);
    }

    private async ValueTask<GuardVerdict> ResolveApprovalAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (_approvals is null)
        {
            context.Note("approval.unavailable", "approval required");
            return GuardVerdict.Deny;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ApprovalTimeout);
        ApprovalOutcome outcome;
        try
        {
            outcome = await _approvals.RequestApprovalAsync(
                new ApprovalRequest(context.Call, context.Tool, [.. context.RuleIds], [.. context.Reasons]),
                timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            context.Note("approval.timeout", "approval required; no answer in time");
            return GuardVerdict.Deny;
        }

        if (outcome.Approved)
        {
            context.Note("approval.granted", $"approved by {outcome.Approver ?? "a human"}");
            return context.ArgumentsReplaced ? GuardVerdict.Redact : GuardVerdict.Allow;
        }

        context.Note("approval.rejected", $"rejected by {outcome.Approver ?? "a human"}{(outcome.Comment is null ? string.Empty : ": " + outcome.Comment)}");
        return GuardVerdict.Deny;
    }

    private async ValueTask RecordHaltAsync(GuardContext context, CancellationToken cancellationToken)
    {
        var call = context.Call;
        var reason = context.Reasons.Count > 0 ? context.Reasons[^1] : "halted";
        var ruleId = context.RuleIds.Count > 0 ? context.RuleIds[^1] : "behavior.halt";
        var record = new HaltRecord(reason, ruleId, context.Now);
        if (await _store.SetHaltAsync(HaltTarget.Session, call.SessionId, record, cancellationToken).ConfigureAwait(false))
        {
            Log.Halted(_logger, HaltTarget.Session, call.SessionId, reason);
            AgentGuardTelemetry.SessionsHalted.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Persona, context.Persona?.Id));
        }

        if (_options.HaltAgentOnHalt && call.AgentId is not null)
        {
            await _store.SetHaltAsync(HaltTarget.Agent, call.AgentId, record, cancellationToken).ConfigureAwait(false);
        }
    }

    private static GuardDecision CreateDecision(GuardContext context, GuardVerdict enforced, bool forResult)
    {
        if (context.Verdict == GuardVerdict.Allow && enforced == GuardVerdict.Allow && context.RuleIds.Count == 0
            && context.Findings.Count == 0 && context.Score == 0 && !context.ArgumentsReplaced && !context.ResultReplaced)
        {
            return GuardDecision.Allowed;
        }

        return new GuardDecision(
            context.Verdict,
            enforced,
            context.RuleIds,
            context.Reasons,
            context.Score,
            context.Findings,
            !forResult && context.ArgumentsReplaced ? context.Arguments : null,
            forResult && context.ResultReplaced ? context.Result : null);
    }
}
