using System.Diagnostics;
using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Telemetry;

public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ActivitySource s_host = new("Host.Tests");

    private static (TestGuard Guard, string Persona) Guard(AgentGuardOptions? options = null, IEnumerable<IGuardCheck>? checks = null, IEnumerable<IResultCheck>? resultChecks = null)
    {
        var persona = "tele-" + Guid.NewGuid().ToString("N")[..12];
        var policy = TestGuard.Policy(TestGuard.SupportTriage() with { Id = persona });
        return (new TestGuard(policy, options, extraChecks: checks, resultChecks: resultChecks), persona);
    }

    private static ToolCall Call(string persona, string tool = "crm.get_customer", string args = """{"customer_id":"C000001"}""") =>
        TestGuard.Call(tool, args, persona: persona) with { CallId = Guid.NewGuid().ToString("N") };

    [Fact]
    public async Task Authorize_NoHostSpan_ExecuteToolSpanWithGenAiAndAgentGuardAttributes()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard();
        var call = Call(persona);
        Assert.True((await guard.Engine.AuthorizeAsync(call, Ct)).IsAllowed);

        var span = Assert.Single(capture.SpansFor(call.CallId!));
        Assert.Equal("execute_tool crm.get_customer", span.DisplayName);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(AgentGuardTelemetry.SourceName, span.Source.Name);
        Assert.Equal("execute_tool", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("crm.get_customer", span.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("allow", span.GetTagItem("agentguard.verdict"));
        Assert.Equal("allow", span.GetTagItem("agentguard.action"));
        Assert.Equal(persona, span.GetTagItem("agentguard.persona"));
        Assert.Equal(0d, span.GetTagItem("agentguard.risk.score"));
        Assert.Equal(0, span.GetTagItem("agentguard.dlp.finding.count"));
        Assert.Null(span.GetTagItem("agentguard.rule.id"));
        Assert.Null(span.GetTagItem("gen_ai.tool.call.arguments"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Authorize_HostOpenedExecuteToolSpan_ChildEvaluateSpanInsteadOfDuplicate()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard();
        var call = Call(persona);
        using (var host = s_host.StartActivity("execute_tool crm.get_customer", ActivityKind.Internal))
        {
            Assert.NotNull(host);
            host.SetTag("gen_ai.operation.name", "execute_tool");
            host.SetTag("gen_ai.tool.call.id", "host-" + call.CallId);
            await guard.Engine.AuthorizeAsync(call, Ct);

            var span = Assert.Single(capture.SpansFor(call.CallId!));
            Assert.Equal("agentguard.evaluate crm.get_customer", span.DisplayName);
            Assert.Equal(host.SpanId, span.ParentSpanId);
            Assert.Equal(host.TraceId, span.TraceId);
            Assert.Null(span.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("crm.get_customer", span.GetTagItem("gen_ai.tool.name"));
            Assert.Equal("allow", span.GetTagItem("agentguard.verdict"));
        }

        Assert.DoesNotContain(capture.Spans, s => s.Source.Name == AgentGuardTelemetry.SourceName && s.DisplayName.StartsWith("execute_tool", StringComparison.Ordinal) && s.GetTagItem("gen_ai.tool.call.id") as string == call.CallId);
    }

    [Fact]
    public async Task Authorize_Denied_RuleIdsVerdictAndErrorStatus()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard();
        var call = Call(persona, "crm.delete_customer");
        await guard.Engine.AuthorizeAsync(call, Ct);

        var span = Assert.Single(capture.SpansFor(call.CallId!));
        Assert.Equal("deny", span.GetTagItem("agentguard.verdict"));
        Assert.Equal("deny", span.GetTagItem("agentguard.action"));
        Assert.Equal("scope.not_in_persona", span.GetTagItem("agentguard.rule.id"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Authorize_Halt_CountsTheHaltedSession()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard(checks: [new HaltingCheck()]);
        var call = Call(persona);
        await guard.Engine.AuthorizeAsync(call, Ct);

        var span = Assert.Single(capture.SpansFor(call.CallId!));
        Assert.Equal("halt", span.GetTagItem("agentguard.verdict"));
        Assert.Equal("behavior.halt", span.GetTagItem("agentguard.rule.id"));
        var halted = Assert.Single(capture.MeasurementsFor("agentguard.sessions.halted", persona));
        Assert.Equal(1, halted.Value);
    }

    [Fact]
    public async Task Decisions_CountedWithVerdictActionPersonaAndStage_DurationRecorded()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard();
        await guard.Engine.AuthorizeAsync(Call(persona), Ct);
        await guard.Engine.AuthorizeAsync(Call(persona), Ct);
        await guard.Engine.AuthorizeAsync(Call(persona, "crm.delete_customer"), Ct);

        var decisions = capture.MeasurementsFor("agentguard.decisions", persona);
        Assert.Equal(2, decisions.Where(static m => m.Tags["agentguard.verdict"] as string == "allow").Sum(static m => m.Value));
        var deny = Assert.Single(decisions, static m => m.Tags["agentguard.verdict"] as string == "deny");
        Assert.Equal("deny", deny.Tags["agentguard.action"]);
        Assert.Equal("authorize", deny.Tags["agentguard.stage"]);
        var durations = capture.MeasurementsFor("agentguard.evaluation.duration", persona);
        Assert.Equal(3, durations.Length);
        Assert.All(durations, static d => Assert.True(d.Value > 0));
    }

    [Fact]
    public async Task InspectResult_FindingsCountedOnSpanAndMetric()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard(resultChecks: [new FindingCheck()]);
        var call = Call(persona);
        await guard.Engine.InspectResultAsync(call, ToolResult.FromText("see attached"), Ct);

        var span = Assert.Single(capture.SpansFor(call.CallId!));
        Assert.Equal("agentguard.inspect_result crm.get_customer", span.DisplayName);
        Assert.Equal(2, span.GetTagItem("agentguard.dlp.finding.count"));
        Assert.Equal("redact", span.GetTagItem("agentguard.verdict"));
        var findings = capture.Measurements.Where(static m => m.Instrument == "agentguard.dlp.findings" && m.Tags.GetValueOrDefault("agentguard.dlp.detector") as string == "test_detector_" + nameof(FindingCheck)).ToArray();
        Assert.True(findings.Length >= 2);
    }

    [Fact]
    public async Task SensitiveData_Off_NoArgumentsOrResultsOnSpans()
    {
        using var capture = new TelemetryCapture();
        var (guard, persona) = Guard();
        var call = Call(persona);
        await guard.Engine.AuthorizeAsync(call, Ct);
        await guard.Engine.InspectResultAsync(call, ToolResult.FromText("customer record"), Ct);
        Assert.All(capture.SpansFor(call.CallId!), static s =>
        {
            Assert.Null(s.GetTagItem("gen_ai.tool.call.arguments"));
            Assert.Null(s.GetTagItem("gen_ai.tool.call.result"));
        });
    }

    [Fact]
    public async Task SensitiveData_On_ArgumentsAndResultsRecordedRedacted()
    {
        using var capture = new TelemetryCapture();
        var options = new AgentGuardOptions();
        options.Telemetry.EnableSensitiveData = true;
        var (guard, persona) = Guard(options);
        var call = Call(persona, "crm.search_customers", """{"query":"Contoso Ltd","limit":20}""");
        await guard.Engine.AuthorizeAsync(call, Ct);
        await guard.Engine.InspectResultAsync(call, new ToolResult { Content = System.Text.Json.JsonDocument.Parse("""{"name":"Contoso Ltd","ok":true}""").RootElement.Clone() }, Ct);

        var spans = capture.SpansFor(call.CallId!);
        var arguments = Assert.Single(spans, static s => s.GetTagItem("gen_ai.tool.call.arguments") is not null).GetTagItem("gen_ai.tool.call.arguments") as string;
        var result = Assert.Single(spans, static s => s.GetTagItem("gen_ai.tool.call.result") is not null).GetTagItem("gen_ai.tool.call.result") as string;
        Assert.Matches("""^\{"query":"\[REDACTED:hmac:[0-9a-f]{12}\]","limit":"\[REDACTED:hmac:[0-9a-f]{12}\]"\}$""", arguments);
        Assert.Matches("""^\{"name":"\[REDACTED:hmac:[0-9a-f]{12}\]","ok":true\}$""", result);
        Assert.DoesNotContain("Contoso", arguments + result, StringComparison.Ordinal);

        // Equal values correlate within the process.
        Assert.Equal(
            System.Text.Json.JsonDocument.Parse(arguments!).RootElement.GetProperty("query").GetString(),
            System.Text.Json.JsonDocument.Parse(result!).RootElement.GetProperty("name").GetString());
    }

    private sealed class HaltingCheck : IGuardCheck
    {
        public string Name => "halting";

        public int Order => GuardCheckOrder.Behavior;

        public bool RunsAfterDenial => true;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
        {
            context.Halt("behavior.halt", "off-persona pattern");
            return default;
        }
    }

    private sealed class FindingCheck : IResultCheck
    {
        public string Name => "finding";

        public int Order => GuardCheckOrder.ResultDlp;

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            context.AddFinding(new GuardFinding("test_detector_" + nameof(FindingCheck), "secret", "$", 0, 3, "redact"));
            context.AddFinding(new GuardFinding("test_detector_" + nameof(FindingCheck), "pii", "$", 4, 3, "redact"));
            context.ReplaceResult(ToolResult.FromText("[REDACTED:x]"));
            return default;
        }
    }
}
