using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AgentGuard.Benchmarks;

/// <summary>The engine alone on the allow path: scope, two constrained arguments and a rate limit.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class AuthorizeBenchmark
{
    private AgentGuardEngine _engine = null!;
    private ToolCall _call = null!;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemorySessionStateStore();
        var policy = new PolicyBuilder().AddPersona(BenchmarkPersonas.Support).Build();
        _engine = new AgentGuardEngine(new StaticPolicyProvider(policy), AgentGuardEngine.CreateDefaultChecks(store), [], store, Options.Create(new AgentGuardOptions()));
        _call = new ToolCall
        {
            ToolName = "crm.search_customers",
            Arguments = JsonDocument.Parse("""{"query":"acme corp","limit":10}""").RootElement.Clone(),
            SessionId = "s1",
            UserId = "alice",
            AgentId = "agent-1",
            Persona = BenchmarkPersonas.SupportId,
            CallId = "call_1",
            Timestamp = DateTimeOffset.UtcNow,
        };

        if (Authorize() is not { IsAllowed: true, RuleIds.Count: 0 } decision)
        {
            throw new InvalidOperationException("The benchmark call must take the allow path.");
        }
    }

    [Benchmark]
    public GuardDecision Authorize()
    {
        var pending = _engine.AuthorizeAsync(_call);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
