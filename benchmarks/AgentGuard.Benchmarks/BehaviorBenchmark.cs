using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AgentGuard.Benchmarks;

/// <summary>Per-call cost of behavior scoring, on a fresh session and on one with a long history.</summary>
/// <remarks>
/// The session's history mixes ordinary reads (with results), backend denials (barrier targets up to the cap),
/// sensitive results (taint fingerprints up to the cap), off-persona attempts and match-all queries; the persona's
/// thresholds are out of reach so the session is never halted (a halted session would take the cheap path). Time
/// advances one second per evaluation, and barrier, taint and idle memory are a year, so nothing the history built
/// expires during the millions of measured calls. The setup also measures the memory one session holds after that history.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class BehaviorBenchmark
{
    private const string Session = "bench";
    private ToolCall[] _calls = [];
    private ToolResult _result = null!;
    private AgentGuardEngine _plain = null!;
    private AgentGuardEngine _guarded = null!;
    private IGuardCheck _stage = null!;
    private GuardPolicy _policy = null!;
    private static readonly BehaviorOptions s_options = new()
    {
        BarrierMemory = TimeSpan.FromDays(365),
        TaintMemory = TimeSpan.FromDays(365),
        SessionIdleTimeout = TimeSpan.FromDays(365),
    };

    private SteppingTimeProvider _clock = null!;
    private int _next;

    /// <summary>Gets or sets how many calls the session made before the measured one.</summary>
    [Params(10, 10_000)]
    public int PriorCalls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _policy = CreatePolicy();
        _clock = new SteppingTimeProvider();
        _plain = CreateEngine(_policy, new SteppingTimeProvider(), behavior: null);
        var store = new InMemoryBehaviorStateStore(s_options);
        _guarded = CreateEngine(_policy, _clock, store);
        _stage = BehaviorStages.CreateCheck(store, s_options);
        _calls = [.. Enumerable.Range(0, 64).Select(i => Call("repo.read_file", $$"""{"repo":"contoso/app","path":"src/Area{{i % 8}}/Service{{i}}.cs"}"""))];
        _result = ToolResult.FromText("// a few lines of code") with { RecordCount = 1, Resource = "contoso/app/src/Area1/Service1.cs" };
        Replay(_guarded, Session, PriorCalls);
        Replay(_plain, Session, PriorCalls);

        var size = Wait(store.UpdateAsync(Session, _clock.GetUtcNow(), static (state, _) => (state.EstimateSize(), state.Serialize().Length, state.CallCount, state.Barriers.Count), 0, default));
        Console.WriteLine($"// behavior state after {size.Item3} calls: estimated {size.Item1} bytes, serialized {size.Item2} bytes, {size.Item4} denied targets");
        MeasureSessionMemory(PriorCalls);
    }

    [Benchmark(Baseline = true)]
    public GuardDecision AuthorizeWithoutBehavior() => Wait(_plain.AuthorizeAsync(NextCall()));

    [Benchmark]
    public GuardDecision AuthorizeWithBehavior() => Wait(_guarded.AuthorizeAsync(NextCall()));

    [Benchmark]
    public GuardDecision InspectResultWithBehavior() => Wait(_guarded.InspectResultAsync(NextCall(), _result));

    [Benchmark]
    public double BehaviorStageAlone()
    {
        var call = NextCall();
        _policy.TryGetPersona("bench", out var persona);
        var context = new GuardContext(call, _policy, persona, _clock.GetUtcNow(), new AgentGuardOptions(), null) { Tool = persona!.Resolve(call.ToolName) };
        Wait(_stage.CheckAsync(context, default));
        return context.Score;
    }

    private ToolCall NextCall() => _calls[_next++ & 63];

    // Names that are not variations of one another, so every denial is its own target (up to the cap).
    private static string Unrelated(int i) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..12];

    // The in-memory paths complete synchronously; anything else would be waited for.
    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }

    private void Replay(AgentGuardEngine engine, string session, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var (call, result) = (i % 100) switch
            {
                < 4 => (Call("repo.read_file", $$"""{"repo":"contoso/app","path":"vault/{{Unrelated(i)}}.key"}""", session), ToolResult.FromText("403") with { Status = ToolResultStatus.Denied }),
                < 7 => (Call("crm.get_customer", $$"""{"customer_id":"C{{i:D6}}"}""", session), ToolResult.FromText($$"""{"name":"Customer {{i}}","email":"c{{i}}@mail.example","account":"ACC-{{i:D8}}"}""") with { RecordCount = 1 }),
                < 9 => (Call("repo.force_push", """{"branch":"main"}""", session), null),
                9 => (Call("repo.search_code", """{"repo":"contoso/app","query":".*"}""", session), ToolResult.FromText("[10 hits]") with { RecordCount = 10 }),
                _ => (Call("repo.read_file", $$"""{"repo":"contoso/app","path":"src/Module{{i % 500}}.cs"}""", session), ToolResult.FromText("// code") with { RecordCount = 1, Resource = $"contoso/app/src/Module{i % 500}.cs" }),
            };
            var decision = Wait(engine.AuthorizeAsync(call));
            if (decision.IsAllowed && result is not null)
            {
                Wait(engine.InspectResultAsync(call, result));
            }
        }
    }

    private void MeasureSessionMemory(int calls)
    {
        const int Sessions = 20;
        var store = new InMemoryBehaviorStateStore(s_options);
        var engine = CreateEngine(_policy, new SteppingTimeProvider(), store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var s = 0; s < Sessions; s++)
        {
            Replay(engine, $"m{s}", calls);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        GC.KeepAlive(engine);
        Console.WriteLine($"// memory per session after {calls} calls: {(after - before) / Sessions} bytes (GC heap delta over {Sessions} sessions, rate windows of the engine included)");
    }

    private static ToolCall Call(string tool, string json, string session = Session) => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(json).RootElement.Clone(),
        SessionId = session,
        UserId = "alice",
        Persona = "bench",
    };

    private static AgentGuardEngine CreateEngine(GuardPolicy policy, TimeProvider clock, IBehaviorStateStore? behavior)
    {
        var sessions = new InMemorySessionStateStore();
        IGuardCheck[] checks = behavior is null
            ? [.. AgentGuardEngine.CreateDefaultChecks(sessions)]
            : [.. AgentGuardEngine.CreateDefaultChecks(sessions), BehaviorStages.CreateCheck(behavior, s_options)];
        IResultCheck[] resultChecks = behavior is null ? [] : [BehaviorStages.CreateResultCheck(behavior, s_options)];
        return new AgentGuardEngine(new StaticPolicyProvider(policy), checks, resultChecks, sessions, Options.Create(new AgentGuardOptions()), timeProvider: clock);
    }

    private static GuardPolicy CreatePolicy() => new PolicyBuilder()
        .AddCatalogTool(new CatalogTool { Name = "crm.get_customer", Capabilities = ["crm.read"], Sensitive = true })
        .AddCatalogTool(new CatalogTool { Name = "repo.read_file", Capabilities = ["repo.read"] })
        .AddCatalogTool(new CatalogTool { Name = "repo.search_code", Capabilities = ["repo.read"] })
        .AddCatalogTool(new CatalogTool { Name = "repo.force_push", Capabilities = ["repo.admin"] })
        .AddPersona(new Persona
        {
            Id = "bench",
            Description = "Benchmark persona.",
            Owner = "bench@contoso.example",
            Maturity = Maturity.Principal,
            Capabilities = ["repo.read", "crm.read"],
            Data = new DataEnvelope { MaxRecordsPerCall = 1000, MaxRecordsPerHour = 1_000_000, MaxDistinctResourcesPerHour = 1000, MaxResultBytesPerCall = 1_048_576 },
            Behavior = new BehaviorThresholds { AlertAt = 1e12, ApprovalAt = 1e12, HaltAt = 1e12 },
        })
        .Build();

    /// <summary>A clock that moves one second every time it is read, so a long history spans realistic time.</summary>
    private sealed class SteppingTimeProvider : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
