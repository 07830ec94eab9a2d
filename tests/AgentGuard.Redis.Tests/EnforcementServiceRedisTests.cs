using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Redis.Tests;

/// <summary>Two replicas of the enforcement service configured with the same <c>State:Redis</c> section: an agent whose
/// calls land on either sees one halt and one rate limit.</summary>
public sealed class EnforcementServiceRedisTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Service_StateRedisSection_ReplicasShareHaltsAndRateLimits()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = redis.Server.Configuration;
        var root = Directory.CreateTempSubdirectory("agentguard-service-redis-").FullName;
        try
        {
            var personas = Directory.CreateDirectory(Path.Combine(root, "personas")).FullName;
            await File.WriteAllTextAsync(Path.Combine(personas, "support.yaml"), """
                persona: support
                description: Look up tickets.
                owner: support@contoso.example
                maturity: principal
                tools:
                  - name: tickets.get
                    rate: { per_minute: 3 }
                """, ct);
            var (key, stored) = InsideKeys.Create();
            var config = new JsonObject
            {
                ["AgentGuard"] = new JsonObject
                {
                    ["Server"] = new JsonObject
                    {
                        ["Listen"] = new JsonObject { ["Tcp"] = "127.0.0.1:0" },
                        ["Agents"] = new JsonArray(new JsonObject { ["Id"] = "agent-1", ["Persona"] = "support", ["Keys"] = new JsonArray(stored) }),
                    },
                    ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("personas") },
                    ["State"] = new JsonObject { ["Redis"] = new JsonObject { ["Configuration"] = configuration, ["KeyPrefix"] = RedisReplica.NewPrefix() } },
                },
            };
            var file = Path.Combine(root, "agentguard.json");
            await File.WriteAllTextAsync(file, config.ToJsonString(), ct);

            await using var a = AgentGuardServer.Build(file);
            await using var b = AgentGuardServer.Build(file);
            await a.StartAsync(ct);
            await b.StartAsync(ct);
            Assert.IsType<RedisSessionStateStore>(a.Services.GetRequiredService<ISessionStateStore>());
            using var clientA = Client(a, key);
            using var clientB = Client(b, key);
            using var scope = AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "alice" });

            // One rate limit: three calls a minute in all, wherever they land.
            var verdicts = new List<GuardVerdict>();
            for (var i = 0; i < 4; i++)
            {
                var call = new ToolCall { ToolName = "tickets.get", SessionId = "s1", UserId = "alice", Persona = "support" };
                verdicts.Add((await (i % 2 == 0 ? clientA : clientB).AuthorizeAsync(call, ct)).Verdict);
            }

            Assert.Equal([GuardVerdict.Allow, GuardVerdict.Allow, GuardVerdict.Allow, GuardVerdict.Deny], verdicts);

            // One halt: set through replica A, enforced by replica B.
            await clientA.HaltAsync(HaltTarget.Session, "s2", "operator says stop", ct);
            var other = new ToolCall { ToolName = "tickets.get", SessionId = "s2", UserId = "alice", Persona = "support" };
            Assert.Equal(GuardVerdict.Halt, (await clientB.AuthorizeAsync(other, ct)).Verdict);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static RemoteAgentGuard Client(WebApplication app, string key)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RemoteAgentGuard(Microsoft.Extensions.Options.Options.Create(new RemoteEnforcementOptions { Address = address, InsideKey = key, MaxRetries = 0 }));
    }
}
