using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class AgentGuardCredentialHandlerTests
{
    private const string Secret = "crm-real-secret-7f3a";

    private static CredentialTestHost Host(TestServer server, Action<CredentialBackendOptions>? more = null, Action<IServiceCollection>? services = null) =>
        new(g => g.AddCredential("crm", b =>
        {
            b.Hosts.Add(server.Host);
            b.Credential = CredentialOptions.Bearer(SecretReference.FromValue(Secret));
            more?.Invoke(b);
        }), services);

    [Fact]
    public async Task NoCallScope_Refused_NothingSent()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);

        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.NoCall, ex.RuleId);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task TaskThatOutlivesTheCall_GetsNoCredential()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var client = host.Client();
        var release = new TaskCompletionSource();
        Task<string> leaked;
        using (CredentialTestHost.As())
        {
            // Started inside the call (so it inherits the scope), but it runs after the call has returned.
            leaked = Task.Run(async () =>
            {
                await release.Task;
                return await client.GetStringAsync(server.Url("later"));
            });
        }

        release.SetResult();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => leaked);

        Assert.Equal(CredentialRuleIds.NoCall, ex.RuleId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ToolNotDeclaredForBackend_RefusedAndRecordedOnTheCall()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);

        using var scope = CredentialTestHost.As(tool: "email.send");
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.ToolNotAllowed, ex.RuleId);
        Assert.Empty(server.Requests);
        var denial = Assert.Single(scope.Denials);
        Assert.Equal(CredentialRuleIds.ToolNotAllowed, denial.RuleId);
        Assert.Equal("crm", denial.Backend);
    }

    [Fact]
    public async Task ExplicitToolList_ReplacesTheDefaultBackendGlob()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server, b => b.Tools.Add("tickets.get"));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;

        using (CredentialTestHost.As(tool: "tickets.get"))
        {
            Assert.Equal("Bearer " + Secret, await client.GetStringAsync(server.Url("x"), ct));
        }

        using (CredentialTestHost.As(tool: "crm.get_customer"))
        {
            await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetStringAsync(server.Url("x"), ct));
        }
    }

    [Fact]
    public async Task UndeclaredHost_SamePortOtherName_Refused()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);

        using var scope = CredentialTestHost.As();

        // localhost:port reaches the same server, but only 127.0.0.1:port is declared.
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() =>
            host.Client().GetStringAsync(new Uri($"http://localhost:{server.BaseUri.Port}/x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HostNotAllowed, ex.RuleId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UndeclaredPort_Refused()
    {
        await using var server = await TestServer.EchoAsync();
        await using var other = await TestServer.EchoAsync();
        await using var host = Host(server);

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(other.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HostNotAllowed, ex.RuleId);
        Assert.Empty(other.Requests);
        Assert.True(scope.IsDenied);
    }

    [Fact]
    public async Task PlainHttpToNonLoopbackHost_Refused_HttpsAccepted()
    {
        var primary = new RecordingHandler();
        await using var host = new CredentialTestHost(
            g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), "crm.contoso.example"),
            s => s.AddHttpClient("crm").ConfigurePrimaryHttpMessageHandler(() => primary));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetAsync(new Uri("http://crm.contoso.example/x"), ct));
        Assert.Equal(CredentialRuleIds.InsecureScheme, ex.RuleId);
        Assert.Empty(primary.Sent);

        var ok = await client.GetAsync(new Uri("https://crm.contoso.example/x"), ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer " + Secret, Assert.Single(primary.Sent).Headers["Authorization"]);
    }

    [Fact]
    public async Task WildcardHost_MatchesSubdomainsOnly_OnTheDefaultPort()
    {
        var primary = new RecordingHandler();
        await using var host = new CredentialTestHost(
            g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), "*.crm.contoso.example"),
            s => s.AddHttpClient("crm").ConfigurePrimaryHttpMessageHandler(() => primary));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        await client.GetAsync(new Uri("https://eu.api.crm.contoso.example/x"), ct);
        foreach (var refused in new[] { "https://crm.contoso.example/x", "https://evilcrm.contoso.example/x", "https://eu.crm.contoso.example:8443/x", "https://crm.contoso.example.evil.example/x" })
        {
            var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetAsync(new Uri(refused), ct));
            Assert.Equal(CredentialRuleIds.HostNotAllowed, ex.RuleId);
        }

        Assert.Single(primary.Sent);
    }

    [Fact]
    public async Task CallerSuppliedCredentials_AllStripped_OnlyTheInjectedOneArrives()
    {
        await using var server = await TestServer.StartAsync((context, _) => context.Response.WriteAsync("ok"));
        await using var host = Host(server, b =>
        {
            b.Users["frank"] = CredentialOptions.ApiKey(SecretReference.FromValue("frank-key"), "X-Crm-Key");
            b.StripHeaders.Add("X-Upstream-Token");
        });

        using var scope = CredentialTestHost.As();
        var uri = new UriBuilder(server.Url("customers?id=1")) { UserName = "attacker", Password = "stolen" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer attacker-token");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic cHJveHk6cHc=");
        request.Headers.TryAddWithoutValidation("Cookie", "session=attacker");
        request.Headers.TryAddWithoutValidation("X-Crm-Key", "guessed-key");
        request.Headers.TryAddWithoutValidation("X-Upstream-Token", "t");
        request.Content.Headers.TryAddWithoutValidation("X-Crm-Key", "hidden-in-content-headers");
        using var response = await host.Client().SendAsync(request, TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + Secret, received.Header("Authorization"));
        Assert.Null(received.Header("Proxy-Authorization"));
        Assert.Null(received.Header("Cookie"));
        Assert.Null(received.Header("X-Crm-Key"));
        Assert.Null(received.Header("X-Upstream-Token"));
        Assert.DoesNotContain("attacker", received.HostHeader, StringComparison.Ordinal);
        Assert.Equal("?id=1", received.Query);
        Assert.Contains(host.Logs.Entries, e => e.Contains("[1302]", StringComparison.Ordinal) && e.Contains("URL userinfo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InjectedCredential_RemovedFromTheRequestAfterTheSend()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);

        using var scope = CredentialTestHost.As();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        using var response = await host.Client().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer " + Secret, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(request.Headers.Contains("Authorization"));
        Assert.False(response.RequestMessage!.Headers.Contains("Authorization"));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task BackendRefusal_PassedThroughAndRecordedOnTheCall(int status)
    {
        await using var server = await TestServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        await using var host = Host(server);

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(server.Url("repos/secret/file?ref=abc"), TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        var denial = Assert.Single(scope.Denials);
        Assert.Equal(CredentialRuleIds.BackendDenied, denial.RuleId);
        Assert.Equal(status, denial.StatusCode);
        Assert.Equal($"http://{server.Host}/repos/secret/file", denial.Resource);
    }

    [Fact]
    public async Task HandleInTheUrl_RefusedAsMisuse()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var handle = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(), cancellationToken: TestContext.Current.CancellationToken);

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() =>
            host.Client().GetStringAsync(server.Url("x?token=" + handle.Value), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HandleMisuse, ex.RuleId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task HandlerAddedAfterOurs_StillRunsBeforeIt_SoItCannotReplaceTheCredential()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server, services: s => s.AddHttpClient("crm").AddHttpMessageHandler(() => new SettingHandler("Bearer planted-later")));

        using var scope = CredentialTestHost.As();
        Assert.Equal("Bearer " + Secret, await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SynchronousSend_GoesThroughTheSameChecks()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var client = host.Client();

        Assert.Throws<AgentGuardCredentialException>(() => client.Send(new HttpRequestMessage(HttpMethod.Get, server.Url("x")), TestContext.Current.CancellationToken));
        using var scope = CredentialTestHost.As();
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, server.Url("x")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task UnknownBackend_ClientCreationFails()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(
            g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), server.Host), clients: ["billing"]);

        var ex = Assert.Throws<InvalidOperationException>(() => host.Client("billing"));
        Assert.Contains("billing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostHeaderNamingAnotherSite_Refused_MatchingOneAccepted()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        spoofed.Headers.Host = "evil.example";
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.SendAsync(spoofed, ct));
        Assert.Equal(CredentialRuleIds.HostNotAllowed, ex.RuleId);
        Assert.Empty(server.Requests);

        using var same = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        same.Headers.Host = server.Host;
        using var response = await client.SendAsync(same, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Customer", "C1\r\nAuthorization: Bearer attacker")]
    [InlineData("X-Customer", "C1\nX-Smuggled: 1")]
    [InlineData("X-Customer", "C1\rX-Smuggled: 1")]
    [InlineData("X-Customer", "C1\0")]
    [InlineData("Content-Language", "en\r\nTransfer-Encoding: chunked")] // a content header
    public async Task HeaderWithLineBreakOrNul_Refused_NothingReachesBackend(string name, string value)
    {
        // Tool code that copies model text into a header (TryAddWithoutValidation) must not let the model smuggle a
        // second header, or a second request, next to the credential AgentGuard adds.
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("x")) { Content = new StringContent("{}") };
        var added = request.Headers.TryAddWithoutValidation(name, value) || request.Content.Headers.TryAddWithoutValidation(name, value);
        Assert.True(added);

        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.SendAsync(request, ct));
        Assert.Equal(CredentialRuleIds.BadHeader, ex.RuleId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task LowercaseAndCookieHeaders_AlsoStripped_HandleInACookieChecked()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = Host(server);
        var leaked = await host.Handles.IssueAsync("crm", CredentialTestHost.Context(session: "victim"), cancellationToken: TestContext.Current.CancellationToken);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        using var lower = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        lower.Headers.TryAddWithoutValidation("authorization", "Bearer attacker");
        using var ok = await client.SendAsync(lower, ct);
        Assert.Equal("Bearer " + Secret, await ok.Content.ReadAsStringAsync(ct));

        using var cookie = new HttpRequestMessage(HttpMethod.Get, server.Url("x"));
        cookie.Headers.TryAddWithoutValidation("Cookie", "token=" + leaked.Value);
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.SendAsync(cookie, ct));
        Assert.Equal(CredentialRuleIds.HandleMisuse, ex.RuleId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task TwoBackendsOnOneClient_Refused()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(
            g => g
                .AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue(Secret)), server.Host)
                .AddCredential("billing", CredentialOptions.Bearer(SecretReference.FromValue("other")), server.Host),
            s => s.AddHttpClient("crm").AddAgentGuardCredentials("billing"));

        var ex = Assert.Throws<InvalidOperationException>(() => host.Client());
        Assert.Contains("one client per backend", ex.Message, StringComparison.Ordinal);
    }

    private sealed class SettingHandler(string value) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("Authorization");
            request.Headers.TryAddWithoutValidation("Authorization", value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
