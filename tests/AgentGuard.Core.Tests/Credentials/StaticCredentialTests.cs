using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class StaticCredentialTests
{
    [Fact]
    public async Task Bearer_AllowedCall_BackendReceivesTheSecretAsBearerToken()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.FromValue("crm-static-token")), server.Host));

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(server.Url("customers/C123456"), TestContext.Current.CancellationToken);

        Assert.Equal("Bearer crm-static-token", body);
        Assert.Single(server.Requests);
        Assert.False(scope.IsDenied);
    }

    [Fact]
    public async Task ApiKey_CustomHeader_KeyInThatHeaderAndNoAuthorization()
    {
        await using var server = await TestServer.StartAsync((context, r) =>
            Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response, $"{r.Header("X-Crm-Key")}|{r.Header("Authorization") ?? "none"}"));
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.ApiKey(SecretReference.FromValue("key-123"), "X-Crm-Key"), server.Host));

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken);

        Assert.Equal("key-123|none", body);
    }

    [Fact]
    public async Task ApiKey_DefaultHeader_IsXApiKey()
    {
        await using var server = await TestServer.EchoAsync("X-API-Key");
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.ApiKey(SecretReference.FromValue("key-456")), server.Host));

        using var scope = CredentialTestHost.As();
        Assert.Equal("key-456", await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Basic_BackendReceivesRfc7617Credentials()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.Basic("svc-agent", SecretReference.FromValue("pä55:word")), server.Host));

        using var scope = CredentialTestHost.As();
        var body = await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken);

        Assert.StartsWith("Basic ", body, StringComparison.Ordinal);
        Assert.Equal("svc-agent:pä55:word", Encoding.UTF8.GetString(Convert.FromBase64String(body["Basic ".Length..])));
    }

    [Fact]
    public async Task PerUser_EachUserGetsOwnEntry_OthersTheDefault()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", b =>
        {
            b.Hosts.Add(server.Host);
            b.Credential = CredentialOptions.Bearer(SecretReference.FromValue("shared"));
            b.Users["alice"] = CredentialOptions.Bearer(SecretReference.FromValue("alice-own"));
            b.Users["frank"] = CredentialOptions.ApiKey(SecretReference.FromValue("frank-key"));
        }));
        var client = host.Client();
        var ct = TestContext.Current.CancellationToken;

        string alice, carol;
        using (CredentialTestHost.As(user: "alice"))
        {
            alice = await client.GetStringAsync(server.Url("x"), ct);
        }

        using (CredentialTestHost.As(user: "carol"))
        {
            carol = await client.GetStringAsync(server.Url("x"), ct);
        }

        using (CredentialTestHost.As(user: "frank"))
        {
            Assert.Equal("(none)", await client.GetStringAsync(server.Url("x"), ct));
        }

        Assert.Equal("Bearer alice-own", alice);
        Assert.Equal("Bearer shared", carol);
        Assert.Equal("frank-key", server.Requests[^1].Header("X-API-Key"));
    }

    [Fact]
    public async Task PerUserOnly_UnlistedUser_RefusedAsDeniedAndNothingSent()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", b =>
        {
            b.Hosts.Add(server.Host);
            b.Users["alice"] = CredentialOptions.Bearer(SecretReference.FromValue("alice-own"));
        }));

        using var scope = CredentialTestHost.As(user: "mallory");
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(CredentialRuleIds.Unavailable, ex.RuleId);
        Assert.Empty(server.Requests);
        Assert.True(scope.IsDenied);
    }

    [Fact]
    public async Task EnvironmentSecret_ReadAndRotatedAfterTheCacheDuration()
    {
        var variable = "AGENTGUARD_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "first-value");
        try
        {
            await using var server = await TestServer.EchoAsync();
            await using var host = new CredentialTestHost(g => g
                .AddCredential("crm", CredentialOptions.Bearer(SecretReference.Parse("env:" + variable)), server.Host)
                .ConfigureCredentials(o => o.SecretCacheDuration = TimeSpan.FromMinutes(1)));
            var client = host.Client();
            var ct = TestContext.Current.CancellationToken;
            using var scope = CredentialTestHost.As();

            Assert.Equal("Bearer first-value", await client.GetStringAsync(server.Url("x"), ct));
            Environment.SetEnvironmentVariable(variable, "rotated-value");
            Assert.Equal("Bearer first-value", await client.GetStringAsync(server.Url("x"), ct));
            host.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal("Bearer rotated-value", await client.GetStringAsync(server.Url("x"), ct));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Rejected401_DropsCachedSecret_NextRequestReadsItAgain()
    {
        var variable = "AGENTGUARD_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "stale");
        try
        {
            await using var server = await TestServer.StartAsync((context, r) =>
            {
                context.Response.StatusCode = r.Header("Authorization") == "Bearer fresh" ? 200 : 401;
                return Task.CompletedTask;
            });
            await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.Parse("env:" + variable)), server.Host));
            var client = host.Client();
            var ct = TestContext.Current.CancellationToken;
            using var scope = CredentialTestHost.As();

            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(server.Url("x"), ct)).StatusCode);
            Environment.SetEnvironmentVariable(variable, "fresh");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(server.Url("x"), ct)).StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task FileSecret_TrailingLineBreakRemoved()
    {
        var path = Path.Combine(Path.GetTempPath(), "agentguard-secret-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, "from-a-file\n", TestContext.Current.CancellationToken);
        try
        {
            await using var server = await TestServer.EchoAsync();
            await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.File(path)), server.Host));

            using var scope = CredentialTestHost.As();
            Assert.Equal("Bearer from-a-file", await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MissingSecret_FailsWithoutSendingAndIsNotADenial()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.Parse("env:AGENTGUARD_TEST_DOES_NOT_EXIST")), server.Host));

        using var scope = CredentialTestHost.As();
        var ex = await Assert.ThrowsAsync<AgentGuardCredentialException>(() => host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));

        Assert.Null(ex.StatusCode);
        Assert.Equal(CredentialRuleIds.Unavailable, ex.RuleId);
        Assert.Empty(server.Requests);
        Assert.False(scope.IsDenied);
    }

    [Fact]
    public async Task CustomSecretStore_ResolvedByName()
    {
        await using var server = await TestServer.EchoAsync();
        await using var host = new CredentialTestHost(g => g
            .UseSecretStore<DictionarySecretStore>()
            .AddCredential("crm", CredentialOptions.Bearer(SecretReference.Parse("vault:crm/agent")), server.Host));

        using var scope = CredentialTestHost.As();
        Assert.Equal("Bearer from-the-vault", await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
    }

    internal sealed class DictionarySecretStore : ISecretStore
    {
        public string Name => "vault";

        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken) =>
            new(name == "crm/agent" ? "from-the-vault" : null);
    }
}
