namespace AgentGuard.Extensions.AI.Tests;

internal static class TestPersonas
{
    public const string SupportId = "support-triage";

    /// <summary>A principal (no approvals) support persona over a small CRM.</summary>
    public static Persona Support { get; } = new()
    {
        Id = SupportId,
        Description = "Triage support tickets: look up customers, search a few of them, reply by e-mail.",
        Owner = "support-platform@contoso.example",
        Maturity = Maturity.Principal,
        Tools =
        [
            new ToolGrant
            {
                Name = "crm.get_customer",
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["customer_id"] = new() { Pattern = "^C[0-9]{6}$", Required = true },
                    ["note"] = new() { MaxLength = 200 },
                },
            },
            new ToolGrant
            {
                Name = "crm.search_customers",
                Args = new Dictionary<string, ArgumentConstraint>
                {
                    ["query"] = new() { MaxLength = 64, DenyWildcards = true },
                    ["limit"] = new() { Max = 50 },
                },
                Rate = new RateLimit { PerMinute = 3 },
            },
            new ToolGrant { Name = "crm.list_orders" },
            new ToolGrant
            {
                Name = "email.send",
                Risk = ToolRisk.High,
                Egress = true,
                Args = new Dictionary<string, ArgumentConstraint> { ["to"] = new() { AllowedDomains = ["contoso.example"] } },
            },
        ],
    };

    /// <summary>The same duties at junior maturity: the high-risk e-mail tool needs a human.</summary>
    public static Persona JuniorSupport { get; } = Support with { Id = "support-junior", Maturity = Maturity.Junior };

    /// <summary>Alice may use the CRM and e-mail; Bob may only look customers up.</summary>
    public static IReadOnlyList<UserEntitlement> Users { get; } =
    [
        new UserEntitlement { UserId = "alice", Tools = ["crm.*", "email.send"] },
        new UserEntitlement { UserId = "bob", Tools = ["crm.get_customer"] },
    ];
}
