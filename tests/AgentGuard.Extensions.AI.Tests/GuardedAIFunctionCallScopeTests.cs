using System.Text.Json;
using AgentGuard.Samples;
using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

public sealed class GuardedAIFunctionCallScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunctionArguments Args(string json, IDictionary<object, object?>? context = null) =>
        new(ScriptedChatClient.ParseArguments(json)) { Context = context };

    [Fact]
    public async Task AllowedCall_ScopeCurrentOnlyWhileTheToolRuns()
    {
        var harness = new GuardHarness(checks: [new RecordingCheck()]);
        AgentGuardCallScope? seen = null;
        var guarded = harness.Guard(AIFunctionFactory.Create(async (string customer_id) =>
        {
            await Task.Yield();
            seen = AgentGuardCallScope.Current;
            return "ok";
        }, "get_customer"));
        using var identity = GuardHarness.Alice();

        Assert.Null(AgentGuardCallScope.Current);
        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}""", new Dictionary<object, object?> { [AgentGuardPropertyNames.CallId] = "call-7" }), Ct);

        Assert.NotNull(seen);
        Assert.Equal(("crm.get_customer", "s1", "alice", "agent-1", "call-7"), (seen.Call.ToolName, seen.Call.SessionId, seen.Call.UserId, seen.Call.AgentId, seen.Call.CallId));
        Assert.True(seen.Decision.IsAllowed);
        Assert.False(seen.IsActive);
        Assert.Null(AgentGuardCallScope.Current);
    }

    [Fact]
    public async Task DeniedCall_NoScopeEver()
    {
        var harness = new GuardHarness();
        var entered = false;
        var guarded = harness.Guard(AIFunctionFactory.Create(() =>
        {
            entered = AgentGuardCallScope.Current is not null;
            return "ran";
        }, "delete_customer"));
        using var identity = GuardHarness.Alice();

        var result = await guarded.InvokeAsync(Args("{}"), Ct);

        Assert.False(entered);
        Assert.StartsWith("denied by AgentGuard", result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolThrows_ScopeLeftAnyway()
    {
        var harness = new GuardHarness();
        AgentGuardCallScope? seen = null;
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id) =>
        {
            seen = AgentGuardCallScope.Current;
            throw new InvalidOperationException("boom");
#pragma warning disable CS0162 // the lambda needs a return type
            return "never";
#pragma warning restore CS0162
        }, "get_customer"));
        using var identity = GuardHarness.Alice();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct));

        Assert.NotNull(seen);
        Assert.False(seen.IsActive);
        Assert.Null(AgentGuardCallScope.Current);
    }

    [Fact]
    public async Task RedactedArguments_ScopeCarriesTheCallAsAuthorized()
    {
        var harness = new GuardHarness(checks: [new NoteRedactingCheck()]);
        AgentGuardCallScope? seen = null;
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id, string note) =>
        {
            seen = AgentGuardCallScope.Current;
            return "ok";
        }, "get_customer"));
        using var identity = GuardHarness.Alice();

        await guarded.InvokeAsync(Args("""{"customer_id":"C123456","note":"key sk-live-123"}"""), Ct);

        Assert.Equal("[REDACTED:api_key]", seen!.Call.Arguments.GetProperty("note").GetString());
    }

    [Fact]
    public async Task RefusalReportedOnTheScope_ToolReturnsNormally_GuardSeesDenied()
    {
        var results = new RecordingResultCheck();
        var harness = new GuardHarness(resultChecks: [results]);
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id) =>
        {
            AgentGuardCallScope.Current!.ReportDenied(new BackendDenial("crm", "backend.denied", "backend 'crm' answered 403", 403, "https://crm.example/customers"));
            return "no data";
        }, "get_customer"));
        using var identity = GuardHarness.Alice();

        var value = await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("no data", value is JsonElement json ? json.GetString() : value);
        var result = Assert.Single(results.Results);
        Assert.Equal(ToolResultStatus.Denied, result.Status);
        Assert.Equal("https://crm.example/customers", result.Resource);
        Assert.Equal("no data", result.GetContentText());
    }

    [Fact]
    public async Task RefusalReportedOnTheScope_ToolThrowsSomethingElse_GuardSeesDeniedAndExceptionPropagates()
    {
        var results = new RecordingResultCheck();
        var harness = new GuardHarness(resultChecks: [results]);
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id) =>
        {
            AgentGuardCallScope.Current!.ReportDenied(new BackendDenial("crm", "credentials.handle_misuse", "misuse"));
            throw new InvalidOperationException("lookup failed");
#pragma warning disable CS0162
            return "never";
#pragma warning restore CS0162
        }, "get_customer"));
        using var identity = GuardHarness.Alice();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct));

        Assert.Equal(ToolResultStatus.Denied, Assert.Single(results.Results).Status);
    }

    [Fact]
    public async Task UserTokenReference_FlowsFromTheContext_DroppedWhenThePropertyBagNamesAnotherUser()
    {
        var harness = new GuardHarness(users: [new UserEntitlement { UserId = "alice", Tools = ["crm.*"] }, new UserEntitlement { UserId = "bob", Tools = ["crm.*"] }]);
        var references = new List<string?>();
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id) =>
        {
            references.Add(AgentGuardCallScope.Current!.UserTokenReference);
            return "ok";
        }, "get_customer"));
        using var identity = AgentGuardContext.Push(new AgentGuardContext
        {
            SessionId = "s1", UserId = "alice", AgentId = "agent-1", Persona = TestPersonas.SupportId, UserTokenReference = "alice-ref",
        });

        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);
        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}""", new Dictionary<object, object?> { [AgentGuardPropertyNames.User] = "alice" }), Ct);
        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}""", new Dictionary<object, object?> { [AgentGuardPropertyNames.User] = "bob" }), Ct);

        Assert.Equal(["alice-ref", "alice-ref", null], references);
    }

    [Fact]
    public async Task UserTokenReference_NeverInTheToolCall()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var guarded = harness.Guard(AIFunctionFactory.Create((string customer_id) => "ok", "get_customer"));
        using var identity = AgentGuardContext.Push(new AgentGuardContext
        {
            SessionId = "s1", UserId = "alice", Persona = TestPersonas.SupportId, UserTokenReference = "ref-should-stay-out",
        });

        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.DoesNotContain("ref-should-stay-out", Assert.Single(recording.Calls).ToString(), StringComparison.Ordinal);
    }

    private sealed class RecordingResultCheck : IResultCheck
    {
        private readonly List<ToolResult> _results = [];

        public string Name => "test.results";

        public int Order => 0;

        public IReadOnlyList<ToolResult> Results
        {
            get
            {
                lock (_results)
                {
                    return [.. _results];
                }
            }
        }

        public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
        {
            lock (_results)
            {
                _results.Add(context.Result!);
            }

            return default;
        }
    }
}
