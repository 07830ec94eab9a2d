using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class CredentialRedirectTests
{
    private const string Secret = "crm-redirect-secret";

    private static CredentialTestHost Host(Action<CredentialBackendOptions> hosts, Action<IServiceCollection>? services = null, CredentialOptions? credential = null) =>
        new(g => g.AddCredential("crm", b =>
        {
            b.Credential = credential ?? CredentialOptions.Bearer(SecretReference.FromValue(Secret));
            hosts(b);
        }), services);

    private static Task<TestServer> Redirecting(Func<ReceivedRequest, string?> location, int status = 302) =>
        TestServer.StartAsync(async (context, r) =>
        {
            if (location(r) is { } target)
            {
                context.Response.StatusCode = status;
                context.Response.Headers.Location = target;
                return;
            }

            await context.Response.WriteAsync($"{r.Method} {r.Path} {r.Header("Authorization") ?? "(none)"} {r.Body}");
        });

    [Fact]
    public async Task SameHostRedirect_FollowedWithTheCredentialOnEachHop()
    {
        await using var server = await Redirecting(r => r.Path == "/start" ? "/final" : null);
        await using var host = Host(b => b.Hosts.Add(server.Host));

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal($"GET /final Bearer {Secret} ", body);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Secret, r.Header("Authorization")));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task CrossHostRedirect_NotFollowed_NoRequestAndNoCredentialReachTheOtherHost()
    {
        await using var attacker = await TestServer.EchoAsync();
        await using var server = await Redirecting(_ => attacker.Url("steal").ToString());
        await using var host = Host(b => b.Hosts.Add(server.Host));

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(attacker.Url("steal"), response.Headers.Location);
        Assert.Empty(attacker.Requests);
        Assert.Contains(host.Logs.Entries, e => e.Contains("[1304]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrossHostRedirect_FollowedByTheToolItself_RefusedAsUndeclaredHost()
    {
        await using var attacker = await TestServer.EchoAsync();
        await using var server = await Redirecting(_ => attacker.Url("steal").ToString());
        await using var host = Host(b => b.Hosts.Add(server.Host));
        var client = host.Client();

        using var scope = CredentialTestHost.As();
        using var response = await client.GetAsync(server.Url("start"), TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetAsync(response.Headers.Location!, TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.HostNotAllowed, ex.RuleId);
        Assert.Empty(attacker.Requests);
    }

    [Fact]
    public async Task CrossHostRedirect_EvenWhenAPrimaryHandlerWithAutoRedirectIsConfiguredLater_NothingReachesTheOtherHost()
    {
        await using var attacker = await TestServer.EchoAsync("X-API-Key");
        await using var server = await Redirecting(_ => attacker.Url("steal").ToString(), status: 307);
        await using var host = Host(
            b => b.Hosts.Add(server.Host),
            s => s.AddHttpClient("crm").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = true }),
            CredentialOptions.ApiKey(SecretReference.FromValue(Secret)));

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Empty(attacker.Requests);
    }

    [Fact]
    public async Task RedirectToAnotherDeclaredHost_FollowedWithTheCredential()
    {
        await using var second = await Redirecting(_ => null);
        await using var first = await Redirecting(_ => second.Url("moved").ToString(), status: 301);
        await using var host = Host(b =>
        {
            b.Hosts.Add(first.Host);
            b.Hosts.Add(second.Host);
        });

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(first.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal($"GET /moved Bearer {Secret} ", body);
    }

    [Fact]
    public async Task Redirect307_KeepsMethodAndBody_303_SwitchesToGetWithoutBody()
    {
        await using var server = await TestServer.StartAsync(async (context, r) =>
        {
            switch (r.Path)
            {
                case "/temp":
                    context.Response.StatusCode = 307;
                    context.Response.Headers.Location = "/echo";
                    return;
                case "/other":
                    context.Response.StatusCode = 303;
                    context.Response.Headers.Location = "/echo";
                    return;
                default:
                    await context.Response.WriteAsync($"{r.Method}:{r.Body}");
                    return;
            }
        });
        await using var host = Host(b => b.Hosts.Add(server.Host));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;

        using var scope = CredentialTestHost.As();
        using var kept = await client.PostAsync(server.Url("temp"), new StringContent("payload"), ct);
        using var switched = await client.PostAsync(server.Url("other"), new StringContent("payload"), ct);

        Assert.Equal("POST:payload", await kept.Content.ReadAsStringAsync(ct));
        Assert.Equal("GET:", await switched.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task RedirectLoop_StopsAfterMaxRedirects()
    {
        await using var server = await Redirecting(r => "/again");
        await using var host = Host(b =>
        {
            b.Hosts.Add(server.Host);
            b.MaxRedirects = 3;
        });

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task FollowRedirectsOff_RedirectReturnedAsIs()
    {
        await using var server = await Redirecting(r => r.Path == "/start" ? "/final" : null);
        await using var host = Host(b =>
        {
            b.Hosts.Add(server.Host);
            b.FollowRedirects = false;
        });

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task RedirectWithUserInfo_FollowedWithoutIt()
    {
        await using var server = await Redirecting(r => r.Path == "/start" ? $"http://planted:pw@{r.HostHeader}/final" : null);
        await using var host = Host(b => b.Hosts.Add(server.Host));

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(server.Url("start"), TestContext.Current.CancellationToken);

        Assert.Equal($"GET /final Bearer {Secret} ", body);
        Assert.DoesNotContain("planted", server.Requests[^1].HostHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsToHttpRedirect_NotFollowed()
    {
        var primary = new RecordingHandler(request => request.RequestUri!.AbsolutePath == "/start"
            ? new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("http://crm.contoso.example/plain") } }
            : new HttpResponseMessage(HttpStatusCode.OK));
        await using var host = Host(
            b =>
            {
                b.Hosts.Add("crm.contoso.example");
                b.RequireHttps = false;
            },
            s => s.AddHttpClient("crm").ConfigurePrimaryHttpMessageHandler(() => primary));

        using var scope = CredentialTestHost.As();
        using var response = await host.Client().GetAsync(new Uri("https://crm.contoso.example/start"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(primary.Sent);
    }

    [Fact]
    public async Task InnerPipelineThatFollowsRedirectsItself_ResponseRefused()
    {
        var primary = new RecordingHandler(request =>
        {
            // What an auto-redirecting handler does: it rewrites the request's URI while following.
            request.RequestUri = new Uri("https://elsewhere.example/landed");
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        await using var host = Host(b => b.Hosts.Add("crm.contoso.example"), s => s.AddHttpClient("crm").ConfigurePrimaryHttpMessageHandler(() => primary));

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() =>
            host.Client().GetAsync(new Uri("https://crm.contoso.example/start"), TestContext.Current.CancellationToken));

        Assert.Contains("follows redirects", ex.Message, StringComparison.Ordinal);
    }
}
