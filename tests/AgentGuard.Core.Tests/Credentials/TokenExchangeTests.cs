using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class TokenExchangeTests
{
    private const string ClientSecret = "exchange-client-secret";

    private static CredentialTestHost Host(TokenServer tokens, TestUserTokens users, Action<CredentialOptions>? more = null) =>
        new(g => g
            .UseUserTokenProvider(users)
            .AddCredential("crm", b =>
            {
                b.Hosts.Add(tokens.Server.Host);
                var credential = CredentialOptions.TokenExchange(tokens.TokenEndpoint, "agentguard", SecretReference.FromValue(ClientSecret), "urn:crm", "crm.read");
                more?.Invoke(credential);
                b.Credential = credential;
            }));

    [Fact]
    public async Task Exchange_Rfc8693RequestFields()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (form, n) => (200, new
        {
            access_token = $"crm-for-{form["subject_token"][0]}",
            issued_token_type = "urn:ietf:params:oauth:token-type:access_token",
            token_type = "Bearer",
            expires_in = 300,
        });
        var users = new TestUserTokens();
        var reference = users.SignIn("alice", "alice-idp-token", "urn:ietf:params:oauth:token-type:id_token");
        await using var host = Host(tokens, users, c =>
        {
            c.Resources.Add("https://crm.contoso.example/api");
            c.Resources.Add("https://crm.contoso.example/files");
            c.ActorToken = SecretReference.FromValue("agent-actor-token");
        });

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: reference);
        var body = await host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken);

        Assert.Equal("Bearer crm-for-alice-idp-token", body);
        var form = Assert.Single(tokens.Forms);
        Assert.Equal(["urn:ietf:params:oauth:grant-type:token-exchange"], form["grant_type"]);
        Assert.Equal(["alice-idp-token"], form["subject_token"]);
        Assert.Equal(["urn:ietf:params:oauth:token-type:id_token"], form["subject_token_type"]);
        Assert.Equal(["urn:ietf:params:oauth:token-type:access_token"], form["requested_token_type"]);
        Assert.Equal(["urn:crm"], form["audience"]);
        Assert.Equal(["crm.read"], form["scope"]);
        Assert.Equal(["https://crm.contoso.example/api", "https://crm.contoso.example/files"], form["resource"]);
        Assert.Equal(["agent-actor-token"], form["actor_token"]);
        Assert.Equal(["urn:ietf:params:oauth:token-type:access_token"], form["actor_token_type"]);
        Assert.False(form.ContainsKey("client_secret"));
        Assert.Equal("agentguard:" + ClientSecret, Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(tokens.TokenAuthorizations)![6..])));
        Assert.Equal(reference, Assert.Single(users.Requests).Reference);
    }

    [Fact]
    public async Task Exchange_ConfiguredSubjectTokenType_OverridesTheProviders()
    {
        await using var tokens = await TokenServer.StartAsync();
        var users = new TestUserTokens();
        var reference = users.SignIn("alice", "alice-jwt");
        await using var host = Host(tokens, users, c => c.SubjectTokenType = "urn:ietf:params:oauth:token-type:jwt");

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: reference);
        await host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken);

        Assert.Equal(["urn:ietf:params:oauth:token-type:jwt"], Assert.Single(tokens.Forms)["subject_token_type"]);
    }

    [Fact]
    public async Task Exchange_CachedPerUserAndPerUserToken()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (form, n) => (200, new { access_token = $"x{n}-{form["subject_token"][0]}", token_type = "Bearer", expires_in = 600 });
        var users = new TestUserTokens();
        var alice = users.SignIn("alice", "alice-1");
        var bob = users.SignIn("bob", "bob-1");
        await using var host = Host(tokens, users);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;

        async Task<string> As(string user, string reference)
        {
            using var scope = CredentialTestHost.As(user: user, userTokenReference: reference);
            return await client.GetStringAsync(tokens.Server.Url("api"), ct);
        }

        var a1 = await As("alice", alice);
        var b1 = await As("bob", bob);
        var a2 = await As("alice", alice);
        var aliceAgain = users.SignIn("alice", "alice-2");
        var a3 = await As("alice", aliceAgain);

        Assert.Equal("Bearer x1-alice-1", a1);
        Assert.Equal("Bearer x2-bob-1", b1);
        Assert.Equal(a1, a2);
        Assert.Equal("Bearer x3-alice-2", a3);
        Assert.Equal(3, tokens.TokenRequests);
    }

    [Fact]
    public async Task Exchange_ExpiredToken_ExchangedAgain()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, n) => (200, new { access_token = $"x{n}", token_type = "Bearer", expires_in = 60 });
        var users = new TestUserTokens();
        var alice = users.SignIn("alice", "alice-1");
        await using var host = Host(tokens, users);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;
        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: alice);

        Assert.Equal("Bearer x1", await client.GetStringAsync(tokens.Server.Url("api"), ct));
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("Bearer x1", await client.GetStringAsync(tokens.Server.Url("api"), ct));
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("Bearer x2", await client.GetStringAsync(tokens.Server.Url("api"), ct));
    }

    [Fact]
    public async Task Exchange_NoUserToken_RefusedAsDenied()
    {
        await using var tokens = await TokenServer.StartAsync();
        var users = new TestUserTokens();
        var bobs = users.SignIn("bob", "bob-1");
        await using var host = Host(tokens, users);
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;

        // No reference at all, and bob's reference presented by alice's call.
        foreach (var reference in new string?[] { null, bobs })
        {
            using var scope = CredentialTestHost.As(user: "alice", userTokenReference: reference);
            var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => client.GetStringAsync(tokens.Server.Url("api"), ct));
            Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
            Assert.True(scope.IsDenied);
        }

        Assert.Equal(0, tokens.TokenRequests);
        Assert.Empty(tokens.BackendRequests);
    }

    [Fact]
    public async Task Exchange_InvalidGrant_RefusedAsDenied()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, _) => (400, new { error = "invalid_grant" });
        var users = new TestUserTokens();
        var alice = users.SignIn("alice", "alice-1");
        await using var host = Host(tokens, users);

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: alice);
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.TokenRefused, ex.RuleId);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(CredentialRuleIds.TokenRefused, Assert.Single(scope.Denials).RuleId);
        Assert.Empty(tokens.BackendRequests);
    }

    [Fact]
    public async Task Exchange_IssuedTokenTypeDiffersFromRequested_Fails()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (_, _) => (200, new { access_token = "x", issued_token_type = "urn:ietf:params:oauth:token-type:refresh_token", token_type = "Bearer" });
        var users = new TestUserTokens();
        var alice = users.SignIn("alice", "alice-1");
        await using var host = Host(tokens, users);

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: alice);
        await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(tokens.Server.Url("api"), TestContext.Current.CancellationToken));

        Assert.Empty(tokens.BackendRequests);
    }

    [Fact]
    public async Task PassThrough_UsersOwnTokenForwarded()
    {
        await using var server = await TestServer.EchoAsync();
        var users = new TestUserTokens();
        var alice = users.SignIn("alice", "alice-own-token");
        await using var host = new CredentialTestHost(g => g
            .UseUserTokenProvider(users)
            .AddCredential("crm", CredentialOptions.PassThrough(), server.Host));

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: alice);
        Assert.Equal("Bearer alice-own-token", await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PassThrough_NoProviderRegistered_Refused()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.PassThrough(), server.Host));

        using var scope = CredentialTestHost.As(user: "alice", userTokenReference: "anything");
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(CredentialRuleIds.Unavailable, ex.RuleId);
        Assert.Empty(server.Requests);
    }
}
