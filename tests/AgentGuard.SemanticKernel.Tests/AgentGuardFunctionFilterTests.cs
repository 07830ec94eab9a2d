using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace AgentGuard.SemanticKernel.Tests;

public sealed class AgentGuardFunctionFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvokeAsync_AllowedCall_RunsFunctionAndReturnsItsResult()
    {
        var host = new KernelHost();
        using var _ = KernelHost.Alice();

        var result = await host.Kernel.InvokeAsync(host.Function("crm.get_customer"), new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        Assert.Equal("C123456: Ada Lovelace", result.GetValue<object>()?.ToString());
        Assert.Equal(["crm.get_customer(C123456)"], host.Ran);
        var authorized = Assert.Single(host.Decisions.Authorizations);
        Assert.Equal("crm.get_customer", authorized.Call.ToolName);
        Assert.Equal("alice", authorized.Call.UserId);
        Assert.Equal("C123456", authorized.Call.Arguments.GetProperty("customer_id").GetString());
    }

    [Fact]
    public async Task InvokeAsync_FunctionOutsidePersona_BodyNeverRunsAndResultExplains()
    {
        var host = new KernelHost();
        using var _ = KernelHost.Alice();

        var result = await host.Kernel.InvokeAsync(host.Function("crm.delete_customer"), new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        Assert.Empty(host.Ran);
        Assert.StartsWith("denied by AgentGuard: ", result.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("crm.delete_customer", result.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(GuardVerdict.Deny, Assert.Single(host.Decisions.Authorizations).Decision.EnforcedAction);
    }

    [Fact]
    public async Task InvokeAsync_ArgumentOutsideConstraint_BodyNeverRuns()
    {
        var host = new KernelHost();
        using var _ = KernelHost.Alice();

        // The persona's pattern is ^C[0-9]{6}$; a trailing newline or a second id must not slip through.
        var result = await host.Kernel.InvokeAsync(host.Function("crm.get_customer"), new KernelArguments { ["customer_id"] = "C123456\nC654321" }, Ct);

        Assert.Empty(host.Ran);
        Assert.StartsWith("denied by AgentGuard", result.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NoSession_RefusedFailClosed()
    {
        var host = new KernelHost();

        var result = await host.Kernel.InvokeAsync(host.Function("crm.get_customer"), new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        Assert.Empty(host.Ran);
        Assert.Contains("no AgentGuard session", result.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ResultWithCardNumber_CallerSeesRedactedResult()
    {
        var host = new KernelHost();
        using var _ = KernelHost.Alice();

        var result = await host.Kernel.InvokeAsync(host.Function("crm.get_billing"), new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        var text = result.GetValue<object>()?.ToString();
        Assert.Equal(["crm.get_billing(C123456)"], host.Ran);
        Assert.NotNull(text);
        Assert.DoesNotContain(KernelHost.CardNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", text, StringComparison.Ordinal);
        Assert.StartsWith("C123456 pays with card ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ArgumentsRedactedByGuard_FunctionReceivesRedactedValues()
    {
        var host = new KernelHost(services: s => s.AddSingleton<IGuardCheck, NoteRedactingCheck>());
        using var _ = KernelHost.Alice();

        var result = await host.Kernel.InvokeAsync(
            host.Function("crm.get_customer"),
            new KernelArguments { ["customer_id"] = "C123456", ["note"] = "see internal-ref-42" },
            Ct);

        Assert.Equal("C123456: Ada Lovelace", result.GetValue<object>()?.ToString());

        Assert.Equal(["crm.get_customer(C123456,[REDACTED])"], host.Ran);
        var inspected = Assert.Single(host.Decisions.Events, e => e.Stage == DecisionStage.InspectResult);
        Assert.Equal("[REDACTED]", inspected.Call.Arguments.GetProperty("note").GetString());
    }

    [Fact]
    public async Task InvokeStreamingAsync_Refused_BecauseOutputCannotBeInspectedFirst()
    {
        var host = new KernelHost();
        using var _ = KernelHost.Alice();

        var chunks = new List<string>();
        var refused = await Assert.ThrowsAsync<AgentGuardViolationException>(async () =>
        {
            await foreach (var chunk in host.Kernel.InvokeStreamingAsync<string>(host.Function("crm.get_billing"), new KernelArguments { ["customer_id"] = "C123456" }, Ct))
            {
                chunks.Add(chunk);
            }
        });

        Assert.Empty(host.Ran);
        Assert.Empty(chunks);
        Assert.Equal(["host.streaming_uninspectable"], refused.Decision!.RuleIds);
    }

    [Fact]
    public async Task InvokeAsync_AllowedFunctionThrowsUnauthorized_ModelReadsBackendDeniedText()
    {
        var host = new KernelHost(persona: KernelHost.Persona() with { Tools = [.. KernelHost.Persona().Tools, new ToolGrant { Name = "orders.list_orders" }] });
        var function = AIFunctionFactory.Create(string (string customer_id) => throw new UnauthorizedAccessException($"token for tenant 42 expired ({customer_id})"), "list_orders").AsKernelFunction();
        host.Kernel.Plugins.Add(new TestPlugin("orders", function));
        using var _ = KernelHost.Alice();

        var result = await host.Kernel.InvokeAsync(host.Kernel.Plugins["orders"]["list_orders"], new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        Assert.Equal("tool failed: access denied", result.GetValue<string>());
        var inspected = Assert.Single(host.Decisions.Events, e => e.Stage == DecisionStage.InspectResult);
        Assert.Equal(ToolResultStatus.Denied, inspected.Result!.Status);
    }

    [Fact]
    public async Task InvokeAsync_FilterAddedByHandWithoutDependencyInjection_GuardsToo()
    {
        var guard = new AgentGuard.Testing.TestGuard(new PolicyBuilder().AddPersona(KernelHost.Persona()).Build());
        var kernel = new Kernel();
        kernel.FunctionInvocationFilters.Add(new AgentGuardFunctionFilter(guard.Engine, new AgentGuardKernelOptions { DenialPrefix = "nope" }));
        var ran = new System.Collections.Concurrent.ConcurrentQueue<string>();
        kernel.Plugins.Add(new TestPlugin("crm", [.. KernelHost.CrmAIFunctions(ran).Select(f => f.AsKernelFunction())]));
        using var _ = KernelHost.Alice();

        var denied = await kernel.InvokeAsync(kernel.Plugins["crm"]["delete_customer"], new KernelArguments { ["customer_id"] = "C123456" }, Ct);
        var allowed = await kernel.InvokeAsync(kernel.Plugins["crm"]["get_customer"], new KernelArguments { ["customer_id"] = "C123456" }, Ct);

        Assert.StartsWith("nope: ", denied.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("C123456: Ada Lovelace", allowed.GetValue<object>()?.ToString());
        Assert.Equal(["crm.get_customer(C123456)"], ran);
    }

    [Fact]
    public async Task InvokeAsync_FunctionInvokingAnotherFunction_InnerCallIsGuardedToo()
    {
        var persona = KernelHost.Persona();
        var host2 = new KernelHost(persona: persona with { Tools = [.. persona.Tools, new ToolGrant { Name = "wrap.get_customer_via" }] });
        var outer = AIFunctionFactory.Create(
            async (CancellationToken ct) =>
                (await host2.Kernel.InvokeAsync(host2.Function("crm.delete_customer"), new KernelArguments { ["customer_id"] = "C123456" }, ct)).GetValue<object>()?.ToString(),
            "get_customer_via").AsKernelFunction();
        host2.Kernel.Plugins.Add(new TestPlugin("wrap", outer));
        using var _ = KernelHost.Alice();

        var result = await host2.Kernel.InvokeAsync(host2.Kernel.Plugins["wrap"]["get_customer_via"], new KernelArguments(), Ct);

        Assert.Empty(host2.Ran);
        Assert.StartsWith("denied by AgentGuard", result.GetValue<object>()?.ToString(), StringComparison.Ordinal);
        Assert.Equal(["wrap.get_customer_via", "crm.delete_customer"], host2.Decisions.Authorizations.Select(e => e.Call.ToolName));
    }

    private sealed class NoteRedactingCheck : IGuardCheck
    {
        public string Name => "test.note_redaction";

        public int Order => GuardCheckOrder.Dlp;

        public bool RunsAfterDenial => false;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
        {
            if (context.Arguments.TryGetProperty("note", out var note) && note.GetString() is { } text && text.Contains("internal-ref", StringComparison.Ordinal))
            {
                var copy = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in context.Arguments.EnumerateObject())
                {
                    copy[property.Name] = property.Value;
                }

                copy["note"] = JsonSerializer.SerializeToElement("[REDACTED]");
                context.ReplaceArguments(JsonSerializer.SerializeToElement(copy));
            }

            return default;
        }
    }

}
