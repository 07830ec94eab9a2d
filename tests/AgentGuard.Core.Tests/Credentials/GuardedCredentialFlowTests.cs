using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>The whole path: a guarded AIFunction, the engine, the ambient call scope and the credential handler.</summary>
public sealed class GuardedCredentialFlowTests
{
    private const string Secret = "crm-flow-secret-91c2";

    private static CredentialTestHost Host(TestServer server, RecordingDecisionListener? decisions = null) =>
        new(g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), server.Host),
            s => s.AddSingleton<IDecisionListener>(decisions ?? new RecordingDecisionListener()));

    private static IDisposable Alice(string session = "s1") =>
        AgentGuardContext.Push(new AgentGuardContext { SessionId = session, UserId = "alice", AgentId = "agent-1", Persona = "support-triage" });

    private static AIFunctionArguments Args(string json) => new(Samples.ScriptedChatClient.ParseArguments(json));

    [Fact]
    public async Task AllowedCall_ToolReachesTheBackendWithTheCredential_ModelSeesOnlyTheData()
    {
        await using var server = await TestServer.StartAsync((context, r) => context.Response.WriteAsync(r.Header("Authorization") == "Bearer " + Secret ? "Jane Roe" : "who are you?"));
        await using var host = Host(server);
        var client = host.Client();
        var tool = AIFunctionFactory.Create((string customer_id) => client.GetStringAsync(server.Url("customers/" + customer_id)), "crm.get_customer").AsGuarded(host.Services);

        using var identity = Alice();
        var result = await tool.InvokeAsync(Args("""{"customer_id":"C123456"}"""), TestContext.Current.CancellationToken);

        Assert.Equal("Jane Roe", result?.ToString());
        Assert.Null(AgentGuardCallScope.Current);
    }

    [Fact]
    public async Task DeniedCall_ToolNeverRuns_AndNoScopeExists()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var client = host.Client();
        var ran = false;
        var tool = AIFunctionFactory.Create((string customer_id) =>
        {
            ran = true;
            return client.GetStringAsync(server.Url("x"));
        }, "crm.delete_customer").AsGuarded(host.Services);

        using var identity = Alice();
        var result = await tool.InvokeAsync(Args("""{"customer_id":"C123456"}"""), TestContext.Current.CancellationToken);

        Assert.False(ran);
        Assert.StartsWith("denied by AgentGuard", result?.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ToolSwallowsTheBackends403_GuardStillSeesADeniedResult()
    {
        await using var server = await TestServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 403;
            return Task.CompletedTask;
        });
        var decisions = new RecordingDecisionListener();
        await using var host = Host(server, decisions);
        var client = host.Client();
        var tool = AIFunctionFactory.Create(async (string query, int limit) =>
        {
            using var response = await client.GetAsync(server.Url("search?q=" + query));
            return response.IsSuccessStatusCode ? "results" : "nothing found"; // the 403 is swallowed
        }, "crm.search_customers").AsGuarded(host.Services);

        using var identity = Alice();
        var result = await tool.InvokeAsync(Args("""{"query":"roe","limit":5}"""), TestContext.Current.CancellationToken);

        Assert.Equal("nothing found", result?.ToString());
        var inspected = Assert.Single(decisions.Events, static e => e.Stage == DecisionStage.InspectResult);
        Assert.Equal(ToolResultStatus.Denied, inspected.Result!.Status);
        Assert.Equal($"http://{server.Host}/search", inspected.Result.Resource);
    }

    [Fact]
    public async Task ToolPresentsALeakedHandle_RequestRefused_ModelReadsAccessDenied_GuardSeesDenied()
    {
        await using var server = await TestServer.EchoAsync();
        var decisions = new RecordingDecisionListener();
        await using var host = Host(server, decisions);
        var leaked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "victim-session"), cancellationToken: TestContext.Current.CancellationToken);
        var client = host.Client();
        var tool = AIFunctionFactory.Create(async (string customer_id) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Url("customers/" + customer_id));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + leaked.Value);
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }, "crm.get_customer").AsGuarded(host.Services);

        using var identity = Alice();
        var result = await tool.InvokeAsync(Args("""{"customer_id":"C123456"}"""), TestContext.Current.CancellationToken);

        Assert.Equal("tool failed: access denied", result?.ToString());
        Assert.Empty(server.Requests);
        var inspected = Assert.Single(decisions.Events, static e => e.Stage == DecisionStage.InspectResult);
        Assert.Equal(ToolResultStatus.Denied, inspected.Result!.Status);
    }

    [Fact]
    public async Task LeakedHandleInTheModelsArguments_CallDeniedAsMisuse_ToolNeverRuns()
    {
        await using var server = await TestServer.EchoAsync();
        var decisions = new RecordingDecisionListener();
        await using var host = Host(server, decisions);
        var leaked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "victim-session"), cancellationToken: TestContext.Current.CancellationToken);
        var ran = false;
        var tool = AIFunctionFactory.Create((string query, int limit) =>
        {
            ran = true;
            return "results";
        }, "crm.search_customers").AsGuarded(host.Services);

        using var identity = Alice();
        var result = await tool.InvokeAsync(Args($$"""{"query":"{{leaked.Value}}","limit":5}"""), TestContext.Current.CancellationToken);

        Assert.False(ran);
        Assert.Contains("credential handle misuse", result?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(leaked.Value, result?.ToString(), StringComparison.Ordinal);
        Assert.Contains(CredentialRuleIds.HandleMisuse, Assert.Single(decisions.Events).Decision.RuleIds);
    }

    [Fact]
    public async Task ToolCodeOutsideAnyCall_NoCredential()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);

        using var identity = Alice();

        // An agent identity alone is not an authorized call.
        await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
        Assert.Empty(server.Requests);
    }
}
