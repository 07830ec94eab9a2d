using Microsoft.Extensions.Options;

namespace AgentGuard.Server.Tests;

/// <summary>The key store's cache of verified secrets must never accept what the hash check would refuse.</summary>
public sealed class InsideKeyStoreTests
{
    private static readonly CallerIdentity s_agent = new("a", CallerRole.Agent, "p");

    [Fact]
    public void Authenticate_CachedKeyRotatedOut_Refused()
    {
        var (oldKey, oldStored) = InsideKeys.Create();
        var (newKey, newStored) = InsideKeys.Create();
        var options = new Monitor(With(oldStored, newStored));
        using var store = new InsideKeyStore(options);
        Assert.Equal(s_agent, store.Authenticate(oldKey));
        Assert.Equal(s_agent, store.Authenticate(oldKey));
        Assert.Equal(s_agent, store.Authenticate(newKey));

        options.Change(With(newStored));
        Assert.Null(store.Authenticate(oldKey));
        Assert.Equal(s_agent, store.Authenticate(newKey));
    }

    [Fact]
    public void Authenticate_CachedKeyReassignedToAnotherPersona_NewIdentity()
    {
        var (key, stored) = InsideKeys.Create();
        var options = new Monitor(With(stored));
        using var store = new InsideKeyStore(options);
        Assert.Equal(s_agent, store.Authenticate(key));

        var moved = new EnforcementServerOptions { Agents = { new AgentKeyOptions { Id = "b", Persona = "q", Keys = { stored } } } };
        options.Change(moved);
        Assert.Equal(new CallerIdentity("b", CallerRole.Agent, "q"), store.Authenticate(key));
    }

    [Fact]
    public void Authenticate_CachedIdWrongSecret_Refused()
    {
        var (key, stored) = InsideKeys.Create();
        using var store = new InsideKeyStore(new Monitor(With(stored)));
        Assert.Equal(s_agent, store.Authenticate(key));

        // Same id, other secrets of the same length: one character changed at the start, the middle and the end.
        foreach (var position in new[] { 21, 40, key.Length - 1 })
        {
            var forged = string.Concat(key.AsSpan(0, position), key[position] == 'A' ? "B" : "A", key.AsSpan(position + 1));
            Assert.Null(store.Authenticate(forged));
        }

        Assert.Equal(s_agent, store.Authenticate(key));
    }

    [Fact]
    public void Authenticate_WrongSecretFirstThenRight_RightAccepted()
    {
        var (key, stored) = InsideKeys.Create();
        using var store = new InsideKeyStore(new Monitor(With(stored)));
        var forged = string.Concat(key.AsSpan(0, key.Length - 1), key[^1] == 'A' ? "B" : "A");
        Assert.Null(store.Authenticate(forged));
        Assert.Null(store.Authenticate(forged));
        Assert.Equal(s_agent, store.Authenticate(key));
        Assert.Null(store.Authenticate(forged));
    }

    private static EnforcementServerOptions With(params string[] stored)
    {
        var agent = new AgentKeyOptions { Id = "a", Persona = "p" };
        foreach (var s in stored)
        {
            agent.Keys.Add(s);
        }

        return new EnforcementServerOptions { Agents = { agent } };
    }

    private sealed class Monitor(EnforcementServerOptions value) : IOptionsMonitor<EnforcementServerOptions>
    {
        private Action<EnforcementServerOptions, string?>? _listener;

        public EnforcementServerOptions CurrentValue { get; private set; } = value;

        public EnforcementServerOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<EnforcementServerOptions, string?> listener)
        {
            _listener = listener;
            return null;
        }

        public void Change(EnforcementServerOptions value)
        {
            CurrentValue = value;
            _listener?.Invoke(value, null);
        }
    }
}
