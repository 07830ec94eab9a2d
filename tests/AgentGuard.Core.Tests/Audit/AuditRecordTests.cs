using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

public sealed class AuditRecordTests
{
    [Fact]
    public void FromDecision_CarriesWhoWhatAndWhy()
    {
        var findings = new[] { new GuardFinding("aws_access_key_id", "secret", "$.args.body", 4, 20, "block") };
        var record = AuditRecord.FromDecision(Event(3, GuardVerdict.Deny, findings: findings, rules: "dlp.egress_secret"), new AuditDigester(null));
        Assert.Equal(AuditRecordKind.Decision, record.Kind);
        Assert.Equal(("s1", "alice", "agent-1", "support-triage", "crm.get_customer", "call-3"), (record.SessionId, record.UserId, record.AgentId, record.Persona, record.ToolName, record.CallId));
        Assert.Equal(GuardVerdict.Deny, record.Verdict);
        Assert.Equal(["dlp.egress_secret"], record.RuleIds);
        Assert.Equal(12.5, record.Score);
        Assert.Same(findings[0], Assert.Single(record.Findings));
        Assert.True(record.IsRefusal);
        Assert.Null(record.ResultStatus);
    }

    [Fact]
    public void ArgumentsDigest_IsSha256OfTheJsonAsReceived()
    {
        const string args = """{"customer_id":"C000001"}""";
        var record = AuditRecord.FromDecision(Event(args: args), new AuditDigester(null));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(args))), record.ArgumentsDigest);
    }

    [Fact]
    public void Digests_WithKey_AreHmacAndDifferFromPlain()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var result = ToolResult.FromText("twelve customers") with { RecordCount = 12, Resource = "crm/customers" };
        var keyed = AuditRecord.FromDecision(Event(result: result), new AuditDigester(key));
        var plain = AuditRecord.FromDecision(Event(result: result), new AuditDigester(null));
        Assert.StartsWith("hmac-sha256:", keyed.ArgumentsDigest, StringComparison.Ordinal);
        Assert.Equal("hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("\"twelve customers\""))), keyed.ResultDigest);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("crm/customers"))), plain.ResourceDigest);
        Assert.NotEqual(keyed.ArgumentsDigest, plain.ArgumentsDigest);
        Assert.Equal(ToolResultStatus.Ok, plain.ResultStatus);
        Assert.Equal(12, plain.ResultRecordCount);
        Assert.Equal(DecisionStage.InspectResult, plain.Stage);
    }

    [Fact]
    public void ArgumentsFromADisposedDocument_DigestUnavailableNotACrash()
    {
        var document = JsonDocument.Parse("""{"q":"x"}""");
        var decisionEvent = Event() with { Call = Event().Call with { Arguments = document.RootElement } };
        document.Dispose();
        Assert.Equal(AuditDigester.Unavailable, AuditRecord.FromDecision(decisionEvent, new AuditDigester(null)).ArgumentsDigest);
    }
}
