namespace AgentGuard;

/// <summary>The words of the audit table's verdict, action and status columns (the same as the audit files').</summary>
internal static class SqliteAuditText
{
    public static string Verdict(GuardVerdict verdict) => verdict switch
    {
        GuardVerdict.Allow => "allow",
        GuardVerdict.Redact => "redact",
        GuardVerdict.RequireApproval => "require_approval",
        GuardVerdict.Deny => "deny",
        _ => "halt",
    };

    public static GuardVerdict ParseVerdict(string? text) => text switch
    {
        "redact" => GuardVerdict.Redact,
        "require_approval" => GuardVerdict.RequireApproval,
        "deny" => GuardVerdict.Deny,
        "halt" => GuardVerdict.Halt,
        _ => GuardVerdict.Allow,
    };

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
}
