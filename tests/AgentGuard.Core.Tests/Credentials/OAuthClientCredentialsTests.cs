using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class OAuthClientCredentialsTests
{
    private const string ClientSecret = "s:cret x/+=";

    private static CredentialTestHost Host(TokenServer tokens, Action<CredentialOptions>? more = null, Action<AgentGuardCredentialOptions>? options = null) =>
        new(g =>
        {
            g.AddCredential("crm", b =>
            {
                b.Hosts.Add(tokens.Server.Host);
                var credential = CredentialOptions.ClientCredentials(tokens.TokenEndpoint, "agent-client", SecretReference.FromValue(ClientSecret), "crm.read", "crm.write");
                more?.Invoke(credential);
                b.Credential = credential;
            });
            if (options is not null)
            {
                g.ConfigureCredentials(options);
            }
        });

    [Fact]
    public async Task TokenRequest_Rfc6749Shape_ClientSecretBasic()
    {
        await using var tokens = await TokenServer.StartAsync();
        await using var host = Host(tokens, c =>
        {
            c.Audience = "https://crm.contoso.example";
            c.Resources.Add("https://crm.contoso.example/api");
        });

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(tokens.Server.Url("api/customers"), TestContext.Current.CancellationToken);

        Assert.Equal("Bearer at-1", body);
        var form = Assert.Single(tokens.Forms);
        Assert.Equal(["client_credentials"], form["grant_type"]);
        Assert.Equal(["crm.read crm.write"], form["scope"]);
        Assert.Equal(["https://crm.contoso.example"], form["audience"]);
        Assert.Equal(["https://crm.contoso.example/api"], form["resource"]);
        Assert.False(form.ContainsKey("client_secret"));
        Assert.False(form.ContainsKey("client_id"));
        var authorization = Assert.Single(tokens.TokenAuthorizations)!;
        Assert.StartsWith("Basic ", authorization, StringComparison.Ordinal);
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]));
        Assert.Equal("agent-client:" + Uri.EscapeDataString(ClientSecret).Replace("%20", "+", StringComparison.Ordinal), pair);
    }

    [Fact]
    public async Task TokenRequest_ClientSecretPost_CredentialsInTheBody()
    {
        await using var tokens = await TokenServer.StartAsync();
        await using var host = Host(tokens, c => c.ClientAuthentication = ClientAuthenticationMethod.ClientSecretPost);

        using var scope = CredentialTestHost.As();
        await host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken);

        var form = Assert.Single(tokens.Forms);
        Assert.Equal(["agent-client"], form["client_id"]);
        Assert.Equal([ClientSecret], form["client_secret"]);
        Assert.Null(Assert.Single(tokens.TokenAuthorizations));
    }

    [Fact]
    public async Task Token_CachedUntilShortlyBeforeExpiry_ThenRefreshed()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, n) => (200, new { access_token = $"at-{n}", token_type = "bearer", expires_in = 120 });
        await using var host = Host(tokens, options: o => o.TokenRefreshBefore = TimeSpan.FromSeconds(30));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        var first = await client.GetStringAsync(tokens.Server.Url("api"), ct);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var cached = await client.GetStringAsync(tokens.Server.Url("api"), ct);
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        var stillCached = await client.GetStringAsync(tokens.Server.Url("api"), ct);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var refreshed = await client.GetStringAsync(tokens.Server.Url("api"), ct);

        Assert.Equal(["Bearer at-1", "Bearer at-1", "Bearer at-1", "Bearer at-2"], [first, cached, stillCached, refreshed]);
        Assert.Equal(2, tokens.TokenRequests);
    }

    [Fact]
    public async Task Token_WithoutExpiresIn_UsesTheDefaultLifetime()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, n) => (200, new { access_token = $"at-{n}", token_type = "Bearer" });
        await using var host = Host(tokens, options: o =>
        {
            o.DefaultTokenLifetime = TimeSpan.FromMinutes(10);
            o.TokenRefreshBefore = TimeSpan.Zero;
        });
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        await client.GetStringAsync(tokens.Server.Url("api"), ct);
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        await client.GetStringAsync(tokens.Server.Url("api"), ct);
        Assert.Equal(1, tokens.TokenRequests);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("Bearer at-2", await client.GetStringAsync(tokens.Server.Url("api"), ct));
    }

    [Fact]
    public async Task ConcurrentFirstUse_OneTokenRequest()
    {
        await using var tokens = await TokenServer.StartAsync();
        await using var host = Host(tokens);
        var client = host.Client();

        var bodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            using var scope = CredentialTestHost.As(user: $"user{i}");
            return await client.GetStringAsync(tokens.Server.Url("api"));
        })));

        Assert.All(bodies, b => Assert.Equal("Bearer at-1", b));
        Assert.Equal(1, tokens.TokenRequests);
    }

    [Fact]
    public async Task TokenEndpointError_FailsWithTheErrorCodeOnly_NotCached()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, n) => n == 1
            ? (401, new { error = "invalid_client", error_description = "client secret s:cret x/+= is wrong" })
            : (200, new { access_token = $"at-{n}", token_type = "Bearer", expires_in = 300 });
        await using var host = Host(tokens);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetStringAsync(tokens.Server.Url("api"), ct));
        Assert.Equal(CredentialRuleIds.TokenEndpointFailed, ex.RuleId);
        Assert.Null(ex.StatusCode);
        Assert.Contains("invalid_client", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(tokens.BackendRequests);
        Assert.False(scope.IsDenied);

        Assert.Equal("Bearer at-2", await client.GetStringAsync(tokens.Server.Url("api"), ct));
    }

    [Fact]
    public async Task BackendRejects401_CachedTokenDropped_NextRequestGetsANewOne()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.BackendStatus = static r => r.Header("Authorization") == "Bearer at-1" ? 401 : 200;
        await using var host = Host(tokens);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As();

        using var rejected = await client.GetAsync(tokens.Server.Url("api"), ct);
        using var accepted = await client.GetAsync(tokens.Server.Url("api"), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Bearer at-2", await accepted.Content.ReadAsStringAsync(ct));
        Assert.Equal(2, tokens.TokenRequests);
    }

    [Theory]
    [InlineData("""{"access_token":"x","token_type":"mac","expires_in":60}""")]
    [InlineData("""{"token_type":"Bearer","expires_in":60}""")]
    [InlineData("""{"access_token":"has space","token_type":"Bearer"}""")]
    [InlineData("""not json""")]
    public async Task MalformedTokenResponse_Fails(string json)
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = (_, _) => (200, System.Text.Json.JsonDocument.Parse(json.StartsWith('{') ? json : "\"not json\"").RootElement.Clone());
        await using var host = Host(tokens);

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.TokenEndpointFailed, ex.RuleId);
        Assert.Empty(tokens.BackendRequests);
    }

    [Fact]
    public async Task TokenEndpointRedirect_NotFollowed_ClientSecretGoesNowhereElse()
    {
        await using var elsewhere = await TestServer.EchoAsync();
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = (_, _) => (307, new { });
        await using var redirecting = await TestServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = elsewhere.Url("token").ToString();
            return Task.CompletedTask;
        });
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", b =>
        {
            b.Hosts.Add(tokens.Server.Host);
            b.Credential = CredentialOptions.ClientCredentials(redirecting.Url("token"), "agent-client", SecretReference.FromValue(ClientSecret));
        }));

        using var scope = CredentialTestHost.As();
        await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken));

        Assert.Single(redirecting.Requests);
        Assert.Empty(elsewhere.Requests);
    }
}
