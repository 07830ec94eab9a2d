using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AgentGuard.Server.Tests;

/// <summary>A bad service configuration is refused at start with the configuration path of each problem, and a bad edit of
/// a running service's file leaves the last valid keys in force.</summary>
public sealed class ServerConfigurationTests
{
    [Fact]
    public void Build_StoredKeyMalformed_RefusedNamingThePathNotTheValue()
    {
        var (key, _) = InsideKeys.Create();
        using var dir = new ConfigDirectory(agents: new JsonArray(Agent("triage-1", "support-triage", key)));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains(dir.ConfigFile, ex.Message, StringComparison.Ordinal);
        Assert.Contains("AgentGuard:Server:Agents:0:Keys:0 is not a stored key", ex.Message, StringComparison.Ordinal);
        // Someone pasted the agent's key where its stored form belongs: the error must not print it.
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OneKeyIdForTwoAgents_Refused()
    {
        var (_, stored) = InsideKeys.Create();
        using var dir = new ConfigDirectory(agents: new JsonArray(Agent("triage-1", "support-triage", stored), Agent("recon-1", "reconciler", stored)));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains("AgentGuard:Server:Agents:1:Keys:0 has key id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("two callers", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team/a")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("agent\n1")]
    public void Build_AgentIdThatCouldCollideOrForgeLogs_Refused(string id)
    {
        var (_, stored) = InsideKeys.Create();
        using var dir = new ConfigDirectory(agents: new JsonArray(Agent(id, "support-triage", stored)));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains("AgentGuard:Server:Agents:0:Id", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("agent\n1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AgentAndOperatorShareAnId_Refused()
    {
        var (_, agentStored) = InsideKeys.Create();
        var (_, operatorStored) = InsideKeys.Create();
        using var dir = new ConfigDirectory(
            agents: new JsonArray(Agent("ops", "support-triage", agentStored)),
            operators: new JsonArray(new JsonObject { ["Id"] = "ops", ["Keys"] = new JsonArray(operatorStored) }));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains("AgentGuard:Server:Operators:0:Id 'ops' is already used by AgentGuard:Server:Agents:0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AgentWithoutKeysOrPersona_Refused()
    {
        using var dir = new ConfigDirectory(agents: new JsonArray(new JsonObject { ["Id"] = "triage-1" }));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains("AgentGuard:Server:Agents:0:Persona is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AgentGuard:Server:Agents:0:Keys needs at least one stored key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AgentBoundToUnknownPersona_RefusedAtStart()
    {
        var (_, stored) = InsideKeys.Create();
        using var dir = new ConfigDirectory(agents: new JsonArray(Agent("triage-1", "support-triage-v2", stored)));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains("AgentGuard:Server:Agents:0:Persona 'support-triage-v2' is not a loaded persona", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxMessageSize", "0")]
    [InlineData("GrantLifetime", "00:00:00")]
    public void Build_LimitsNotPositive_Refused(string name, string value)
    {
        var (_, stored) = InsideKeys.Create();
        using var dir = new ConfigDirectory(agents: new JsonArray(Agent("triage-1", "support-triage", stored)), extra: (name, value));

        var ex = Assert.Throws<InvalidOperationException>(() => AgentGuardServer.Build(dir.ConfigFile));

        Assert.Contains($"AgentGuard:Server:{name} must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_InvalidEdit_PreviousKeysStayInForceUntilTheFileIsValid()
    {
        var (oldKey, oldStored) = InsideKeys.Create();
        var (newKey, newStored) = InsideKeys.Create();
        var monitor = new TestOptionsMonitor(Options(oldStored));
        using var store = new InsideKeyStore(monitor);

        // Half-edited: the old key removed, the new one pasted in its unhashed form next to its stored form.
        monitor.Set(Options(newStored, newKey));
        Assert.NotNull(store.Authenticate(oldKey));
        Assert.Null(store.Authenticate(newKey));

        monitor.Set(Options(newStored));
        Assert.Null(store.Authenticate(oldKey));
        Assert.NotNull(store.Authenticate(newKey));

        static EnforcementServerOptions Options(params string[] keys)
        {
            var agent = new AgentKeyOptions { Id = "triage-1", Persona = "support-triage" };
            foreach (var k in keys)
            {
                agent.Keys.Add(k);
            }

            return new EnforcementServerOptions { Agents = { agent } };
        }
    }

    private static JsonObject Agent(string id, string persona, string stored) =>
        new() { ["Id"] = id, ["Persona"] = persona, ["Keys"] = new JsonArray(stored) };

    private sealed class ConfigDirectory : IDisposable
    {
        public ConfigDirectory(JsonArray agents, JsonArray? operators = null, (string Name, string Value)? extra = null)
        {
            Root = Directory.CreateTempSubdirectory("agentguard-config-").FullName;
            TestPolicy.Write(Root);
            var server = new JsonObject { ["Listen"] = new JsonObject { ["Tcp"] = "127.0.0.1:0" }, ["Agents"] = agents };
            if (operators is not null)
            {
                server["Operators"] = operators;
            }

            if (extra is { } e)
            {
                server[e.Name] = e.Value;
            }

            var config = new JsonObject
            {
                ["AgentGuard"] = new JsonObject
                {
                    ["Server"] = server,
                    ["Policy"] = new JsonObject { ["Personas"] = new JsonArray("personas"), ["Catalog"] = "catalog.yaml", ["Users"] = "users.yaml" },
                },
            };
            ConfigFile = Path.Combine(Root, "agentguard.json");
            File.WriteAllText(ConfigFile, config.ToJsonString());
        }

        public string Root { get; }

        public string ConfigFile { get; }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private sealed class TestOptionsMonitor(EnforcementServerOptions value) : IOptionsMonitor<EnforcementServerOptions>
    {
        private readonly List<Action<EnforcementServerOptions, string?>> _listeners = [];

        public EnforcementServerOptions CurrentValue { get; private set; } = value;

        public EnforcementServerOptions Get(string? name) => CurrentValue;

        public IDisposable OnChange(Action<EnforcementServerOptions, string?> listener)
        {
            _listeners.Add(listener);
            return new Unsubscribe(() => _listeners.Remove(listener));
        }

        public void Set(EnforcementServerOptions options)
        {
            CurrentValue = options;
            foreach (var listener in _listeners.ToArray())
            {
                listener(options, null);
            }
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
