using System.Diagnostics;

namespace AgentGuard;

public sealed partial class AgentGuardEngine
{
    /// <summary>The instrumented path: a span, the duration histogram, decision and finding counters, listeners.</summary>
    /// <remarks>Arguments and results never reach spans here; matched values never reach anything.</remarks>
    private async ValueTask<GuardDecision> ObserveAsync(DecisionStage stage, ToolCall call, ToolResult? result, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var activity = StartActivity(stage, call);
        GuardDecision decision;
        try
        {
            decision = stage == DecisionStage.Authorize
                ? await AuthorizeCoreAsync(call, cancellationToken).ConfigureAwait(false)
                : await InspectResultCoreAsync(call, result!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }

        var persona = call.Persona ?? _options.DefaultPersona;
        var verdict = AuditText.Verdict(decision.Verdict);
        var action = AuditText.Verdict(decision.EnforcedAction);
        var stageName = stage == DecisionStage.Authorize ? "authorize" : "inspect_result";
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.Verdict, verdict);
            activity.SetTag(TelemetryNames.Action, action);
            activity.SetTag(TelemetryNames.Persona, persona);
            if (decision.RuleIds.Count > 0)
            {
                activity.SetTag(TelemetryNames.RuleId, string.Join(",", decision.RuleIds.Distinct()));
            }

            activity.SetTag(TelemetryNames.RiskScore, decision.Score);
            activity.SetTag(TelemetryNames.DlpFindingCount, decision.Findings.Count);
            if (_options.Telemetry.EnableSensitiveData && activity.IsAllDataRequested)
            {
                RecordSensitiveData(activity, stage, call, result, decision);
            }
            if (!decision.IsAllowed)
            {
                activity.SetStatus(ActivityStatusCode.Error, verdict);
            }
        }

        var tags = new TagList
        {
            { TelemetryNames.Stage, stageName },
            { TelemetryNames.Verdict, verdict },
            { TelemetryNames.Action, action },
            { TelemetryNames.Persona, persona },
        };
        if (AgentGuardTelemetry.EvaluationDuration.Enabled)
        {
            AgentGuardTelemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, tags);
        }

        AgentGuardTelemetry.Decisions.Add(1, tags);
        if (AgentGuardTelemetry.DlpFindings.Enabled)
        {
            foreach (var finding in decision.Findings)
            {
                AgentGuardTelemetry.DlpFindings.Add(
                    1,
                    new KeyValuePair<string, object?>(TelemetryNames.Detector, finding.Detector),
                    new KeyValuePair<string, object?>(TelemetryNames.Action, finding.Action));
            }
        }

        if (_listeners.Length > 0)
        {
            var decisionEvent = new DecisionEvent(stage, call, result, decision, _time.GetUtcNow(), persona);
            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnDecisionAsync(decisionEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ListenerFailed(_logger, ex, listener.GetType().Name);
                }
            }
        }

        return decision;
    }

    /// <summary>Arguments and results on the span, only with sensitive-data capture on, and then redacted.</summary>
    private static void RecordSensitiveData(Activity activity, DecisionStage stage, ToolCall call, ToolResult? result, GuardDecision decision)
    {
        if (stage == DecisionStage.Authorize)
        {
            activity.SetTag(TelemetryNames.GenAiToolCallArguments, TelemetryRedaction.Redact(decision.RedactedArguments ?? call.Arguments));
        }
        else if ((decision.RedactedResult ?? result)?.Content is { } content)
        {
            activity.SetTag(TelemetryNames.GenAiToolCallResult, TelemetryRedaction.Redact(content));
        }
    }

    private static Activity? StartActivity(DecisionStage stage, ToolCall call)
    {
        var source = AgentGuardTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        // When the host already opened an execute_tool span, add a child evaluation span instead of a duplicate.
        var hostOpened = Activity.Current?.GetTagItem(TelemetryNames.GenAiOperationName) as string == TelemetryNames.ExecuteToolOperation;
        var name = stage == DecisionStage.InspectResult
            ? $"{TelemetryNames.InspectSpanPrefix} {call.ToolName}"
            : hostOpened ? $"{TelemetryNames.EvaluateSpanPrefix} {call.ToolName}" : $"{TelemetryNames.ExecuteToolOperation} {call.ToolName}";
        var activity = source.StartActivity(name, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        if (!hostOpened && stage == DecisionStage.Authorize)
        {
            activity.SetTag(TelemetryNames.GenAiOperationName, TelemetryNames.ExecuteToolOperation);
        }

        activity.SetTag(TelemetryNames.GenAiToolName, call.ToolName);
        if (call.CallId is not null)
        {
            activity.SetTag(TelemetryNames.GenAiToolCallId, call.CallId);
        }

        return activity;
    }

}
