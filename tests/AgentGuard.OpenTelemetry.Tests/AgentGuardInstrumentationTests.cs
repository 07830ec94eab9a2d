using System.Diagnostics;
using AgentGuard.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentGuard.OpenTelemetry.Tests;

public sealed class AgentGuardInstrumentationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (TestGuard Guard, string Persona) Guard()
    {
        var persona = "otel-" + Guid.NewGuid().ToString("N")[..12];
        return (new TestGuard(TestGuard.Policy(TestGuard.SupportTriage() with { Id = persona })), persona);
    }

    [Fact]
    public async Task TracerProvider_WithInstrumentation_ExportsExecuteToolSpans()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddAgentGuardInstrumentation().AddInMemoryExporter(exported).Build();
        var (guard, persona) = Guard();
        var call = TestGuard.Call("crm.delete_customer", persona: persona) with { CallId = Guid.NewGuid().ToString("N") };
        await guard.Engine.AuthorizeAsync(call, Ct);
        provider.ForceFlush();

        var span = Assert.Single(exported, a => a.GetTagItem("gen_ai.tool.call.id") as string == call.CallId);
        Assert.Equal("execute_tool crm.delete_customer", span.DisplayName);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal("execute_tool", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("crm.delete_customer", span.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("deny", span.GetTagItem("agentguard.verdict"));
        Assert.Equal(persona, span.GetTagItem("agentguard.persona"));
        Assert.Equal("scope.not_in_persona", span.GetTagItem("agentguard.rule.id"));
    }

    [Fact]
    public async Task TracerProvider_WithoutInstrumentation_ExportsNoAgentGuardSpan()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource("Something.Else").AddInMemoryExporter(exported).Build();
        var (guard, persona) = Guard();
        var call = TestGuard.Call("tickets.get", user: "bob", persona: persona) with { CallId = Guid.NewGuid().ToString("N") };
        await guard.Engine.AuthorizeAsync(call, Ct);
        provider.ForceFlush();
        Assert.DoesNotContain(exported, a => a.GetTagItem("gen_ai.tool.call.id") as string == call.CallId);
    }

    [Fact]
    public async Task MeterProvider_WithInstrumentation_ExportsDecisionsAndSubMillisecondHistogram()
    {
        var exported = new List<Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder().AddAgentGuardInstrumentation().AddInMemoryExporter(exported).Build();
        var (guard, persona) = Guard();
        await guard.Engine.AuthorizeAsync(TestGuard.Call("tickets.get", user: "bob", persona: persona), Ct);
        await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.delete_customer", persona: persona), Ct);
        provider.ForceFlush();

        var decisions = exported.Last(static m => m.Name == "agentguard.decisions");
        long allow = 0, deny = 0;
        foreach (ref readonly var point in decisions.GetMetricPoints())
        {
            string? verdict = null, pointPersona = null;
            foreach (var tag in point.Tags)
            {
                verdict = tag.Key == "agentguard.verdict" ? tag.Value as string : verdict;
                pointPersona = tag.Key == "agentguard.persona" ? tag.Value as string : pointPersona;
            }

            if (pointPersona == persona)
            {
                allow += verdict == "allow" ? point.GetSumLong() : 0;
                deny += verdict == "deny" ? point.GetSumLong() : 0;
            }
        }

        Assert.Equal((1, 1), (allow, deny));
        var duration = exported.Last(static m => m.Name == "agentguard.evaluation.duration");
        Assert.Equal(MetricType.Histogram, duration.MetricType);
        Assert.Equal("s", duration.Unit);
        var bounds = new List<double>();
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            foreach (var bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            break;
        }

        Assert.Contains(0.000005, bounds);
        Assert.Contains(0.0001, bounds);
    }
}
