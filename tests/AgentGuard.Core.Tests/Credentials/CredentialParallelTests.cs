using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class CredentialParallelTests
{
    private const int Users = 100;

    [Fact]
    public async Task HundredParallelCalls_StaticPerUserCredentials_EachGetsItsOwn()
    {
        // The backend reports which credential it got and for which user the tool said it was asking.
        await using var server = await TestServer.StartAsync((context, r) => context.Response.WriteAsync($"{r.Query}|{r.Header("Authorization")}"));
        await using var host = new CredentialTestHost(g => g.AddCredential("crm", b =>
        {
            b.Hosts.Add(server.Host);
            for (var i = 0; i < Users; i++)
            {
                b.Users[$"user{i}"] = CredentialOptions.Bearer(SecretReference.FromValue($"secret-of-user{i}"));
            }
        }));
        var client = host.Client();

        var results = await Task.WhenAll(Enumerable.Range(0, Users).Select(i => Task.Run(async () =>
        {
            using var scope = CredentialTestHost.As(user: $"user{i}", session: $"session-{i}");
            await Task.Yield();
            return (i, await client.GetStringAsync(server.Url($"whoami?u=user{i}")));
        })));

        Assert.Equal(Users, server.Requests.Count);
        Assert.All(results, r => Assert.Equal($"?u=user{r.i}|Bearer secret-of-user{r.i}", r.Item2));
    }

    [Fact]
    public async Task HundredParallelCalls_TokenExchange_EachUserGetsAnExchangeOfTheirOwnToken()
    {
        await using var tokens = await TokenServer.StartAsync();
        tokens.Respond = static (form, _) => (200, new { access_token = "backend-token-for-" + form["subject_token"][0], token_type = "Bearer", expires_in = 300 });
        var users = new TestUserTokens();
        var references = Enumerable.Range(0, Users).Select(i => users.SignIn($"user{i}", $"idp-token-user{i}")).ToArray();
        await using var host = new CredentialTestHost(g => g
            .UseUserTokenProvider(users)
            .AddCredential("crm", b =>
            {
                b.Hosts.Add(tokens.Server.Host);
                b.Credential = CredentialOptions.TokenExchange(tokens.TokenEndpoint, "agentguard", SecretReference.FromValue("cs"), "urn:crm");
            }));
        var client = host.Client();

        var results = await Task.WhenAll(Enumerable.Range(0, Users * 2).Select(n => Task.Run(async () =>
        {
            var i = n % Users;
            using var scope = CredentialTestHost.As(user: $"user{i}", session: $"session-{n}", userTokenReference: references[i]);
            await Task.Yield();
            return (i, await client.GetStringAsync(tokens.Server.Url($"api?u=user{i}")));
        })));

        Assert.All(results, r => Assert.Equal($"Bearer backend-token-for-idp-token-user{r.i}", r.Item2));
        Assert.Equal(Users, tokens.TokenRequests);
        Assert.Equal(Users, tokens.Forms.Select(static f => f["subject_token"][0]).Distinct().Count());
    }
}
