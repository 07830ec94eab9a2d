using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentGuard.Server.Tests;

/// <summary>The delegating user arrives as a JWT that the service validates; the agent cannot name another user.</summary>
public sealed class UserTokenTests
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    private static string Token(string subject, byte[]? key = null, DateTime? expires = null, string issuer = "https://idp.contoso.example", string audience = "agentguard")
    {
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            NotBefore = now.AddMinutes(-10),
            IssuedAt = now.AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? s_key), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Task<InProcessServer> StartAsync() => InProcessServer.StartAsync((root, config) =>
    {
        File.WriteAllText(Path.Combine(root, "user-token.key"), Convert.ToBase64String(s_key));
        config["AgentGuard"]!["Server"]!["UserTokens"] = new JsonObject
        {
            ["Issuer"] = "https://idp.contoso.example",
            ["Audience"] = "agentguard",
            ["SymmetricKey"] = "file:" + Path.Combine(root, "user-token.key"),
        };
        return config;
    });

    private static ToolCall Call(string? user = null) => new() { ToolName = "crm.get_customer", Arguments = System.Text.Json.JsonDocument.Parse("""{"customer_id":"C000001"}""").RootElement.Clone(), SessionId = "jwt-" + Guid.NewGuid().ToString("N"), UserId = user };

    [Fact]
    public async Task ValidToken_UserIsTheTokensSubject()
    {
        await using var server = await StartAsync();
        using var alice = server.Client(server.Addresses[0], configure: o => o.UserTokenProvider = _ => Token("alice"));
        using var bob = server.Client(server.Addresses[0], configure: o => o.UserTokenProvider = _ => Token("bob"));
        Assert.True((await alice.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);

        // bob may not use the CRM: his token decides, whatever the agent says.
        Assert.False((await bob.AuthorizeAsync(Call(), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task AgentNamesAnotherUserThanTheToken_Refused()
    {
        await using var server = await StartAsync();
        using var guard = server.Client(server.Addresses[0], configure: o => o.UserTokenProvider = _ => Token("bob"));
        var decision = await guard.AuthorizeAsync(Call(user: "alice"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains("PermissionDenied", decision.Reasons[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("expired")]
    [InlineData("wrong-key")]
    [InlineData("wrong-audience")]
    [InlineData("unsigned")]
    public async Task BadToken_Unauthenticated(string kind)
    {
        await using var server = await StartAsync();
        string? token = kind switch
        {
            "none" => null,
            "expired" => Token("alice", expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-key" => Token("alice", key: RandomNumberGenerator.GetBytes(32)),
            "wrong-audience" => Token("alice", audience: "another-service"),
            _ => new JsonWebTokenHandler().CreateToken("""{"sub":"alice","iss":"https://idp.contoso.example","aud":"agentguard","exp":4102444800}"""),
        };
        using var guard = server.Client(server.Addresses[0], configure: o => o.UserTokenProvider = _ => token);
        var decision = await guard.AuthorizeAsync(Call(user: "alice"), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Equal([RemoteRuleIds.Refused], decision.RuleIds);
        Assert.Contains("Unauthenticated", decision.Reasons[0], StringComparison.Ordinal);
    }
}
