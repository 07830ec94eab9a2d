using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Core.Tests.Lineage;

/// <summary>The default engine from <c>AddAgentGuard</c> (lineage, DLP and behavior included) with an assistant persona,
/// a manual clock, and short-hands for what the user says, what tools return and what the agent then calls.</summary>
internal sealed class LineageHarness : IAsyncDisposable
{
    private static readonly string[] s_anyDomain = ["example", "test"];
    private readonly ServiceProvider _provider;

    private LineageHarness(Maturity maturity, LineagePolicy? lineage, Action<LineageOptions>? configure)
    {
        var builder = new PolicyBuilder();
        builder.AddPersona(Assistant(maturity, lineage ?? new LineagePolicy { Trusted = ["finance-team@contoso.example"] }));
        foreach (var tool in Catalog)
        {
            builder.AddCatalogTool(tool);
        }

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        var guard = services.AddAgentGuard().UsePolicy(builder.Build());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        _provider = services.BuildServiceProvider();
        Engine = _provider.GetRequiredService<AgentGuardEngine>();
        Tracker = _provider.GetRequiredService<LineageTracker>();
    }

    public static IReadOnlyList<CatalogTool> Catalog { get; } =
    [
        new() { Name = "email.read", Capabilities = ["mail.read"] },
        new() { Name = "web.fetch", Capabilities = ["web.read"] },
        new() { Name = "files.read", Capabilities = ["files.read"] },
        new() { Name = "email.send", Capabilities = ["mail.send"], Risk = ToolRisk.Medium, Egress = true },
        new() { Name = "http.post", Capabilities = ["web.post"], Egress = true },
        new() { Name = "payments.send", Capabilities = ["payments.send"], Risk = ToolRisk.Medium, LineageArguments = ["iban", "amount", "payee"] },
        new() { Name = "notes.write", Capabilities = ["notes.write"] },
    ];

    public ManualTimeProvider Clock { get; } = new();

    public AgentGuardEngine Engine { get; }

    public LineageTracker Tracker { get; }

    public string Session { get; set; } = "s1";

    public static LineageHarness Create(Maturity maturity = Maturity.Senior, LineagePolicy? lineage = null, Action<LineageOptions>? configure = null) =>
        new(maturity, lineage, configure);

    public static Persona Assistant(Maturity maturity, LineagePolicy lineage) => new()
    {
        Id = "assistant",
        Description = "reads mail, files and web pages; mails, posts and pays for the user",
        Owner = "workplace-ai@contoso.example",
        Maturity = maturity,
        Capabilities = ["mail.read", "web.read", "files.read", "mail.send", "web.post", "payments.send", "notes.write"],
        Tools =
        [
            new ToolGrant
            {
                Name = "email.send",
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["to"] = new() { AllowedDomains = s_anyDomain },
                    ["to_user"] = new() { MaxLength = 64 },
                    ["to_domain"] = new() { AllowedDomains = s_anyDomain },
                    ["subject"] = new() { MaxLength = 200 },
                    ["body"] = new() { MaxLength = 20000 },
                    ["priority"] = new() { Enum = ["low", "normal"] },
                    ["reply_to"] = new() { Enum = ["noreply@contoso.example"] },
                },
            },
        ],
        Dlp = new DlpPolicy { Args = DlpAction.Allow, Results = DlpAction.Allow },
        Lineage = lineage,
    };

    public void Say(string text, string role = "user") =>
        Engine.ObserveMessageAsync(new ConversationMessage(Session, role, text, Clock.GetUtcNow()), TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>Runs a reading tool and lets the guard inspect what it returned.</summary>
    public GuardDecision Read(string tool, string argumentsJson, string content, string? resource = null)
    {
        Clock.Advance(TimeSpan.FromSeconds(20));
        var call = CreateCall(tool, argumentsJson);
        var decision = Run(Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken));
        Assert.True(decision.IsAllowed, decision.ToString());
        return Run(Engine.InspectResultAsync(call, ToolResult.FromText(content) with { Resource = resource }, TestContext.Current.CancellationToken));
    }

    public GuardDecision Call(string tool, string argumentsJson)
    {
        Clock.Advance(TimeSpan.FromSeconds(20));
        return Run(Engine.AuthorizeAsync(CreateCall(tool, argumentsJson), TestContext.Current.CancellationToken));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private ToolCall CreateCall(string tool, string argumentsJson) => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(argumentsJson).RootElement.Clone(),
        SessionId = Session,
        Persona = "assistant",
        Timestamp = Clock.GetUtcNow(),
    };

    private static GuardDecision Run(ValueTask<GuardDecision> pending) => pending.AsTask().GetAwaiter().GetResult();
}
