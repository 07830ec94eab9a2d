using System.Text.Json;

namespace AgentGuard;

/// <summary>Writes the fields of an <see cref="AuditRecord"/> in AgentGuard's own format (see docs/audit.md).</summary>
/// <remarks>Field order is fixed; absent values are omitted. Used by the file sink (inside the hash-chain envelope) and
/// by other sinks that store the whole record.</remarks>
internal static class AuditRecordJson
{
    public static void WriteFields(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteString("time", record.Timestamp.ToUniversalTime());
        if (record.Kind == AuditRecordKind.Dropped)
        {
            json.WriteNumber("count", record.DroppedCount);
            return;
        }

        json.WriteString("stage", AuditText.Stage(record.Stage));
        WriteIfPresent(json, "session", record.SessionId);
        WriteIfPresent(json, "user", record.UserId);
        WriteIfPresent(json, "agent", record.AgentId);
        WriteIfPresent(json, "parent_agent", record.ParentAgentId);
        if (record.DelegationChain.Count > 0)
        {
            WriteStrings(json, "delegation", record.DelegationChain);
        }

        WriteIfPresent(json, "persona", record.Persona);
        WriteIfPresent(json, "tool", record.ToolName);
        WriteIfPresent(json, "call_id", record.CallId);
        json.WriteString("verdict", AuditText.Verdict(record.Verdict));
        json.WriteString("action", AuditText.Verdict(record.EnforcedAction));
        WriteStrings(json, "rules", record.RuleIds);
        WriteStrings(json, "reasons", record.Reasons);
        json.WriteNumber("score", double.IsFinite(record.Score) ? record.Score : 0);
        if (record.Findings.Count > 0)
        {
            WriteFindings(json, "findings", record.Findings);
        }

        WriteIfPresent(json, "args_digest", record.ArgumentsDigest);
        if (record.ResultStatus is { } status)
        {
            json.WriteStartObject("result");
            json.WriteString("status", AuditText.Status(status));
            if (record.ResultRecordCount is { } count)
            {
                json.WriteNumber("records", count);
            }

            WriteIfPresent(json, "digest", record.ResultDigest);
            WriteIfPresent(json, "resource_digest", record.ResourceDigest);
            json.WriteEndObject();
        }
    }

    public static void WriteFindings(Utf8JsonWriter json, string name, IReadOnlyList<GuardFinding> findings)
    {
        json.WriteStartArray(name);
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteString("detector", finding.Detector);
            json.WriteString("kind", finding.Kind);
            json.WriteString("location", finding.Location);
            json.WriteNumber("start", finding.Start);
            json.WriteNumber("length", finding.Length);
            json.WriteString("action", finding.Action);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
