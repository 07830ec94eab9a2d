namespace AgentGuard;

/// <summary>Span, attribute and instrument names, in one place (OpenTelemetry GenAI conventions plus <c>agentguard.*</c>).</summary>
internal static class TelemetryNames
{
    public const string ExecuteToolOperation = "execute_tool";
    public const string EvaluateSpanPrefix = "agentguard.evaluate";
    public const string InspectSpanPrefix = "agentguard.inspect_result";

    public const string GenAiOperationName = "gen_ai.operation.name";
    public const string GenAiToolName = "gen_ai.tool.name";
    public const string GenAiToolCallId = "gen_ai.tool.call.id";

    public const string Verdict = "agentguard.verdict";
    public const string Action = "agentguard.action";
    public const string Persona = "agentguard.persona";
    public const string RuleId = "agentguard.rule.id";
    public const string RiskScore = "agentguard.risk.score";
    public const string DlpFindingCount = "agentguard.dlp.finding.count";
    public const string Stage = "agentguard.stage";
    public const string Detector = "agentguard.dlp.detector";

    public const string EvaluationDuration = "agentguard.evaluation.duration";
    public const string Decisions = "agentguard.decisions";
    public const string DlpFindings = "agentguard.dlp.findings";
    public const string SessionsHalted = "agentguard.sessions.halted";
    public const string AuditRecords = "agentguard.audit.records";
    public const string AuditDropped = "agentguard.audit.dropped";
    public const string AuditFailures = "agentguard.audit.failures";

    public const string AuditSink = "agentguard.audit.sink";
    public const string GenAiToolCallArguments = "gen_ai.tool.call.arguments";
    public const string GenAiToolCallResult = "gen_ai.tool.call.result";
}
