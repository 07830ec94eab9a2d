using System.Text.Json;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

public sealed class OcsfRecordTests
{
    private static async Task<JsonElement[]> WriteAsync(params AuditRecord[] records)
    {
        var dir = TempDirectory();
        await using (var sink = new FileAuditSink(new FileAuditOptions { Directory = dir, Format = AuditFormat.Ocsf }))
        {
            await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        }

        Assert.True(AuditChainVerifier.Verify([dir], requireSeal: true).IsValid);
        return [.. Lines(Assert.Single(Files(dir))).Select(AuditTestData.Json)];
    }

    private static AuditRecord From(DecisionEvent e) => AuditRecord.FromDecision(e, new AuditDigester(null));

    [Fact]
    public async Task AllowedCall_ApiActivityWithActorApiAndMetadata()
    {
        var lines = await WriteAsync(From(Event(1)));
        Assert.Equal("ocsf", lines[0].GetProperty("format").GetString());
        var e = lines[1];
        Assert.Equal(6003, e.GetProperty("class_uid").GetInt32());
        Assert.Equal(6, e.GetProperty("category_uid").GetInt32());
        Assert.Equal(600399, e.GetProperty("type_uid").GetInt32());
        Assert.Equal("Execute Tool", e.GetProperty("activity_name").GetString());
        Assert.Equal(Start.AddSeconds(1).ToUnixTimeMilliseconds(), e.GetProperty("time").GetInt64());
        Assert.Equal(1, e.GetProperty("severity_id").GetInt32());
        Assert.Equal(1, e.GetProperty("status_id").GetInt32());
        Assert.Equal(1, e.GetProperty("disposition_id").GetInt32());
        Assert.Equal("alice", e.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("s1", e.GetProperty("actor").GetProperty("session").GetProperty("uid").GetString());
        Assert.Equal("support-triage", e.GetProperty("actor").GetProperty("app_name").GetString());
        Assert.Equal("agent-1", e.GetProperty("actor").GetProperty("app_uid").GetString());
        Assert.Equal("crm.get_customer", e.GetProperty("api").GetProperty("operation").GetString());
        Assert.Equal("call-1", e.GetProperty("api").GetProperty("request").GetProperty("uid").GetString());
        Assert.Equal("1.3.0", e.GetProperty("metadata").GetProperty("version").GetString());
        Assert.Equal("AgentGuard", e.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString());
        Assert.Equal(e.GetProperty("seq").GetInt64(), e.GetProperty("metadata").GetProperty("sequence").GetInt64());
        Assert.Equal("allow", e.GetProperty("unmapped").GetProperty("agentguard").GetProperty("verdict").GetString());
        Assert.StartsWith("sha256:", e.GetProperty("unmapped").GetProperty("agentguard").GetProperty("args_digest").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeniedCall_ApiActivityFailureBlocked()
    {
        var e = (await WriteAsync(From(Event(2, GuardVerdict.Deny, rules: "scope.not_in_persona"))))[1];
        Assert.Equal(6003, e.GetProperty("class_uid").GetInt32());
        Assert.Equal(2, e.GetProperty("status_id").GetInt32());
        Assert.Equal(3, e.GetProperty("severity_id").GetInt32());
        Assert.Equal(2, e.GetProperty("disposition_id").GetInt32());
        Assert.Equal("Denied", e.GetProperty("action").GetString());
        Assert.Equal("scope.not_in_persona", e.GetProperty("api").GetProperty("response").GetProperty("error").GetString());
        Assert.Equal("because scope.not_in_persona", e.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Halt_DetectionFinding()
    {
        var e = (await WriteAsync(From(Event(3, GuardVerdict.Halt, rules: "behavior.retry_after_denial"))))[1];
        Assert.Equal(2004, e.GetProperty("class_uid").GetInt32());
        Assert.Equal(2, e.GetProperty("category_uid").GetInt32());
        Assert.Equal(200401, e.GetProperty("type_uid").GetInt32());
        Assert.Equal(4, e.GetProperty("severity_id").GetInt32());
        Assert.Equal(24, e.GetProperty("disposition_id").GetInt32());
        var info = e.GetProperty("finding_info");
        Assert.Contains("halted session s1", info.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("behavior.retry_after_denial", info.GetProperty("analytic").GetProperty("uid").GetString());
        Assert.Equal("agentguard-" + e.GetProperty("seq").GetInt64(), info.GetProperty("uid").GetString());
        Assert.Equal("crm.get_customer", e.GetProperty("evidences")[0].GetProperty("api").GetProperty("operation").GetString());
        Assert.Equal("alice", e.GetProperty("evidences")[0].GetProperty("actor").GetProperty("user").GetProperty("uid").GetString());
    }

    [Fact]
    public async Task BlockedSecretOnEgress_DetectionFindingForExfiltration()
    {
        var finding = new GuardFinding("aws_access_key_id", "secret", "$.args.body", 4, 20, "block");
        var e = (await WriteAsync(From(Event(4, GuardVerdict.Deny, findings: [finding], tool: "email.send", rules: "dlp.block"))))[1];
        Assert.Equal(2004, e.GetProperty("class_uid").GetInt32());
        Assert.Contains("exfiltration through email.send", e.GetProperty("finding_info").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, e.GetProperty("severity_id").GetInt32());
        var recorded = e.GetProperty("unmapped").GetProperty("agentguard").GetProperty("findings")[0];
        Assert.Equal("$.args.body", recorded.GetProperty("location").GetString());
    }

    [Fact]
    public async Task MonitorModeExfiltration_FindingWithAllowedDisposition()
    {
        var decision = new GuardDecision(GuardVerdict.Deny, GuardVerdict.Allow, ["taint.sensitive_to_egress"], ["tainted value"]);
        var e = (await WriteAsync(From(Event(5) with { Decision = decision })))[1];
        Assert.Equal(2004, e.GetProperty("class_uid").GetInt32());
        Assert.Equal(1, e.GetProperty("disposition_id").GetInt32());
        Assert.Equal("Allowed", e.GetProperty("action").GetString());
    }

    [Fact]
    public async Task RedactedResult_ApiActivityCorrected()
    {
        var e = (await WriteAsync(From(Event(6, GuardVerdict.Redact, result: ToolResult.FromText("x"), rules: "dlp.redact"))))[1];
        Assert.Equal(6003, e.GetProperty("class_uid").GetInt32());
        Assert.Equal("Inspect Tool Result", e.GetProperty("activity_name").GetString());
        Assert.Equal(11, e.GetProperty("disposition_id").GetInt32());
        Assert.Equal("ok", e.GetProperty("unmapped").GetProperty("agentguard").GetProperty("result").GetProperty("status").GetString());
    }
}
