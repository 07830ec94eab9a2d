using System.Collections;
using System.Text.Json;
using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

/// <summary>An attacker controls the agent process: it skips the in-process guard and speaks to the service directly.
/// Everything it tries must fail, and the backend secret must never reach it.</summary>
[Collection(ServerGroup.Name)]
public sealed class CompromisedAgentTests(ServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    private static AgentGuard.ToolCall Call(string tool, string args = "{}") => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(args).RootElement.Clone(),
        SessionId = "evil-" + Guid.NewGuid().ToString("N"),
        UserId = "alice",
    };

    private HttpCall Request(string url, AgentGuard.ToolCall call, string? grant = null) => new()
    {
        Backend = "crm",
        Method = "GET",
        Url = url,
        Grant = grant ?? string.Empty,
        Call = ProtoMapping.ToProto(call),
    };

    [Fact]
    public async Task ExecuteHttp_OffPersonaToolWithoutGrant_ServiceReauthorizesAndRefuses()
    {
        using var agent = Server.Client(Server.AgentKey);
        var call = Call("ledger.read");
        var before = Server.Backend.Authorizations.Count;
        var reply = await agent.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "ledger", call), call, TestContext.Current.CancellationToken);
        Assert.Equal(0, reply.StatusCode);
        Assert.StartsWith("scope.", reply.RefusalRuleId, StringComparison.Ordinal);
        Assert.Equal(before, Server.Backend.Authorizations.Count);
    }

    [Fact]
    public async Task ExecuteHttp_InPersonaToolNotAllowedOnBackend_Refused()
    {
        using var agent = Server.Client(Server.AgentKey);
        var call = Call("tickets.get");
        var decision = await agent.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(agent.TryGetGrant(decision, out var grant));
        var reply = await agent.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "customers/C000001", call, grant), call, TestContext.Current.CancellationToken);
        Assert.Equal("credentials.tool_not_allowed", reply.RefusalRuleId);
    }

    [Fact]
    public async Task ExecuteHttp_AllowedCallToUndeclaredHost_RefusedNoCredentialSent()
    {
        using var agent = Server.Client(Server.AgentKey);
        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""");
        var decision = await agent.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(agent.TryGetGrant(decision, out var grant));
        var elsewhere = new UriBuilder(Server.Backend.BaseUri) { Host = "127.0.0.2" }.Uri;
        var reply = await agent.ExecuteHttpAsync(Request(elsewhere + "exfiltrate", call, grant), call, TestContext.Current.CancellationToken);
        Assert.Equal("credentials.host_not_allowed", reply.RefusalRuleId);
    }

    [Fact]
    public async Task ExecuteHttp_AnotherAgentsGrant_Refused()
    {
        using var victim = Server.Client(Server.OtherAgentKey);
        using var attacker = Server.Client(Server.AgentKey);
        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""");
        var decision = await victim.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(victim.TryGetGrant(decision, out var stolen));

        var reply = await attacker.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "customers/C000001", call, stolen), call, TestContext.Current.CancellationToken);
        Assert.Equal("remote.grant_invalid", reply.RefusalRuleId);
        Assert.Empty(reply.Body.ToByteArray());

        // The victim's grant still works for the victim: the refusal did not come from a broken backend.
        var own = await victim.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "customers/C000001", call, stolen), call, TestContext.Current.CancellationToken);
        Assert.Equal(200, own.StatusCode);
    }

    [Fact]
    public async Task ExecuteHttp_GrantAfterResultInspected_Refused()
    {
        using var agent = Server.Client(Server.AgentKey);
        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""");
        var decision = await agent.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(agent.TryGetGrant(decision, out var grant));
        await agent.InspectResultAsync(call, ToolResult.FromText("done"), TestContext.Current.CancellationToken);
        var replay = await agent.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "customers/C000001", call, grant), call, TestContext.Current.CancellationToken);
        Assert.Equal("remote.grant_invalid", replay.RefusalRuleId);
    }

    [Fact]
    public async Task ExecuteHttp_ForgedKeyWithAnotherAgentsKeyId_Unauthenticated()
    {
        // The key id is not secret; without the other agent's secret the service does not take the id for identity.
        Assert.True(InsideKeys.TryParse(Server.OtherAgentKey, out var otherId, out _));
        Assert.True(InsideKeys.TryParse(InsideKeys.Create().Key, out _, out var randomSecret));
        using var forged = Server.Client($"agk_{otherId}_{randomSecret}");
        var call = Call("ledger.read");
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(() => forged.ExecuteHttpAsync(Request(Server.Backend.BaseUri + "ledger", call), call, TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.Unauthenticated, ex.Status);
    }

    [Fact]
    public async Task ExecuteHttp_CallerSuppliedCredentials_StrippedBackendGetsServiceToken()
    {
        using var agent = Server.Client(Server.AgentKey);
        var call = Call("crm.get_customer", """{"customer_id":"C000001"}""");
        var decision = await agent.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        Assert.True(agent.TryGetGrant(decision, out var grant));
        var request = Request(Server.Backend.BaseUri + "customers/C000001", call, grant);
        request.Headers.Add(new Header { Name = "Authorization", Value = "Bearer attacker-chosen" });
        request.Headers.Add(new Header { Name = "Cookie", Value = "session=stolen" });
        var reply = await agent.ExecuteHttpAsync(request, call, TestContext.Current.CancellationToken);
        Assert.Equal(200, reply.StatusCode);
        Assert.DoesNotContain("Bearer attacker-chosen", Server.Backend.Authorizations);
        Assert.DoesNotContain(reply.Headers, h => h.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Server.Backend.Token, reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AgentEnvironment_HoldsNoBackendSecret()
    {
        // The service process was given the token; the agent (this process) never was, under any variable name.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            Assert.DoesNotContain(Server.Backend.Token, variable.Value as string ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.Null(Environment.GetEnvironmentVariable(ServerProcess.TokenVariable));
        var environ = File.ReadAllText($"/proc/{Environment.ProcessId}/environ");
        Assert.DoesNotContain(Server.Backend.Token, environ, StringComparison.Ordinal);
        var serverEnviron = File.ReadAllText($"/proc/{Server.ProcessId}/environ");
        Assert.Contains(Server.Backend.Token, serverEnviron, StringComparison.Ordinal);
    }
}
