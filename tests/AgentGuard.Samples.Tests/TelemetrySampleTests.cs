namespace AgentGuard.Samples.Tests;

public sealed class TelemetrySampleTests
{
    [Fact]
    public async Task TelemetrySample_RunsWithoutACollector_RecordsAndVerifiesItsAuditTrail()
    {
        var (exit, output) = await SampleRunner.RunAsync("AgentGuard.Samples.Telemetry", TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output);
        Assert.Contains("ALLOW    tickets.get", output, StringComparison.Ordinal);
        Assert.Contains("DENY     email.send — junior persona 'support-triage' needs human approval", output, StringComparison.Ordinal);
        Assert.Contains("DENY     crm.delete_customer — tool 'crm.delete_customer' is not part of persona 'support-triage'", output, StringComparison.Ordinal);
        Assert.Contains("span execute_tool crm.delete_customer: agentguard.verdict=deny", output, StringComparison.Ordinal);
        Assert.Contains("gen_ai.tool.call.result=\"[REDACTED:hmac:", output, StringComparison.Ordinal);
        Assert.Contains("audit trail: intact, 7 records", output, StringComparison.Ordinal);
        Assert.Contains("audit siem: intact, 7 records", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", output, StringComparison.Ordinal);
    }
}
