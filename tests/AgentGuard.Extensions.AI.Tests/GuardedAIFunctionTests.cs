using AgentGuard.Samples;
using System.Net;
using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.AI;

namespace AgentGuard.Extensions.AI.Tests;

public sealed class GuardedAIFunctionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AIFunctionArguments Args(string json, IDictionary<object, object?>? context = null) =>
        new(ScriptedChatClient.ParseArguments(json)) { Context = context };

    [Fact]
    public async Task Invoke_AllowedCall_PassesArgumentsThroughAndReturnsResult()
    {
        var harness = new GuardHarness();
        var inner = AIFunctionFactory.Create((string customer_id) => $"customer {customer_id}: Ada", "get_customer");
        var guarded = harness.Guard(inner);
        using var _ = GuardHarness.Alice();

        var result = await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("crm.get_customer", guarded.ToolName);
        Assert.Equal("customer C123456: Ada", result is JsonElement json ? json.GetString() : result);
    }

    [Fact]
    public async Task Invoke_AllowedCall_InnerReceivesTheSameArgumentsInstance()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("get_customer", "ok");
        var arguments = Args("""{"customer_id":"C123456"}""");
        using var _ = GuardHarness.Alice();

        await harness.Guard(inner).InvokeAsync(arguments, Ct);

        Assert.Same(arguments, Assert.Single(inner.Invocations));
    }

    [Fact]
    public async Task Invoke_ToolOutsidePersona_NeverInvokesInnerAndReturnsReadableDenial()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("delete_customer", "deleted");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Empty(inner.Invocations);
        var text = Assert.IsType<string>(result);
        Assert.StartsWith("denied by AgentGuard: ", text, StringComparison.Ordinal);
        Assert.Contains("'crm.delete_customer' is not part of persona 'support-triage'", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"customer_id":"C12345"}""", "does not match the pattern")]
    [InlineData("""{"customer_id":"C123456","customer_id_2":"C000001"}""", "argument 'customer_id_2' is not allowed")]
    [InlineData("""{"note":"hello"}""", "argument 'customer_id' is required")]
    [InlineData("""{"customer_id":["C123456","DROP TABLE"]}""", "does not match the pattern")]
    public async Task Invoke_BadArguments_NeverInvokesInner(string json, string expected)
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("get_customer", "ok");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args(json), Ct);

        Assert.Empty(inner.Invocations);
        Assert.Contains(expected, Assert.IsType<string>(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_DeniedWithThrowOnDeny_ThrowsViolationCarryingDecision()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("delete_customer", "deleted");
        var guarded = harness.Guard(inner, new GuardedFunctionOptions { ToolNamePrefix = "crm.", ThrowOnDeny = true });
        using var _ = GuardHarness.Alice();

        var ex = await Assert.ThrowsAsync<AgentGuardViolationException>(async () => await guarded.InvokeAsync(Args("{}"), Ct));

        Assert.Contains("scope.not_in_persona", ex.Decision.RuleIds);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_CustomDenialPrefix_IsUsed()
    {
        var harness = new GuardHarness();
        var guarded = harness.Guard(RecordingFunction.Returning("delete_customer", "x"), new GuardedFunctionOptions { ToolNamePrefix = "crm.", DenialPrefix = "BLOCKED" });
        using var _ = GuardHarness.Alice();

        var result = await guarded.InvokeAsync(Args("{}"), Ct);

        Assert.StartsWith("BLOCKED: tool 'crm.delete_customer'", Assert.IsType<string>(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RedactedArguments_ReachInnerWithServicesAndContextPreserved()
    {
        var harness = new GuardHarness(checks: [new NoteRedactingCheck()]);
        var inner = RecordingFunction.Returning("get_customer", "ok");
        var services = new ServiceProviderStub();
        var context = new Dictionary<object, object?> { ["host.item"] = 42 };
        var arguments = Args("""{"customer_id":"C123456","note":"key sk-live-abc123"}""", context);
        arguments.Services = services;
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(arguments, Ct);

        Assert.Equal("ok", result);
        var received = Assert.Single(inner.Invocations);
        Assert.NotSame(arguments, received);
        Assert.Equal("[REDACTED:api_key]", ((JsonElement)received["note"]!).GetString());
        Assert.Equal("C123456", ((JsonElement)received["customer_id"]!).GetString());
        Assert.Same(services, received.Services);
        Assert.Same(context, received.Context);
        Assert.DoesNotContain(received.Values, v => v is JsonElement e && e.GetRawText().Contains("sk-live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_ResultCheckReplacesResult_ModelSeesReplacementOnly()
    {
        var check = new DelegateResultCheck(context =>
        {
            var text = context.Result!.GetContentText()!;
            if (text.Contains("4111 1111 1111 1111", StringComparison.Ordinal))
            {
                context.ReplaceResult(ToolResult.FromText(text.Replace("4111 1111 1111 1111", "[REDACTED:card]", StringComparison.Ordinal)));
            }
        });
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = RecordingFunction.Returning("get_customer", "Ada, card 4111 1111 1111 1111");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("Ada, card [REDACTED:card]", result);
        Assert.Single(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_StructuredResultReplacedWithJson_ModelSeesJson()
    {
        var check = new DelegateResultCheck(context => context.ReplaceResult(new ToolResult { Content = JsonSerializer.SerializeToElement(new { name = "Ada" }) }));
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = RecordingFunction.Returning("get_customer", new { name = "Ada", ssn = "078-05-1120" });
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("""{"name":"Ada"}""", Assert.IsType<JsonElement>(result).GetRawText());
        Assert.Contains("078-05-1120", check.Seen[0].Result.GetContentText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ResultWithheld_ModelSeesWithheldTextNotTheData()
    {
        var check = new DelegateResultCheck(context => context.WithholdResult("data.records_per_call", "12000 records exceed the persona's 50 per call"));
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = RecordingFunction.Returning("list_orders", "secret order data");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("{}"), Ct);

        Assert.Equal("withheld by AgentGuard: 12000 records exceed the persona's 50 per call", result);
        Assert.Single(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_ResultCheckDeniesWithoutReplacing_OriginalNeverReachesModel()
    {
        var check = new DelegateResultCheck(context => context.Deny("test.deny", "result refused"));
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = RecordingFunction.Returning("list_orders", "secret order data");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("{}"), Ct);

        Assert.Equal("withheld by AgentGuard: result refused", result);
    }

    [Fact]
    public async Task Invoke_ResultWithheldWithThrowOnDeny_Throws()
    {
        var check = new DelegateResultCheck(context => context.WithholdResult("test.withhold", "no"));
        var harness = new GuardHarness(resultChecks: [check]);
        var guarded = harness.Guard(RecordingFunction.Returning("list_orders", "data"), new GuardedFunctionOptions { ToolNamePrefix = "crm.", ThrowOnDeny = true });
        using var _ = GuardHarness.Alice();

        var ex = await Assert.ThrowsAsync<AgentGuardViolationException>(async () => await guarded.InvokeAsync(Args("{}"), Ct));

        Assert.Equal(["test.withhold"], ex.Decision.RuleIds);
    }

    [Fact]
    public async Task Invoke_ArrayResult_ReportsRecordCountAndContent()
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = RecordingFunction.Returning("list_orders", new[] { "o1", "o2", "o3" });
        using var _ = GuardHarness.Alice();

        await harness.Guard(inner).InvokeAsync(Args("{}"), Ct);

        var (call, result) = Assert.Single(check.Seen);
        Assert.Equal(ToolResultStatus.Ok, result.Status);
        Assert.Equal(3, result.RecordCount);
        Assert.Equal("""["o1","o2","o3"]""", result.Content!.Value.GetRawText());
        Assert.Equal("crm.list_orders", call.ToolName);
    }

    [Fact]
    public async Task Invoke_BackendThrowsUnauthorizedAccess_ResultCheckSeesDeniedAndModelReadsFailure()
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = new RecordingFunction("get_customer", _ => throw new UnauthorizedAccessException("token for svc-crm expired"));
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("tool failed: access denied", result);
        var (call, seen) = Assert.Single(check.Seen);
        Assert.Equal(ToolResultStatus.Denied, seen.Status);
        Assert.Equal("crm.get_customer", call.ToolName);
        Assert.DoesNotContain("svc-crm", seen.GetContentText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Invoke_BackendHttpRefusalWrappedInAnotherException_IsDenied(HttpStatusCode status)
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = new RecordingFunction("get_customer", _ => throw new InvalidOperationException("call failed", new HttpRequestException("refused", null, status)));
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("tool failed: access denied", result);
        Assert.Equal(ToolResultStatus.Denied, Assert.Single(check.Seen).Result.Status);
    }

    [Fact]
    public async Task Invoke_BackendDeniedAndResultCheckWithholds_ModelSeesWithheldText()
    {
        var check = new DelegateResultCheck(context =>
        {
            if (context.Result!.Status == ToolResultStatus.Denied)
            {
                context.Halt("behavior.retry_after_denial", "retries after a denial");
            }
        });
        var harness = new GuardHarness(resultChecks: [check]);
        var inner = new RecordingFunction("get_customer", _ => throw new UnauthorizedAccessException());
        var guarded = harness.Guard(inner);
        using var _ = GuardHarness.Alice();

        var first = await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);
        var second = await guarded.InvokeAsync(Args("""{"customer_id":"C123457"}"""), Ct);

        // A behavior.* reason is scoring evidence: the model reads only that the session was halted.
        Assert.Equal("withheld by AgentGuard: the session is halted: its behavior left the persona's envelope; a human must resume it", first);
        Assert.StartsWith("denied by AgentGuard: session is halted (behavior outside the persona's envelope)", Assert.IsType<string>(second), StringComparison.Ordinal);
        Assert.DoesNotContain("retries after a denial", Assert.IsType<string>(second), StringComparison.Ordinal);
        Assert.Single(inner.Invocations);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(null)]
    public async Task Invoke_BackendFailsOtherwise_ReportsErrorAndRethrows(HttpStatusCode? status)
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        var failure = new HttpRequestException("db password=hunter2 refused", null, status);
        var inner = new RecordingFunction("get_customer", _ => throw failure);
        using var _ = GuardHarness.Alice();

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(async () => await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct));

        Assert.Same(failure, thrown);
        var seen = Assert.Single(check.Seen).Result;
        Assert.Equal(ToolResultStatus.Error, seen.Status);
        Assert.Equal("tool failed: HttpRequestException", seen.GetContentText());
    }

    [Fact]
    public async Task Invoke_Cancelled_PropagatesWithoutInspection()
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var inner = new RecordingFunction("get_customer", _ =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
            return null;
        });
        using var _ = GuardHarness.Alice();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), cts.Token));

        Assert.Empty(check.Seen);
    }

    [Fact]
    public async Task Invoke_NoAmbientContextAndNoProperties_DeniedWithoutReachingEngineOrInner()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var inner = RecordingFunction.Returning("get_customer", "ok");
        Assert.Null(AgentGuardContext.Current);

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Empty(inner.Invocations);
        Assert.Empty(recording.Calls);
        Assert.StartsWith("denied by AgentGuard: no AgentGuard session", Assert.IsType<string>(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ContextWithUserButNoSession_StillDenied()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("get_customer", "ok");
        var context = new Dictionary<object, object?> { [AgentGuardPropertyNames.User] = "alice", [AgentGuardPropertyNames.Persona] = TestPersonas.SupportId };

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}""", context), Ct);

        Assert.Empty(inner.Invocations);
        Assert.Contains("no AgentGuard session", Assert.IsType<string>(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ModelSuppliesIdentityAsArguments_IsNotTreatedAsIdentity()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var inner = RecordingFunction.Returning("get_customer", "ok");

        // No host identity: arguments that look like identity must not open a session.
        var withoutHost = await harness.Guard(inner).InvokeAsync(
            Args("""{"customer_id":"C123456","agentguard.session":"s9","agentguard.persona":"support-triage","agentguard.user":"alice"}"""), Ct);
        Assert.Contains("no AgentGuard session", Assert.IsType<string>(withoutHost), StringComparison.Ordinal);

        // With host identity: they stay arguments (and the persona's constraints refuse them).
        using (AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "bob", Persona = TestPersonas.SupportId }))
        {
            var withHost = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456","agentguard.user":"alice"}"""), Ct);
            Assert.Contains("argument 'agentguard.user' is not allowed", Assert.IsType<string>(withHost), StringComparison.Ordinal);
        }

        Assert.Equal("bob", Assert.Single(recording.Calls).UserId);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_AmbientContext_FlowsIntoToolCall()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var parent = new AgentGuardContext { SessionId = "s7", UserId = "alice", AgentId = "planner-1", Persona = TestPersonas.SupportId };
        var child = parent.CreateSubAgent(TestPersonas.SupportId, "worker-1");
        using var _ = AgentGuardContext.Push(child);

        await Task.Run(async () => await harness.Guard(RecordingFunction.Returning("get_customer", "ok"))
            .InvokeAsync(Args("""{"customer_id":"C123456"}""", new Dictionary<object, object?> { [AgentGuardPropertyNames.CallId] = "call_42" }), Ct), Ct);

        var call = Assert.Single(recording.Calls);
        Assert.Equal("crm.get_customer", call.ToolName);
        Assert.Equal("s7", call.SessionId);
        Assert.Equal("alice", call.UserId);
        Assert.Equal("worker-1", call.AgentId);
        Assert.Equal(TestPersonas.SupportId, call.Persona);
        Assert.Equal([TestPersonas.SupportId], call.DelegationChain);
        Assert.Equal("planner-1", call.ParentAgentId);
        Assert.Equal("call_42", call.CallId);
        Assert.Equal(harness.Time.GetUtcNow(), call.Timestamp);
        Assert.Equal("""{"customer_id":"C123456"}""", call.Arguments.GetRawText());
    }

    [Fact]
    public async Task Invoke_ContextProperties_OverrideAmbientFieldByField()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(personas: [TestPersonas.Support, TestPersonas.JuniorSupport], checks: [recording]);
        using var _ = GuardHarness.Alice();
        var context = new Dictionary<object, object?>
        {
            [AgentGuardPropertyNames.Session] = "s2",
            [AgentGuardPropertyNames.Persona] = "support-junior",
            [AgentGuardPropertyNames.User] = 42, // not a string: ignored, the ambient user stands
        };

        await harness.Guard(RecordingFunction.Returning("get_customer", "ok")).InvokeAsync(Args("""{"customer_id":"C123456"}""", context), Ct);

        var call = Assert.Single(recording.Calls);
        Assert.Equal("s2", call.SessionId);
        Assert.Equal("support-junior", call.Persona);
        Assert.Equal("alice", call.UserId);
        Assert.Equal("agent-1", call.AgentId);
    }

    [Fact]
    public async Task Invoke_NoCallIdGiven_GeneratesDistinctIds()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var guarded = harness.Guard(RecordingFunction.Returning("get_customer", "ok"));
        using var _ = GuardHarness.Alice();

        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);
        await guarded.InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        var ids = recording.Calls.Select(static c => c.CallId).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task Invoke_ResultInspection_SeesTheAuthorizedCallWithRedactedArguments()
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(checks: [new NoteRedactingCheck()], resultChecks: [check]);
        using var _ = GuardHarness.Alice();

        await harness.Guard(RecordingFunction.Returning("get_customer", "ok"))
            .InvokeAsync(Args("""{"customer_id":"C123456","note":"sk-live-abc"}""", new Dictionary<object, object?> { [AgentGuardPropertyNames.CallId] = "c1" }), Ct);

        var call = Assert.Single(check.Seen).Call;
        Assert.Equal("c1", call.CallId);
        Assert.DoesNotContain("sk-live", call.Arguments.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RateBurst_RefusesOnceTheLimitIsReached()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("search_customers", "[]");
        var guarded = harness.Guard(inner);
        using var _ = GuardHarness.Alice();

        var results = new List<object?>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await guarded.InvokeAsync(Args("""{"query":"acme","limit":10}"""), Ct));
        }

        Assert.Equal(3, inner.Invocations.Count);
        Assert.Equal("denied by AgentGuard: rate limit exceeded: at most 3 calls per minute to 'crm.search_customers'", results[3]);
    }

    [Fact]
    public async Task Invoke_UserNotEntitled_Denied()
    {
        var harness = new GuardHarness(users: TestPersonas.Users);
        var inner = RecordingFunction.Returning("search_customers", "[]");
        using var _ = AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "bob", Persona = TestPersonas.SupportId });

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"query":"acme"}"""), Ct);

        Assert.Equal("denied by AgentGuard: user 'bob' is not entitled to 'crm.search_customers'", result);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_ApprovalRequiredAndNoApprovalService_ReadableApprovalDenial()
    {
        var harness = new GuardHarness(personas: [TestPersonas.JuniorSupport]);
        var inner = RecordingFunction.Returning("send", "sent");
        var guarded = harness.Guard(inner, new GuardedFunctionOptions { ToolNameSelector = static f => "email." + f.Name });
        using var _ = GuardHarness.Alice("support-junior");

        var result = await guarded.InvokeAsync(Args("""{"to":"ada@contoso.example"}"""), Ct);

        Assert.Equal(
            "denied by AgentGuard: approval required; junior persona 'support-junior' needs human approval for high-risk tool 'email.send'",
            result);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_ApprovalRejected_ReadableDenialNamesTheApprover()
    {
        var approvals = new FixedApprovalService(ApprovalOutcome.Reject("carol", "not today"));
        var harness = new GuardHarness(personas: [TestPersonas.JuniorSupport], approvals: approvals);
        var inner = RecordingFunction.Returning("send", "sent");
        using var _ = GuardHarness.Alice("support-junior");

        var result = await harness.Guard(inner, new GuardedFunctionOptions { ToolNamePrefix = "email." }).InvokeAsync(Args("""{"to":"ada@contoso.example"}"""), Ct);

        Assert.Equal(
            "denied by AgentGuard: approval required; junior persona 'support-junior' needs human approval for high-risk tool 'email.send'; rejected by carol: not today",
            result);
        Assert.Equal(1, approvals.Requests);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_ApprovalForBehavior_ModelDoesNotReadTheScoringEvidence()
    {
        var decision = new GuardDecision(
            GuardVerdict.RequireApproval,
            enforcedAction: GuardVerdict.Deny,
            ruleIds: ["behavior.barrier.path_trick", "behavior.threshold.approval", "approval.unavailable"],
            reasons: ["attempt 2 on 'secrets/prod.env' through a path trick ('./secrets/prod.env') (+35)", "behavior score 75 ≥ approval_at 70", "approval required: no approval service is configured"],
            score: 75);
        var inner = RecordingFunction.Returning("read_file", "text");
        using var _ = GuardHarness.Alice("support-junior");

        var result = await inner.AsGuarded(new FixedDecisionGuard(decision)).InvokeAsync(Args("""{"path":"./secrets/prod.env"}"""), Ct);

        Assert.Equal("denied by AgentGuard: approval required; no approval service is configured", result);
        Assert.Empty(inner.Invocations);
    }

    private sealed class FixedDecisionGuard(GuardDecision decision) : IAgentGuard
    {
        public ValueTask<GuardDecision> AuthorizeAsync(ToolCall toolCall, CancellationToken cancellationToken = default) => new(decision);

        public ValueTask<GuardDecision> InspectResultAsync(ToolCall toolCall, ToolResult result, CancellationToken cancellationToken = default) =>
            new(GuardDecision.Allowed);

        public ValueTask HaltAsync(HaltTarget target, string id, string reason, CancellationToken cancellationToken = default) => default;

        public ValueTask<bool> ResumeAsync(HaltTarget target, string id, CancellationToken cancellationToken = default) => new(false);
    }

    [Fact]
    public async Task Invoke_ApprovalGranted_RunsTheTool()
    {
        var approvals = new FixedApprovalService(ApprovalOutcome.Approve("carol"));
        var harness = new GuardHarness(personas: [TestPersonas.JuniorSupport], approvals: approvals);
        var inner = RecordingFunction.Returning("send", "sent");
        using var _ = GuardHarness.Alice("support-junior");

        var result = await harness.Guard(inner, new GuardedFunctionOptions { ToolNamePrefix = "email." }).InvokeAsync(Args("""{"to":"ada@contoso.example"}"""), Ct);

        Assert.Equal("sent", result);
        Assert.Single(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_MonitorMode_RunsRefusedCallButStillRecordsIt()
    {
        var harness = new GuardHarness(options: new AgentGuardOptions { Mode = EnforcementMode.Monitor });
        var inner = RecordingFunction.Returning("delete_customer", "deleted");
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("{}"), Ct);

        Assert.Equal("deleted", result);
        Assert.Single(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_HaltedSession_Denied()
    {
        var harness = new GuardHarness();
        var inner = RecordingFunction.Returning("get_customer", "ok");
        await harness.Engine.HaltAsync(HaltTarget.Session, "s1", "operator stop", Ct);
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(Args("""{"customer_id":"C123456"}"""), Ct);

        Assert.Equal("denied by AgentGuard: session is halted (operator stop); a human must resume it", result);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public void Constructor_ToolNameSelectorReturningEmpty_Throws()
    {
        var harness = new GuardHarness();

        Assert.Throws<ArgumentException>(() => harness.Guard(RecordingFunction.Returning("x", null), new GuardedFunctionOptions { ToolNameSelector = static _ => "" }));
    }

    [Fact]
    public void Wrapper_KeepsDeclarationAndApprovalMarker()
    {
        var harness = new GuardHarness();
        var inner = AIFunctionFactory.Create((string customer_id) => customer_id, "get_customer", "Looks a customer up");
        var guarded = harness.Guard(new ApprovalRequiredAIFunction(inner));

        Assert.Equal("get_customer", guarded.Name);
        Assert.Equal("Looks a customer up", guarded.Description);
        Assert.Equal(inner.JsonSchema.GetRawText(), guarded.JsonSchema.GetRawText());
        Assert.NotNull(guarded.GetService<ApprovalRequiredAIFunction>());
        Assert.Same(guarded, guarded.GetService<GuardedAIFunction>());
    }

    [Fact]
    public async Task Invoke_ArgumentsThatCannotBeJson_RefusedWithoutAskingTheEngine()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var inner = RecordingFunction.Returning("get_customer", "ok");
        var loop = new Node();
        loop.Next = loop;
        var arguments = new AIFunctionArguments { ["customer_id"] = "C123456", ["filter"] = loop };
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(inner).InvokeAsync(arguments, Ct);

        Assert.Equal("denied by AgentGuard: the arguments cannot be represented as JSON", result);
        Assert.Empty(recording.Calls);
        Assert.Empty(inner.Invocations);
    }

    [Fact]
    public async Task Invoke_HostTypedArguments_AreSerializedForTheChecks()
    {
        var recording = new RecordingCheck();
        var harness = new GuardHarness(checks: [recording]);
        var arguments = new AIFunctionArguments { ["query"] = "acme", ["limit"] = 500 };
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(RecordingFunction.Returning("search_customers", "[]")).InvokeAsync(arguments, Ct);

        Assert.Equal("""{"query":"acme","limit":500}""", Assert.Single(recording.Calls).Arguments.GetRawText());
        Assert.Equal("denied by AgentGuard: argument 'limit' is above the maximum 50", result);
    }

    [Fact]
    public async Task Invoke_ResultThatCannotBeJson_ModelGetsExactlyTheInspectedText()
    {
        var check = new DelegateResultCheck();
        var harness = new GuardHarness(resultChecks: [check]);
        using var _ = GuardHarness.Alice();

        var result = await harness.Guard(RecordingFunction.Returning("list_orders", new Unserializable())).InvokeAsync(Args("{}"), Ct);

        Assert.Equal("orders (text form)", result);
        Assert.Equal("orders (text form)", Assert.Single(check.Seen).Result.GetContentText());
    }

    public sealed class Unserializable
    {
        public string Secret => throw new InvalidOperationException("not serializable");

        public override string ToString() => "orders (text form)";
    }

    public sealed class Node
    {
        public Node? Next { get; set; }
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
