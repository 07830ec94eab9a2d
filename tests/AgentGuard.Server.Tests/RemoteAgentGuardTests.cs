using System.Net;
using System.Text.Json;
using AgentGuard.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Server.Tests;

[Collection(ServerGroup.Name)]
public sealed class RemoteAgentGuardTests(ServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    private static ToolCall Call(string tool, string args = "{}", string session = "s1", string? user = "alice", string? persona = null) => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(args).RootElement.Clone(),
        SessionId = session,
        UserId = user,
        Persona = persona,
        Timestamp = DateTimeOffset.UtcNow,
    };

    private static string NewSession() => "s-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Authorize_InPersonaCallOverUnixSocket_Allowed()
    {
        using var guard = Server.Client(Server.AgentKey);
        var decision = await guard.AuthorizeAsync(Call("crm.get_customer", """{"customer_id":"C000001"}""", NewSession()), TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.True(guard.TryGetGrant(decision, out var grant));
        Assert.StartsWith("agg_", grant, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_OverLoopbackTcp_SameEngineDecides()
    {
        Assert.NotNull(Server.TcpAddress);
        using var guard = Server.Client(Server.AgentKey, Server.TcpAddress);
        var allowed = await guard.AuthorizeAsync(Call("tickets.get", session: NewSession()), TestContext.Current.CancellationToken);
        var refused = await guard.AuthorizeAsync(Call("crm.get_customer", """{"customer_id":"everyone"}""", NewSession()), TestContext.Current.CancellationToken);
        Assert.True(allowed.IsAllowed, allowed.ToString());
        Assert.False(refused.IsAllowed);
    }

    [Fact]
    public async Task Authorize_OffPersonaTool_Denied()
    {
        using var guard = Server.Client(Server.AgentKey);
        var decision = await guard.AuthorizeAsync(Call("ledger.read", session: NewSession()), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains(decision.RuleIds, r => r.StartsWith("scope.", StringComparison.Ordinal));
        Assert.False(guard.TryGetGrant(decision, out _));
    }

    [Fact]
    public async Task Authorize_ClientClaimsAnotherPersona_RefusedAndKeyPersonaStillApplies()
    {
        using var guard = Server.Client(Server.AgentKey);

        // triage-1 is support-triage; claiming reconciler (which may read the ledger) must not widen its scope.
        var claimed = await guard.AuthorizeAsync(Call("ledger.read", session: NewSession(), persona: "reconciler"), TestContext.Current.CancellationToken);
        Assert.False(claimed.IsAllowed);
        Assert.Equal([RemoteRuleIds.Refused], claimed.RuleIds);
        Assert.Contains("PermissionDenied", claimed.Reasons[0], StringComparison.Ordinal);

        // The other agent's key fixes reconciler: the same call is allowed for it and only for it.
        using var other = Server.Client(Server.OtherAgentKey);
        var allowed = await other.AuthorizeAsync(Call("ledger.read", session: NewSession()), TestContext.Current.CancellationToken);
        Assert.True(allowed.IsAllowed, allowed.ToString());
    }

    [Fact]
    public async Task Authorize_UserWithoutEntitlement_Denied()
    {
        using var guard = Server.Client(Server.AgentKey);
        var decision = await guard.AuthorizeAsync(Call("crm.get_customer", """{"customer_id":"C000001"}""", NewSession(), user: "bob"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public async Task InspectResult_SecretInResult_RedactedByService()
    {
        using var guard = Server.Client(Server.AgentKey);
        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""", NewSession());
        var allowed = await guard.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(allowed.IsAllowed);
        var decision = await guard.InspectResultAsync(call, ToolResult.FromText("key AKIAZ7Q4N2XKJ5P3W6RT for the export"), TestContext.Current.CancellationToken);
        Assert.NotNull(decision.RedactedResult);
        Assert.DoesNotContain("AKIAZ7Q4N2XKJ5P3W6RT", decision.RedactedResult!.GetContentText(), StringComparison.Ordinal);
        Assert.Contains(decision.Findings, f => f.Detector == "aws_access_key_id");
    }

    [Fact]
    public async Task Halt_AgentHaltsItsSession_DeniedUntilOperatorResumes()
    {
        var session = NewSession();
        using var agent = Server.Client(Server.AgentKey);
        using var ops = Server.Client(Server.OperatorKey);
        await agent.HaltAsync(HaltTarget.Session, session, "self-stop", TestContext.Current.CancellationToken);
        var halted = await agent.AuthorizeAsync(Call("tickets.get", session: session), TestContext.Current.CancellationToken);
        Assert.False(halted.IsAllowed);

        // The agent cannot lift its own halt.
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(async () => await agent.ResumeAsync(HaltTarget.Session, "triage-1/" + session, TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.PermissionDenied, ex.Status);

        Assert.True(await ops.ResumeAsync(HaltTarget.Session, "triage-1/" + session, TestContext.Current.CancellationToken));
        var resumed = await agent.AuthorizeAsync(Call("tickets.get", session: session), TestContext.Current.CancellationToken);
        Assert.True(resumed.IsAllowed, resumed.ToString());
    }

    [Fact]
    public async Task Halt_AgentHaltsAnotherAgent_PermissionDenied()
    {
        using var agent = Server.Client(Server.AgentKey);
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(async () => await agent.HaltAsync(HaltTarget.Agent, "recon-1", "sabotage", TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.PermissionDenied, ex.Status);
    }

    [Fact]
    public async Task Halt_AgentNamesAnotherAgentsSession_OnlyItsOwnNamespaceIsHalted()
    {
        var session = NewSession();
        using var agent = Server.Client(Server.AgentKey);
        using var other = Server.Client(Server.OtherAgentKey);
        await agent.HaltAsync(HaltTarget.Session, session, "try to halt recon's session", TestContext.Current.CancellationToken);
        var decision = await other.AuthorizeAsync(Call("ledger.read", session: session), TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed, decision.ToString());
    }

    [Fact]
    public async Task WatchEvents_CallNeedsApproval_OperatorApprovesOverStream()
    {
        using var agent = Server.Client(Server.AgentKey);
        using var ops = Server.Client(Server.OperatorKey);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var approvals = 0;
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in ops.WatchEventsAsync(watching.Token))
                {
                    if (e.Kind == EventKind.ApprovalRequired && e.ToolName == "email.send")
                    {
                        Interlocked.Increment(ref approvals);
                        Assert.Equal("support-triage", e.Persona);
                        Assert.Equal("triage-1", e.AgentId);
                        var answered = approvals == 1
                            ? await ops.ApproveAsync(e.ApprovalId, "looks fine", watching.Token)
                            : await ops.RejectAsync(e.ApprovalId, "no", watching.Token);
                        Assert.True(answered);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, TestContext.Current.CancellationToken);

        // The stream is registered once an event reaches it; wait for the watcher before asking.
        var decision = await AuthorizeWhenWatchedAsync(agent, Call("email.send", """{"to":"ops@contoso.example"}""", NewSession()));
        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Contains("approval.granted", decision.RuleIds);

        var second = await agent.AuthorizeAsync(Call("email.send", """{"to":"ops@contoso.example"}""", NewSession()), TestContext.Current.CancellationToken);
        Assert.False(second.IsAllowed);
        Assert.Contains("approval.rejected", second.RuleIds);
        await watching.CancelAsync();
        await watcher;
    }

    [Fact]
    public async Task WatchEvents_AgentKey_PermissionDenied()
    {
        using var agent = Server.Client(Server.AgentKey);
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(async () =>
        {
            await foreach (var unused in agent.WatchEventsAsync(TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal(GrpcStatusCode.PermissionDenied, ex.Status);
    }

    [Fact]
    public async Task Approve_AgentApprovesItself_PermissionDenied()
    {
        using var agent = Server.Client(Server.AgentKey);
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(async () => await agent.ApproveAsync("apr_anything", null, TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.PermissionDenied, ex.Status);
    }

    [Fact]
    public async Task CredentialHandler_AllowedCall_ServiceAddsTokenAgentNeverSeesIt()
    {
        var services = new ServiceCollection();
        services.AddRemoteAgentGuard(o =>
        {
            o.Address = Server.SocketAddress;
            o.InsideKey = Server.AgentKey;
        });
        services.AddHttpClient("crm", c => c.BaseAddress = Server.Backend.BaseUri).AddRemoteAgentGuardCredentials("crm");
        await using var provider = services.BuildServiceProvider();
        var guard = provider.GetRequiredService<IAgentGuard>();
        Assert.IsType<RemoteAgentGuard>(guard);

        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""", NewSession());
        var decision = await guard.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed, decision.ToString());
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("crm");
        HttpResponseMessage response;
        using (AgentGuardCallScope.Enter(call, decision))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "customers/C000001");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "agent-made-up-token");
            response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("C000001", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Backend.Token, body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("Bearer agent-made-up-token", Server.Backend.Authorizations);
        Assert.Null(Environment.GetEnvironmentVariable(ServerProcess.TokenVariable));
    }

    [Fact]
    public async Task CredentialHandler_OutsideAnyCall_RefusedLocally()
    {
        var services = new ServiceCollection();
        services.AddRemoteAgentGuard(o =>
        {
            o.Address = Server.SocketAddress;
            o.InsideKey = Server.AgentKey;
        });
        services.AddHttpClient("crm", c => c.BaseAddress = Server.Backend.BaseUri).AddRemoteAgentGuardCredentials("crm");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("crm");
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("customers/C000001", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
    }

    [Fact]
    public async Task Authorize_ServiceUnreachable_FailsClosedByDefaultOpenWhereConfigured()
    {
        var missing = "unix:" + Path.Combine(Path.GetTempPath(), "agentguard-missing-" + Guid.NewGuid().ToString("N") + ".sock");
        using var guard = Server.Client(Server.AgentKey, missing, o =>
        {
            o.MaxRetries = 1;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.FailOpenTools.Add("tickets.get");
        });
        var closed = await guard.AuthorizeAsync(Call("crm.get_customer", """{"customer_id":"C000001"}"""), TestContext.Current.CancellationToken);
        var open = await guard.AuthorizeAsync(Call("tickets.get"), TestContext.Current.CancellationToken);
        Assert.False(closed.IsAllowed);
        Assert.Equal([RemoteRuleIds.Unavailable], closed.RuleIds);
        Assert.True(open.IsAllowed);
        Assert.Equal([RemoteRuleIds.FailOpen], open.RuleIds);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void UnixSocket_FileMode_OwnerReadWriteOnly()
    {
        var mode = File.GetUnixFileMode(Server.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Health_Get_Ok()
    {
        using var http = RawGrpc.CreateHttpClient(Server.SocketPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/healthz") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<GuardDecision> AuthorizeWhenWatchedAsync(RemoteAgentGuard agent, ToolCall call)
    {
        // Until the operator's stream is subscribed the service refuses approvals at once ("no operator is watching").
        for (var attempt = 0; ; attempt++)
        {
            var decision = await agent.AuthorizeAsync(call with { SessionId = call.SessionId + "-" + attempt }, TestContext.Current.CancellationToken);
            if (!decision.Reasons.Any(r => r.Contains("no operator is watching", StringComparison.Ordinal)) || attempt > 100)
            {
                return decision;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
