namespace AgentGuard;

/// <summary>The words audit records use for verdicts, stages and statuses (stable: they are part of the file format).</summary>
internal static class AuditText
{
    public static string Verdict(GuardVerdict verdict) => verdict switch
    {
        GuardVerdict.Allow => "allow",
        GuardVerdict.Redact => "redact",
        GuardVerdict.RequireApproval => "require_approval",
        GuardVerdict.Deny => "deny",
        _ => "halt",
    };

    public static bool TryParseVerdict(string? text, out GuardVerdict verdict)
    {
        switch (text)
        {
            case "allow": verdict = GuardVerdict.Allow; return true;
            case "redact": verdict = GuardVerdict.Redact; return true;
            case "require_approval" or "approval": verdict = GuardVerdict.RequireApproval; return true;
            case "deny": verdict = GuardVerdict.Deny; return true;
            case "halt": verdict = GuardVerdict.Halt; return true;
            default: verdict = default; return false;
        }
    }

    public static string Stage(DecisionStage stage) => stage == DecisionStage.Authorize ? "authorize" : "inspect_result";

    public static DecisionStage ParseStage(string? text) => text == "inspect_result" ? DecisionStage.InspectResult : DecisionStage.Authorize;

    public static string Status(ToolResultStatus status) => status switch
    {
        ToolResultStatus.Ok => "ok",
        ToolResultStatus.Denied => "denied",
        _ => "error",
    };

    public static ToolResultStatus ParseStatus(string? text) => text switch
    {
        "ok" => ToolResultStatus.Ok,
        "denied" => ToolResultStatus.Denied,
        _ => ToolResultStatus.Error,
    };

    public static string Kind(AuditRecordKind kind) => kind == AuditRecordKind.Decision ? "decision" : "dropped";
}
