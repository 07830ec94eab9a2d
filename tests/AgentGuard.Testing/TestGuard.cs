using Microsoft.Extensions.Options;

namespace AgentGuard.Testing;

/// <summary>Builds a real engine from code-built policy for tests, with a manual clock and in-memory state.</summary>
public sealed class TestGuard
{
    public TestGuard(GuardPolicy policy, AgentGuardOptions? options = null, IApprovalService? approvals = null, IEnumerable<IGuardCheck>? extraChecks = null, IEnumerable<IResultCheck>? resultChecks = null, IEnumerable<IDecisionListener>? listeners = null)
    {
        Store = new InMemorySessionStateStore();
        Clock = new ManualTimeProvider();
        Engine = new AgentGuardEngine(
            new StaticPolicyProvider(policy),
            [.. AgentGuardEngine.CreateDefaultChecks(Store), .. extraChecks ?? []],
            resultChecks ?? [],
            Store,
            Options.Create(options ?? new AgentGuardOptions()),
            approvals,
            Clock,
            listeners: listeners);
    }

    public AgentGuardEngine Engine { get; }

    public InMemorySessionStateStore Store { get; }

    public ManualTimeProvider Clock { get; }

    public static ToolCall Call(string tool, string argsJson = "{}", string persona = "support-triage", string? user = "alice", string session = "s1", IReadOnlyList<string>? delegation = null) => new()
    {
        ToolName = tool,
        Arguments = System.Text.Json.JsonDocument.Parse(argsJson).RootElement.Clone(),
        SessionId = session,
        UserId = user,
        Persona = persona,
        DelegationChain = delegation ?? [],
    };

    /// <summary>The FORMATS.md example persona (principal maturity unless overridden), built in code.</summary>
    public static Persona SupportTriage(Maturity maturity = Maturity.Principal) => new()
    {
        Id = "support-triage",
        Description = "Triage inbound support tickets.",
        Owner = "support-platform@contoso.example",
        Maturity = maturity,
        Capabilities = ["tickets.read", "crm.read"],
        Tools =
        [
            new ToolGrant { Name = "crm.get_customer", Args = new Dictionary<string, ArgumentConstraint> { ["customer_id"] = new() { Pattern = "^C[0-9]{6}$" } } },
            new ToolGrant
            {
                Name = "crm.search_customers",
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["query"] = new() { MaxLength = 64, DenyWildcards = true },
                    ["limit"] = new() { Max = 50 },
                },
            },
            new ToolGrant
            {
                Name = "email.send",
                Risk = ToolRisk.High,
                Egress = true,
                Args = new Dictionary<string, ArgumentConstraint> { ["to"] = new() { AllowedDomains = ["contoso.example"] }, ["body"] = new() },
                Rate = new RateLimit { PerMinute = 5, PerHour = 50 },
            },
        ],
    };

    public static IEnumerable<CatalogTool> Catalog() =>
    [
        new CatalogTool { Name = "tickets.get", Capabilities = ["tickets.read"] },
        new CatalogTool { Name = "tickets.list", Capabilities = ["tickets.read"] },
        new CatalogTool { Name = "tickets.close", Capabilities = ["tickets.write"], Risk = ToolRisk.Medium },
        new CatalogTool { Name = "crm.get_customer", Capabilities = ["crm.read"], Sensitive = true },
        new CatalogTool { Name = "crm.search_customers", Capabilities = ["crm.read"], Sensitive = true },
        new CatalogTool { Name = "crm.delete_customer", Capabilities = ["crm.write"], Risk = ToolRisk.High },
        new CatalogTool { Name = "email.send", Capabilities = ["email.send"], Risk = ToolRisk.High, Egress = true },
    ];

    public static GuardPolicy Policy(Persona? persona = null, bool users = true, params Persona[] more)
    {
        var builder = new PolicyBuilder().AddPersona(persona ?? SupportTriage());
        foreach (var p in more)
        {
            builder.AddPersona(p);
        }

        foreach (var tool in Catalog())
        {
            builder.AddCatalogTool(tool);
        }

        if (users)
        {
            builder.AddUser(new UserEntitlement { UserId = "alice", Tools = ["crm.*", "email.send"], Capabilities = ["tickets.read"] });
            builder.AddUser(new UserEntitlement { UserId = "bob", Tools = ["tickets.*"] });
        }

        return builder.Build();
    }
}
