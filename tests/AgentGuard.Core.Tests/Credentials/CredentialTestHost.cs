using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>The real composition — <c>AddAgentGuard().AddCredential(...)</c>, <c>AddHttpClient(...).AddAgentGuardCredentials(...)</c> —
/// with a manual clock, logs captured at every level, and helpers to act as an authorized call.</summary>
internal sealed class CredentialTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public CredentialTestHost(Action<IAgentGuardBuilder> configure, Action<IServiceCollection>? services = null, GuardPolicy? policy = null, params string[] clients)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        collection.AddSingleton<TimeProvider>(Clock);
        var guard = collection.AddAgentGuard().UsePolicy(policy ?? TestGuard.Policy());
        configure(guard);
        foreach (var client in clients.Length == 0 ? ["crm"] : clients)
        {
            collection.AddHttpClient(client).AddAgentGuardCredentials(client);
        }

        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public ManualTimeProvider Clock { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public CredentialHandleService Handles => _provider.GetRequiredService<CredentialHandleService>();

    public IAgentGuard Guard => _provider.GetRequiredService<IAgentGuard>();

    public HttpClient Client(string name = "crm") => _provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    public static ToolCall Call(string tool = "crm.get_customer", string? user = "alice", string session = "s1", string? agent = "agent-1", string args = "{}") => new()
    {
        ToolName = tool,
        SessionId = session,
        UserId = user,
        AgentId = agent,
        Persona = "support-triage",
        Arguments = System.Text.Json.JsonDocument.Parse(args).RootElement.Clone(),
    };

    /// <summary>Acts as the executing authorized call, as GuardedAIFunction does around a tool's invocation.</summary>
    public static AgentGuardCallScope As(string tool = "crm.get_customer", string? user = "alice", string session = "s1", string? agent = "agent-1", string? userTokenReference = null) =>
        AgentGuardCallScope.Enter(Call(tool, user, session, agent), GuardDecision.Allowed, userTokenReference);

    public static AgentGuardContext Context(string? user = "alice", string session = "s1", string? agent = "agent-1") =>
        new() { SessionId = session, UserId = user, AgentId = agent, Persona = "support-triage" };

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
