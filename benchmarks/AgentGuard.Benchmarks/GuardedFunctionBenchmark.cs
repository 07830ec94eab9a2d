using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentGuard.Benchmarks;

/// <summary>A guarded <see cref="AIFunction"/> against the bare one, on the allow path, as a function-invoking loop calls it.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class GuardedFunctionBenchmark
{
    private AIFunction _bare = null!;
    private GuardedAIFunction _guarded = null!;
    private AIFunctionArguments _arguments = null!;
    private IDisposable? _identity;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemorySessionStateStore();
        var policy = new PolicyBuilder().AddPersona(BenchmarkPersonas.Support).Build();
        var engine = new AgentGuardEngine(new StaticPolicyProvider(policy), AgentGuardEngine.CreateDefaultChecks(store), [], store, Options.Create(new AgentGuardOptions()));
        _bare = AIFunctionFactory.Create((string query, int limit) => $"{limit} customers matching {query}", "search_customers");
        _guarded = new GuardedAIFunction(_bare, engine, new GuardedFunctionOptions { ToolNamePrefix = "crm." });

        // Arguments as a model client produces them: JSON values, plus the loop's call id.
        using var document = JsonDocument.Parse("""{"query":"acme corp","limit":10}""");
        _arguments = new AIFunctionArguments(document.RootElement.EnumerateObject().ToDictionary(static p => p.Name, static p => (object?)p.Value.Clone()))
        {
            Context = new Dictionary<object, object?> { ["agentguard.call_id"] = "call_1" },
        };
        _identity = AgentGuardContext.Push(new AgentGuardContext { SessionId = "s1", UserId = "alice", AgentId = "agent-1", Persona = BenchmarkPersonas.SupportId });

        if (!Equals(ToText(Bare()), ToText(Guarded())))
        {
            throw new InvalidOperationException($"The guarded call must take the allow path; it returned {ToText(Guarded())}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _identity?.Dispose();

    [Benchmark(Baseline = true)]
    public object? Bare() => Wait(_bare.InvokeAsync(_arguments));

    [Benchmark]
    public object? Guarded() => Wait(_guarded.InvokeAsync(_arguments));

    private static object? Wait(ValueTask<object?> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static string? ToText(object? value) => value is JsonElement json ? json.GetRawText() : value?.ToString();
}
