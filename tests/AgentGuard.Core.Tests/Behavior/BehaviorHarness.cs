using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Behavior;

/// <summary>An engine with the default checks plus behavior, a manual clock, and short-hands for calls and results.</summary>
internal sealed class BehaviorHarness
{
    private BehaviorHarness(GuardPolicy policy, BehaviorOptions? options, IEnumerable<IResultCheck>? resultChecks, AgentGuardOptions? engineOptions, IEnumerable<IGuardCheck>? checks)
    {
        var sessions = new InMemorySessionStateStore();
        Options = options ?? new BehaviorOptions();
        Store = new InMemoryBehaviorStateStore(Options);
        Engine = new AgentGuardEngine(
            new StaticPolicyProvider(policy),
            [.. AgentGuardEngine.CreateDefaultChecks(sessions), .. checks ?? [], BehaviorStages.CreateCheck(Store, Options)],
            [.. resultChecks ?? [], BehaviorStages.CreateResultCheck(Store, Options)],
            sessions,
            Microsoft.Extensions.Options.Options.Create(engineOptions ?? new AgentGuardOptions()),
            timeProvider: Clock);
    }

    public ManualTimeProvider Clock { get; } = new();

    public InMemoryBehaviorStateStore Store { get; }

    public BehaviorOptions Options { get; }

    public AgentGuardEngine Engine { get; }

    public string Persona { get; set; } = "repo-analyst";

    public string User { get; set; } = "alice";

    public string Session { get; set; } = "s1";

    public static BehaviorHarness Create(
        BehaviorOptions? options = null,
        IEnumerable<IResultCheck>? resultChecks = null,
        IEnumerable<Persona>? personas = null,
        IEnumerable<UserEntitlement>? users = null,
        AgentGuardOptions? engineOptions = null,
        IEnumerable<IGuardCheck>? checks = null)
    {
        var builder = new PolicyBuilder();
        foreach (var persona in personas ?? [BehaviorPersonas.RepoAnalyst, BehaviorPersonas.Reconciler, BehaviorPersonas.Support])
        {
            builder.AddPersona(persona);
        }

        foreach (var tool in BehaviorPersonas.Catalog)
        {
            builder.AddCatalogTool(tool);
        }

        foreach (var user in users ?? [])
        {
            builder.AddUser(user);
        }

        return new BehaviorHarness(builder.Build(), options, resultChecks, engineOptions, checks);
    }

    public ToolCall CreateCall(string tool, string argumentsJson = "{}") => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(argumentsJson).RootElement.Clone(),
        SessionId = Session,
        UserId = User,
        Persona = Persona,
        Timestamp = Clock.GetUtcNow(),
    };

    /// <summary>Authorizes a call (no result).</summary>
    public GuardDecision Call(string tool, string argumentsJson = "{}") =>
        Engine.AuthorizeAsync(CreateCall(tool, argumentsJson), TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>Authorizes a call and, when allowed, inspects its result.</summary>
    public (GuardDecision Call, GuardDecision? Result) Run(string tool, string argumentsJson, ToolResult result)
    {
        var call = CreateCall(tool, argumentsJson);
        var decision = Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        if (!decision.IsAllowed)
        {
            return (decision, null);
        }

        return (decision, Engine.InspectResultAsync(call, result, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult());
    }

    public static ToolResult Ok(string text, long? records = null, string? resource = null) =>
        ToolResult.FromText(text) with { RecordCount = records, Resource = resource };

    public static ToolResult Json(string json, long? records = null, string? resource = null) =>
        new() { Content = JsonDocument.Parse(json).RootElement.Clone(), RecordCount = records, Resource = resource };

    public static ToolResult Denied(string? resource = null) =>
        ToolResult.FromText("403 Forbidden: permission denied") with { Status = ToolResultStatus.Denied, Resource = resource };

    public static ToolResult NotFound() => ToolResult.FromText("404 not found") with { Status = ToolResultStatus.Error };

    public double Score()
    {
        var evaluator = new BehaviorEvaluator(Options);
        return Store.UpdateAsync(Session, Clock.GetUtcNow(), static (state, arg) => arg.Evaluator.CurrentScore(state, arg.Now), (Evaluator: evaluator, Now: Clock.GetUtcNow().UtcTicks), TestContext.Current.CancellationToken)
            .AsTask().GetAwaiter().GetResult();
    }

    public BehaviorState Snapshot() =>
        BehaviorState.Deserialize(Store.UpdateAsync(Session, Clock.GetUtcNow(), static (state, _) => state.Serialize(), 0, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult());
}
