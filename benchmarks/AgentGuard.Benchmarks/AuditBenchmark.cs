using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AgentGuard.Benchmarks;

/// <summary>What the audit trail costs: on the tool-call path (the enqueue, and a whole audited call against an
/// unaudited one), and off it (the file sink's sustained throughput: records per second = 1 / mean per operation).</summary>
/// <remarks>The trails here run without their background writer and are drained in the measured method, so
/// <see cref="Enqueue"/> measures a channel write plus a channel read: an upper bound on the enqueue alone.</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class AuditBenchmark
{
    private const int Batch = 256;

    private AgentGuardEngine _plain = null!;
    private AgentGuardEngine _audited = null!;
    private AuditTrail _trail = null!;
    private AuditTrail _engineTrail = null!;
    private ToolCall _call = null!;
    private DecisionEvent _event = null!;
    private DecisionEvent[] _events = null!;
    private AuditDigester _digester = null!;
    private FileAuditSink _sink = null!;
    private List<AuditRecord> _batch = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var policy = new PolicyBuilder().AddPersona(BenchmarkPersonas.Support).Build();
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

        var options = new AuditOptions { Capacity = 1 << 20 };
        _trail = new AuditTrail([], options, TimeProvider.System, null, startWriter: false);
        _engineTrail = new AuditTrail([], options, TimeProvider.System, null, startWriter: false);
        _plain = Engine(policy, listeners: []);
        _audited = Engine(policy, listeners: [_engineTrail]);
        _event = new DecisionEvent(DecisionStage.Authorize, _call, null, GuardDecision.Allowed, DateTimeOffset.UtcNow, BenchmarkPersonas.SupportId);
        _events = [.. Enumerable.Range(0, Batch).Select(i => _event with { Call = _call with { CallId = "call_" + i } })];
        _digester = new AuditDigester(null);
        _batch = new List<AuditRecord>(Batch);
        _directory = Path.Combine(Path.GetTempPath(), "agentguard-audit-benchmark", Guid.NewGuid().ToString("N"));
        _sink = new FileAuditSink(new FileAuditOptions { Directory = _directory });

        if (!Authorize_Audited().IsAllowed || !Authorize().IsAllowed || !Enqueue())
        {
            throw new InvalidOperationException("The benchmark calls must take the allow path and be recorded.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sink.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The unaudited call (the engine's allow path).</summary>
    [Benchmark(Baseline = true)]
    public GuardDecision Authorize() => Wait(_plain.AuthorizeAsync(_call));

    /// <summary>The same call with the audit trail listening (and the record taken back off its queue).</summary>
    [Benchmark]
    public GuardDecision Authorize_Audited()
    {
        var decision = Wait(_audited.AuthorizeAsync(_call));
        _engineTrail.Reader.TryRead(out _);
        return decision;
    }

    /// <summary>The listener's work on the tool-call path: enqueue one decision (and dequeue it).</summary>
    [Benchmark]
    public bool Enqueue()
    {
        var pending = _trail.OnDecisionAsync(_event, CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }

        return _trail.Reader.TryRead(out _);
    }

    /// <summary>The background writer's work per record: build it (digests) and append it to the hash-chained file.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void FileSink_BuildAndWrite()
    {
        _batch.Clear();
        foreach (var decisionEvent in _events)
        {
            _batch.Add(AuditRecord.FromDecision(decisionEvent, _digester));
        }

        var pending = _sink.WriteAsync(_batch, CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private static GuardDecision Wait(ValueTask<GuardDecision> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static AgentGuardEngine Engine(GuardPolicy policy, IEnumerable<IDecisionListener> listeners)
    {
        var store = new InMemorySessionStateStore();
        return new AgentGuardEngine(new StaticPolicyProvider(policy), AgentGuardEngine.CreateDefaultChecks(store), [], store, Options.Create(new AgentGuardOptions()), listeners: listeners);
    }
}
