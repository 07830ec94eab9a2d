// AgentGuard telemetry sample: OpenTelemetry traces, metrics and logs exported over OTLP, and every decision in a
// hash-chained audit trail (AgentGuard and OCSF shapes) and an SQLite table. Works offline: with no collector listening
// the exporters give up quietly. Run: dotnet run --project samples/AgentGuard.Samples.Telemetry [-- http://collector:4317]
using System.Text.Json;
using AgentGuard;
using AgentGuard.Samples.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var endpoint = new Uri(args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "http://localhost:4317");
var resource = ResourceBuilder.CreateDefault().AddService("agentguard-telemetry-sample");
void Otlp(OtlpExporterOptions o)
{
    o.Endpoint = endpoint;
    o.TimeoutMilliseconds = 2000;
}

using var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddAgentGuardInstrumentation().AddOtlpExporter(Otlp).Build();
using var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddAgentGuardInstrumentation().AddOtlpExporter(Otlp).Build();
using var spans = new SpanPrinter();

var audit = Path.Combine(Path.GetTempPath(), "agentguard-telemetry-sample", Guid.NewGuid().ToString("N")[..8]);
var services = new ServiceCollection();
services.AddLogging(b => b.AddOpenTelemetry(o =>
{
    o.SetResourceBuilder(resource);
    o.AddOtlpExporter(Otlp);
}));
services.AddAgentGuard(o => o.Telemetry.EnableSensitiveData = true)   // arguments and results on spans, redacted
    .AddPersona(SamplePolicy.SupportTriage)
    .AddPolicySource(b =>
    {
        foreach (var tool in SamplePolicy.Catalog)
        {
            b.AddCatalogTool(tool);
        }
    })
    .AddUser(SamplePolicy.Alice)
    .AddFileAudit(Path.Combine(audit, "trail"))                           // the tamper-evident record
    .AddFileAudit(Path.Combine(audit, "siem"), o => o.Format = AuditFormat.Ocsf)
    .AddSqliteAudit(Path.Combine(audit, "audit.db"));                     // for `agentguard audit query`

await using (var provider = services.BuildServiceProvider())
{
    var guard = provider.GetRequiredService<IAgentGuard>();
    var context = new AgentGuardContext { SessionId = "demo-1", UserId = "alice", AgentId = "agent-7", Persona = "support-triage" };

    await Show("tickets.get", """{"id":"T-1001"}""");
    //   span execute_tool tickets.get: agentguard.verdict=allow agentguard.action=allow agentguard.persona=support-triage
    //        agentguard.risk.score=0 agentguard.dlp.finding.count=0 gen_ai.tool.call.arguments={"id":"[REDACTED:hmac:c810f0981f17]"}
    // ALLOW    tickets.get

    var lookup = await Show("crm.get_customer", """{"customer_id":"C123456"}""");
    var inspected = await guard.InspectResultAsync(lookup, ToolResult.FromText("Jane Roe, key AKIAIOSFODNN7EXAMPLE") with { RecordCount = 1, Resource = "crm/C123456" });
    Console.WriteLine($"{inspected.EnforcedAction.ToString().ToUpperInvariant(),-8} result of crm.get_customer");
    // ALLOW    crm.get_customer
    //   span agentguard.inspect_result crm.get_customer: agentguard.verdict=allow ... gen_ai.tool.call.result="[REDACTED:hmac:8a4c8eeba6a0]"
    // ALLOW    result of crm.get_customer          (the key in the result never reaches a span, log or audit record)

    await Show("email.send", """{"to":"jane.roe@contoso.example","body":"We are on it."}""");
    //   span execute_tool email.send: agentguard.verdict=require_approval agentguard.action=deny
    //        agentguard.rule.id=approval.maturity,approval.unavailable ...
    // DENY     email.send — junior persona 'support-triage' needs human approval for high-risk tool 'email.send'; approval required

    await Show("crm.delete_customer", """{"customer_id":"C123456"}""");
    // DENY     crm.delete_customer — tool 'crm.delete_customer' is not part of persona 'support-triage'

    async Task<ToolCall> Show(string tool, string arguments)
    {
        var call = context.CreateCall(tool, JsonDocument.Parse(arguments).RootElement.Clone(), DateTimeOffset.UtcNow, callId: Guid.NewGuid().ToString("N")[..8]);
        var decision = await guard.AuthorizeAsync(call);
        Console.WriteLine($"{decision.EnforcedAction.ToString().ToUpperInvariant(),-8} {tool}{(decision.IsAllowed ? string.Empty : " — " + decision.Explain())}");
        return call;
    }
}

// Disposing the provider drained the audit queue and sealed the files. Verify them as `agentguard audit verify` does.
foreach (var trail in new[] { "trail", "siem" })
{
    var result = AuditChainVerifier.Verify([Path.Combine(audit, trail)], requireSeal: true);
    Console.WriteLine($"audit {trail}: {(result.IsValid ? "intact" : result.Error!.ToString())}, {result.RecordCount} records, head {result.LastHash?[..16]}…");
}

// audit trail: intact, 7 records, head 1aaf83446cf744e0…   (anchor, 5 decisions, seal)
// audit siem: intact, 7 records, head ca2e9cb27c3d4fc8…    (OCSF: API Activity; halts and exfiltration are Detection Findings)
Console.WriteLine($"files in {audit}; try: agentguard audit verify {Path.Combine(audit, "trail")}");
Console.WriteLine($"                 agentguard audit query --db {Path.Combine(audit, "audit.db")} --verdict deny");
