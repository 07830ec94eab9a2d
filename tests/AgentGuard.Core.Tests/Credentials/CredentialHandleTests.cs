using System.Net;
using System.Text.RegularExpressions;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed partial class CredentialHandleTests
{
    private const string Secret = "crm-handle-secret";

    private static CredentialTestHost Host(TestServer? server = null) =>
        new(g => g
            .AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), server?.Host ?? "crm.contoso.example")
            .AddCredential("billing", CredentialOptions.Bearer(SecretReference.FromValue("billing-secret")), "billing.contoso.example")
            .ConfigureCredentials(o => o.HandleLifetime = TimeSpan.FromMinutes(10)));

    [GeneratedRegex("^agh_[A-Za-z0-9_-]{43}$")]
    private static partial Regex HandleShape();

    [Fact]
    public async Task Issue_OpaqueBase64UrlHandle_UniqueAndNeverPrinted()
    {
        await using var host = Host();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Matches(HandleShape(), handle.Value);
            Assert.True(seen.Add(handle.Value));
            Assert.DoesNotContain(handle.Value[4..], handle.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Issue_BindsSessionAgentUserBackendToolsAndLifetime()
    {
        await using var host = Host();
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);

        var b = handle.Binding;
        Assert.Equal(("crm", "s1", "agent-1", "alice"), (b.Backend, b.SessionId, b.AgentId, b.UserId));
        Assert.Equal(["crm.*"], b.Tools);
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), b.ExpiresAt);
    }

    [Fact]
    public async Task Issue_UnknownBackendOrTooLongLifetime_Throws()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.Handles.IssueAsync("nope", CredentialTestHost.Context(), cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), lifetime: TimeSpan.FromMinutes(11), cancellationToken: ct));
    }

    [Theory]
    [InlineData("crm.get_customer", "alice", "s1", "agent-1", "crm", CredentialHandleStatus.Valid)]
    [InlineData("crm.get_customer", "alice", "s2", "agent-1", "crm", CredentialHandleStatus.WrongSession)]
    [InlineData("crm.get_customer", "alice", "s1", "agent-2", "crm", CredentialHandleStatus.WrongAgent)]
    [InlineData("crm.get_customer", "alice", "s1", null, "crm", CredentialHandleStatus.WrongAgent)]
    [InlineData("crm.get_customer", "bob", "s1", "agent-1", "crm", CredentialHandleStatus.WrongUser)]
    [InlineData("crm.get_customer", null, "s1", "agent-1", "crm", CredentialHandleStatus.WrongUser)]
    [InlineData("email.send", "alice", "s1", "agent-1", "crm", CredentialHandleStatus.WrongTool)]
    [InlineData("crm.get_customer", "alice", "s1", "agent-1", "billing", CredentialHandleStatus.WrongBackend)]
    public async Task Validate_OutsideItsBinding_Refused(string tool, string? user, string session, string? agent, string backend, CredentialHandleStatus expected)
    {
        await using var host = Host();
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);

        var status = await host.Handles.ValidateAsync(handle.Value, CredentialTestHost.Call(tool, user, session, agent), backend, TestContext.Current.CancellationToken);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Validate_NarrowerToolList_OnlyThoseTools()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), tools: ["crm.get_customer"], cancellationToken: ct);

        Assert.Equal(CredentialHandleStatus.Valid, await host.Handles.ValidateAsync(handle.Value, CredentialTestHost.Call("crm.get_customer"), "crm", ct));
        Assert.Equal(CredentialHandleStatus.WrongTool, await host.Handles.ValidateAsync(handle.Value, CredentialTestHost.Call("crm.search_customers"), "crm", ct));
    }

    [Fact]
    public async Task Validate_ToolListWiderThanTheBackend_BackendStillLimits()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), tools: ["*"], cancellationToken: ct);

        Assert.Equal(CredentialHandleStatus.WrongTool, await host.Handles.ValidateAsync(handle.Value, CredentialTestHost.Call("email.send"), null, ct));
    }

    [Fact]
    public async Task Validate_ExpiredRevokedForgedOrRevokedWithSession_Refused()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var call = CredentialTestHost.Call();
        var expiring = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), lifetime: TimeSpan.FromMinutes(1), cancellationToken: ct);
        var revoked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: ct);
        var sessionWide = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: ct);
        var otherSession = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "s9"), cancellationToken: ct);

        Assert.True(await host.Handles.RevokeAsync(revoked.Value, ct));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CredentialHandleStatus.Expired, await host.Handles.ValidateAsync(expiring.Value, call, "crm", ct));
        Assert.Equal(CredentialHandleStatus.Unknown, await host.Handles.ValidateAsync(revoked.Value, call, "crm", ct));
        Assert.Equal(CredentialHandleStatus.Unknown, await host.Handles.ValidateAsync("agh_" + new string('A', 43), call, "crm", ct));
        Assert.Equal(CredentialHandleStatus.Unknown, await host.Handles.ValidateAsync(sessionWide.Value + "x", call, "crm", ct));
        Assert.Equal(CredentialHandleStatus.Valid, await host.Handles.ValidateAsync(sessionWide.Value, call, "crm", ct));

        Assert.Equal(2, await host.Handles.RevokeSessionAsync("s1", ct));
        Assert.Equal(CredentialHandleStatus.Unknown, await host.Handles.ValidateAsync(sessionWide.Value, call, "crm", ct));
        Assert.Equal(CredentialHandleStatus.Valid, await host.Handles.ValidateAsync(otherSession.Value, CredentialTestHost.Call(session: "s9"), "crm", ct));
    }

    [Fact]
    public async Task Handler_ValidHandleInAuthorization_SwappedForTheRealCredential()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);
        var client = host.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", handle.Value);

        using var scope = CredentialTestHost.As();
        var body = await client.GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken);

        Assert.Equal("Bearer " + Secret, body);
        Assert.DoesNotContain(server.Requests.SelectMany(static r => r.Headers.Values), v => v.Contains("agh_", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, static e => e.Contains("[1302]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handler_ValidHandleInItsOwnHeader_Accepted()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        request.Headers.Add("X-AgentGuard-Handle", handle.Value);

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer " + Secret, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Null(server.Requests[0].Header("X-AgentGuard-Handle"));
    }

    [Theory]
    [InlineData("s2", "alice", "crm.get_customer")]
    [InlineData("s1", "bob", "crm.get_customer")]
    [InlineData("s1", "alice", "crm.search_customers")]
    public async Task Handler_HandleFromAnotherSessionUserOrTool_RefusedAndNothingSent(string session, string user, string tool)
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), tools: ["crm.get_customer"], cancellationToken: TestContext.Current.CancellationToken);
        var client = host.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + handle.Value);

        using var scope = CredentialTestHost.As(tool: tool, user: user, session: session);
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HandleMisuse, ex.RuleId);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.DoesNotContain(handle.Value, ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Equal(CredentialRuleIds.HandleMisuse, Assert.Single(scope.Denials).RuleId);
    }

    [Fact]
    public async Task Handler_HandleForAnotherBackend_Refused()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var billing = await host.Handles.IssueAsync("billing", CredentialTestHost.Context(), tools: ["crm.*"], cancellationToken: TestContext.Current.CancellationToken);
        var client = host.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + billing.Value);

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HandleMisuse, ex.RuleId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Check_HandleOfAnotherSessionInArguments_DeniedAsMisuse()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var leaked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "victim"), cancellationToken: ct);

        var decision = await host.Guard.AuthorizeAsync(TestGuard.Call("crm.search_customers", $$"""{"query":"{{leaked.Value}}","limit":5}"""), ct);

        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains(CredentialRuleIds.HandleMisuse, decision.RuleIds);
        Assert.DoesNotContain(decision.Reasons, r => r.Contains(leaked.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_OwnHandleSentThroughAnEgressTool_DeniedAsMisuse()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var own = await host.Handles.IssueAsync("crm", new AgentGuardContext { SessionId = "s1", UserId = "alice", Persona = "support-triage" }, cancellationToken: ct);

        var decision = await host.Guard.AuthorizeAsync(
            TestGuard.Call("email.send", $$"""{"to":"x@contoso.example","body":"here is the key: {{own.Value}}."}"""), ct);

        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Contains(CredentialRuleIds.HandleMisuse, decision.RuleIds);
    }

    [Fact]
    public async Task Check_HandleValidForTheCall_NotRefused()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var own = await host.Handles.IssueAsync("crm", new AgentGuardContext { SessionId = "s1", UserId = "alice", Persona = "support-triage" }, cancellationToken: ct);

        var decision = await host.Guard.AuthorizeAsync(TestGuard.Call("crm.search_customers", $$"""{"query":"{{own.Value}}","limit":5}"""), ct);

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.DoesNotContain(CredentialRuleIds.HandleMisuse, decision.RuleIds);
    }

    [Fact]
    public async Task Check_ForgedHandleNestedInArraysAndKeys_DeniedEvenAfterAnEarlierDenial()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var forged = "agh_" + Convert.ToBase64String(new byte[24]).Replace('+', '-').Replace('/', '_');

        var nested = await host.Guard.AuthorizeAsync(TestGuard.Call("crm.search_customers", $$"""{"query":"x","limit":5,"extra":[{"k":"({{forged}})"}]}"""), ct);
        var asKey = await host.Guard.AuthorizeAsync(TestGuard.Call("crm.delete_customer", $$"""{"{{forged}}":1}"""), ct);

        Assert.Contains(CredentialRuleIds.HandleMisuse, nested.RuleIds);
        Assert.Contains("scope.not_in_persona", asKey.RuleIds);
        Assert.Contains(CredentialRuleIds.HandleMisuse, asKey.RuleIds);
    }

    [Theory]
    [InlineData("xagh_AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("_agh_AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("agh_AAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("agh AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Check_NotHandleShaped_Ignored(string text)
    {
        await using var host = Host();

        var decision = await host.Guard.AuthorizeAsync(TestGuard.Call("crm.search_customers", $$"""{"query":"{{text}}","limit":5}"""), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(CredentialRuleIds.HandleMisuse, decision.RuleIds);
    }

    [Fact]
    public async Task Check_WorksWithoutDependencyInjection()
    {
        await using var host = Host();
        var ct = TestContext.Current.CancellationToken;
        var leaked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "victim"), cancellationToken: ct);
        var guard = new TestGuard(TestGuard.Policy(), extraChecks: [new CredentialHandleCheck(host.Handles)]);

        var decision = await guard.Engine.AuthorizeAsync(TestGuard.Call("crm.search_customers", $$"""{"query":"{{leaked.Value}}","limit":5}"""), ct);

        Assert.Contains(CredentialRuleIds.HandleMisuse, decision.RuleIds);
    }

    [Fact]
    public void Registration_AddsTheCheckAtTheCredentialsPosition()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddCredential("crm", CredentialOptions.PassThrough(), "crm.contoso.example");
        using var provider = services.BuildServiceProvider();

        var check = Assert.Single(provider.GetServices<IGuardCheck>().OfType<CredentialHandleCheck>());
        Assert.Equal(GuardCheckOrder.Credentials, check.Order);
        Assert.True(check.RunsAfterDenial);
    }
}
