using System.Text.Json;

namespace AgentGuard;

/// <summary>Writes an <see cref="AuditRecord"/> as an OCSF 1.3-shaped event (the mapping is documented in docs/audit.md).</summary>
/// <remarks>Decisions are API Activity (6003); halts and exfiltration are Detection Finding (2004). Exfiltration means a
/// refusal with a blocking sensitive-data finding or a rule id from the DLP, taint or exfiltration families. AgentGuard's
/// own fields, which OCSF has no place for, go under <c>unmapped.agentguard</c>.</remarks>
internal static class OcsfRecordJson
{
    public const string SchemaVersion = "1.3.0";

    private static readonly string s_productVersion = typeof(OcsfRecordJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static bool IsDetectionFinding(AuditRecord record) =>
        record.Kind == AuditRecordKind.Decision && (record.Verdict == GuardVerdict.Halt || IsExfiltration(record));

    public static bool IsExfiltration(AuditRecord record)
    {
        if (record.Verdict < GuardVerdict.Deny)
        {
            return false;
        }

        foreach (var finding in record.Findings)
        {
            if (string.Equals(finding.Action, "block", StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var rule in record.RuleIds)
        {
            if (rule.StartsWith("dlp.", StringComparison.Ordinal) || rule.StartsWith("taint.", StringComparison.Ordinal)
                || rule.StartsWith("exfil", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static void WriteFields(Utf8JsonWriter json, AuditRecord record, long sequence)
    {
        if (record.Kind != AuditRecordKind.Decision)
        {
            // Chain bookkeeping (a dropped-records notice) keeps AgentGuard's own shape; forwarders select class_uid.
            AuditRecordJson.WriteFields(json, record);
            return;
        }

        var time = record.Timestamp.ToUnixTimeMilliseconds();
        var finding = IsDetectionFinding(record);
        var refused = record.EnforcedAction >= GuardVerdict.Deny;
        var (severityId, severity) = Severity(record, finding);
        if (finding)
        {
            json.WriteNumber("category_uid", 2);
            json.WriteString("category_name", "Findings");
            json.WriteNumber("class_uid", 2004);
            json.WriteString("class_name", "Detection Finding");
            json.WriteNumber("activity_id", 1);
            json.WriteString("activity_name", "Create");
            json.WriteNumber("type_uid", 200401);
            json.WriteString("type_name", "Detection Finding: Create");
        }
        else
        {
            json.WriteNumber("category_uid", 6);
            json.WriteString("category_name", "Application Activity");
            json.WriteNumber("class_uid", 6003);
            json.WriteString("class_name", "API Activity");
            json.WriteNumber("activity_id", 99);
            json.WriteString("activity_name", record.Stage == DecisionStage.Authorize ? "Execute Tool" : "Inspect Tool Result");
            json.WriteNumber("type_uid", 600399);
            json.WriteString("type_name", "API Activity: Other");
        }

        json.WriteNumber("time", time);
        json.WriteNumber("severity_id", severityId);
        json.WriteString("severity", severity);
        var (dispositionId, disposition) = Disposition(record.EnforcedAction);
        json.WriteNumber("disposition_id", dispositionId);
        json.WriteString("disposition", disposition);
        json.WriteNumber("action_id", refused ? 2 : 1);
        json.WriteString("action", refused ? "Denied" : "Allowed");
        var message = record.Reasons.Count > 0 ? string.Join("; ", record.Reasons) : AuditText.Verdict(record.Verdict);
        json.WriteString("message", message);
        WriteMetadata(json, record, sequence);

        if (finding)
        {
            json.WriteNumber("status_id", 1);
            json.WriteString("status", "New");
            json.WriteStartObject("finding_info");
            json.WriteString("uid", $"agentguard-{sequence}");
            json.WriteString("title", record.Verdict == GuardVerdict.Halt
                ? $"AgentGuard halted session {record.SessionId}"
                : $"AgentGuard blocked data exfiltration through {record.ToolName}");
            json.WriteString("desc", message);
            json.WriteNumber("created_time", time);
            AuditRecordJson.WriteStrings(json, "types", record.RuleIds);
            if (record.RuleIds.Count > 0)
            {
                json.WriteStartObject("analytic");
                json.WriteString("uid", record.RuleIds[^1]);
                json.WriteString("name", record.RuleIds[^1]);
                json.WriteNumber("type_id", 1);
                json.WriteString("type", "Rule");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("resources");
            json.WriteStartObject();
            json.WriteString("name", record.ToolName);
            json.WriteString("type", "tool");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("evidences");
            json.WriteStartObject();
            WriteActor(json, record);
            WriteApi(json, record, refused);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        else
        {
            json.WriteNumber("status_id", refused ? 2 : 1);
            json.WriteString("status", refused ? "Failure" : "Success");
            WriteActor(json, record);
            WriteApi(json, record, refused);
            json.WriteStartObject("src_endpoint");
            json.WriteString("name", record.AgentId ?? record.Persona ?? "agent");
            json.WriteEndObject();
        }

        json.WriteStartObject("unmapped");
        json.WriteStartObject("agentguard");
        AuditRecordJson.WriteFields(json, record);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, AuditRecord record, long sequence)
    {
        json.WriteStartObject("metadata");
        json.WriteString("version", SchemaVersion);
        json.WriteStartObject("product");
        json.WriteString("name", "AgentGuard");
        json.WriteString("vendor_name", "AgentGuard");
        json.WriteString("version", s_productVersion);
        json.WriteEndObject();
        json.WriteString("log_name", "agentguard.audit");
        json.WriteNumber("sequence", sequence);
        AuditRecordJson.WriteIfPresent(json, "correlation_uid", record.SessionId);
        json.WriteEndObject();
    }

    private static void WriteActor(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteStartObject("actor");
        if (record.UserId is not null)
        {
            json.WriteStartObject("user");
            json.WriteString("uid", record.UserId);
            json.WriteString("name", record.UserId);
            json.WriteEndObject();
        }

        if (record.SessionId is not null)
        {
            json.WriteStartObject("session");
            json.WriteString("uid", record.SessionId);
            json.WriteEndObject();
        }

        AuditRecordJson.WriteIfPresent(json, "app_name", record.Persona);
        AuditRecordJson.WriteIfPresent(json, "app_uid", record.AgentId);
        json.WriteEndObject();
    }

    private static void WriteApi(Utf8JsonWriter json, AuditRecord record, bool refused)
    {
        json.WriteStartObject("api");
        json.WriteString("operation", record.ToolName);
        if (record.CallId is not null)
        {
            json.WriteStartObject("request");
            json.WriteString("uid", record.CallId);
            json.WriteEndObject();
        }

        json.WriteStartObject("response");
        json.WriteString("code", refused ? "refused" : "allowed");
        if (refused && record.RuleIds.Count > 0)
        {
            json.WriteString("error", record.RuleIds[^1]);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static (int Id, string Name) Severity(AuditRecord record, bool finding) => record.Verdict switch
    {
        GuardVerdict.Halt => (4, "High"),
        GuardVerdict.Deny when finding => (4, "High"),
        GuardVerdict.Deny => (3, "Medium"),
        GuardVerdict.RequireApproval => (2, "Low"),
        _ => (1, "Informational"),
    };

    private static (int Id, string Name) Disposition(GuardVerdict enforced) => enforced switch
    {
        GuardVerdict.Allow => (1, "Allowed"),
        GuardVerdict.Redact => (11, "Corrected"),
        GuardVerdict.RequireApproval => (14, "Delayed"),
        GuardVerdict.Deny => (2, "Blocked"),
        _ => (24, "Access Revoked"),
    };
}
